import type { ReplayedIncident, ReplayedTelemetry, ReplayResult } from './pipeline';
import type { TimelineEntry, TriageResult } from '../../runtime/model';
import { TRIAGE_ACTOR } from '../../runtime/triage';

/** Longest title or timeline message printed before it is cut with an ellipsis. */
const TEXT_MAX = 96;

/**
 * The human summary `cdk-aiops replay --format table` prints: per incident what the loop did (a short timeline from
 * the moment triage opened it), the decision with its reasons and the outcome; then the totals: share
 * auto-remediated, approvals, simulated time to recovery per incident, and why each incident that needed a human did.
 */
export function formatReplayTable(result: ReplayResult, triage?: TriageResult): string {
  const lines: string[] = [];
  if (triage) {
    const { stats } = triage;
    lines.push(`${plural(stats.events, 'event')} -> ${plural(stats.signals, 'signal')} -> ${plural(stats.incidents, 'incident')}`
      + ` (${stats.suppressed} suppressed, ${stats.rejected} rejected)`);
  }

  for (const i of sortReplayed(result.incidents)) {
    lines.push('', `${i.priority} ${truncate(i.title, TEXT_MAX)}  (${i.id})`);
    const opened = Date.parse(i.timeline[0]?.at ?? '');
    for (const e of loopEntries(i.timeline)) {
      lines.push(`  ${offset(Date.parse(e.at) - opened).padStart(7)}  ${truncate(e.message, TEXT_MAX)}`);
    }
    if (i.telemetry) lines.push(`  telemetry: ${telemetryLine(i.telemetry)}`);
    if (i.decision) {
      lines.push(`  decision: ${i.decision.outcome}${i.finding?.runbook ? ` ${i.finding.runbook.id}` : ''}`);
      for (const reason of i.decision.reasons) lines.push(`    - ${truncate(reason, TEXT_MAX)}`);
    }
    lines.push(`  outcome: ${outcomeOf(i)}`);
  }

  const { stats } = result;
  lines.push('', 'Summary');
  lines.push(`  incidents           ${stats.incidents}`);
  lines.push(`  auto-remediated     ${stats.autoRemediated} (${percent(stats.automationRate.all)}`
    + `${stats.automationRate.lowRisk === null ? '' : `; ${percent(stats.automationRate.lowRisk)} of low-risk runbooks`})`);
  lines.push(`  approvals           ${stats.approvals} approved, ${stats.denied} denied, ${stats.approvalTimeouts} timed out`);
  lines.push(`  median MTTR         ${stats.medianMttrSeconds === null ? '-' : duration(stats.medianMttrSeconds)} (simulated)`);

  if (result.incidents.length) {
    lines.push('', 'Simulated time to recovery');
    lines.push(...table(sortReplayed(result.incidents).map((i) => [
      i.priority, i.mttrSeconds === null ? 'unresolved' : duration(i.mttrSeconds), i.handledBy, truncate(i.title, 60),
    ]), ['priority', 'mttr', 'handled by', 'title']));
  }

  const human = sortReplayed(result.incidents).filter((i) => i.handledBy === 'human');
  if (human.length) {
    lines.push('', 'Why a human was needed');
    for (const i of human) lines.push(`  ${i.priority} ${truncate(i.title, 50)}: ${truncate(i.humanReason ?? 'escalated', TEXT_MAX)}`);
  }
  if (result.learned) {
    lines.push('', 'Learned correlation (confidence, support, used by triage at the threshold)');
    if (!result.learned.length) lines.push('  nothing learned yet (a pair needs 3 resolved incidents together, or a merge)');
    for (const p of result.learned) {
      lines.push(`  ${p.confidence.toFixed(2)}  ${truncate(p.fingerprint, 50)} <-> ${truncate(p.partner, 50)}  (${p.support}${p.used ? ', used' : ''})`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * What the Telemetry agent had: the collectors answered from recorded signals and what each found, the error budget,
 * or that none was configured.
 */
export function telemetryLine(t: ReplayedTelemetry): string {
  if (!t.fromSignals.length) return 'none (every collector not configured)';
  const parts = t.fromSignals.map((name) => {
    const r = t.collectors.find((c) => c.collector === name);
    if (!r) return `${name} -`;
    if (r.status !== 'ok') return `${name} ${r.status === 'skipped' && r.reason?.startsWith('not applicable') ? 'nothing recorded' : `${r.status} (${r.reason ?? '?'})`}`;
    if (name === 'slo') return `slo ${t.errorBudgetRemaining === null ? 'budget unknown' : `${percent(t.errorBudgetRemaining)} error budget left`}`;
    if (name === 'config') return `config ${t.nonCompliantResources?.length ? `${t.nonCompliantResources.length} non-compliant` : 'compliant'}`;
    return `${name} ${plural(r.evidence.length, 'finding')}`;
  });
  return `from recorded signals: ${parts.join(', ')}; metrics, logs, traces not configured`;
}

/** One phrase for how the incident ended in the simulation. */
export function outcomeOf(i: ReplayedIncident): string {
  const mttr = i.mttrSeconds === null ? 'unresolved' : `resolved after ${duration(i.mttrSeconds)}`;
  switch (i.handledBy) {
    case 'agent': return `${mttr} by runbook ${i.remediation?.runbookId ?? i.finding?.runbook?.id ?? '?'}`;
    case 'none': return `${mttr} on its own, before the agents acted`;
    case 'human': return `escalated to a human (${i.humanReason ?? 'escalated'}); ${mttr}`;
  }
}

/**
 * The short timeline: the opening, what the loop wrote and triage's resolution, in time order, without triage's
 * signal bookkeeping and without the decision (printed on its own with its reasons).
 */
export function loopEntries(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  return timeline
    .map((e, index) => ({ e, index }))
    .filter(({ e, index }) => index === 0 || (e.actor === TRIAGE_ACTOR ? e.type === 'resolved' : e.type !== 'decision'))
    .sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.index - b.index)
    .map(({ e }) => e);
}

/** Seconds as `45s`, `4m05s`, `1h02m`. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function offset(ms: number): string {
  return Number.isFinite(ms) ? `+${duration(Math.max(0, ms / 1000))}` : '';
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

/** Most urgent first, then as given (triage order: oldest first). */
function sortReplayed(incidents: readonly ReplayedIncident[]): ReplayedIncident[] {
  return incidents.map((i, n) => ({ i, n })).sort((a, b) => a.i.priority.localeCompare(b.i.priority) || a.n - b.n).map(({ i }) => i);
}

/** Left-aligned columns, two spaces apart, indented by two; the last column is never padded. */
function table(rows: readonly string[][], header: readonly string[]): string[] {
  const all = [header.map((h) => h.toUpperCase()), ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  return all.map((row) => '  ' + row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  '));
}

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : oneLine.slice(0, max - 1) + '…';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
