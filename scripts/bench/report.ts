/**
 * The benchmark's report: one JSON object (`--json`) or the same figures as text tables.
 *
 * Top-level keys of the JSON object:
 * - `command`, `date`, `seed`: how and when it ran;
 * - `machine`: nproc, CPU model, memory, Node and Alertmanager versions, load average at start;
 * - `method`: how each side was run, and the Alertmanager time mapping;
 * - `scenarios`: one object per stream (flat figures below, details under `cdk_aiops` and `alertmanager`);
 * - `scaling`: cdk-aiops (and Alertmanager ingest) at each `--sizes` size, each cdk-aiops size in a fresh process;
 * - `memory_flat`: heap after GC at 10k/50k/100k resolved incidents;
 * - `targets`: each target with the measured figure and met/missed;
 * - `skipped`: parts that did not run, and why.
 *
 * Per scenario, the flat keys are cdk-aiops figures unless suffixed `_alertmanager`: `alerts`,
 * `throughput_signals_per_s` (normalise + triage), `normalise_only_per_s`, `triage_only_signals_per_s`, `peak_rss_mb`, `pages_cdk_aiops`, `pages_alertmanager`, `noise_reduction`,
 * `precision`, `recall`, `incidents_missed`, `ingest_alerts_per_s_alertmanager`, `peak_rss_mb_alertmanager`,
 * `noise_reduction_alertmanager`, `precision_alertmanager`, `recall_alertmanager`, `incidents_missed_alertmanager`,
 * `page_ratio` (Alertmanager pages / cdk-aiops pages), `pages_alertmanager_modelled` and
 * `incidents_missed_alertmanager_modelled` (Alertmanager's dispatcher rules replayed over the stream's own timeline:
 * a model, not a measurement, shown for scale).
 */
import type { AmScenarioResult } from './run-alertmanager';
import type { CdkScenarioResult, ResolvedSequenceResult } from './run-cdk';

export interface ScenarioReport {
  readonly scenario: string;
  readonly description: string;
  readonly alerts: number;
  readonly ground_truth_incidents: number;
  readonly ground_truth_noise_episodes: number;
  readonly throughput_signals_per_s: number;
  /** normaliseEvent alone and Triage.process alone, per second (their harmonic sum is the throughput). */
  readonly normalise_only_per_s: number;
  readonly triage_only_signals_per_s: number;
  readonly peak_rss_mb: number;
  readonly pages_cdk_aiops: number;
  readonly pages_alertmanager: number | null;
  readonly noise_reduction: number;
  readonly precision: number;
  readonly recall: number;
  readonly incidents_missed: number;
  readonly ingest_alerts_per_s_alertmanager: number | null;
  readonly peak_rss_mb_alertmanager: number | null;
  readonly noise_reduction_alertmanager: number | null;
  readonly precision_alertmanager: number | null;
  readonly recall_alertmanager: number | null;
  readonly incidents_missed_alertmanager: number | null;
  readonly page_ratio: number | null;
  /** Alertmanager's dispatcher rules replayed over the stream's timeline: a model, not a measurement. */
  readonly pages_alertmanager_modelled: number | null;
  readonly incidents_missed_alertmanager_modelled: number | null;
  readonly extra?: Record<string, unknown>;
  readonly cdk_aiops: CdkScenarioResult;
  readonly alertmanager: AmScenarioResult | null;
}

export function scenarioReport(
  scenario: string,
  description: string,
  cdk: CdkScenarioResult,
  am: AmScenarioResult | undefined,
  extra?: Record<string, unknown>,
): ScenarioReport {
  return {
    scenario,
    description,
    alerts: cdk.alerts,
    ground_truth_incidents: cdk.coverage.incidents,
    ground_truth_noise_episodes: cdk.coverage.noiseEpisodes,
    throughput_signals_per_s: round(cdk.throughputSignalsPerS, 0),
    normalise_only_per_s: round(cdk.alerts / (cdk.normaliseMs / 1000), 0),
    triage_only_signals_per_s: round(cdk.signals / (cdk.triageMs / 1000), 0),
    peak_rss_mb: round(cdk.peakRssMb, 1),
    pages_cdk_aiops: cdk.pages,
    pages_alertmanager: am ? am.pages : null,
    noise_reduction: round(cdk.noiseReduction, 4),
    precision: round(cdk.pairwise.precision, 4),
    recall: round(cdk.pairwise.recall, 4),
    incidents_missed: cdk.coverage.missed,
    ingest_alerts_per_s_alertmanager: am ? round(am.ingestAlertsPerS, 0) : null,
    peak_rss_mb_alertmanager: am ? round(am.peakRssMb, 1) : null,
    noise_reduction_alertmanager: am ? round(am.noiseReduction, 4) : null,
    precision_alertmanager: am ? round(am.pairwise.precision, 4) : null,
    recall_alertmanager: am ? round(am.pairwise.recall, 4) : null,
    incidents_missed_alertmanager: am ? am.coverage.missed : null,
    page_ratio: am && cdk.pages > 0 ? round(am.pages / cdk.pages, 2) : null,
    pages_alertmanager_modelled: am ? am.modelledRealTime.pages : null,
    incidents_missed_alertmanager_modelled: am ? am.modelledRealTime.coverage.missed : null,
    ...(extra ? { extra } : {}),
    cdk_aiops: cdk,
    alertmanager: am ?? null,
  };
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

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const num = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: 1 }));

/** A Markdown table (also readable as plain text). */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function scenarioTables(scenarios: readonly ScenarioReport[]): string {
  const head = ['scenario', 'alerts', 'truth inc.', 'side', 'signals/s (AM: ingest/s)', 'normalise / triage alone /s', 'peak RSS MB',
    'pages', 'noise red.', 'precision', 'recall', 'missed'];
  const rows: string[][] = [];
  for (const s of scenarios) {
    rows.push([s.scenario, num(s.alerts), num(s.ground_truth_incidents), 'cdk-aiops', num(s.throughput_signals_per_s),
      `${num(s.normalise_only_per_s)} / ${num(s.triage_only_signals_per_s)}`, num(s.peak_rss_mb),
      num(s.pages_cdk_aiops), pct(s.noise_reduction), pct(s.precision), pct(s.recall), num(s.incidents_missed)]);
    rows.push(['', '', '', 'Alertmanager', num(s.ingest_alerts_per_s_alertmanager), '—', num(s.peak_rss_mb_alertmanager),
      s.pages_alertmanager === null ? '—' : `≥ ${num(s.pages_alertmanager)} (model ${num(s.pages_alertmanager_modelled)})`,
      pct(s.noise_reduction_alertmanager),
      pct(s.precision_alertmanager), pct(s.recall_alertmanager), num(s.incidents_missed_alertmanager)]);
  }
  return table(head, rows);
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

export function targetsTable(targets: readonly Target[]): string {
  return table(['target', 'measured', 'met'], targets.map((t) => [t.target, t.measured, t.met ? 'met' : 'MISSED']));
}
