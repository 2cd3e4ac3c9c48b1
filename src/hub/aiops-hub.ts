import { ArnComponents, ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import {
  AIOPS_EVENT_SOURCE,
  INCIDENT_DETAIL_TYPES,
  IncidentTableKeys,
  METRIC_NAMESPACE,
  TRIAGE_SERVICE_NAME,
  TriageEnv,
  TriageMetric,
  TriageMetricDimension,
} from './constants';
import { renderTriageRules } from './render-triage-rules';
import { INGEST_ROUTES } from './routes';
import { TriageFunction } from './triage-function';
import { TriageSettings } from './triage-settings';

/**
 * The incident hub: an event bus that collects operational events from this and other accounts,
 * and the table of incidents triage opens from them. Agents and spokes take it, often from another stack.
 */
export interface IAiopsHub extends IConstruct {
  /** The bus operational events are sent to and incident events are published on. */
  readonly eventBus: events.IEventBus;

  /** The incidents, keyed by `IncidentTableKeys`. */
  readonly incidentTable: dynamodb.ITable;

  /**
   * Let the grantee put events on the hub bus. When the grantee is a Lambda function, also sets
   * the bus name in its `AIOPS_EVENT_BUS_NAME` environment variable.
   */
  grantPutEvents(grantee: iam.IGrantable): iam.Grant;

  /**
   * Let the grantee read incidents (items and the by-status index), including decrypting them.
   * When the grantee is a Lambda function, also sets the table name in its `AIOPS_INCIDENT_TABLE`
   * environment variable.
   */
  grantReadIncidents(grantee: iam.IGrantable): iam.Grant;

  /**
   * Incidents opened by triage.
   * @default - sum over 5 minutes
   */
  metricIncidentsOpened(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Incidents resolved by triage.
   * @default - sum over 5 minutes
   */
  metricIncidentsResolved(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Events triage could not turn into signals (malformed, unsupported or too large); each one is in
   * the dead-letter queue with its reason.
   * @default - sum over 5 minutes
   */
  metricEventsRejected(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Signals absorbed without a page (duplicates, flapping, inhibited, storm members, grouped).
   * @default - sum over 5 minutes
   */
  metricSignalsSuppressed(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** Attributes of a hub defined elsewhere (another stack, app or account). */
export interface AiopsHubAttributes {
  /** ARN of the hub's event bus. */
  readonly eventBusArn: string;

  /** ARN of the hub's incident table. */
  readonly incidentTableArn: string;

  /**
   * The key the incident table is encrypted with. Needed for `grantReadIncidents` to include `kms:Decrypt`.
   * @default - no key: grants cover the table only, and reads fail if the table uses a customer-managed key
   */
  readonly incidentTableEncryptionKey?: kms.IKey;
}

const INCIDENT_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];

/** What a hub and an imported hub have in common: grants and metrics. */
export abstract class AiopsHubBase extends Construct implements IAiopsHub {
  public abstract readonly eventBus: events.IEventBus;
  public abstract readonly incidentTable: dynamodb.ITable;

  public grantPutEvents(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['events:PutEvents'],
      resourceArns: [this.eventBus.eventBusArn],
    });
    addEnvironmentIfFunction(grantee, TriageEnv.EVENT_BUS_NAME, this.eventBus.eventBusName);
    return grant;
  }

  public grantReadIncidents(grantee: iam.IGrantable): iam.Grant {
    const table = this.incidentTable;
    let grant = iam.Grant.addToPrincipal({
      grantee,
      actions: INCIDENT_READ_ACTIONS,
      // The one index by name rather than `index/*`: least privilege, and no wildcard for cdk-nag.
      resourceArns: [table.tableArn, statusIndexArn(table.tableArn)],
    });
    if (table.encryptionKey) {
      grant = grant.combine(table.encryptionKey.grant(grantee, 'kms:Decrypt', 'kms:DescribeKey'));
    }
    addEnvironmentIfFunction(grantee, TriageEnv.TABLE_NAME, table.tableName);
    return grant;
  }

  public metricIncidentsOpened(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.triageMetric(TriageMetric.INCIDENTS_OPENED, props);
  }

  public metricIncidentsResolved(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.triageMetric(TriageMetric.INCIDENTS_RESOLVED, props);
  }

  public metricEventsRejected(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.triageMetric(TriageMetric.EVENTS_REJECTED, props);
  }

  public metricSignalsSuppressed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.triageMetric(TriageMetric.SIGNALS_SUPPRESSED, props);
  }

  private triageMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: {
        [TriageMetricDimension.SERVICE]: TRIAGE_SERVICE_NAME,
        [TriageMetricDimension.EVENT_BUS_NAME]: this.eventBus.eventBusName,
      },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      ...props,
    });
  }
}

/** Alarms of the hub. None has an action until you add one with `addAlarmAction`. */
export interface AiopsHubAlarms {
  /**
   * At least one message in the dead-letter queue: an event triage rejected (with its reason as message
   * attributes), an event it failed to process three times, or an event EventBridge could not deliver.
   */
  readonly deadLetterQueueDepth: cloudwatch.IAlarm;

  /**
   * The oldest message in the ingest queue is older than 15 minutes: triage is failing or cannot keep up.
   */
  readonly ingestQueueAge: cloudwatch.IAlarm;
}

/** Properties of an AiopsHub. */
export interface AiopsHubProps {
  /**
   * Name of the event bus.
   * @default - a name generated by CloudFormation
   */
  readonly eventBusName?: string;

  /**
   * Accounts allowed to put events on the hub bus (spokes forwarding their operational events).
   * The bus resource policy lets each account call `events:PutEvents`; the account still grants it to its own roles.
   *
   * @default - only this account can put events
   */
  readonly allowedAccounts?: string[];

  /**
   * An AWS Organizations id (`o-...`) whose every account may put events on the hub bus
   * (condition `aws:PrincipalOrgID`). Accounts joining the organization can send without a deployment.
   *
   * Risk: any principal of any account in the organization can then publish, including events that
   * look like cdk-aiops SLO reports; prefer `allowedAccounts` when the spokes are few and known.
   *
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
   * @default - no organization-wide access
   */
  readonly organizationId?: string;

  /**
   * How long the archive of every event on the bus is kept, in whole days. The archive lets you replay
   * an incident's events into the bus after a fix. `Duration.days(0)` creates no archive at all
   * (note: CloudFormation's own `0` means *indefinitely*; to keep events for years, give a long duration).
   *
   * Cost: archived events are billed per GB stored and per GB archived.
   *
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;

  /**
   * The key that encrypts the incident table, the queues and the triage logs.
   * A key you bring must let CloudWatch Logs (`logs.<region>.amazonaws.com`) and EventBridge
   * (`events.amazonaws.com`) use it; the hub adds those statements itself only to a `kms.Key` it can modify.
   *
   * Cost: one customer-managed key is about $1 a month plus requests.
   *
   * @default - a new customer-managed key with yearly rotation
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long a resolved incident stays in the table before DynamoDB's TTL deletes it, in whole days.
   *
   * @default Duration.days(90)
   */
  readonly closedIncidentTtl?: Duration;

  /**
   * Tunables of triage: grouping window, flapping and storm thresholds, service topology.
   *
   * @default - the engine's defaults, no topology
   */
  readonly triage?: TriageSettings;

  /**
   * Retention of the triage function's logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the incident table, the key and the logs when the hub is removed from the stack.
   * The queues are always destroyed (they only hold messages in flight).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The cdk-aiops incident hub.
 *
 * Operational events (CloudWatch alarm state changes, DevOps Guru, Synthetics, Config, Health, Systems
 * Manager, Step Functions, CodeBuild, CodeDeploy, CodePipeline, ECS, Auto Scaling, plus cdk-aiops SLO
 * reports and Kubernetes events) arrive on the hub bus, one rule per source family routes them to an
 * encrypted SQS ingest queue, and the triage function groups them into incidents in a DynamoDB table
 * and publishes `Incident Opened/Updated/Escalated/Resolved` events back on the bus for the agents.
 * Events triage cannot read go to a dead-letter queue with their reason.
 *
 * The triage function has no reserved concurrency: it scales with the queue, and reserving
 * concurrency would take it from the rest of the account. Set it on `triageFunction` if you need a cap.
 */
export class AiopsHub extends AiopsHubBase {
  /** Import a hub defined elsewhere, to grant against it or read its metrics. */
  public static fromAiopsHubAttributes(scope: Construct, id: string, attrs: AiopsHubAttributes): IAiopsHub {
    return new Import(scope, id, attrs);
  }

  public readonly eventBus: events.IEventBus;
  public readonly incidentTable: dynamodb.ITable;

  /** The key of the table, the queues and the logs. */
  public readonly encryptionKey: kms.IKey;

  /**
   * The archive of every event on the bus.
   * @default - undefined when `archiveRetention` is zero
   */
  public readonly archive?: events.Archive;

  /** The queue the rules deliver to and triage consumes. */
  public readonly ingestQueue: sqs.IQueue;

  /** Rejected events, events triage failed three times, and events EventBridge could not deliver. */
  public readonly deadLetterQueue: sqs.IQueue;

  /** The triage function. */
  public readonly triageFunction: lambda.IFunction;

  /** The rules routing each source family to the ingest queue. */
  public readonly ingestRules: events.IRule[];

  /** The hub's alarms (no actions by default). */
  public readonly alarms: AiopsHubAlarms;

  private readonly alarmList: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AiopsHubProps = {}) {
    super(scope, id);
    validateAccounts(props.allowedAccounts);
    validateOrganizationId(props.organizationId);
    const archiveDays = wholeDays('archiveRetention', props.archiveRetention ?? Duration.days(30), 0);
    const ttlDays = wholeDays('closedIncidentTtl', props.closedIncidentTtl ?? Duration.days(90), 1);
    const rulesJson = renderTriageRules(this, props.triage);

    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const key = props.encryptionKey ?? new kms.Key(this, 'EncryptionKey', {
      description: `cdk-aiops hub ${this.node.path}: incident table, queues and triage logs`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.encryptionKey = key;
    allowServicesToUseKey(key, stack);

    // ---- the bus, its policy and its archive
    const bus = new events.EventBus(this, 'Resource', {
      eventBusName: props.eventBusName,
      description: 'cdk-aiops hub: operational events in, incident events out',
    });
    this.eventBus = bus;
    if (props.allowedAccounts && props.allowedAccounts.length > 0) {
      bus.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowAccountsPutEvents',
        principals: props.allowedAccounts.map((account) => new iam.AccountPrincipal(account)),
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
      }));
    }
    if (props.organizationId) {
      bus.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowOrganizationPutEvents',
        principals: [new iam.AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
      }));
    }
    if (archiveDays !== 0) {
      this.archive = new events.Archive(this, 'Archive', {
        sourceEventBus: bus,
        description: 'cdk-aiops hub: every event, for replay',
        // `source` prefix "" matches every event, whichever account sent it.
        eventPattern: { source: events.Match.prefix('') },
        retention: props.archiveRetention ?? Duration.days(30),
      });
    }

    // ---- queues
    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.deadLetterQueue = deadLetterQueue;

    const timeout = Duration.seconds(30);
    const batchingWindow = Duration.seconds(5);
    const ingestQueue = new sqs.Queue(this, 'IngestQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      // AWS: at least six times the function timeout plus the batching window.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6 + batchingWindow.toSeconds()),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 3 },
    });
    this.ingestQueue = ingestQueue;

    // ---- rules: one per source family, never the hub's own incident events
    const target = new IngestQueueTarget(ingestQueue, deadLetterQueue);
    this.ingestRules = INGEST_ROUTES.map((route) => new events.Rule(this, route.id, {
      eventBus: bus,
      description: `cdk-aiops hub: ${route.source} events triage understands`,
      eventPattern: { source: [route.source], detailType: [...route.detailTypes] },
      targets: [target],
    }));
    const ruleArns = this.ingestRules.map((rule) => rule.ruleArn);
    for (const queue of [ingestQueue, deadLetterQueue]) {
      queue.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowHubRulesSendMessage',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [queue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': ruleArns } },
      }));
    }

    // ---- the incident table
    // dynamodb.Table rather than TableV2: TableV2 with a customer-managed key renders a replica that
    // needs a concrete region, so it would break environment-agnostic stacks.
    const table = new dynamodb.Table(this, 'IncidentTable', {
      partitionKey: { name: IncidentTableKeys.PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: IncidentTableKeys.SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: IncidentTableKeys.TTL_ATTRIBUTE,
      removalPolicy,
    });
    table.addGlobalSecondaryIndex({
      indexName: IncidentTableKeys.STATUS_INDEX,
      partitionKey: { name: IncidentTableKeys.STATUS_INDEX_PK, type: dynamodb.AttributeType.STRING },
      sortKey: { name: IncidentTableKeys.STATUS_INDEX_SK, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.incidentTable = table;

    // ---- triage: explicit role and log group, so no managed policy and no log-group wildcard
    const role = new iam.Role(this, 'TriageRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-aiops hub triage function',
    });
    const logGroup = new logs.LogGroup(this, 'TriageLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: key,
      removalPolicy,
    });
    logGroup.grantWrite(role);

    const fn = new TriageFunction(this, 'TriageFunction', {
      description: 'cdk-aiops hub triage: events to incidents',
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      timeout,
      memorySize: 512,
      environment: {
        [TriageEnv.TABLE_NAME]: table.tableName,
        [TriageEnv.EVENT_BUS_NAME]: bus.eventBusName,
        [TriageEnv.DLQ_URL]: deadLetterQueue.queueUrl,
        [TriageEnv.RULES_JSON]: rulesJson,
        [TriageEnv.CLOSED_TTL_DAYS]: Token.isUnresolved(ttlDays) ? Token.asString(ttlDays) : String(ttlDays),
      },
    });
    this.triageFunction = fn;
    fn.addEventSource(new sources.SqsEventSource(ingestQueue, {
      batchSize: 10,
      maxBatchingWindow: batchingWindow,
      reportBatchItemFailures: true,
    }));

    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadWriteIncidents',
      // Exactly the calls of DynamoDbIncidentStore (conditional single-item writes, no transactions).
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [table.tableArn, statusIndexArn(table.tableArn)],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'SendRejectedEvents',
      actions: ['sqs:SendMessage'],
      resources: [deadLetterQueue.queueArn],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'PublishIncidentEvents',
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
      conditions: {
        StringEquals: {
          'events:source': AIOPS_EVENT_SOURCE,
          'events:detail-type': [...INCIDENT_DETAIL_TYPES],
        },
      },
    }));
    // The table and the dead-letter queue are encrypted with the key: data keys for writes, decrypt for reads.
    key.grant(role, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');

    // ---- alarms
    const deadLetterQueueDepth = new cloudwatch.Alarm(this, 'DeadLetterQueueDepthAlarm', {
      alarmDescription: 'cdk-aiops hub: events in the dead-letter queue (rejected, failed 3 times, or undeliverable). Read their rejection-code / ERROR_MESSAGE attributes.',
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const ingestQueueAge = new cloudwatch.Alarm(this, 'IngestQueueAgeAlarm', {
      alarmDescription: 'cdk-aiops hub: the oldest event waiting for triage is older than 15 minutes.',
      metric: ingestQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: Duration.minutes(15).toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarmList = [deadLetterQueueDepth, ingestQueueAge];
    this.alarms = { deadLetterQueueDepth, ingestQueueAge };
  }

  /**
   * Add actions (an SNS topic, an incident-manager response plan...) to every hub alarm.
   */
  public addAlarmAction(...actions: cloudwatch.IAlarmAction[]): void {
    for (const alarm of this.alarmList) alarm.addAlarmAction(...actions);
  }
}

class Import extends AiopsHubBase {
  public readonly eventBus: events.IEventBus;
  public readonly incidentTable: dynamodb.ITable;

  constructor(scope: Construct, id: string, attrs: AiopsHubAttributes) {
    super(scope, id);
    expectArn('eventBusArn', attrs.eventBusArn, 'events', 'event-bus', this);
    expectArn('incidentTableArn', attrs.incidentTableArn, 'dynamodb', 'table', this);
    this.eventBus = events.EventBus.fromEventBusArn(this, 'EventBus', attrs.eventBusArn);
    this.incidentTable = dynamodb.Table.fromTableAttributes(this, 'IncidentTable', {
      tableArn: attrs.incidentTableArn,
      encryptionKey: attrs.incidentTableEncryptionKey,
      globalIndexes: [IncidentTableKeys.STATUS_INDEX],
    });
  }
}

/** EventBridge target delivering to the ingest queue, with the dead-letter queue for undeliverable events. */
class IngestQueueTarget implements events.IRuleTarget {
  constructor(private readonly queue: sqs.IQueue, private readonly deadLetterQueue: sqs.IQueue) {}

  public bind(): events.RuleTargetConfig {
    // The queue policies (one statement naming every rule) are added by the hub, not per rule.
    return {
      arn: this.queue.queueArn,
      targetResource: this.queue,
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      retryPolicy: { maximumEventAgeInSeconds: Duration.hours(24).toSeconds(), maximumRetryAttempts: 185 },
    };
  }
}

function statusIndexArn(tableArn: string): string {
  return `${tableArn}/index/${IncidentTableKeys.STATUS_INDEX}`;
}

/** STYLE §1: a grant also wires the configuration the grantee's code reads. */
function addEnvironmentIfFunction(grantee: iam.IGrantable, name: string, value: string): void {
  if (grantee instanceof lambda.Function) {
    grantee.addEnvironment(name, value);
  }
}

/** Key policy statements for the services that encrypt with the key on the hub's behalf. */
function allowServicesToUseKey(key: kms.IKey, stack: Stack): void {
  // CloudWatch Logs encrypts the triage log group; scoped to log groups of this account and region.
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogs',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }));
  // EventBridge sends to the encrypted ingest and dead-letter queues; only for rules of this account.
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowEventBridgeToEncryptedQueues',
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  }));
}

function validateAccounts(accounts: string[] | undefined): void {
  (accounts ?? []).forEach((account, i) => {
    if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
      throw new Error(`allowedAccounts[${i}] must be a 12-digit AWS account id (got '${account}')`);
    }
  });
}

function validateOrganizationId(organizationId: string | undefined): void {
  if (organizationId === undefined || Token.isUnresolved(organizationId)) return;
  if (!/^o-[a-z0-9]{10,32}$/.test(organizationId)) {
    throw new Error(`organizationId must look like 'o-' followed by 10 to 32 lowercase letters or digits (got '${organizationId}')`);
  }
}

/** Whole days of a duration, at least `min`; tokens pass through. */
function wholeDays(name: string, value: Duration, min: number): number {
  if (value.isUnresolved()) return value.toDays();
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min) {
    throw new Error(`${name} must be a whole number of days, at least ${min} (got ${value.toHumanString()})`);
  }
  return days;
}

function expectArn(name: string, arn: string, service: string, resource: string, scope: IConstruct): void {
  if (Token.isUnresolved(arn)) return;
  let parts: ArnComponents | undefined;
  try {
    parts = Stack.of(scope).splitArn(arn, ArnFormat.SLASH_RESOURCE_NAME);
  } catch {
    parts = undefined;
  }
  if (!parts || parts.service !== service || parts.resource !== resource || !parts.resourceName) {
    throw new Error(`${name} must be the ARN of ${service === 'events' ? 'an EventBridge event bus' : 'a DynamoDB table'} (arn:<partition>:${service}:<region>:<account>:${resource}/<name>), got '${arn}'`);
  }
}
