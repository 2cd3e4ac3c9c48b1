/**
 * What the Telemetry agent should query for an incident, derived from its signals. Pure: no SDK, no clock
 * (the time comes in through `now`).
 */
import * as z from 'zod';
import type { MetricSpec, ResourceKey, TimeWindow } from './ports';
import { GOLDEN_SIGNALS, resolveIdentity, resolveResourceRef, type ResolvedResource } from './resources';
import type { GoldenSignal } from '../model/aws-resources';
import { IncidentSchema, type Incident } from '../model/incident';
import { SignalSchema, type Signal } from '../model/signal';

export type { GoldenSignal } from '../model/aws-resources';
export { GOLDEN_SIGNALS, resolveArn, resolveIdentity, resolveResourceRef, type ResolvedResource } from './resources';

/** What the Telemetry agent is asked to look at. */
export interface TelemetryRequest {
  readonly incident: Incident;
  /** The incident's signals (or only the firing ones). The Incident carries signal ids, not signals. */
  readonly signals: readonly Signal[];
  /** Time range to look at. Default: see `defaultWindow`. */
  readonly window?: TimeWindow;
}

/** Validates a TelemetryRequest arriving from outside (a handler's event). */
export const TelemetryRequestSchema = z.object({
  incident: IncidentSchema,
  signals: z.array(SignalSchema),
  window: z.object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) })
    .refine((w) => Date.parse(w.start) < Date.parse(w.end), { message: 'window.start must be before window.end' })
    .optional(),
});

/**
 * Signal `labels` keys the planner reads. Normalisers that put these keys on a signal get the matching
 * query planned; everything else is inferred from the resource type and id. The CloudWatch alarm normaliser
 * (`src/runtime/normalise/cloudwatch-alarm.ts`) sets `namespace` and `metricName` and resolves the metric's
 * dimensions to the signal's resource, so the dimensions, statistic and period are rebuilt from the resource's
 * golden-signal profile unless `dimensions`, `stat` and `period` labels say otherwise.
 */
export const TELEMETRY_LABELS = {
  /** CloudWatch namespace of the alarm's metric (`AWS/EC2`). */
  namespace: 'namespace',
  /** Metric name of the alarm's metric (`CPUUtilization`); `metric` is read as well. */
  metricName: 'metricName',
  /** Dimensions of the alarm's metric: a JSON object (`{"InstanceId":"i-1"}`) or `Name=Value,Name=Value`. */
  dimensions: 'dimensions',
  /** Statistic of the alarm's metric (`Average`, `p99`); `statistic` is read as well. */
  stat: 'stat',
  /** Period of the alarm's metric in seconds. */
  period: 'period',
  /** DevOps Guru insight id. */
  insightId: 'insightId',
  /** Application Signals SLO ARN or name; `sloName` is read as well. */
  sloArn: 'sloArn',
  /** Log group names to query, comma separated. */
  logGroup: 'logGroup',
} as const;

export interface PlannedMetric {
  /** Query id for GetMetricData (`m0`, `m1`...). */
  readonly id: string;
  /** Stable evidence handle: `metrics:<MetricName>:<resource id>`. */
  readonly ref: string;
  /** `alarm`: the metric a firing alarm watches; `golden`: a golden signal of an incident resource. */
  readonly role: 'alarm' | 'golden';
  readonly golden?: GoldenSignal;
  readonly metric: MetricSpec;
  /** Name of the signal's alarm when `role` is `alarm`. */
  readonly alarmName?: string;
}

export interface LogsPlan {
  readonly logGroups: readonly string[];
  readonly queryString: string;
  readonly limit: number;
}

export interface TelemetryPlan {
  readonly window: TimeWindow;
  /** Time of the first firing signal (or of the first signal): where a change point is expected. */
  readonly anchor: string;
  readonly metrics: readonly PlannedMetric[];
  /** Absent when there is no log group to query. */
  readonly logs?: LogsPlan;
  readonly traces: { readonly filterExpression?: string; readonly groupName?: string; readonly serviceNames: readonly string[] };
  readonly insightIds: readonly string[];
  readonly slo: { readonly sloIds: readonly string[]; readonly services: readonly string[] };
  /** Resources to look up in AWS Config (only `AWS::` types). */
  readonly resources: readonly ResourceKey[];
}

export interface PlanOptions {
  /** The current time; the end of the default window is never after it. */
  readonly now: Date;
  /** Log groups to query for every incident, besides those inferred from the resources. */
  readonly logGroups?: readonly string[];
  /** Logs Insights query. Default: DEFAULT_LOGS_QUERY. */
  readonly logsQuery?: string;
  /** Most rows a Logs Insights query returns. Default 200. */
  readonly logsLimit?: number;
  /** SLOs to report on for every incident. */
  readonly sloIds?: readonly string[];
  /** X-Ray group for the service graph. */
  readonly traceGroupName?: string;
  /** X-Ray filter expression. Default: `service("<name>")` over the incident's services and Lambda functions. */
  readonly traceFilterExpression?: string;
  /** Query golden signals of the incident's resources besides the alarm metrics. Default true. */
  readonly goldenSignals?: boolean;
  /** Most metric series to fetch. Default 24. */
  readonly maxMetrics?: number;
  /** Most resources looked up in AWS Config. Default 20. */
  readonly maxResources?: number;
}

/** Minutes before the first signal the default window starts. */
export const WINDOW_BEFORE_MINUTES = 30;
/** Minutes after the last signal the default window ends (never after now). */
export const WINDOW_AFTER_MINUTES = 5;
/** Longest window; longer requests keep the most recent part (X-Ray trace summaries allow at most 6 hours). */
export const WINDOW_MAX_HOURS = 6;
/** Most log groups in one Logs Insights query (the API allows 50). */
export const MAX_LOG_GROUPS = 20;

/** Lines that look like errors, newest first. `@log` names the log group of each line. */
export const DEFAULT_LOGS_QUERY = [
  'fields @timestamp, @message, @log',
  '| filter @message like /(?i)(error|exception|fail|fatal|panic|timed? ?out|throttl|denied|refused|5\\d\\d)/',
  '| sort @timestamp desc',
].join('\n');

const MINUTE = 60_000;

/**
 * Default window: from WINDOW_BEFORE_MINUTES before the first signal to WINDOW_AFTER_MINUTES after the last one,
 * but never after `now`, at most WINDOW_MAX_HOURS long (the most recent part kept). Without signals the incident's
 * `openedAt`..`updatedAt` is used instead.
 */
export function defaultWindow(incident: Incident, signals: readonly Signal[], now: Date): TimeWindow {
  const times = signals.map((s) => Date.parse(s.time)).filter((t) => Number.isFinite(t));
  const first = times.length ? Math.min(...times) : Date.parse(incident.openedAt);
  const last = times.length ? Math.max(...times) : Date.parse(incident.updatedAt);
  let end = Math.min(now.getTime(), last + WINDOW_AFTER_MINUTES * MINUTE);
  let start = first - WINDOW_BEFORE_MINUTES * MINUTE;
  if (end <= start) end = start + WINDOW_BEFORE_MINUTES * MINUTE;
  start = Math.max(start, end - WINDOW_MAX_HOURS * 60 * MINUTE);
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** Period fitting a window so a series stays a few hundred points at most. */
export function periodFor(window: TimeWindow): number {
  const ms = Date.parse(window.end) - Date.parse(window.start);
  if (ms <= 3 * 60 * MINUTE) return 60;
  if (ms <= 24 * 60 * MINUTE) return 300;
  return 3600;
}

// ---------------------------------------------------------------- labels

/** Parse a dimensions label: a JSON object, a JSON array of `{name,value}`, or `Name=Value,Name=Value`. */
export function parseDimensions(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const out: Record<string, string> = {};
      if (Array.isArray(parsed)) {
        for (const d of parsed) {
          const name = d?.name ?? d?.Name;
          const value = d?.value ?? d?.Value;
          if (typeof name === 'string' && value !== undefined) out[name] = String(value);
        }
      } else if (parsed && typeof parsed === 'object') {
        for (const [k, v] of Object.entries(parsed)) if (v !== null && typeof v !== 'object') out[k] = String(v);
      }
      return out;
    } catch {
      return undefined;
    }
  }
  const out: Record<string, string> = {};
  for (const pair of trimmed.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return Object.keys(out).length ? out : undefined;
}

function label(signal: Signal, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = signal.labels?.[k];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** The metric an alarm signal watches, from its labels; dimensions fall back to the resource's golden profile. */
export function alarmMetric(signal: Signal, defaultPeriod: number): MetricSpec | undefined {
  if (signal.source !== 'cloudwatch-alarm') return undefined;
  const namespace = label(signal, TELEMETRY_LABELS.namespace);
  const metricName = label(signal, TELEMETRY_LABELS.metricName, 'metric');
  if (!namespace || !metricName) return undefined;
  // The normaliser names the metric but not its dimensions: they come from the resource it resolved them to.
  const resource = resolveResourceRef(signal.resource);
  const profile = GOLDEN_SIGNALS[resource.type];
  const dimensions = parseDimensions(label(signal, TELEMETRY_LABELS.dimensions)) ?? profile?.dimensions(resource);
  // Without dimensions the query would read the namespace-wide metric, which is rarely what alarmed.
  if (!dimensions) return undefined;
  const known = profile?.metrics.find((m) => m.namespace === namespace && m.metricName === metricName);
  const period = Number(label(signal, TELEMETRY_LABELS.period));
  return {
    namespace,
    metricName,
    dimensions,
    stat: label(signal, TELEMETRY_LABELS.stat, 'statistic') ?? known?.stat ?? 'Average',
    periodSeconds: Number.isFinite(period) && period >= 1 ? Math.min(period, 86_400) : defaultPeriod,
  };
}

function metricKey(m: MetricSpec): string {
  const dims = Object.keys(m.dimensions).sort().map((k) => `${k}=${m.dimensions[k]}`).join(',');
  return `${m.namespace}|${m.metricName}|${dims}|${m.stat}`;
}

function shortId(m: MetricSpec): string {
  const values = Object.keys(m.dimensions).sort().map((k) => m.dimensions[k]);
  return values.length ? values.join(',') : m.namespace;
}

function uniq<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

// ---------------------------------------------------------------- the plan

/** Everything the collectors need to know, from an incident, its signals and the agent's configuration. */
export function planTelemetry(request: TelemetryRequest, options: PlanOptions): TelemetryPlan {
  const { incident, signals } = request;
  const window = request.window ?? defaultWindow(incident, signals, options.now);
  const period = periodFor(window);
  const firing = signals.filter((s) => s.state === 'firing');
  const anchorSignals = firing.length ? firing : signals;
  const anchorMs = anchorSignals.length
    ? Math.min(...anchorSignals.map((s) => Date.parse(s.time)))
    : Date.parse(incident.openedAt);
  const anchor = new Date(Number.isFinite(anchorMs) ? anchorMs : Date.parse(window.start)).toISOString();

  // Resources: from the signals (typed) first, then the incident's identities.
  const resolved = new Map<string, ResolvedResource>();
  for (const s of signals) {
    const r = resolveResourceRef(s.resource);
    resolved.set(`${r.type}/${r.id}`, r);
  }
  for (const identity of incident.resources) {
    const r = resolveIdentity(identity);
    if (r && !resolved.has(`${r.type}/${r.id}`)) resolved.set(`${r.type}/${r.id}`, r);
  }
  const resources = [...resolved.values()];

  // Metrics: the alarms' own metrics first, then golden signals of each resource.
  const maxMetrics = options.maxMetrics ?? 24;
  const metrics: PlannedMetric[] = [];
  const seen = new Set<string>();
  const usedRefs = new Set<string>();
  const add = (metric: MetricSpec, role: PlannedMetric['role'], golden?: GoldenSignal, alarmName?: string) => {
    const key = metricKey(metric);
    if (seen.has(key) || metrics.length >= maxMetrics) return;
    seen.add(key);
    let ref = `metrics:${metric.metricName}:${shortId(metric)}`;
    if (usedRefs.has(ref)) ref = `${ref}:${metric.stat}`;
    for (let i = 2; usedRefs.has(ref); i++) ref = `metrics:${metric.metricName}:${shortId(metric)}:${i}`;
    usedRefs.add(ref);
    metrics.push({ id: `m${metrics.length}`, ref, role, golden, metric, alarmName });
  };
  for (const s of anchorSignals) {
    const m = alarmMetric(s, period);
    if (m) add(m, 'alarm', undefined, s.labels?.alarmName ?? s.title);
  }
  if (options.goldenSignals ?? true) {
    for (const r of resources) {
      const profile = GOLDEN_SIGNALS[r.type];
      const dimensions = profile?.dimensions(r);
      if (!profile || !dimensions) continue;
      for (const gm of profile.metrics) {
        add({ namespace: gm.namespace, metricName: gm.metricName, dimensions, stat: gm.stat, periodSeconds: period }, 'golden', gm.golden);
      }
    }
  }

  // Logs: configured groups, groups named on signals, and the Lambda convention.
  const logGroups = uniq([
    ...(options.logGroups ?? []),
    ...signals.flatMap((s) => (label(s, TELEMETRY_LABELS.logGroup) ?? '').split(',').map((x) => x.trim()).filter(Boolean)),
    ...resources.filter((r) => r.type === 'AWS::Lambda::Function').map((r) => `/aws/lambda/${r.name}`),
  ]).slice(0, MAX_LOG_GROUPS);
  const logs: LogsPlan | undefined = logGroups.length
    ? { logGroups, queryString: options.logsQuery ?? DEFAULT_LOGS_QUERY, limit: options.logsLimit ?? 200 }
    : undefined;

  // Traces: services by name (incident services and Lambda functions, which X-Ray names after the function).
  const serviceNames = uniq([
    ...incident.services,
    ...signals.map((s) => s.service).filter((s): s is string => !!s),
    ...resources.filter((r) => r.type === 'AWS::Lambda::Function').map((r) => r.name),
  ]);
  const quote = (s: string) => `service("${s.replace(/["\\]/g, '')}")`;
  const filterExpression = options.traceFilterExpression
    ?? (serviceNames.length ? serviceNames.slice(0, 10).map(quote).join(' OR ') : undefined);

  // DevOps Guru insights named by the signals.
  const insightIds = uniq(signals.flatMap((s) => {
    const fromLabel = label(s, TELEMETRY_LABELS.insightId);
    if (fromLabel) return [fromLabel];
    if (s.source === 'devops-guru' && s.kind === 'insight' && !s.resource.id.startsWith('arn:')) {
      return s.resource.type === 'AWS::DevOpsGuru::Insight' ? [s.resource.id] : [];
    }
    return [];
  }));

  // SLOs named by the signals or configured, and the incident's services.
  const sloIds = uniq([
    ...(options.sloIds ?? []),
    ...signals.flatMap((s) => {
      const fromLabel = label(s, TELEMETRY_LABELS.sloArn, 'sloName', 'sloId');
      if (fromLabel) return [fromLabel];
      const r = resolveResourceRef(s.resource);
      return r.type === 'AWS::ApplicationSignals::ServiceLevelObjective' ? [r.arn ?? r.id] : [];
    }),
  ]);

  const maxResources = options.maxResources ?? 20;
  return {
    window,
    anchor,
    metrics,
    logs,
    traces: { filterExpression, groupName: options.traceGroupName, serviceNames },
    insightIds,
    slo: { sloIds, services: uniq(incident.services) },
    resources: resources
      .filter((r) => r.type.startsWith('AWS::') && r.type !== 'AWS::ApplicationSignals::ServiceLevelObjective')
      .slice(0, maxResources)
      .map((r) => ({ type: r.type, id: r.id })),
  };
}
