import type { IdleAssumptions } from './assumptions';
import { EC2_HOURLY, HOURS_PER_MONTH, PRICES, type PriceName } from './prices';
import { lambdaShape, referencedFunction, referencedId, count, unitPrice } from './refs';
import { runsPerMonth } from './schedule';
import type { CfnResource, IdleCost, NotPriced, ResourceLookup } from './types';

/** What a pricer gets beside the resource. */
export interface IdleContext {
  readonly lookup: ResourceLookup;
  readonly assumptions: IdleAssumptions;
}

/** Prices one resource type's idle month. */
export type IdlePricer = (resource: CfnResource, context: IdleContext) => IdleCost | NotPriced;

const p = (name: PriceName) => PRICES[name].usd;
const MB = 1 / 1024;

function cost(usdPerMonth: number, basis: string, ...prices: PriceName[]): IdleCost {
  return { usdPerMonth, basis, prices };
}

/** A CloudWatch alarm: each metric it evaluates, three for an anomaly band, at standard or high resolution. */
export function alarmCost(resource: CfnResource): IdleCost {
  const props = resource.Properties ?? {};
  const metrics: any[] = Array.isArray(props.Metrics) ? props.Metrics : [];
  let n = 1;
  let highResolution = typeof props.Period === 'number' && props.Period < 60;
  let what = '';
  if (metrics.length > 0) {
    const stats = metrics.filter((m) => m && m.MetricStat);
    const bands = metrics.filter((m) => typeof m?.Expression === 'string' && /ANOMALY_DETECTION_BAND/i.test(m.Expression)).length;
    n = Math.max(1, stats.length + 2 * bands);
    highResolution = stats.some((m) => typeof m.MetricStat.Period === 'number' && m.MetricStat.Period < 60);
    what = bands > 0 ? ' (anomaly detection: metric and band)' : stats.length > 1 ? ' (metric math)' : '';
  }
  const name: PriceName = highResolution ? 'ALARM_HIGH_RESOLUTION' : 'ALARM_STANDARD';
  return cost(n * p(name), `${n} ${n === 1 ? 'metric' : 'metrics'}${what} × ${unitPrice(p(name))}/alarm metric-month${highResolution ? ', high resolution' : ''}`, name);
}

/** Lambda invocations a month by a schedule, with their requests and duration. */
function scheduledInvocations(expression: unknown, target: unknown, context: IdleContext, extra?: PriceName): IdleCost | NotPriced {
  if (typeof expression !== 'string') return { notPriced: 'schedule expression is not a literal' };
  const runs = runsPerMonth(expression);
  if (runs === undefined) return { notPriced: `schedule expression ${JSON.stringify(expression)} not understood` };
  const extraUsd = extra ? (runs * p(extra)) / 1e6 : 0;
  const found = referencedFunction(target, context.lookup);
  if (!found) return { notPriced: `${count(runs)} runs/month of ${expression}, but its target is not a function of this template` };
  const shape = lambdaShape(found.fn);
  const seconds = Math.min(context.assumptions.scheduledLambdaSeconds, shape.timeoutSeconds);
  const rate: PriceName = shape.arm64 ? 'LAMBDA_ARM64' : 'LAMBDA_X86';
  const total = (runs * p('LAMBDA_REQUESTS')) / 1e6 + runs * seconds * shape.gb * p(rate) + extraUsd;
  return cost(total, `${count(runs)} runs/month of ${expression} → ${found.id}: ${seconds} s × ${count(shape.gb)} GB each`, 'LAMBDA_REQUESTS', rate, ...(extra ? [extra] : []));
}

function ruleCost(resource: CfnResource, context: IdleContext): IdleCost | NotPriced {
  const props = resource.Properties ?? {};
  if (props.ScheduleExpression === undefined) return cost(0, 'matches events: billed with the events it delivers, nothing at idle');
  if (props.State === 'DISABLED') return cost(0, 'disabled schedule');
  const targets: any[] = Array.isArray(props.Targets) ? props.Targets : [];
  const priced = targets.map((t) => scheduledInvocations(props.ScheduleExpression, t?.Arn, context));
  const missing = priced.find((c): c is NotPriced => 'notPriced' in c);
  if (missing) return missing;
  const costs = priced as IdleCost[];
  if (costs.length === 0) return cost(0, 'schedule with no target');
  return cost(costs.reduce((s, c) => s + c.usdPerMonth, 0), costs.map((c) => c.basis).join('; '), ...new Set(costs.flatMap((c) => c.prices)));
}

function logGroupCost(resource: CfnResource, { assumptions: a }: IdleContext): IdleCost {
  const days = resource.Properties?.RetentionInDays;
  const months = typeof days === 'number' ? Math.min(days / 30, a.logMonthsWhenNeverExpiring) : a.logMonthsWhenNeverExpiring;
  const gb = a.logMbPerGroupMonth * MB;
  const total = gb * p('LOGS_INGESTION') + gb * months * p('LOGS_STORAGE');
  const kept = typeof days === 'number' ? `${days} days' retention` : `never expires: ${a.logMonthsWhenNeverExpiring} months assumed`;
  return cost(total, `${a.logMbPerGroupMonth} MB/month ingested (assumed), ${kept}`, 'LOGS_INGESTION', 'LOGS_STORAGE');
}

function tableCost(resource: CfnResource, { assumptions: a }: IdleContext): IdleCost | NotPriced {
  const props = resource.Properties ?? {};
  const pitr = props.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled === true;
  const storage = a.tableGb * p('DYNAMODB_STORAGE') + (pitr ? a.tableGb * p('DYNAMODB_PITR') : 0);
  const stored = `${a.tableGb} GB stored (assumed)${pitr ? ' with PITR' : ''}`;
  const prices: PriceName[] = ['DYNAMODB_STORAGE', ...(pitr ? ['DYNAMODB_PITR' as const] : [])];
  if (props.BillingMode === 'PAY_PER_REQUEST') return cost(storage, `on demand: requests only when used; ${stored}`, ...prices);
  const throughputs = [props.ProvisionedThroughput, ...(props.GlobalSecondaryIndexes ?? []).map((g: any) => g?.ProvisionedThroughput)]
    .filter((t) => t);
  const rcu = throughputs.reduce((s: number, t: any) => s + Number(t.ReadCapacityUnits), 0);
  const wcu = throughputs.reduce((s: number, t: any) => s + Number(t.WriteCapacityUnits), 0);
  if (!Number.isFinite(rcu + wcu)) return { notPriced: 'provisioned capacity is not a literal' };
  const capacity = (rcu * p('DYNAMODB_RCU') + wcu * p('DYNAMODB_WCU')) * HOURS_PER_MONTH;
  return cost(storage + capacity, `provisioned ${rcu} RCU + ${wcu} WCU × ${HOURS_PER_MONTH} h; ${stored}`, ...prices, 'DYNAMODB_RCU', 'DYNAMODB_WCU');
}

function canaryCost(resource: CfnResource): IdleCost | NotPriced {
  const expression = resource.Properties?.Schedule?.Expression;
  if (typeof expression !== 'string') return { notPriced: 'schedule expression is not a literal' };
  // rate(0 minutes) runs once, when started.
  const runs = /^rate\(\s*0\s/i.test(expression) ? 0 : runsPerMonth(expression);
  if (runs === undefined) return { notPriced: `schedule expression ${JSON.stringify(expression)} not understood` };
  return cost(runs * p('SYNTHETICS_RUN'), `${count(runs)} runs/month of ${expression} × ${unitPrice(p('SYNTHETICS_RUN'))}/run (its Lambda time and S3 artefacts not included)`, 'SYNTHETICS_RUN');
}

function clusterCost(resource: CfnResource): IdleCost {
  const extended = resource.Properties?.UpgradePolicy?.SupportType === 'EXTENDED';
  const name: PriceName = extended ? 'EKS_EXTENDED' : 'EKS_STANDARD';
  const note = extended ? 'extended support' : `standard support; a version past standard support costs ${unitPrice(p('EKS_EXTENDED'))}/hour`;
  return cost(p(name) * HOURS_PER_MONTH, `${HOURS_PER_MONTH} h × ${unitPrice(p(name))}/cluster-hour (${note}); nodes priced apart`, name);
}

function nodegroupCost(resource: CfnResource): IdleCost | NotPriced {
  const props = resource.Properties ?? {};
  const types: unknown[] = Array.isArray(props.InstanceTypes) ? props.InstanceTypes : ['t3.medium'];
  const type = types[0];
  const hourly = typeof type === 'string' ? EC2_HOURLY[type] : undefined;
  if (hourly === undefined) return { notPriced: `instance type ${JSON.stringify(type)} is not in the EC2 price table` };
  const size = props.ScalingConfig?.DesiredSize ?? props.ScalingConfig?.MinSize ?? 2;
  if (typeof size !== 'number') return { notPriced: 'desired size is not a literal' };
  const disk = props.LaunchTemplate ? 0 : typeof props.DiskSize === 'number' ? props.DiskSize : 20;
  const total = size * (hourly * HOURS_PER_MONTH + disk * p('EBS_GP3'));
  const spot = props.CapacityType === 'SPOT' ? ', on-demand price as the upper bound of spot' : '';
  const volumes = disk ? ` + ${disk} GB gp3 each` : ' (volumes from the launch template not priced)';
  return cost(total, `${size} × ${type} at $${hourly}/hour × ${HOURS_PER_MONTH} h${volumes}${spot}`, 'EBS_GP3');
}

function instanceCost(resource: CfnResource): IdleCost | NotPriced {
  const type = resource.Properties?.InstanceType ?? 'm1.small';
  const hourly = typeof type === 'string' ? EC2_HOURLY[type] : undefined;
  if (hourly === undefined) return { notPriced: `instance type ${JSON.stringify(type)} is not in the EC2 price table` };
  return cost(hourly * HOURS_PER_MONTH, `${type} at $${hourly}/hour × ${HOURS_PER_MONTH} h (volumes not priced)`);
}

function collectionCost(resource: CfnResource, { assumptions: a }: IdleContext): IdleCost {
  const redundant = resource.Properties?.StandbyReplicas !== 'DISABLED';
  // The floor: 0.5 OCU indexing + 0.5 OCU search, doubled by standby replicas.
  const ocu = redundant ? 2 : 1;
  const total = ocu * p('OPENSEARCH_OCU') * HOURS_PER_MONTH + a.collectionGb * p('OPENSEARCH_STORAGE');
  return cost(total, `minimum ${ocu} OCU (${redundant ? 'standby replicas: 1 indexing + 1 search' : 'no standby: 0.5 indexing + 0.5 search'}) × ${unitPrice(p('OPENSEARCH_OCU'))}/OCU-hour × ${HOURS_PER_MONTH} h `
    + `+ ${a.collectionGb} GB (assumed); collections sharing a KMS key share their OCUs`, 'OPENSEARCH_OCU', 'OPENSEARCH_STORAGE');
}

function vectorIndexCost(resource: CfnResource, { assumptions: a }: IdleContext): IdleCost | NotPriced {
  const dimension = resource.Properties?.Dimension;
  if (typeof dimension !== 'number') return { notPriced: 'dimension is not a literal' };
  const gb = (a.vectorsPerIndex * (dimension * 4 + a.vectorMetadataBytes)) / 1024 ** 3;
  return cost(gb * p('S3_VECTORS_STORAGE'), `${count(a.vectorsPerIndex)} vectors (assumed) × (${dimension} × 4 B + ${a.vectorMetadataBytes} B) = ${count(gb)} GB`, 'S3_VECTORS_STORAGE');
}

function archiveCost(resource: CfnResource, { assumptions: a }: IdleContext): IdleCost {
  const days = resource.Properties?.RetentionDays;
  const months = typeof days === 'number' && days > 0 ? days / 30 : 12;
  const gb = a.archivedMbPerMonth * MB;
  const total = gb * p('EVENTS_ARCHIVE_PROCESSING') + gb * months * p('EVENTS_ARCHIVE_STORAGE');
  return cost(total, `${a.archivedMbPerMonth} MB/month archived (assumed), kept ${typeof days === 'number' && days > 0 ? `${days} days` : 'indefinitely: 12 months assumed'}`,
    'EVENTS_ARCHIVE_PROCESSING', 'EVENTS_ARCHIVE_STORAGE');
}

function eventSourceMappingCost(resource: CfnResource, context: IdleContext): IdleCost {
  const source = referencedId(resource.Properties?.EventSourceArn);
  if (source === undefined || context.lookup(source)?.Type !== 'AWS::SQS::Queue') {
    return cost(0, 'stream or external source: polling is not billed as requests');
  }
  const n = context.assumptions.sqsPollers;
  const requests = n * 3 * 60 * HOURS_PER_MONTH;
  return cost((requests * p('SQS_REQUESTS')) / 1e6, `${n} pollers (assumed) × one 20 s long poll each = ${count(requests)} SQS requests/month`, 'SQS_REQUESTS');
}

function scheduleCost(resource: CfnResource, context: IdleContext): IdleCost | NotPriced {
  const props = resource.Properties ?? {};
  if (props.State === 'DISABLED') return cost(0, 'disabled schedule');
  return scheduledInvocations(props.ScheduleExpression, props.Target?.Arn, context, 'SCHEDULER_INVOCATION');
}

/** Resource types with an idle cost, by type. */
export const IDLE_PRICERS: Readonly<Record<string, IdlePricer>> = {
  'AWS::KMS::Key': (r) => cost(p('KMS_KEY'), `1 key × ${unitPrice(p('KMS_KEY'))}/key-month${r.Properties?.EnableKeyRotation ? '; each yearly rotation adds $1/month, twice at most' : ''}`, 'KMS_KEY'),
  'AWS::CloudWatch::Alarm': alarmCost,
  'AWS::CloudWatch::CompositeAlarm': () => cost(p('ALARM_COMPOSITE'), `1 composite alarm × ${unitPrice(p('ALARM_COMPOSITE'))}/alarm-month`, 'ALARM_COMPOSITE'),
  'AWS::CloudWatch::Dashboard': () => cost(p('DASHBOARD'), `1 dashboard × ${unitPrice(p('DASHBOARD'))}/month (an account's first 3 are free)`, 'DASHBOARD'),
  'AWS::Synthetics::Canary': canaryCost,
  'AWS::EKS::Cluster': clusterCost,
  'AWS::EKS::Nodegroup': nodegroupCost,
  'AWS::EC2::Instance': instanceCost,
  'AWS::OpenSearchServerless::Collection': collectionCost,
  'AWS::S3Vectors::Index': vectorIndexCost,
  // An SLO evaluates its SLI every period (1 minute by default) at idle too, 2 Application Signals each.
  'AWS::ApplicationSignals::ServiceLevelObjective': () => cost(
    2 * 43_200 / 1e6 * p('APPLICATION_SIGNALS'),
    `2 signals × 43,200 one-minute SLI periods × ${unitPrice(p('APPLICATION_SIGNALS'))}/1M signals`, 'APPLICATION_SIGNALS'),
  'AWS::SecretsManager::Secret': () => cost(p('SECRET'), `1 secret × ${unitPrice(p('SECRET'))}/secret-month`, 'SECRET'),
  'AWS::DevOpsGuru::ResourceCollection': (_, { assumptions: a }) => cost(a.devOpsGuruResources * p('DEVOPS_GURU_RESOURCE') * HOURS_PER_MONTH,
    `${a.devOpsGuruResources} resources analysed (assumed) × ${unitPrice(p('DEVOPS_GURU_RESOURCE'))}/resource-hour × ${HOURS_PER_MONTH} h`, 'DEVOPS_GURU_RESOURCE'),
  'AWS::Logs::LogGroup': logGroupCost,
  'AWS::DynamoDB::Table': tableCost,
  'AWS::Events::Rule': ruleCost,
  'AWS::Events::Archive': archiveCost,
  'AWS::Scheduler::Schedule': scheduleCost,
  'AWS::Lambda::EventSourceMapping': eventSourceMappingCost,
};
