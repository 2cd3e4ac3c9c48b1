/**
 * CloudWatch Embedded Metric Format records, as plain objects: a handler `console.log(JSON.stringify(record))`s them
 * (CloudWatch Logs extracts the metrics; no PutMetricData, no SDK), or emits the same names with Powertools Metrics.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
import type { IncidentKpis } from './compute';
import { KpiDimension, KpiMetric, METRIC_NAMESPACE as KPI_NAMESPACE } from '../../contract/metrics';

/** Most metrics in one directive, and most dimension keys in one dimension set (EMF limits). */
export const EMF_MAX_METRICS = 100;
export const EMF_MAX_DIMENSIONS = 30;

export type EmfUnit = 'Seconds' | 'Milliseconds' | 'Count' | 'None';

export interface EmfMetric {
  readonly name: string;
  readonly value: number;
  /** @default 'None' */
  readonly unit?: EmfUnit;
}

export interface EmfRecordInput {
  /** @default KPI_NAMESPACE */
  readonly namespace?: string;
  /** When the metrics were observed: epoch milliseconds or a Date. */
  readonly timestamp: number | Date;
  /** Dimension name → value; all of them form the one dimension set. @default - no dimensions */
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly metrics: readonly EmfMetric[];
  /** More members, searchable in Logs Insights but not metrics (an incident id: high cardinality, never a dimension). */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
}

export interface EmfMetricDirective {
  readonly Namespace: string;
  readonly Dimensions: string[][];
  readonly Metrics: Array<{ readonly Name: string; readonly Unit: EmfUnit }>;
}

/** One EMF log event: the `_aws` metadata and the target members at the root. */
export interface EmfRecord {
  readonly _aws: { readonly Timestamp: number; readonly CloudWatchMetrics: EmfMetricDirective[] };
  readonly [member: string]: unknown;
}

/** A record that would be rejected by CloudWatch (too many metrics, a non-finite value, a clashing member name...). */
export class EmfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmfError';
  }
}

/** Builds one EMF record. Throws EmfError on what CloudWatch would reject. */
export function buildEmfRecord(input: EmfRecordInput): EmfRecord {
  const timestamp = typeof input.timestamp === 'number' ? input.timestamp : input.timestamp.getTime();
  if (!Number.isFinite(timestamp)) throw new EmfError('timestamp is not a valid time');
  const dimensions = input.dimensions ?? {};
  const keys = Object.keys(dimensions);
  if (keys.length > EMF_MAX_DIMENSIONS) throw new EmfError(`at most ${EMF_MAX_DIMENSIONS} dimensions, got ${keys.length}`);
  if (input.metrics.length === 0) throw new EmfError('at least one metric is needed');
  if (input.metrics.length > EMF_MAX_METRICS) throw new EmfError(`at most ${EMF_MAX_METRICS} metrics, got ${input.metrics.length}`);

  const root: Record<string, unknown> = {};
  const claim = (name: string, value: unknown, what: string) => {
    if (name === '' || name === '_aws') throw new EmfError(`${what} name ${JSON.stringify(name)} is not allowed`);
    if (Object.prototype.hasOwnProperty.call(root, name)) throw new EmfError(`${what} ${name} clashes with another member of the record`);
    root[name] = value;
  };
  for (const [name, value] of Object.entries(dimensions)) {
    if (typeof value !== 'string' || value === '') throw new EmfError(`dimension ${name} needs a non-empty string value`);
    claim(name, value, 'dimension');
  }
  for (const m of input.metrics) {
    if (!Number.isFinite(m.value)) throw new EmfError(`metric ${m.name} has a non-finite value`);
    claim(m.name, m.value, 'metric');
  }
  for (const [name, value] of Object.entries(input.properties ?? {})) claim(name, value, 'property');

  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{
        Namespace: input.namespace ?? KPI_NAMESPACE,
        Dimensions: [keys],
        Metrics: input.metrics.map((m) => ({ Name: m.name, Unit: m.unit ?? 'None' })),
      }],
    },
    ...root,
  };
}

export interface KpiEmfOptions {
  /** When the incident's KPIs are final (its resolution, or now). */
  readonly timestamp: number | Date;
  /** Dimensions on every KPI (for example Powertools' `service`). @default - none */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** @default KPI_NAMESPACE */
  readonly namespace?: string;
}

/**
 * The EMF records of one incident's KPIs: one with the durations, pages, tokens and cost it has, and, when automation
 * was considered, one with AutomationOutcome = 1 and the `Outcome` dimension. The incident id is a property.
 */
export function kpiEmfRecords(kpis: IncidentKpis, options: KpiEmfOptions): EmfRecord[] {
  const metrics: EmfMetric[] = [];
  const seconds = (name: string, value: number | undefined) => {
    if (value !== undefined) metrics.push({ name, value, unit: 'Seconds' });
  };
  seconds(KpiMetric.TIME_TO_DETECT, kpis.timeToDetectSeconds);
  seconds(KpiMetric.TIME_TO_ACKNOWLEDGE, kpis.timeToAcknowledgeSeconds);
  seconds(KpiMetric.TIME_TO_MITIGATE, kpis.timeToMitigateSeconds);
  seconds(KpiMetric.TIME_TO_RESOLVE, kpis.timeToResolveSeconds);
  metrics.push({ name: KpiMetric.PAGES, value: kpis.pages, unit: 'Count' });
  metrics.push({ name: KpiMetric.REASONING_TOKENS, value: kpis.reasoningTokens, unit: 'Count' });
  if (kpis.estimatedCostUsd !== undefined) metrics.push({ name: KpiMetric.ESTIMATED_COST_USD, value: kpis.estimatedCostUsd, unit: 'None' });
  const base = { namespace: options.namespace, timestamp: options.timestamp, properties: { incidentId: kpis.incidentId } };
  const records = [buildEmfRecord({ ...base, dimensions: options.dimensions, metrics })];
  if (kpis.automationOutcome !== undefined) {
    records.push(buildEmfRecord({
      ...base,
      dimensions: { ...options.dimensions, [KpiDimension.OUTCOME]: kpis.automationOutcome },
      metrics: [{ name: KpiMetric.AUTOMATION_OUTCOME, value: 1, unit: 'Count' }],
    }));
  }
  return records;
}
