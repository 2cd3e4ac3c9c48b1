import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { TopologyRefreshEnv, TriageEnv } from './constants';
import { TopologyRefreshFunction } from './topology-refresh-function';
import { acknowledge } from '../common/acknowledge';
import { HandlerFunctions } from '../common/handler-function';

/** The scheduled refresher of the topology snapshot (owners by tag, the service graph). */
export interface TopologyRefreshOptions {
  /**
   * Whether the hub runs the refresher. Off, triage correlates on what each signal says and on the declared `topology`.
   *
   * Cost: a 512 MB arm64 function a few seconds every 15 minutes (about 3,000 runs a month, inside the Lambda free
   * tier for most accounts), one small S3 object with 7 days of versions, and read-only API calls
   * (`GetResources`, `GetServiceGraph`, `ListServices`, `ListServiceDependencies`) that have no charge: cents a month.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * How often the snapshot is rebuilt: whole minutes, from 1 minute to 8 hours. The staleness alarm fires when the
   * snapshot is older than three times this.
   *
   * @default Duration.minutes(15)
   */
  readonly rate?: Duration;

  /**
   * Read the X-Ray service graph (`xray:GetServiceGraph`).
   * @default true
   */
  readonly xray?: boolean;

  /**
   * Read the Application Signals service dependencies (`application-signals:ListServices`, `ListServiceDependencies`).
   * @default true
   */
  readonly applicationSignals?: boolean;

  /**
   * How far back the service graphs are read: whole hours, 1 to 24.
   * @default Duration.hours(6)
   */
  readonly graphLookback?: Duration;

  /**
   * How long triage uses a loaded snapshot before it reads it again: whole seconds, at most 1 day.
   * @default Duration.minutes(5)
   */
  readonly cacheTtl?: Duration;
}

/** The hub's props about who owns what and who calls whom. */
export interface AiopsHubTopologyProps {
  /**
   * The topology refresher: a scheduled function that writes the snapshot triage correlates on.
   * @default - enabled, every 15 minutes, X-Ray and Application Signals on
   */
  readonly topologyRefresh?: TopologyRefreshOptions;

  /**
   * Resource tag keys that name a resource's service, first match wins.
   * @default ['service', 'app', 'application', 'awsApplication']
   */
  readonly serviceTagKeys?: string[];

  /**
   * Resource tag keys that name a resource's environment, first match wins.
   * @default ['environment', 'env', 'stage']
   */
  readonly environmentTagKeys?: string[];

  /**
   * The SSM parameter a CDK app's `AppTopology` writes (edges and owners resolved at synth). The refresher is granted
   * `ssm:GetParameter` on it and merges it into every snapshot.
   * @default - none
   */
  readonly appTopologyParameter?: ssm.IStringParameter;
}

/** The snapshot's object key: the schema version is in the key, so a later format never breaks an older reader. */
export const TOPOLOGY_SNAPSHOT_KEY = 'topology/v1/snapshot.json';

/** What the hub hands the refresher. */
export interface TopologyRefresherProps {
  readonly logRetention: logs.RetentionDays;
  readonly encryptionKey: kms.IKey;
  readonly eventBusName: string;
  readonly removalPolicy: RemovalPolicy;
  readonly options: TopologyRefreshOptions;
  readonly declaredTopology?: { [root: string]: string[] };
  readonly appTopologyParameter?: ssm.IStringParameter;
  readonly serviceTagKeys?: string[];
  readonly environmentTagKeys?: string[];
}

/**
 * The snapshot bucket (KMS, TLS only, versioned, noncurrent versions expire after 7 days), the refresher function on
 * an EventBridge schedule with read-only access to the sources, and the staleness alarm.
 */
export class TopologyRefresher extends Construct {
  /**
   * The hub's refresher, unless `topologyRefresh.enabled` is false: triage is granted the snapshot and its settings.
   */
  public static forHub(
    hub: Construct,
    props: AiopsHubTopologyProps & {
      readonly triage?: { readonly topology?: { [root: string]: string[] } };
      readonly logRetention?: logs.RetentionDays;
    },
    parts: { encryptionKey: kms.IKey; eventBusName: string; removalPolicy: RemovalPolicy; triageFunction: lambda.Function },
  ): TopologyRefresher | undefined {
    if (props.topologyRefresh?.enabled === false) return undefined;
    const refresher = new TopologyRefresher(hub, 'Topology', {
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: parts.encryptionKey,
      eventBusName: parts.eventBusName,
      removalPolicy: parts.removalPolicy,
      options: props.topologyRefresh ?? {},
      declaredTopology: props.triage?.topology,
      appTopologyParameter: props.appTopologyParameter,
      serviceTagKeys: props.serviceTagKeys,
      environmentTagKeys: props.environmentTagKeys,
    });
    refresher.grantReadSnapshot(parts.triageFunction);
    return refresher;
  }

  public readonly bucket: s3.IBucket;
  public readonly function: lambda.IFunction;
  public readonly rate: Duration;
  private readonly props: TopologyRefresherProps;

  constructor(scope: Construct, id: string, props: TopologyRefresherProps) {
    super(scope, id);
    this.props = props;
    const options = props.options;
    this.rate = options.rate ?? Duration.minutes(15);
    const rateMinutes = wholeUnits('topologyRefresh.rate', this.rate, (d) => d.toMinutes({ integral: false }), 1, 480, 'minutes');
    const lookback = wholeUnits('topologyRefresh.graphLookback', options.graphLookback ?? Duration.hours(6), (d) => d.toHours({ integral: false }), 1, 24, 'hours');
    wholeUnits('topologyRefresh.cacheTtl', options.cacheTtl ?? Duration.minutes(5), (d) => d.toSeconds({ integral: false }), 0, 86_400, 'seconds');
    for (const [name, keys] of [['serviceTagKeys', props.serviceTagKeys], ['environmentTagKeys', props.environmentTagKeys]] as const) {
      if (keys && (keys.length === 0 || keys.length > 20 || keys.some((k) => !Token.isUnresolved(k) && (k.length === 0 || k.length > 128)))) {
        throw new Error(`${name} must list 1 to 20 tag keys of 1 to 128 characters, got ${JSON.stringify(keys)}`);
      }
    }

    const bucket = new s3.Bucket(this, 'SnapshotBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(7) }],
      removalPolicy: props.removalPolicy,
    });
    this.bucket = bucket;

    const declared = Object.entries(props.declaredTopology ?? {}).flatMap(([from, tos]) => tos.map((to) => ({ from, to })));
    const functions = new HandlerFunctions(this, {
      descriptionPrefix: 'cdk-aiops hub', encryptionKey: props.encryptionKey, logRetention: props.logRetention, removalPolicy: props.removalPolicy,
    });
    const fn = functions.create(TopologyRefreshFunction, {
      id: 'TopologyRefresh',
      description: 'topology snapshot refresher',
      timeout: Duration.minutes(5),
      memorySize: 512,
      environment: {
        [TopologyRefreshEnv.TOPOLOGY_BUCKET]: bucket.bucketName,
        [TopologyRefreshEnv.TOPOLOGY_KEY]: TOPOLOGY_SNAPSHOT_KEY,
        [TopologyRefreshEnv.DECLARED_EDGES]: Stack.of(this).toJsonString(declared),
        [TopologyRefreshEnv.XRAY_ENABLED]: String(options.xray ?? true),
        [TopologyRefreshEnv.APPLICATION_SIGNALS_ENABLED]: String(options.applicationSignals ?? true),
        [TopologyRefreshEnv.GRAPH_LOOKBACK_HOURS]: String(lookback),
        [TopologyRefreshEnv.EVENT_BUS_NAME]: props.eventBusName,
      },
    });
    this.function = fn;
    const role = fn.role!;
    const reads = ['tag:GetResources'];
    if (options.xray ?? true) reads.push('xray:GetServiceGraph');
    if (options.applicationSignals ?? true) reads.push('application-signals:ListServices', 'application-signals:ListServiceDependencies');
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadTopologySources', actions: reads, resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadWriteSnapshot', actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects(TOPOLOGY_SNAPSHOT_KEY)],
    }));
    role.addToPrincipalPolicy(listSnapshotStatement(bucket));
    props.encryptionKey.grant(role, 'kms:Decrypt', 'kms:GenerateDataKey');
    if (props.appTopologyParameter) {
      props.appTopologyParameter.grantRead(role);
      fn.addEnvironment(TopologyRefreshEnv.APP_TOPOLOGY_PARAMETER, props.appTopologyParameter.parameterName);
    }

    // EventBridge Scheduler rather than a rule on the default bus: the hub's rules are only its routing rules. Its own
    // role (not the stack-wide singleton the target would create), so every finding stays on the library's constructs.
    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'cdk-aiops hub: invoke the topology refresher on its schedule',
    });
    acknowledge(scheduleRole, {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The role belongs to this one schedule and holds only lambda:InvokeFunction on the refresher: an inline '
        + 'policy lives and dies with the role and cannot be attached to anything else.',
    });
    new scheduler.Schedule(this, 'Schedule', {
      description: `cdk-aiops hub: rebuild the topology snapshot every ${rateMinutes} minute(s)`,
      schedule: scheduler.ScheduleExpression.rate(this.rate),
      target: new schedulerTargets.LambdaInvoke(fn, { retryAttempts: 0, role: scheduleRole }),
    });

    acknowledge(role, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'tag:GetResources (without a resource list), xray:GetServiceGraph, application-signals:ListServices and '
        + 'ListServiceDependencies are read-only and support no resource-level permissions: they must be granted on "*".',
    });
    acknowledge(fn, {
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: 'Invoked asynchronously by its schedule only: a failed run has nothing to redeliver (the next run rebuilds '
        + 'the whole snapshot) and shows as the staleness alarm and the function\'s Errors metric instead.',
    });
    for (const finding of ['AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled']) {
      acknowledge(bucket, {
        id: finding,
        reason: 'The bucket holds one derived object (the topology snapshot), written by the refresher and read by '
          + 'triage through their own roles; it is rebuilt every run from AWS APIs. Server access logs would add a '
          + 'second bucket that logs more than it protects; CloudTrail data events are the consumer\'s account-wide choice.',
      });
    }
    acknowledge(bucket, {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'The snapshot is regenerated from the account\'s own APIs every run; a replica in another Region would '
        + 'hold a copy of data that is rebuilt in minutes, and the hub itself is regional.',
    });
  }

  /** Lets triage read the snapshot and sets the variables it reads (bucket, key, cache TTL, tag keys). */
  public grantReadSnapshot(fn: lambda.Function): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee: fn, actions: ['s3:GetObject'], resourceArns: [this.bucket.arnForObjects(TOPOLOGY_SNAPSHOT_KEY)],
    });
    fn.addToRolePolicy(listSnapshotStatement(this.bucket));
    this.props.encryptionKey.grant(fn, 'kms:Decrypt');
    fn.addEnvironment(TriageEnv.TOPOLOGY_BUCKET, this.bucket.bucketName);
    fn.addEnvironment(TriageEnv.TOPOLOGY_KEY, TOPOLOGY_SNAPSHOT_KEY);
    fn.addEnvironment(TriageEnv.TOPOLOGY_CACHE_SECONDS, String((this.props.options.cacheTtl ?? Duration.minutes(5)).toSeconds()));
    const stack = Stack.of(this);
    if (this.props.serviceTagKeys) fn.addEnvironment(TriageEnv.SERVICE_TAG_KEYS, stack.toJsonString(this.props.serviceTagKeys));
    if (this.props.environmentTagKeys) fn.addEnvironment(TriageEnv.ENVIRONMENT_TAG_KEYS, stack.toJsonString(this.props.environmentTagKeys));
    return grant;
  }

  /** The staleness alarm on `metric`: older than three times the schedule, or no data (the refresher is not running). */
  public addStalenessAlarm(scope: Construct, metric: cloudwatch.Metric): cloudwatch.Alarm {
    const window = Duration.minutes(this.rate.toMinutes() * 3);
    return new cloudwatch.Alarm(scope, 'TopologyAgeAlarm', {
      alarmDescription: `cdk-aiops hub: the topology snapshot is older than ${window.toMinutes()} minutes (three refresher `
        + 'runs), or the refresher reports nothing. Read the refresher\'s logs: each run lists its sources and why one failed.',
      metric: metric.with({ period: window, statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: window.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}

/** `s3:ListBucket` for the snapshot key only, so a missing snapshot reads as NoSuchKey rather than AccessDenied. */
function listSnapshotStatement(bucket: s3.IBucket): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringEquals: { 's3:prefix': TOPOLOGY_SNAPSHOT_KEY } },
  });
}

function wholeUnits(name: string, d: Duration, to: (d: Duration) => number, min: number, max: number, unit: string): number {
  const v = to(d);
  if (Token.isUnresolved(v)) return v;
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be whole ${unit} from ${min} to ${max}, got ${d.toHumanString()}`);
  return v;
}
