import {
  IDLE_ASSUMPTION_LABELS, INCIDENT_ASSUMPTION_LABELS, usd, type CostReport, type ResourceIdleCost,
} from '../../runtime/cost';

/** Longest basis printed in a table row before it is cut with an ellipsis. */
const BASIS_MAX = 110;

/**
 * The summary `cdk-aiops cost --format table` prints: the idle month, per stack the resources that cost something and
 * the free types with their reason, what is not priced, the cost of one incident item by item, the month at the given
 * incident count, and every assumption.
 */
export function formatCostTable(report: CostReport, source: string): string {
  const lines: string[] = [];
  lines.push(`Idle monthly cost of ${source}: ${usd(report.idleUsdPerMonth)} (no incident; a month is ${report.assumptions.month})`);
  lines.push(`Prices: ${report.prices.note}.`);

  for (const stack of report.stacks) {
    lines.push('', `Stack ${stack.stackName}: ${usd(stack.idleUsdPerMonth)} a month at idle`);
    const paid = stack.resources.filter((r) => (r.usdPerMonth ?? 0) > 0).sort((a, b) => b.usdPerMonth! - a.usdPerMonth!);
    lines.push(...(paid.length
      ? table(paid.map((r) => [r.logicalId, r.type, usd(r.usdPerMonth!), clip(r.basis)]), ['resource', 'type', 'usd/month', 'basis'])
      : ['  (no resource costs anything at idle)']));
    const free = freeTypes(stack.resources);
    if (free.length) {
      lines.push('  $0 at idle:');
      lines.push(...free.map(([type, n, basis]) => `    ${type} ×${n}: ${basis}`));
    }
  }

  lines.push('', 'Not priced (not counted in the totals)');
  lines.push(...(report.notPriced.length
    ? table(report.notPriced.map((r) => [r.stack, r.logicalId, r.type, r.basis]), ['stack', 'resource', 'type', 'reason'])
    : ['  (none)']));

  lines.push('', `Per incident: ${usd(report.perIncident.usd)}`);
  lines.push(...(report.perIncident.items.length
    ? table(report.perIncident.items.map((i) => [i.stack, i.item, i.usd === undefined ? 'not priced' : usd(i.usd), i.basis]),
      ['stack', 'item', 'usd', 'basis'])
    : ['  (nothing in the app handles incidents)']));

  const { incidentsPerMonth, usd: monthly } = report.monthly;
  lines.push('', `A month with ${incidentsPerMonth} incidents: ${usd(monthly)} (idle ${usd(report.idleUsdPerMonth)} + ${incidentsPerMonth} × ${usd(report.perIncident.usd)})`);

  lines.push('', 'Assumptions');
  for (const [key, value] of Object.entries(report.assumptions.idle)) {
    lines.push(`  idle: ${IDLE_ASSUMPTION_LABELS[key as keyof typeof IDLE_ASSUMPTION_LABELS]}: ${value}`);
  }
  for (const [key, value] of Object.entries(report.assumptions.incident)) {
    lines.push(`  incident: ${INCIDENT_ASSUMPTION_LABELS[key as keyof typeof INCIDENT_ASSUMPTION_LABELS]}: ${value}`);
  }
  return lines.join('\n') + '\n';
}

/** Priced resources at $0, by type, with the reason of the first. */
function freeTypes(resources: readonly ResourceIdleCost[]): Array<[string, number, string]> {
  const byType = new Map<string, { n: number; basis: string }>();
  for (const r of resources) {
    if (!r.priced || (r.usdPerMonth ?? 0) > 0) continue;
    const t = byType.get(r.type);
    byType.set(r.type, { n: (t?.n ?? 0) + 1, basis: t?.basis ?? r.basis });
  }
  return [...byType].sort(([a], [b]) => a.localeCompare(b)).map(([type, { n, basis }]) => [type, n, basis]);
}

/** Left-aligned columns, two spaces apart, indented by two; the last column is never padded. */
function table(rows: readonly string[][], header: readonly string[]): string[] {
  const all = [header.map((h) => h.toUpperCase()), ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  return all.map((row) => '  ' + row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  '));
}

function clip(text: string, max = BASIS_MAX): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
