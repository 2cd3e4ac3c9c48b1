import { ArnComponents, ArnFormat, Duration, IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import {
  AIOPS_EVENT_SOURCE,
  IncidentTableKeys,
  METRIC_NAMESPACE,
  TOPOLOGY_SERVICE_NAME,
  TopologyMetric,
  TRIAGE_SERVICE_NAME,
  TriageEnv,
  TriageMetric,
  TriageMetricDimension,
} from './constants';

/**
 * The incident hub: an event bus that collects operational events from this and other accounts,
 * and the table of incidents triage opens from them. Agents and spokes take it, often from another stack.
 */
export interface IAiopsHub extends IResource {
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
   * Let the grantee call `actions` on incident-table items whose partition key starts with one of `keyPrefixes`
   * only (condition `dynamodb:LeadingKeys`), never on triage's fingerprints or correlation keys, with the table key
   * (decrypt, and encrypt for writes). When the grantee is a Lambda function, also sets the table name in its
   * `AIOPS_INCIDENT_TABLE` environment variable.
   *
   * @param actions DynamoDB item actions, such as `dynamodb:GetItem`
   * @param keyPrefixes partition-key prefixes, such as `INC#` (at least one)
   */
  grantIncidentItems(grantee: iam.IGrantable, actions: string[], ...keyPrefixes: string[]): iam.Grant;

  /**
   * Let the grantee put events of the given detail-types, from source `cdk-aiops`, on the hub bus (conditions
   * `events:source` and `events:detail-type`). When the grantee is a Lambda function, also sets the bus name in
   * its `AIOPS_EVENT_BUS_NAME` environment variable.
   *
   * @param detailTypes the detail-types it may publish (at least one)
   */
  grantPublish(grantee: iam.IGrantable, ...detailTypes: string[]): iam.Grant;

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

  /**
   * Age in seconds of the topology snapshot, as the refresher reports it on every run (near 0 after a good run; it
   * grows while every source fails). No data means the refresher is not running.
   * @default - maximum over 15 minutes
   */
  metricTopologyAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
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

/** Item actions that read only (the table key's `kms:Decrypt` is enough for them). */
const ITEM_READ_ACTIONS = new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem']);

/** What a hub and an imported hub have in common: grants and metrics. */
export abstract class AiopsHubBase extends Resource implements IAiopsHub {
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

  public grantIncidentItems(grantee: iam.IGrantable, actions: string[], ...keyPrefixes: string[]): iam.Grant {
    if (actions.length === 0 || actions.some((a) => !a.startsWith('dynamodb:'))) {
      throw new Error(`grantIncidentItems: give one or more DynamoDB item actions such as 'dynamodb:GetItem' (got ${JSON.stringify(actions)})`);
    }
    if (keyPrefixes.length === 0 || keyPrefixes.some((p) => p.length === 0)) {
      throw new Error('grantIncidentItems: give one or more non-empty key prefixes (such as \'INC#\'); without one the grant would cover every item');
    }
    const table = this.incidentTable;
    let grant = iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keyPrefixes.map((prefix) => `${prefix}*`) } },
    });
    if (table.encryptionKey) {
      const writes = actions.some((a) => !ITEM_READ_ACTIONS.has(a));
      const keyActions = writes ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
      grant = grant.combine(table.encryptionKey.grant(grantee, ...keyActions));
    }
    addEnvironmentIfFunction(grantee, TriageEnv.TABLE_NAME, table.tableName);
    return grant;
  }

  public grantPublish(grantee: iam.IGrantable, ...detailTypes: string[]): iam.Grant {
    if (detailTypes.length === 0) {
      throw new Error('grantPublish: give the detail-types the grantee may publish (at least one)');
    }
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['events:PutEvents'],
      resourceArns: [this.eventBus.eventBusArn],
      conditions: { StringEquals: { 'events:source': AIOPS_EVENT_SOURCE, 'events:detail-type': detailTypes.length === 1 ? detailTypes[0] : detailTypes } },
    });
    addEnvironmentIfFunction(grantee, TriageEnv.EVENT_BUS_NAME, this.eventBus.eventBusName);
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

  public metricTopologyAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName: TopologyMetric.SNAPSHOT_AGE,
      dimensionsMap: {
        [TriageMetricDimension.SERVICE]: TOPOLOGY_SERVICE_NAME,
        [TriageMetricDimension.EVENT_BUS_NAME]: this.eventBus.eventBusName,
      },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(15),
      ...props,
    });
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

/** A hub defined elsewhere (`AiopsHub.fromAiopsHubAttributes`). */
export class ImportedAiopsHub extends AiopsHubBase {
  public readonly eventBus: events.IEventBus;
  public readonly incidentTable: dynamodb.ITable;

  constructor(scope: Construct, id: string, attrs: AiopsHubAttributes) {
    super(scope, id, { environmentFromArn: Token.isUnresolved(attrs.eventBusArn) ? undefined : attrs.eventBusArn });
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

export function statusIndexArn(tableArn: string): string {
  return `${tableArn}/index/${IncidentTableKeys.STATUS_INDEX}`;
}

/** STYLE §1: a grant also wires the configuration the grantee's code reads. */
function addEnvironmentIfFunction(grantee: iam.IGrantable, name: string, value: string): void {
  if (grantee instanceof lambda.Function) {
    grantee.addEnvironment(name, value);
  }
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
