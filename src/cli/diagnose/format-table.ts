import { isRejection, type DiagnosisOutcome } from '../../runtime/kubernetes';

/**
 * The human summary `cdk-aiops diagnose --format table` prints: a count by category, then one block per pod with its
 * category, summary, suggested runbook and evidence lines; rejected bundles last with their reason.
 */
export function formatDiagnosisTable(outcomes: readonly DiagnosisOutcome[]): string {
  const diagnoses = outcomes.filter((o) => !isRejection(o)) as Array<Exclude<DiagnosisOutcome, { rejected: true }>>;
  const rejected = outcomes.filter(isRejection);
  const out: string[] = [`${diagnoses.length} pod${diagnoses.length === 1 ? '' : 's'} diagnosed, ${rejected.length} rejected`];
  const counts = new Map<string, number>();
  for (const d of diagnoses) counts.set(d.category, (counts.get(d.category) ?? 0) + 1);
  if (counts.size > 0) {
    const width = Math.max(...[...counts.keys()].map((k) => k.length));
    out.push('', ...[...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c, n]) => `  ${c.padEnd(width)}  ${n}`));
  }
  for (const d of diagnoses) {
    out.push('', `${d.category}  ${d.pod}${d.workload ? ` (${d.workload})` : ''}${d.container ? `  container ${d.container}` : ''}`);
    if (d.source) out.push(`  source:   ${d.source}`);
    out.push(`  summary:  ${d.summary}`);
    if (d.suggestedRunbook) out.push(`  runbook:  ${d.suggestedRunbook}`);
    out.push('  evidence:', ...d.evidence.map((line) => `    ${line}`));
  }
  if (rejected.length > 0) {
    out.push('', 'Rejected');
    for (const r of rejected) out.push(`  ${r.source ?? '-'}: ${r.reason}`);
  }
  return out.join('\n') + '\n';
}
