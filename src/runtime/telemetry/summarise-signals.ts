/**
 * Summarisers of the signal-like collectors: DevOps Guru insights, SLO budget reports and Config compliance.
 * Pure functions over plain data, evidence most-telling first (the budget keeps a prefix).
 */
import type { InsightAnomaly, InsightRecommendation, ResourceCompliance, SloBudgetReport, SloBudgetResult } from './ports';
import { clip, fmt, QUOTE_MAX_CHARS, round, shortTime } from './summarise-format';
import type { Evidence } from './types';

// ---------------------------------------------------------------- devops guru

const severityRank = (s?: string) => ({ HIGH: 0, MEDIUM: 1, LOW: 2 } as Record<string, number>)[s?.toUpperCase() ?? ''] ?? 3;

/** Anomalies (highest severity, ongoing first) and recommendations of one insight. */
export function summariseInsight(
  insightId: string,
  anomalies: readonly InsightAnomaly[],
  recommendations: readonly InsightRecommendation[],
  prefix = 'devops-guru',
): Evidence[] {
  const out: Evidence[] = [];
  [...anomalies]
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || (a.status === 'ONGOING' ? -1 : 0) - (b.status === 'ONGOING' ? -1 : 0))
    .forEach((a, i) => {
      const metrics = a.metrics.map((m) => {
        const dims = Object.entries(m.dimensions).map(([k, v]) => `${k}=${v}`).join(' ');
        return `${m.namespace ?? ''} ${m.metricName ?? ''}${dims ? ` (${dims})` : ''}`.trim();
      });
      out.push({
        ref: `${prefix}:anomaly:${i + 1}`,
        summary: `${a.severity ?? 'unknown'} ${a.kind} anomaly${a.status ? ` (${a.status.toLowerCase()})` : ''}`
          + `${a.name || a.description ? `: ${clip(a.name ?? a.description ?? '', 200)}` : ''}`
          + `${metrics.length ? `; metrics ${clip(metrics.join(', '), 200)}` : ''}`
          + `${a.start ? `; from ${shortTime(a.start)}${a.end ? ` to ${shortTime(a.end)}` : ''}` : ''}`,
        facts: { insightId, anomalyId: a.id, severity: a.severity ?? null, resources: a.resources.length ? clip(a.resources.join(', '), 200) : null },
      });
    });
  recommendations.forEach((r, i) => out.push({
    ref: `${prefix}:recommendation:${i + 1}`,
    summary: `Recommendation: ${clip(r.name ?? r.description ?? 'unnamed', 160)}`
      + `${r.description && r.name ? ` — ${clip(r.description, QUOTE_MAX_CHARS)}` : ''}${r.reason ? ` (why: ${clip(r.reason, 200)})` : ''}`,
    facts: { insightId, link: r.link ?? null, category: r.category ?? null, relatedMetrics: r.relatedMetrics.length ? clip(r.relatedMetrics.join(', '), 200) : null },
  }));
  if (!out.length) out.push({ ref: `${prefix}:empty`, summary: `Insight ${insightId} has no anomalies or recommendations listed`, facts: { insightId } });
  return out;
}

// ---------------------------------------------------------------- SLOs

/** Remaining fraction of an SLO's error budget (time- or request-based); negative when over-spent. */
export function budgetFraction(r: SloBudgetReport): number | undefined {
  if (r.totalBudgetSeconds && r.budgetSecondsRemaining !== undefined) return r.budgetSecondsRemaining / r.totalBudgetSeconds;
  if (r.totalBudgetRequests && r.budgetRequestsRemaining !== undefined) return r.budgetRequestsRemaining / r.totalBudgetRequests;
  return undefined;
}

const sloRank = (s: string) => ({ BREACHED: 0, WARNING: 1, INSUFFICIENT_DATA: 2, OK: 3 } as Record<string, number>)[s] ?? 2;

/** Budget reports, breached first, plus the lowest remaining budget clamped to 0..1. */
export function summariseSlo(result: SloBudgetResult): { evidence: Evidence[]; errorBudgetRemaining?: number } {
  const evidence: Evidence[] = [];
  let lowest: number | undefined;
  for (const r of [...result.reports].sort((a, b) => sloRank(a.status) - sloRank(b.status))) {
    const fraction = budgetFraction(r);
    if (fraction !== undefined) lowest = lowest === undefined ? fraction : Math.min(lowest, fraction);
    const budget = r.totalBudgetSeconds !== undefined
      ? `budget ${fmt(r.budgetSecondsRemaining ?? 0)}s of ${fmt(r.totalBudgetSeconds)}s left`
      : r.totalBudgetRequests !== undefined
        ? `budget ${fmt(r.budgetRequestsRemaining ?? 0)} of ${fmt(r.totalBudgetRequests)} requests left`
        : 'budget unknown';
    evidence.push({
      ref: `slo:${r.name}`,
      summary: `SLO "${r.name}" ${r.status}: attainment ${r.attainment !== undefined ? `${fmt(r.attainment)}%` : 'n/a'}`
        + `${r.goal !== undefined ? ` vs goal ${fmt(r.goal)}%` : ''}; ${budget}${fraction !== undefined ? ` (${fmt(fraction * 100)}%)` : ''}`,
      facts: {
        arn: r.arn,
        status: r.status,
        attainment: r.attainment ?? null,
        goal: r.goal ?? null,
        budgetRemaining: fraction !== undefined ? round(fraction) : null,
      },
    });
  }
  result.errors.forEach((e, i) => evidence.push({
    ref: `slo:error:${i + 1}`,
    summary: `No budget report for ${e.id}: ${e.code}${e.message ? ` ${clip(e.message, 200)}` : ''}`,
    facts: { id: e.id, code: e.code },
  }));
  return {
    evidence,
    errorBudgetRemaining: lowest === undefined ? undefined : Math.min(1, Math.max(0, round(lowest))),
  };
}

// ---------------------------------------------------------------- config

const complianceRank = (c: string) => ({ NON_COMPLIANT: 0, INSUFFICIENT_DATA: 1, COMPLIANT: 2, NOT_APPLICABLE: 3 } as Record<string, number>)[c] ?? 1;

/** Compliance per resource, non-compliant first, with the rules violated. */
export function summariseCompliance(items: readonly ResourceCompliance[]): { evidence: Evidence[]; nonCompliantResources: string[] } {
  const sorted = [...items].sort((a, b) => complianceRank(a.compliance) - complianceRank(b.compliance));
  const evidence = sorted.map((r): Evidence => {
    const rules = r.rules.filter((x) => x.compliance === 'NON_COMPLIANT').map((x) => x.rule);
    const count = r.nonCompliantRuleCount ?? (rules.length || undefined);
    return {
      ref: `config:${r.type}/${r.id}`,
      summary: `${r.type} ${r.id}: ${r.compliance}${count ? ` (${count} rule(s)${rules.length ? `: ${clip(rules.join(', '), 200)}` : ''})` : ''}`,
      facts: { compliance: r.compliance, nonCompliantRules: count ?? null },
    };
  });
  return {
    evidence,
    nonCompliantResources: sorted.filter((r) => r.compliance === 'NON_COMPLIANT').map((r) => `${r.type}/${r.id}`),
  };
}
