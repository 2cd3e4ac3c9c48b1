/**
 * The cdk-aiops side of the benchmark, run in process exactly as production does it: every payload goes through
 * `normaliseEvent`, every signal through `Triage.process` over an `InMemoryIncidentStore` with the default rules.
 * Meant to run in a fresh child process per stream, so its peak RSS is the stream's own.
 */
import type { GeneratedStream } from './episodes';
import { isNoise, materialise, sequentialIncidents, type AlertStream, type EventSpec } from './generator';
import { rootScore, scoreTriage, type RootScore, type TriageScore } from './metrics';
import { nabStream } from './nab-streams';
import { inventoryOf, scenarioStream } from './scenarios';
import { InMemoryIncidentStore } from '../../src/runtime/local';
import { normaliseEvent } from '../../src/runtime/normalise';
import type { Topology } from '../../src/runtime/topology';
import { DEFAULT_TRIAGE_RULES, Triage, type TriageRules } from '../../src/runtime/triage';

/** What a child process is asked to run. */
export type Job =
  | { readonly kind: 'scenario'; readonly scenario: string; readonly alerts: number; readonly seed: number; readonly enrichment: boolean }
  | { readonly kind: 'resolved-sequence'; readonly incidents: number; readonly checkpoints: readonly number[]; readonly seed: number };

/** The stream a job names: a generated scenario or a NAB stream (undefined when ../shared is absent). */
export function buildStream(scenario: string, alerts: number, seed: number): AlertStream | GeneratedStream | undefined {
  if (scenario === 'nab-static') return nabStream('static', seed);
  if (scenario === 'nab-band') return nabStream('band', seed);
  return scenarioStream(scenario, alerts, seed);
}

/** The topology built from a generated stream's inventory files (undefined for NAB streams: they have no estate). */
export function topologyOf(stream: AlertStream | GeneratedStream): Topology | undefined {
  return 'estate' in stream ? inventoryOf(stream).topology : undefined;
}

const MB = 1024 * 1024;

/** Heap in use after a full GC (needs `--expose-gc`; otherwise the heap as it is, and `gc` says so). */
export function heapAfterGcMb(): { mb: number; gc: boolean } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return { mb: process.memoryUsage().heapUsed / MB, gc: gc !== undefined };
}

/** This process's peak resident set so far, in MiB (`maxRSS` is in KiB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export interface CdkScenarioResult {
  readonly alerts: number;
  readonly signals: number;
  readonly rejected: number;
  readonly rejectedReasons: Record<string, number>;
  /** Wall time inside normaliseEvent + Triage.process only (materialising payloads is excluded). */
  readonly processMs: number;
  readonly throughputSignalsPerS: number;
  /** The two halves of processMs: normaliseEvent alone, Triage.process alone. */
  readonly normaliseMs: number;
  readonly triageMs: number;
  readonly pages: number;
  readonly escalations: number;
  readonly resolvedIncidents: number;
  readonly actions: Record<string, number>;
  readonly suppressed: Record<string, number>;
  readonly score: TriageScore;
  readonly root: RootScore;
  readonly peakRssMb: number;
  readonly rssBeforeMb: number;
  readonly heapBeforeMb: number;
  readonly heapAfterMb: number;
  readonly gcExposed: boolean;
  readonly storeSize: Record<string, number>;
}

const CHUNK = 1000;

/** Runs one stream through normalise + triage and scores it against the stream's ground truth. */
export async function runCdkAiops(stream: AlertStream, topology?: Topology, rules: TriageRules = DEFAULT_TRIAGE_RULES): Promise<CdkScenarioResult> {
  const n = stream.events.length;
  const heapBefore = heapAfterGcMb();
  const rssBeforeMb = process.memoryUsage().rss / MB;
  const store = new InMemoryIncidentStore();
  const triage = new Triage(store, { rules, ...(topology ? { topology } : {}) });
  const incidentOf: (string | undefined)[] = new Array(n);
  const signalOf: (string | undefined)[] = new Array(n);
  const fingerprintOf: (string | undefined)[] = new Array(n);
  /** The root fingerprint each incident last named (undefined while the core names none). */
  const rootOf = new Map<string, string | undefined>();
  /** Signals that an incident listed when it opened (occurrences held below a threshold, then counted in). */
  const joinedAtOpen = new Map<string, string>();
  const actions: Record<string, number> = {};
  const suppressed: Record<string, number> = {};
  const rejectedReasons: Record<string, number> = {};
  let signals = 0;
  let rejected = 0;
  let pages = 0;
  let escalations = 0;
  let resolvedIncidents = 0;
  let processMs = 0;
  let normaliseMs = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const payloads = stream.events.slice(start, start + CHUNK).map(materialise);
    const t0 = performance.now();
    for (let j = 0; j < payloads.length; j++) {
      const n0 = performance.now();
      const outcome = normaliseEvent(payloads[j]);
      normaliseMs += performance.now() - n0;
      if (!outcome.ok) {
        rejected++;
        const reason = `${outcome.rejection.code}: ${outcome.rejection.reason}`.slice(0, 120);
        rejectedReasons[reason] = (rejectedReasons[reason] ?? 0) + 1;
        continue;
      }
      for (const signal of outcome.signals) {
        const out = await triage.process(signal);
        signals++;
        actions[out.action] = (actions[out.action] ?? 0) + 1;
        if (out.suppression) suppressed[out.suppression] = (suppressed[out.suppression] ?? 0) + 1;
        if (out.action === 'opened') {
          pages++;
          for (const id of out.incident!.signalIds) if (id !== signal.id) joinedAtOpen.set(id, out.incident!.id);
        } else if (out.action === 'escalated') {
          escalations++;
        } else if (out.action === 'resolved') {
          resolvedIncidents++;
        }
        if (out.incident) rootOf.set(out.incident.id, out.incident.root?.fingerprint);
        if (signalOf[start + j] === undefined) {
          signalOf[start + j] = signal.id;
          fingerprintOf[start + j] = signal.fingerprint;
          incidentOf[start + j] = out.incident?.id;
        }
      }
    }
    processMs += performance.now() - t0;
  }
  const heapAfter = heapAfterGcMb();
  // Every incident triage keeps was opened, and opening is a page: an alert in an incident is covered by a page.
  const group = new Array<string | undefined>(n);
  for (let i = 0; i < n; i++) group[i] = incidentOf[i] ?? (signalOf[i] !== undefined ? joinedAtOpen.get(signalOf[i]!) : undefined);
  const roots = (stream as Partial<GeneratedStream>).roots ?? new Array<boolean>(n).fill(false);
  return {
    alerts: n,
    signals,
    rejected,
    rejectedReasons,
    processMs,
    throughputSignalsPerS: processMs > 0 ? signals / (processMs / 1000) : 0,
    normaliseMs,
    triageMs: processMs - normaliseMs,
    pages,
    escalations,
    resolvedIncidents,
    actions,
    suppressed,
    score: scoreTriage(group, stream.truth, pages, isNoise),
    root: rootScore(group, stream.truth, roots, fingerprintOf, (g) => rootOf.get(g)),
    peakRssMb: peakRssMb(),
    rssBeforeMb,
    heapBeforeMb: heapBefore.mb,
    heapAfterMb: heapAfter.mb,
    gcExposed: heapAfter.gc,
    storeSize: store.size,
  };
}

export interface ResolvedSequenceResult {
  readonly incidents: number;
  readonly signals: number;
  readonly throughputSignalsPerS: number;
  /** Heap after GC and store record counts when the given number of incidents had resolved. */
  readonly checkpoints: readonly {
    readonly resolved: number;
    readonly heapMb: number;
    readonly rssMb: number;
    readonly store: Record<string, number>;
  }[];
  readonly peakRssMb: number;
  readonly gcExposed: boolean;
}

/**
 * Many sequential incidents that open and resolve, streamed (never held in memory), with the heap measured after a
 * forced GC at each checkpoint of resolved incidents: memory should not grow with them.
 */
export async function runResolvedSequence(incidents: number, checkpoints: readonly number[], seed: number): Promise<ResolvedSequenceResult> {
  const store = new InMemoryIncidentStore();
  const triage = new Triage(store, { rules: DEFAULT_TRIAGE_RULES });
  const marks = [...checkpoints].sort((a, b) => a - b);
  const out: { resolved: number; heapMb: number; rssMb: number; store: Record<string, number> }[] = [];
  let resolved = 0;
  let signals = 0;
  let processMs = 0;
  let gcExposed = false;
  let batch: EventSpec[] = [];
  const flush = async () => {
    const payloads = batch.map(materialise);
    batch = [];
    const t0 = performance.now();
    for (const payload of payloads) {
      const outcome = normaliseEvent(payload);
      if (!outcome.ok) continue;
      for (const signal of outcome.signals) {
        signals++;
        if ((await triage.process(signal)).action === 'resolved') resolved++;
      }
    }
    processMs += performance.now() - t0;
    while (marks.length > 0 && resolved >= marks[0]) {
      const heap = heapAfterGcMb();
      gcExposed = heap.gc;
      out.push({ resolved: marks.shift()!, heapMb: heap.mb, rssMb: process.memoryUsage().rss / MB, store: store.size });
    }
  };
  for (const { spec } of sequentialIncidents(seed, incidents)) {
    batch.push(spec);
    // Flush on incident boundaries often enough that checkpoints land close to their mark.
    if (batch.length >= 200) await flush();
  }
  await flush();
  return {
    incidents,
    signals,
    throughputSignalsPerS: signals / (processMs / 1000),
    checkpoints: out,
    peakRssMb: peakRssMb(),
    gcExposed,
  };
}
