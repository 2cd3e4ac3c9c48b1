// A minimal app with the cdk-aiops hub. `npx tsx examples/app.ts` synthesises it into examples/cdk.out.
import { App, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AiopsHub } from '../src';

export interface ExampleAppOptions {
  /** Where `app.synth()` writes. @default - a temporary directory chosen by the CDK */
  readonly outdir?: string;
}

/** The hub stack of the example app. */
export class AiopsExampleStack extends Stack {
  public readonly hub: AiopsHub;

  constructor(scope: App, id: string, props?: StackProps) {
    super(scope, id, props);

    this.hub = new AiopsHub(this, 'Hub', {
      eventBusName: 'aiops-hub',
      triage: {
        // A declared edge: checkout calls payments. Which functions and tables belong to which service comes from
        // their tags (the hub's topology refresher reads them), not from here.
        topology: { checkout: ['payments'] },
      },
      archiveRetention: Duration.days(7),
      logRetention: RetentionDays.TWO_WEEKS,
      // A demo: let `cdk destroy` remove the table and key. Keep the default (RETAIN) in production.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}

/** Builds the example app: one stack, `AiopsExample`, holding the hub. Tests synthesise it. */
export function buildExampleApp(options: ExampleAppOptions = {}): { app: App; stack: AiopsExampleStack } {
  const app = new App({ outdir: options.outdir });
  const stack = new AiopsExampleStack(app, 'AiopsExample', {
    // Environment-agnostic: `cdk deploy` picks the account and region from the caller's credentials.
    description: 'cdk-aiops example: the incident hub (event bus, ingest queue, triage function, incident table)',
  });
  return { app, stack };
}

if (require.main === module) {
  const { app } = buildExampleApp({ outdir: `${__dirname}/cdk.out` });
  const assembly = app.synth();
  console.log(`Synthesised ${assembly.stacks.map((s) => s.stackName).join(', ')} to ${assembly.directory}`);
}
