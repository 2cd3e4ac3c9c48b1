import type { Incident, TriageResult } from '../../runtime/model';
import { describeEvidence } from '../../runtime/triage/incident-ops';

/** Longest title printed in a table row before it is cut with an ellipsis. */
const TITLE_MAX = 72;

/**
 * The human summary `cdk-aiops triage --format table` prints: counts, signals per source,
 * incidents (priority, status, title, services, signal count), how each grew (its root and the evidence of every
 * merge), suppressions by reason and rejections.
 */
export function formatTriageTable(result: TriageResult): string {
  const { stats } = result;
  const lines: string[] = [];
  lines.push(
    `${plural(stats.events, 'event')} -> ${plural(stats.signals, 'signal')} -> ${plural(stats.incidents, 'incident')}`
    + ` (${stats.suppressed} suppressed, ${stats.rejected} rejected)`,
  );

  lines.push('', 'Signals by source');
  const bySource = countBy(result.signals.map((s) => s.source));
  lines.push(...(bySource.length ? table(bySource.map(([source, n]) => [source, String(n)]), ['source', 'signals']) : ['  (none)']));

  lines.push('', 'Incidents');
  lines.push(...(result.incidents.length
    ? table(sortIncidents(result.incidents).map((i) => [
      i.priority,
      i.status,
      truncate(i.title, TITLE_MAX),
      i.services.join(', ') || '-',
      String(i.signalIds.length),
      i.id,
    ]), ['priority', 'status', 'title', 'services', 'signals', 'id'])
    : ['  (none)']));

  const grown = sortIncidents(result.incidents).filter((i) => i.root !== undefined || (i.correlation?.length ?? 0) > 0);
  if (grown.length) {
    lines.push('', 'Correlation');
    for (const i of grown) {
      lines.push(`  ${i.id}  root: ${i.root ? truncate(i.root.title, TITLE_MAX) : '-'}`);
      for (const e of i.correlation ?? []) lines.push(`    + ${e.service ?? '-'} ${e.signalId}: ${describeEvidence(e)}`);
    }
  }

  lines.push('', 'Suppressed by reason');
  const byReason = countBy(result.suppressed.map((s) => s.reason));
  lines.push(...(byReason.length ? table(byReason.map(([reason, n]) => [reason, String(n)]), ['reason', 'signals']) : ['  (none)']));

  lines.push('', 'Rejected');
  lines.push(...(result.rejected.length
    ? table(result.rejected.map((r) => [r.input ?? '-', r.code, r.reason]), ['input', 'code', 'reason'])
    : ['  (none)']));

  return lines.join('\n') + '\n';
}

/** Most urgent first, then oldest first. */
function sortIncidents(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort((a, b) => a.priority.localeCompare(b.priority) || a.openedAt.localeCompare(b.openedAt));
}

/** Occurrences of each value, most frequent first, then by name. */
function countBy(values: readonly string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
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
