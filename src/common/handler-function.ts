import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

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
    return new Fn(this.scope, `${spec.id}Function`, {
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
  }
}
