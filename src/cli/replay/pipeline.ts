import { NO_KNOWLEDGE, runInvestigation, signalsOf } from '../../runtime/agents';
import { learnedPairs, StoredLearnedCorrelation, type LearnedPairSummary } from '../../runtime/learning';
import { InMemoryLearningStore, LOCAL_SIGNAL_COLLECTORS, localSignalCollectors } from '../../runtime/local';
import {
  approvesAfter,
  deniesAfter,
  neverAnswers,
  simulateIncidentLoop,
  type ApproverPolicy,
  type HandledBy,
  type SimulatedIncidentResult,
  type SimulationStats,
} from '../../runtime/loop';
import type { Incident, Priority, Rejection, Signal, TimelineEntry, TriageResult } from '../../runtime/model';
import type { Finding } from '../../runtime/reasoning';
import type { RiskOutcome } from '../../runtime/risk';
import { BUILTIN_RUNBOOKS, RunbookRegistry } from '../../runtime/runbooks';
import { type CollectorName, type TelemetryBundle } from '../../runtime/telemetry';

/** How the simulated on-call engineer answers approval requests. */
export const APPROVERS = ['approve', 'deny', 'timeout'] as const;
export type ApproverChoice = typeof APPROVERS[number];

/** Simulated minutes before the approver answers (approve or deny). */
export const APPROVER_ANSWER_MINUTES = 4;

/** The simulated approver for a `--approver` choice. */
export function approverPolicy(choice: ApproverChoice): ApproverPolicy {
  switch (choice) {
    case 'approve': return approvesAfter(APPROVER_ANSWER_MINUTES);
    case 'deny': return deniesAfter(APPROVER_ANSWER_MINUTES);
    case 'timeout': return neverAnswers();
  }
}

/** Where the investigation's telemetry comes from: the run's recorded signals (SLO, Config, DevOps Guru), or nowhere. */
export const TELEMETRY_SOURCES = ['signals', 'none'] as const;
export type TelemetrySource = typeof TELEMETRY_SOURCES[number];

export interface ReplayOptions {
  /** @default 'signals' */
  readonly telemetry?: TelemetrySource;
  /** @default 'approve' */
  readonly approver?: ApproverChoice;
  /** Cedar policies added to the defaults (already validated). */
  readonly extraPolicies?: string;
  /** The learning triage used (`replayLearning()`), shown as `learned`. @default - none */
  readonly learning?: ReplayLearning;
}

/** Most learned pairs a replay shows. */
export const LEARNED_PAIRS_SHOWN = 10;

/** Learned correlation for a replay: an in-memory store that triage learns into, and what it learned. */
export interface ReplayLearning {
  readonly learning: StoredLearnedCorrelation;
  /** The strongest learned pairs at `at` (epoch ms). */
  pairs(at: number): Promise<LearnedPairSummary[]>;
}

export function replayLearning(): ReplayLearning {
  const store = new InMemoryLearningStore();
  const learning = new StoredLearnedCorrelation(store);
  return { learning, pairs: async (at) => learnedPairs(await store.list(), at, learning.options, LEARNED_PAIRS_SHOWN) };
}

/** One incident as `cdk-aiops replay --format json` prints it. */
export interface ReplayedIncident {
  readonly id: string;
  readonly title: string;
  readonly priority: Priority;
  readonly finding: {
    readonly cause: string;
    readonly confidence: number;
    readonly runbook: NonNullable<Finding['runbook']> | null;
    readonly reasoner: Finding['reasoner'];
  } | null;
  readonly decision: { readonly outcome: RiskOutcome; readonly reasons: string[]; readonly policies: string[] } | null;
  /** The remediation's outcome, when a runbook ran. */
  readonly remediation: { readonly runbookId: string; readonly outcome: string; readonly reason: string } | null;
  readonly timeline: TimelineEntry[];
  /** Opened → resolved in the simulation, seconds; null when it did not resolve. */
  readonly mttrSeconds: number | null;
  readonly handledBy: HandledBy;
  /** Why a human has it; null unless handledBy is `human`. */
  readonly humanReason: string | null;
  /** What the Telemetry agent gathered for the decision; null when the incident was not investigated. */
  readonly telemetry: ReplayedTelemetry | null;
}

/** The telemetry bundle of an incident, in short. */
export interface ReplayedTelemetry {
  readonly source: TelemetrySource;
  /** Collectors answered from the run's recorded signals (empty with `--telemetry none`). */
  readonly fromSignals: CollectorName[];
  readonly collectors: Array<{
    readonly collector: CollectorName; readonly status: string; readonly reason: string | null; readonly evidence: string[];
  }>;
  /** Lowest remaining SLO error budget, 0..1, when an SLO report was recorded. */
  readonly errorBudgetRemaining: number | null;
  readonly nonCompliantResources: string[] | null;
}

export interface ReplayResult {
  readonly incidents: ReplayedIncident[];
  /** Inputs that did not become signals (unreadable, malformed, unsupported), as `cdk-aiops triage` lists them. */
  readonly rejected: Rejection[];
  readonly stats: SimulationStats;
  /** With learning: the strongest pairs learned by the end of the replay (confidence at the last signal's time). */
  readonly learned?: LearnedPairSummary[];
}

/**
 * The signals an investigation sees for an incident: its `samples` when triage attached them, otherwise the run's
 * signals it names in `signalIds`.
 */
export function incidentSignals(incident: Incident, byId: ReadonlyMap<string, Signal>): Signal[] {
  const samples = signalsOf(incident);
  if (samples.length > 0) return samples;
  return incident.signalIds.map((id) => byId.get(id)).filter((s): s is Signal => s !== undefined);
}

/**
 * The whole loop, locally, over a triage result: for each incident the agents' investigation in process
 * (`runInvestigation`: telemetry from recorded data only: with `telemetry: 'signals'` the SLO, Config and DevOps Guru
 * collectors answer from the run's signals observed by the incident's opening (`localSignalCollectors`), the others,
 * and all of them with `'none'`, report `skipped: not configured`; the
 * deterministic reasoner, never a model; Cedar risk with the default policies plus `extraPolicies`), then
 * `simulateIncidentLoop` on a simulated clock with a dry-run runner (every runbook succeeds), a verifier that sees
 * recovery on the first check and the chosen approver. Deterministic: decisions are taken at each incident's
 * `openedAt`, never at the wall-clock time.
 */
export async function replayTriage(triage: TriageResult, options: ReplayOptions = {}): Promise<ReplayResult> {
  const registry = new RunbookRegistry([...BUILTIN_RUNBOOKS]);
  const byId = new Map(triage.signals.map((s) => [s.id, s]));
  const source = options.telemetry ?? 'signals';
  const bundles = new Map<string, TelemetryBundle>();
  const simulation = await simulateIncidentLoop(
    triage.incidents.map((incident) => ({ incident, signals: incidentSignals(incident, byId) })),
    {
      runbooks: registry,
      approver: approverPolicy(options.approver ?? 'approve'),
      investigate: async (incident, signals) => {
        const result = await runInvestigation({ incident, signals, knowledge: NO_KNOWLEDGE }, {
          telemetry: { collectors: source === 'signals' ? localSignalCollectors(triage.signals, { now: new Date(incident.openedAt) }) : {} },
          reasoning: { disabled: true },
          risk: { extraPolicies: options.extraPolicies },
          registry,
          now: new Date(incident.openedAt),
        });
        bundles.set(incident.id, result.telemetry);
        return { finding: result.reasoning.finding, decision: result.decision, telemetry: result.telemetry, tokenUsage: result.reasoning.tokenUsage };
      },
    },
  );
  return {
    incidents: simulation.incidents.map((r) => toReplayed(r, telemetryOf(bundles.get(r.id), source))),
    rejected: triage.rejected,
    stats: simulation.stats,
    ...(options.learning ? { learned: await options.learning.pairs(triage.signals.reduce((at, s) => Math.max(at, Date.parse(s.time)), 0)) } : {}),
  };
}

function telemetryOf(bundle: TelemetryBundle | undefined, source: TelemetrySource): ReplayedTelemetry | null {
  if (!bundle) return null;
  return {
    source,
    fromSignals: source === 'signals' ? [...LOCAL_SIGNAL_COLLECTORS] : [],
    collectors: bundle.results.map((r) => ({
      collector: r.collector, status: r.status, reason: r.reason ?? null, evidence: r.evidence.map((e) => e.summary),
    })),
    errorBudgetRemaining: bundle.errorBudgetRemaining ?? null,
    nonCompliantResources: bundle.nonCompliantResources ?? null,
  };
}

function toReplayed(r: SimulatedIncidentResult, telemetry: ReplayedTelemetry | null): ReplayedIncident {
  return {
    id: r.id,
    title: r.title,
    priority: r.priority,
    finding: r.finding
      ? { cause: r.finding.cause, confidence: r.finding.confidence, runbook: r.finding.runbook ?? null, reasoner: r.finding.reasoner }
      : null,
    decision: r.decision ? { outcome: r.decision.outcome, reasons: [...r.decision.reasons], policies: [...r.decision.policies] } : null,
    remediation: r.remediation
      ? { runbookId: r.remediation.runbookId, outcome: r.remediation.outcome, reason: r.remediation.reason }
      : null,
    timeline: r.timeline,
    mttrSeconds: r.mttrSeconds,
    handledBy: r.handledBy,
    humanReason: r.humanReason ?? null,
    telemetry,
  };
}
