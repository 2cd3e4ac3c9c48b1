import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, NagRule, XRAY_REASON } from './acknowledge';

/** A generated `*Function` class (projen's bundled handler wrapper). */
export type HandlerFunctionClass<F extends lambda.Function> = new (scope: Construct, id: string, props: lambda.FunctionOptions) => F;

/** What every function of one construct shares. */
export interface HandlerFunctionsOptions {
  /** Prefix of every role and function description, e.g. `cdk-aiops agents`. */
  readonly descriptionPrefix: string;
  /** The key of the log groups. */
  readonly encryptionKey: kms.IKey;
  /** Retention of the log groups. */
  readonly logRetention: logs.RetentionDays;
  /** Removal policy of the log groups. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Checks a function's own environment before it is created (throws to refuse it).
   * @default - no check
   */
  readonly checkEnvironment?: (id: string, environment: Record<string, string>) => void;
}

/** Names and sizes of one function. */
export interface HandlerFunctionSpec {
  /** `<id>Role`, `<id>Logs` and `<id>Function` are the construct ids. */
  readonly id: string;
  /** What the function does, after the construct's description prefix. */
  readonly description: string;
  /**
   * The role's description, when it must differ from the function's.
   * @default - `<prefix>: <description>`
   */
  readonly roleDescription?: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** @default - no reserved concurrency */
  readonly reservedConcurrentExecutions?: number;
  /** @default - none */
  readonly environment?: Record<string, string>;
}

/**
 * The one recipe for every function the library creates (STYLE §3, §7): its own role (no managed policy), its own
 * KMS-encrypted log group with retention (so no log-group wildcard in the role), JSON logs, arm64, active X-Ray
 * tracing, an explicit timeout and memory size. A fix to the recipe lands in every construct at once.
 *
 * Bound to one construct: the resources are its children, so their construct ids stay `<id>Role`, `<id>Logs` and
 * `<id>Function` under it whichever part of the construct (a state-machine fragment...) asks for the function.
 */
export class HandlerFunctions {
  constructor(private readonly scope: Construct, private readonly options: HandlerFunctionsOptions) {}

  /** A function of class `Fn` with its role and log group. */
  public create<F extends lambda.Function>(Fn: HandlerFunctionClass<F>, spec: HandlerFunctionSpec): F {
    const { descriptionPrefix, encryptionKey, logRetention, removalPolicy } = this.options;
    const description = `${descriptionPrefix}: ${spec.description}`;
    this.options.checkEnvironment?.(spec.id, spec.environment ?? {});
    const role = new iam.Role(this.scope, `${spec.id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: spec.roleDescription ?? description,
    });
    const logGroup = new logs.LogGroup(this.scope, `${spec.id}Logs`, { retention: logRetention, encryptionKey, removalPolicy });
    logGroup.grantWrite(role);
    const fn = new Fn(this.scope, `${spec.id}Function`, {
      description,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      timeout: spec.timeout,
      memorySize: spec.memorySize,
      reservedConcurrentExecutions: spec.reservedConcurrentExecutions,
      environment: spec.environment,
    });
    // The state machines invoke the unqualified ARN (the library publishes no version or alias), so an invoke grant
    // names that ARN only, not CDK's default of the function and every version (`<arn>:*`).
    Object.defineProperty(fn, 'resourceArnsForGrantInvoke', { value: [fn.functionArn] });
    acknowledgeFunctionFindings(fn, role, spec);
    return fn;
  }
}

/** The findings every function of the recipe has by design, acknowledged on the function and its role only. */
function acknowledgeFunctionFindings(fn: lambda.Function, role: iam.IRole, spec: HandlerFunctionSpec): void {
  acknowledge(role,
    { id: `${NagRule.WILDCARD}[Resource::*]`, reason: XRAY_REASON },
    {
      id: NagRule.NIST_INLINE_POLICY,
      reason: 'The role belongs to this one function and holds only the grants the construct makes for it: an inline '
        + 'policy lives and dies with the role and cannot be attached to anything else, which a managed policy could.',
    });
  acknowledge(fn,
    {
      id: NagRule.NIST_LAMBDA_VPC,
      reason: 'The function calls only AWS APIs (SigV4 over TLS) and, for Slack, Slack\'s HTTPS API; it reaches no '
        + 'private network resource, and a VPC would need NAT or interface endpoints the consumer would have to run.',
    },
    {
      id: NagRule.NIST_LAMBDA_DLQ,
      reason: 'Invoked synchronously only (a Step Functions task, an SQS event source mapping or a function URL): a '
        + 'Lambda dead-letter queue receives failed asynchronous invocations and would never get anything. Failures go '
        + 'to the state machine\'s catch or the queue\'s redrive policy instead.',
    });
  if (spec.reservedConcurrentExecutions === undefined) {
    acknowledge(fn, {
      id: NagRule.NIST_LAMBDA_CONCURRENCY,
      reason: 'Reserved concurrency would be taken from the rest of the account and cap the function below the load '
        + 'it must absorb (an incident storm); the consumer may set it on the exposed function.',
    });
  }
}
