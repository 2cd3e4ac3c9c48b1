import { NO_KNOWLEDGE, runInvestigation, signalsOf } from '../../runtime/agents';
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
import type { Incident, Priority, Signal, TimelineEntry, TriageResult } from '../../runtime/model';
import type { Finding } from '../../runtime/reasoning';
import type { RiskOutcome } from '../../runtime/risk';
import { BUILTIN_RUNBOOKS, RunbookRegistry } from '../../runtime/runbooks';

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

export interface ReplayOptions {
  /** @default 'approve' */
  readonly approver?: ApproverChoice;
  /** Cedar policies added to the defaults (already validated). */
  readonly extraPolicies?: string;
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
}

export interface ReplayResult {
  readonly incidents: ReplayedIncident[];
  readonly stats: SimulationStats;
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
 * (`runInvestigation`: telemetry from recorded data only, so every collector reports `skipped: not configured`; the
 * deterministic reasoner, never a model; Cedar risk with the default policies plus `extraPolicies`), then
 * `simulateIncidentLoop` on a simulated clock with a dry-run runner (every runbook succeeds), a verifier that sees
 * recovery on the first check and the chosen approver. Deterministic: decisions are taken at each incident's
 * `openedAt`, never at the wall-clock time.
 */
export async function replayTriage(triage: TriageResult, options: ReplayOptions = {}): Promise<ReplayResult> {
  const registry = new RunbookRegistry([...BUILTIN_RUNBOOKS]);
  const byId = new Map(triage.signals.map((s) => [s.id, s]));
  const simulation = await simulateIncidentLoop(
    triage.incidents.map((incident) => ({ incident, signals: incidentSignals(incident, byId) })),
    {
      runbooks: registry,
      approver: approverPolicy(options.approver ?? 'approve'),
      investigate: async (incident, signals) => {
        const result = await runInvestigation({ incident, signals, knowledge: NO_KNOWLEDGE }, {
          telemetry: { collectors: {} },
          reasoning: { disabled: true },
          risk: { extraPolicies: options.extraPolicies },
          registry,
          now: new Date(incident.openedAt),
        });
        return { finding: result.reasoning.finding, decision: result.decision };
      },
    },
  );
  return { incidents: simulation.incidents.map(toReplayed), stats: simulation.stats };
}

function toReplayed(r: SimulatedIncidentResult): ReplayedIncident {
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
  };
}
