/**
 * Ports of the Telemetry agent: one narrow interface per collector, naming only the calls the core makes.
 *
 * Everything here is plain data defined by the core (ISO-8601 strings for times, records for dimensions),
 * never AWS SDK types. The SDK adapters in `src/adapters/telemetry` map to and from these shapes;
 * a local CLI or a test can implement them over anything.
 *
 * Errors: a port rejects with the error it got. The core classifies it by `name` / `code`
 * (AccessDenied-like → skipped, throttling → error) so adapters do not need to translate errors.
 */
import type { CollectorName } from './types';

/** A closed time range, ISO-8601 with offset. */
export interface TimeWindow {
  readonly start: string;
  readonly end: string;
}

// ---------------------------------------------------------------- metrics

/** One CloudWatch metric and how to aggregate it. */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Average`, `Sum`, `Maximum`, `p99`... */
  readonly stat: string;
  readonly periodSeconds: number;
}

/** One series to fetch; `id` is unique in a request and matches `^[a-z][a-zA-Z0-9_]*$`. */
export interface MetricDataQuery {
  readonly id: string;
  readonly metric: MetricSpec;
}

export interface MetricDataRequest {
  readonly queries: readonly MetricDataQuery[];
  readonly window: TimeWindow;
}

/** One series as returned, timestamps ISO-8601, not necessarily sorted. */
export interface MetricSeries {
  readonly id: string;
  readonly label?: string;
  readonly timestamps: readonly string[];
  readonly values: readonly number[];
  /** `Complete`, `PartialData`, `Forbidden`, `InternalError`. */
  readonly status: string;
  readonly messages?: readonly string[];
}

export interface MetricReader {
  getMetricData(request: MetricDataRequest): Promise<MetricSeries[]>;
}

// ---------------------------------------------------------------- logs

export interface LogsQueryRequest {
  /** Log group names (or ARNs), at most 50. */
  readonly logGroups: readonly string[];
  /** CloudWatch Logs Insights query language. */
  readonly queryString: string;
  readonly window: TimeWindow;
  /** Most rows to return. */
  readonly limit: number;
}

export interface LogsQueryOptions {
  /** Longest time to wait for the query to complete; past it the query is stopped and partial rows returned. */
  readonly maxWaitMs: number;
}

export interface LogsQueryResult {
  /** `Complete`, or `Timeout` when the bounded wait ran out (rows are then partial), `Failed`, `Cancelled`. */
  readonly status: 'Complete' | 'Timeout' | 'Failed' | 'Cancelled' | 'Unknown';
  /** One record per row: field name (`@timestamp`, `@message`, `@log`...) → value. `@ptr` is dropped. */
  readonly rows: ReadonlyArray<Readonly<Record<string, string>>>;
  readonly recordsMatched?: number;
  readonly recordsScanned?: number;
  readonly bytesScanned?: number;
}

export interface LogsQuery {
  run(query: LogsQueryRequest, options: LogsQueryOptions): Promise<LogsQueryResult>;
}

// ---------------------------------------------------------------- traces

export interface TraceSummariesRequest {
  readonly window: TimeWindow;
  /** X-Ray filter expression, e.g. `service("checkout")`. */
  readonly filterExpression?: string;
  /** Most trace summaries to read (the adapter stops paging there). */
  readonly maxTraces: number;
}

/** One service on a root-cause path with the entities (segments) that led there. */
export interface RootCause {
  readonly kind: 'fault' | 'error' | 'response-time';
  readonly service: string;
  readonly serviceType?: string;
  /** Entity names from the service down to the culprit. */
  readonly path: readonly string[];
  /** Exception names (and messages) seen on the path. */
  readonly exceptions: readonly string[];
  readonly clientImpacting?: boolean;
}

export interface TraceSummary {
  readonly id: string;
  readonly startTime?: string;
  readonly durationSeconds?: number;
  readonly responseTimeSeconds?: number;
  readonly hasFault: boolean;
  readonly hasError: boolean;
  readonly hasThrottle: boolean;
  readonly httpMethod?: string;
  readonly httpUrl?: string;
  readonly httpStatus?: number;
  readonly entryPoint?: string;
  readonly rootCauses: readonly RootCause[];
}

export interface TraceSummariesResult {
  readonly traces: readonly TraceSummary[];
  /** Traces X-Ray processed to answer (may exceed `traces.length`). */
  readonly processedCount?: number;
}

export interface ServiceGraphRequest {
  readonly window: TimeWindow;
  readonly groupName?: string;
}

/** Request counts of a service or an edge. */
export interface RequestStats {
  readonly total: number;
  readonly ok: number;
  /** 4xx. */
  readonly errors: number;
  /** 429, part of errors. */
  readonly throttles: number;
  /** 5xx. */
  readonly faults: number;
  readonly totalResponseTimeSeconds: number;
}

export interface ServiceGraphEdge {
  readonly targetReferenceId: number;
  readonly stats?: RequestStats;
}

export interface ServiceGraphNode {
  readonly referenceId: number;
  readonly name: string;
  readonly type?: string;
  readonly root?: boolean;
  readonly stats?: RequestStats;
  readonly edges: readonly ServiceGraphEdge[];
}

export interface TraceReader {
  summaries(request: TraceSummariesRequest): Promise<TraceSummariesResult>;
  serviceGraph(request: ServiceGraphRequest): Promise<ServiceGraphNode[]>;
}

// ---------------------------------------------------------------- devops guru

/** A CloudWatch metric an anomaly or recommendation points at. */
export interface MetricRef {
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat?: string;
}

export interface InsightAnomaly {
  readonly id: string;
  readonly kind: 'reactive' | 'proactive';
  /** `LOW`, `MEDIUM`, `HIGH`. */
  readonly severity?: string;
  /** `ONGOING`, `CLOSED`. */
  readonly status?: string;
  readonly name?: string;
  readonly description?: string;
  readonly start?: string;
  readonly end?: string;
  readonly metrics: readonly MetricRef[];
  /** `type/name` of the resources involved. */
  readonly resources: readonly string[];
}

export interface InsightRecommendation {
  readonly name?: string;
  readonly description?: string;
  readonly reason?: string;
  readonly link?: string;
  readonly category?: string;
  readonly relatedAnomalyIds: readonly string[];
  /** `Namespace/MetricName` of related metrics. */
  readonly relatedMetrics: readonly string[];
}

export interface InsightReader {
  anomalies(insightId: string): Promise<InsightAnomaly[]>;
  recommendations(insightId: string): Promise<InsightRecommendation[]>;
}

// ---------------------------------------------------------------- SLOs

export interface SloBudgetRequest {
  /** SLO ARNs or names to report on. */
  readonly sloIds: readonly string[];
  /** Application Signals service names whose SLOs to report on as well. */
  readonly services: readonly string[];
  /** Time the report is for. */
  readonly at: string;
}

export interface SloBudgetReport {
  readonly arn: string;
  readonly name: string;
  /** `OK`, `WARNING`, `BREACHED`, `INSUFFICIENT_DATA`. */
  readonly status: string;
  /** `PeriodBased` or `RequestBased`. */
  readonly evaluationType?: string;
  /** Percent, 0..100. */
  readonly attainment?: number;
  /** Percent, 0..100. */
  readonly goal?: number;
  readonly totalBudgetSeconds?: number;
  readonly budgetSecondsRemaining?: number;
  readonly totalBudgetRequests?: number;
  readonly budgetRequestsRemaining?: number;
}

export interface SloBudgetResult {
  readonly reports: readonly SloBudgetReport[];
  /** SLOs the service could not report on. */
  readonly errors: ReadonlyArray<{ readonly id: string; readonly code: string; readonly message?: string }>;
}

export interface SloReader {
  budgetReports(request: SloBudgetRequest): Promise<SloBudgetResult>;
}

// ---------------------------------------------------------------- config

/** A resource as AWS Config names it: `AWS::EC2::Instance` + `i-123`. */
export interface ResourceKey {
  readonly type: string;
  readonly id: string;
}

export interface RuleCompliance {
  readonly rule: string;
  /** `COMPLIANT`, `NON_COMPLIANT`, `NOT_APPLICABLE`, `INSUFFICIENT_DATA`. */
  readonly compliance: string;
  readonly recordedAt?: string;
  readonly annotation?: string;
}

export interface ResourceCompliance {
  readonly type: string;
  readonly id: string;
  readonly compliance: string;
  /** Rules the resource violates (capped count reported by Config). */
  readonly nonCompliantRuleCount?: number;
  /** Per-rule details for non-compliant resources, when read. */
  readonly rules: readonly RuleCompliance[];
}

export interface ComplianceReader {
  byResource(resources: readonly ResourceKey[]): Promise<ResourceCompliance[]>;
}

// ---------------------------------------------------------------- all of them

/** One port per collector name. `collectTelemetry` takes a `Partial<Collectors>`: a missing one is skipped. */
export interface Collectors {
  readonly 'metrics': MetricReader;
  readonly 'logs': LogsQuery;
  readonly 'traces': TraceReader;
  readonly 'devops-guru': InsightReader;
  readonly 'slo': SloReader;
  readonly 'config': ComplianceReader;
}

// Compile-time check that the ports cover exactly the collector names of the contract.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const COLLECTORS_MATCH_NAMES: Exact<keyof Collectors, CollectorName> = true;
