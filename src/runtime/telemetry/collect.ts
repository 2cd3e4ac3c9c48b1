/**
 * The Telemetry agent's core: plan what to query, run the configured collectors concurrently with a timeout
 * each, summarise what they return, and fit it all into the token budget. Never throws: a collector that is
 * missing, not permitted, not applicable, throttled or failing is reported with a reason instead.
 */
import { DEFAULT_TOKEN_BUDGET, fitToBudget } from './budget';
import { planTelemetry, type PlanOptions, type TelemetryPlan, type TelemetryRequest } from './plan';
import type { Collectors } from './ports';
import {
  summariseCompliance,
  summariseInsight,
  summariseLogs,
  summariseMetrics,
  summariseServiceGraph,
  summariseSlo,
  summariseTraces,
} from './summarise';
import { COLLECTOR_NAMES, type CollectorName, type CollectorResult, type Evidence, type TelemetryBundle } from './types';
import type { Signal } from '../model/signal';

export type { TelemetryRequest } from './plan';

export interface CollectOptions extends Omit<PlanOptions, 'now'> {
  /** The current time (no clock is read in the core). */
  readonly now: Date;
  /** Token budget of the whole bundle. Default DEFAULT_TOKEN_BUDGET (3000). */
  readonly tokenBudget?: number;
  /** Longest a collector may take before it is reported as an error. Default 20 000 ms. */
  readonly timeoutMs?: number;
  /** Per-collector timeouts overriding `timeoutMs`. */
  readonly timeouts?: Partial<Record<CollectorName, number>>;
  /**
   * Longest the Logs Insights query may run before it is stopped and partial rows used. Default 12 000 ms, and
   * never closer than LOGS_STOP_MARGIN_MS to the logs collector's timeout.
   */
  readonly logsMaxWaitMs?: number;
  /** Most trace summaries read. Default 200. */
  readonly maxTraces?: number;
  /** Collectors not to run even when configured (reported as skipped). */
  readonly disabled?: readonly CollectorName[];
}

export const DEFAULT_COLLECTOR_TIMEOUT_MS = 20_000;
export const DEFAULT_LOGS_MAX_WAIT_MS = 12_000;
/** Time kept between the end of the Logs Insights wait and the logs collector's timeout, for the last poll and StopQuery. */
export const LOGS_STOP_MARGIN_MS = 2_000;

/** Error names that mean the caller may not make the call. */
const ACCESS_DENIED = new Set([
  'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException', 'NotAuthorized',
  'NotAuthorizedException', 'AuthorizationError', 'AuthFailure', 'UnrecognizedClientException', 'InvalidClientTokenId',
  'ExpiredTokenException', 'OptInRequired', 'SubscriptionRequiredException',
]);
/** Error names that mean slow down. */
const THROTTLED = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'LimitExceededException', 'ProvisionedThroughputExceededException', 'RequestThrottled', 'RequestThrottledException',
  'SlowDown', 'ServiceQuotaExceededException',
]);
/** Error names that mean the thing asked about does not exist (a log group, an insight...). */
const NOT_FOUND = new Set(['ResourceNotFoundException', 'NoSuchEntity', 'NotFoundException', 'ResourceNotFound']);

/** Outcome of a collector run, before the budget. */
export type CollectorOutcome =
  | { readonly status: 'ok'; readonly evidence: Evidence[]; readonly reason?: string }
  | { readonly status: 'skipped' | 'error'; readonly reason: string };

class CollectorTimeout extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'CollectorTimeout';
  }
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; code?: unknown; Code?: unknown; __type?: unknown };
    for (const v of [e.name, e.code, e.Code, e.__type]) {
      if (typeof v === 'string' && v && v !== 'Error') return v.split('#').pop()!;
    }
    return 'Error';
  }
  return typeof err === 'string' ? 'Error' : 'UnknownError';
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') return (err as { message: string }).message;
  return String(err);
}

/** Map an error a port threw to a skip or an error with a short reason. */
export function classifyError(err: unknown): { status: 'skipped' | 'error'; reason: string } {
  if (err instanceof CollectorTimeout) return { status: 'error', reason: err.message };
  const code = errorCode(err);
  const httpStatus = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  const message = errorMessage(err).replace(/\s+/g, ' ').slice(0, 160);
  if (ACCESS_DENIED.has(code) || (httpStatus === 403 && !THROTTLED.has(code))) return { status: 'skipped', reason: `not permitted (${code})` };
  if (THROTTLED.has(code) || httpStatus === 429) return { status: 'error', reason: `throttled (${code})` };
  if (NOT_FOUND.has(code)) return { status: 'skipped', reason: `not applicable (${code}: ${message})` };
  return { status: 'error', reason: `${code}: ${message}` };
}

function withTimeout<T>(work: () => Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CollectorTimeout(ms)), ms);
    (timer as { unref?: () => void }).unref?.();
    Promise.resolve()
      .then(work)
      .then(
        (v) => { clearTimeout(timer); resolve(v); },
        (e) => { clearTimeout(timer); reject(e); },
      );
  });
}

/** Side values some collectors report for the bundle itself. */
interface Extras { errorBudgetRemaining?: number; nonCompliantResources?: string[] }

type Runner = (plan: TelemetryPlan, options: CollectOptions, extras: Extras) => Promise<CollectorOutcome>;

function notApplicable(why: string): CollectorOutcome {
  return { status: 'skipped', reason: `not applicable: ${why}` };
}

function runners(collectors: Partial<Collectors>): Record<CollectorName, Runner | undefined> {
  const { metrics, logs, traces, slo, config } = collectors;
  const guru = collectors['devops-guru'];
  return {
    'metrics': metrics && (async (plan) => {
      if (!plan.metrics.length) return notApplicable('no metric known for the signals or resources');
      const series = await metrics.getMetricData({ queries: plan.metrics.map((m) => ({ id: m.id, metric: m.metric })), window: plan.window });
      return { status: 'ok', evidence: summariseMetrics(plan.metrics, series, plan.anchor) };
    }),
    'logs': logs && (async (plan, options) => {
      if (!plan.logs) return notApplicable('no log group known for the resources');
      // The bounded wait ends before the collector's timeout so the query is stopped and its partial rows kept.
      const maxWaitMs = Math.max(0, Math.min(options.logsMaxWaitMs ?? DEFAULT_LOGS_MAX_WAIT_MS, timeoutOf('logs', options) - LOGS_STOP_MARGIN_MS));
      const result = await logs.run(
        { logGroups: plan.logs.logGroups, queryString: plan.logs.queryString, window: plan.window, limit: plan.logs.limit },
        { maxWaitMs },
      );
      if (result.status === 'Failed' || result.status === 'Cancelled') return { status: 'error', reason: `Logs Insights query ${result.status.toLowerCase()}` };
      const partial = result.status === 'Complete' ? undefined : `partial: query ${result.status === 'Timeout' ? 'stopped after the bounded wait' : result.status}`;
      return { status: 'ok', evidence: summariseLogs(result, plan.logs), reason: partial };
    }),
    'traces': traces && (async (plan, options) => {
      const [summaries, graph] = await Promise.allSettled([
        traces.summaries({ window: plan.window, filterExpression: plan.traces.filterExpression, maxTraces: options.maxTraces ?? 200 }),
        traces.serviceGraph({ window: plan.window, groupName: plan.traces.groupName }),
      ]);
      if (summaries.status === 'rejected' && graph.status === 'rejected') throw summaries.reason;
      const evidence: Evidence[] = [];
      const notes: string[] = [];
      if (summaries.status === 'fulfilled') evidence.push(...summariseTraces(summaries.value));
      else notes.push(`trace summaries: ${classifyError(summaries.reason).reason}`);
      if (graph.status === 'fulfilled') evidence.push(...summariseServiceGraph(graph.value, plan.traces.serviceNames));
      else notes.push(`service graph: ${classifyError(graph.reason).reason}`);
      return { status: 'ok', evidence, reason: notes.length ? notes.join('; ') : undefined };
    }),
    'devops-guru': guru && (async (plan) => {
      if (!plan.insightIds.length) return notApplicable('no DevOps Guru insight among the signals');
      const evidence: Evidence[] = [];
      for (const [i, insightId] of plan.insightIds.slice(0, 3).entries()) {
        const [anomalies, recommendations] = await Promise.all([guru.anomalies(insightId), guru.recommendations(insightId)]);
        evidence.push(...summariseInsight(insightId, anomalies, recommendations, i === 0 ? 'devops-guru' : `devops-guru:${i + 1}`));
      }
      return { status: 'ok', evidence };
    }),
    'slo': slo && (async (plan, options, extras) => {
      if (!plan.slo.sloIds.length && !plan.slo.services.length) return notApplicable('no SLO or service named by the incident');
      const result = await slo.budgetReports({ sloIds: plan.slo.sloIds, services: plan.slo.services, at: options.now.toISOString() });
      if (!result.reports.length && !result.errors.length) return notApplicable('no SLO found for the incident\'s services');
      const summary = summariseSlo(result);
      extras.errorBudgetRemaining = summary.errorBudgetRemaining;
      return { status: 'ok', evidence: summary.evidence };
    }),
    'config': config && (async (plan, _options, extras) => {
      if (!plan.resources.length) return notApplicable('no AWS resource on the incident');
      const summary = summariseCompliance(await config.byResource(plan.resources));
      extras.nonCompliantResources = summary.nonCompliantResources;
      return { status: 'ok', evidence: summary.evidence };
    }),
  };
}

function timeoutOf(name: CollectorName, options: CollectOptions): number {
  return options.timeouts?.[name] ?? options.timeoutMs ?? DEFAULT_COLLECTOR_TIMEOUT_MS;
}

/** Run one collector and turn whatever happens into an outcome. */
async function runOne(
  name: CollectorName,
  runner: Runner | undefined,
  plan: TelemetryPlan,
  options: CollectOptions,
  extras: Extras,
): Promise<CollectorOutcome> {
  if (options.disabled?.includes(name)) return { status: 'skipped', reason: 'disabled' };
  if (!runner) return { status: 'skipped', reason: 'not configured' };
  try {
    // A timed-out port call is abandoned, not cancelled: its result, if any, is ignored.
    return await withTimeout(() => runner(plan, options, extras), timeoutOf(name, options));
  } catch (err) {
    return classifyError(err);
  }
}

/**
 * Gather telemetry for an incident.
 *
 * @param request the incident, its signals and optionally the window
 * @param collectors the ports available; a missing one is reported as `skipped: not configured`
 * @param options the current time, the token budget, timeouts and planning options
 */
export async function collectTelemetry(
  request: TelemetryRequest,
  collectors: Partial<Collectors>,
  options: CollectOptions,
): Promise<TelemetryBundle> {
  let plan: TelemetryPlan;
  try {
    plan = planTelemetry(request, options);
  } catch (err) {
    // Planning is pure and should not fail; if malformed input makes it, report instead of throwing.
    const reason = `planning failed: ${errorMessage(err).slice(0, 160)}`;
    const now = options.now.toISOString();
    return fitToBudget({
      incidentId: request.incident?.id ?? 'unknown',
      window: request.window ?? { start: now, end: now },
      results: COLLECTOR_NAMES.map((collector) => ({ collector, status: 'error', reason, evidence: [], truncated: false })),
    }, options.tokenBudget ?? DEFAULT_TOKEN_BUDGET);
  }

  const table = runners(collectors);
  const extras: Extras = {};
  const outcomes = await Promise.all(COLLECTOR_NAMES.map((name) => runOne(name, table[name], plan, options, extras)));
  const results: CollectorResult[] = COLLECTOR_NAMES.map((collector, i) => {
    const o = outcomes[i];
    const evidence = o.status === 'ok' ? o.evidence : [];
    return o.reason === undefined
      ? { collector, status: o.status, evidence, truncated: false }
      : { collector, status: o.status, reason: o.reason, evidence, truncated: false };
  });
  const okNames = new Set(COLLECTOR_NAMES.filter((_, i) => outcomes[i].status === 'ok'));
  return fitToBudget({
    incidentId: request.incident.id,
    window: plan.window,
    results,
    errorBudgetRemaining: okNames.has('slo') ? extras.errorBudgetRemaining : undefined,
    nonCompliantResources: okNames.has('config') ? extras.nonCompliantResources : undefined,
  }, options.tokenBudget ?? DEFAULT_TOKEN_BUDGET);
}

/** The firing signals among a set (a convenience for callers building a TelemetryRequest). */
export function firingSignals(signals: readonly Signal[]): Signal[] {
  return signals.filter((s) => s.state === 'firing');
}
