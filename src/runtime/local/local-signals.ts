/**
 * Telemetry ports answered from recorded signals only: what a local replay already has, never a call to AWS.
 *
 * - `slo`: the latest `slo-budget` signal (Application Signals budget report) of each SLO the incident names, or of
 *   its services, observed at or before the report time.
 * - `config`: the latest `compliance` signal (AWS Config rule evaluation) per resource and rule, at or before `now`.
 * - `devops-guru`: the `insight` / `insight-anomaly` / `insight-recommendation` signals of the insight, at or before `now`.
 *
 * Metrics, logs and traces have no recorded counterpart and are not offered: `collectTelemetry` reports them
 * `skipped: not configured`. Signals after the decision time are ignored, as live telemetry could not have seen them.
 */
import type { Signal } from '../model/signal';
import type {
  ComplianceReader,
  InsightAnomaly,
  InsightReader,
  InsightRecommendation,
  ResourceCompliance,
  ResourceKey,
  RuleCompliance,
  SloBudgetReport,
  SloReader,
} from '../telemetry/ports';

/** The collectors recorded signals can stand in for. */
export const LOCAL_SIGNAL_COLLECTORS = ['devops-guru', 'slo', 'config'] as const;
export type LocalSignalCollectorName = typeof LOCAL_SIGNAL_COLLECTORS[number];

export interface LocalSignalCollectors {
  readonly 'devops-guru': InsightReader;
  readonly 'slo': SloReader;
  readonly 'config': ComplianceReader;
}

export interface LocalSignalOptions {
  /**
   * Decision time: signals observed after it are ignored by `config` and `devops-guru` (`slo` uses the request's
   * `at`). @default - every signal counts
   */
  readonly now?: Date;
}

/** What a port throws when the recorded signals hold nothing for the question; the core reports it as not applicable. */
class NotRecorded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceNotFoundException';
  }
}

/**
 * Collectors over recorded signals (for `collectTelemetry`). Give them every signal the run has (not only the
 * incident's): an SLO report or a Config evaluation that arrived before the incident opened is what live telemetry
 * would have returned.
 */
export function localSignalCollectors(signals: readonly Signal[], options: LocalSignalOptions = {}): LocalSignalCollectors {
  const all = [...signals].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const upTo = (at: string | Date | undefined) => {
    const limit = at === undefined ? Infinity : typeof at === 'string' ? Date.parse(at) : at.getTime();
    return all.filter((s) => !(Date.parse(s.time) > limit));
  };
  return {
    'slo': { budgetReports: async (request) => ({ reports: sloReports(upTo(request.at), request.sloIds, request.services), errors: [] }) },
    'config': { byResource: async (resources) => compliance(upTo(options.now), resources) },
    'devops-guru': {
      anomalies: async (insightId) => anomalies(insightSignals(upTo(options.now), insightId), insightId),
      recommendations: async (insightId) => recommendations(insightSignals(upTo(options.now), insightId)),
    },
  };
}

// ---------------------------------------------------------------- slo

function num(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** The latest report per SLO (signals sorted oldest first) among those the request names. */
function sloReports(signals: readonly Signal[], sloIds: readonly string[], services: readonly string[]): SloBudgetReport[] {
  const wanted = new Set(sloIds);
  const serviceSet = new Set(services);
  const latest = new Map<string, Signal>();
  for (const s of signals) {
    if (s.kind !== 'slo-budget') continue;
    const arn = s.labels?.sloArn ?? s.resource.arn;
    const named = wanted.has(s.resource.id) || (arn !== undefined && wanted.has(arn));
    if (!named && !(s.service !== undefined && serviceSet.has(s.service))) continue;
    latest.set(arn ?? s.resource.id, s);
  }
  return [...latest.values()].map(sloReportOf);
}

/**
 * A budget report from an `slo-budget` signal. The signal's labels carry attainment, goal and the budget remaining
 * but not the total budget, so the total is derived from the remaining budget and the share of it left,
 * `(attainment - goal) / (100 - goal)` (Application Signals' definition of the error budget); without both, the
 * budget stays unknown.
 */
export function sloReportOf(s: Signal): SloBudgetReport {
  const labels = s.labels ?? {};
  const attainment = num(labels.attainment);
  const goal = num(labels.attainmentGoal);
  const share = attainment !== undefined && goal !== undefined && goal < 100 ? (attainment - goal) / (100 - goal) : undefined;
  const total = (remaining: number | undefined) => {
    if (remaining === undefined || share === undefined || share === 0) return undefined;
    const t = remaining / share;
    return t > 0 && Number.isFinite(t) ? Math.round(t * 1000) / 1000 : undefined;
  };
  const seconds = num(labels.budgetSecondsRemaining);
  const requests = num(labels.budgetRequestsRemaining);
  const totalSeconds = total(seconds);
  const totalRequests = totalSeconds === undefined ? total(requests) : undefined;
  return {
    arn: labels.sloArn ?? s.resource.arn ?? s.resource.id,
    name: s.resource.id,
    status: labels.budgetStatus ?? 'INSUFFICIENT_DATA',
    ...(labels.evaluationType ? { evaluationType: labels.evaluationType } : {}),
    ...(attainment !== undefined ? { attainment } : {}),
    ...(goal !== undefined ? { goal } : {}),
    ...(totalSeconds !== undefined ? { totalBudgetSeconds: totalSeconds, budgetSecondsRemaining: seconds } : {}),
    ...(totalRequests !== undefined ? { totalBudgetRequests: totalRequests, budgetRequestsRemaining: requests } : {}),
  };
}

// ---------------------------------------------------------------- config

function compliance(signals: readonly Signal[], resources: readonly ResourceKey[]): ResourceCompliance[] {
  const out: ResourceCompliance[] = [];
  for (const key of resources) {
    const byRule = new Map<string, RuleCompliance>();
    for (const s of signals) {
      if (s.kind !== 'compliance' || s.resource.type !== key.type || s.resource.id !== key.id) continue;
      const rule = s.labels?.configRuleName ?? s.title;
      const state = s.labels?.complianceType ?? 'INSUFFICIENT_DATA';
      byRule.set(rule, { rule, compliance: state, recordedAt: s.time, ...(s.description ? { annotation: s.description } : {}) });
    }
    if (!byRule.size) continue;
    const rules = [...byRule.values()];
    const states = new Set(rules.map((r) => r.compliance));
    const overall = states.has('NON_COMPLIANT') ? 'NON_COMPLIANT'
      : states.has('INSUFFICIENT_DATA') ? 'INSUFFICIENT_DATA'
        : states.has('COMPLIANT') ? 'COMPLIANT' : 'NOT_APPLICABLE';
    const nonCompliant = rules.filter((r) => r.compliance === 'NON_COMPLIANT').length;
    out.push({ type: key.type, id: key.id, compliance: overall, ...(nonCompliant ? { nonCompliantRuleCount: nonCompliant } : {}), rules });
  }
  if (!out.length) throw new NotRecorded('no AWS Config evaluation of these resources among the recorded signals');
  return out;
}

// ---------------------------------------------------------------- devops guru

function insightSignals(signals: readonly Signal[], insightId: string): Signal[] {
  return signals.filter((s) => s.source === 'devops-guru' && (s.labels?.insightId ?? s.resource.id) === insightId);
}

function anomalies(signals: readonly Signal[], insightId: string): InsightAnomaly[] {
  if (!signals.length) throw new NotRecorded(`no signal of DevOps Guru insight ${insightId} was recorded`);
  const closed = signals.some((s) => s.kind === 'insight' && s.state === 'resolved');
  return signals.filter((s) => s.kind === 'insight-anomaly' || (s.kind === 'insight' && s.state === 'firing')).map((s) => {
    const metric = s.labels?.metric?.split('/');
    return {
      id: s.id,
      kind: (s.labels?.insightType ?? '').toLowerCase() === 'proactive' ? 'proactive' : 'reactive',
      ...(s.labels?.insightSeverity ? { severity: s.labels.insightSeverity.toUpperCase() } : {}),
      status: closed ? 'CLOSED' : 'ONGOING',
      name: s.title,
      ...(s.description ? { description: s.description } : {}),
      start: s.time,
      metrics: metric && metric.length >= 2
        ? [{ namespace: metric.slice(0, -1).join('/') || undefined, metricName: metric[metric.length - 1], dimensions: {} }]
        : [],
      resources: [`${s.resource.type}/${s.resource.id}`],
    };
  });
}

function recommendations(signals: readonly Signal[]): InsightRecommendation[] {
  return signals.filter((s) => s.kind === 'insight-recommendation').map((s) => ({
    name: s.title,
    ...(s.description ? { description: s.description } : {}),
    relatedAnomalyIds: [],
    relatedMetrics: s.labels?.metric ? [s.labels.metric] : [],
  }));
}
