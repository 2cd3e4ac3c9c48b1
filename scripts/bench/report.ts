/**
 * The benchmark's report: one JSON object (`--json`) or the same figures as text tables.
 *
 * Top-level keys of the JSON object: `command`, `date`, `seed`, `duration_s`, `machine`, `method`, `scenarios`,
 * `scaling`, `memory_flat`, `targets`, `inventory_commands`, `skipped`.
 *
 * Per scenario: `scenario`, `group`, `description`, `alerts`, `ideal` (one page per ground-truth episode: incidents
 * plus noise episodes), `incidents`, `noise_episodes`, `runs[]` and `alertmanager_ingest` (the real binary, fed at
 * once: `ingest_alerts_per_s`, `peak_rss_mb`). Each run: `side` (`cdk-aiops` with or without enrichment,
 * `Alertmanager by service`, `Alertmanager by alertname+service`), `pages`, `pages_over_ideal`, `own_page_share`,
 * `missed`, `pairwise_precision`, `pairwise_recall`, `bcubed_precision`, `bcubed_recall`, `root_correct`,
 * `root_judged`, `root_unnamed`, `throughput_signals_per_s` (cdk-aiops only), and `details` (the full result).
 */
import type { RootScore, TriageScore } from './metrics';
import type { ResolvedSequenceResult } from './run-cdk';

export interface RunRow {
  readonly side: string;
  readonly pages: number;
  readonly pages_over_ideal: number;
  readonly own_page_share: number;
  readonly missed: number;
  readonly pairwise_precision: number;
  readonly pairwise_recall: number;
  readonly bcubed_precision: number;
  readonly bcubed_recall: number;
  readonly root_correct: number | null;
  readonly root_judged: number | null;
  readonly root_unnamed: number | null;
  readonly throughput_signals_per_s: number | null;
  readonly details?: unknown;
}

export interface ScenarioReport {
  readonly scenario: string;
  readonly group: string;
  readonly description: string;
  readonly alerts: number;
  readonly ideal: number;
  readonly incidents: number;
  readonly noise_episodes: number;
  readonly runs: readonly RunRow[];
  readonly alertmanager_ingest: { readonly ingest_alerts_per_s: number; readonly peak_rss_mb: number } | null;
  readonly extra?: Record<string, unknown>;
}

export interface ScalingRow {
  readonly alerts: number;
  readonly throughput_signals_per_s: number;
  readonly peak_rss_mb: number;
  readonly heap_after_gc_mb: number;
  readonly heap_before_mb: number;
  readonly ingest_alerts_per_s_alertmanager: number | null;
  readonly peak_rss_mb_alertmanager: number | null;
}

export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** One run's row from its score. */
export function runRow(side: string, score: TriageScore, root: RootScore | null, throughput: number | null, details?: unknown): RunRow {
  return {
    side,
    pages: score.pages,
    pages_over_ideal: round(score.pagesOverIdeal, 3),
    own_page_share: round(score.ownPageShare, 4),
    missed: score.coverage.missed,
    pairwise_precision: round(score.pairwise.precision, 4),
    pairwise_recall: round(score.pairwise.recall, 4),
    bcubed_precision: round(score.bcubed.precision, 4),
    bcubed_recall: round(score.bcubed.recall, 4),
    root_correct: root ? root.correct : null,
    root_judged: root ? root.judged : null,
    root_unnamed: root ? root.unnamed : null,
    throughput_signals_per_s: throughput === null ? null : round(throughput, 0),
    ...(details !== undefined ? { details } : {}),
  };
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const num = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const dec = (x: number) => x.toFixed(2);

/** A Markdown table (also readable as plain text). */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** One table per scenario: a row per side. */
export function scenarioTable(s: ScenarioReport): string {
  const head = ['side', 'pages', 'pages / ideal', 'own page', 'missed', 'pair P', 'pair R', 'B³ P', 'B³ R', 'root right', 'signals/s'];
  const rows = s.runs.map((r) => [
    r.side, num(r.pages), dec(r.pages_over_ideal), pct(r.own_page_share), num(r.missed),
    dec(r.pairwise_precision), dec(r.pairwise_recall), dec(r.bcubed_precision), dec(r.bcubed_recall),
    r.root_judged === null ? '—' : r.root_judged === 0 ? `n/a (${r.root_unnamed} unnamed)` : `${r.root_correct} / ${r.root_judged}`,
    num(r.throughput_signals_per_s),
  ]);
  const ingest = s.alertmanager_ingest ? `; Alertmanager binary ingest ${num(round(s.alertmanager_ingest.ingest_alerts_per_s, 0))} alerts/s, ${num(round(s.alertmanager_ingest.peak_rss_mb, 1))} MB` : '';
  return [
    `### ${s.scenario} (${s.group})`,
    '',
    `${s.description}. ${num(s.alerts)} events; ideal ${num(s.ideal)} pages (${num(s.incidents)} incidents + ${num(s.noise_episodes)} noise episodes)${ingest}.`,
    '',
    table(head, rows),
  ].join('\n');
}

export function scalingTable(rows: readonly ScalingRow[]): string {
  return table(
    ['alerts', 'cdk-aiops signals/s', 'cdk-aiops peak RSS MB', 'heap before MB', 'heap after GC MB', 'AM ingest alerts/s', 'AM peak RSS MB'],
    rows.map((r) => [num(r.alerts), num(r.throughput_signals_per_s), num(r.peak_rss_mb), num(r.heap_before_mb), num(r.heap_after_gc_mb),
      num(r.ingest_alerts_per_s_alertmanager), num(r.peak_rss_mb_alertmanager)]),
  );
}

export function memoryTable(m: ResolvedSequenceResult): string {
  return table(
    ['resolved incidents', 'heap after GC MB', 'RSS MB', 'fingerprints', 'correlations', 'incidents kept', 'storm buckets'],
    m.checkpoints.map((c) => [num(c.resolved), num(round(c.heapMb, 2)), num(round(c.rssMb, 1)), num(c.store.fingerprints),
      num(c.store.correlations), num(c.store.incidents), num(c.store.stormBuckets)]),
  );
}

/** PASS/FAIL lines. */
export function targetLines(targets: readonly Target[]): string {
  return targets.map((t) => `${t.met ? 'PASS' : 'FAIL'}  ${t.target}: ${t.measured}`).join('\n');
}
