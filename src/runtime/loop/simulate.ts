/**
 * The whole incident loop, simulated: investigate → decide → (ask a simulated human) → remediate → verify, for each
 * incident on its own virtual clock starting at its `openedAt`. Nothing runs and nothing waits: the runner is a dry
 * run, the verifier follows a script, the clock is simulated. This is what `cdk-aiops replay` prints.
 *
 * The steps are the real ones: the same `remediate` (same steps as the state machine), the same timeline entries
 * as the Lambdas write (`investigationEntries`, `approvalRequestedEntry`, `outcomeEntries` over `decideApproval`'s
 * verdict or a timeout), the same KPI computation.
 * The investigation is injected (`(incident, signals) → { finding, decision }`), so the loop does not depend on how
 * the agents are wired.
 */
import { ApprovalOutcomeValue, Decision, RemediationOutcomeValue } from '../../contract/decisions';
import { TimelineType } from '../../contract/timeline';
import { approvalRequestedEntry, outcomeEntries } from '../agents/outcome';
import type { TokenUsageEntry } from '../agents/steps';
import { investigationEntries, type InvestigationRecord } from '../agents/timeline';
import { ApprovalError, decideApproval } from '../approval/decide';
import type { Approver } from '../approval/ports';
import { approvalAnswerOf, computeIncidentKpis, median, type IncidentKpis, type KpiOptions } from '../kpi/compute';
import { DryRunRunner, InMemoryTimelineSink, ScriptedVerifier, SimulatedClock } from '../local/dry-run-remediation';
import type { Incident, Signal, TimelineEntry } from '../model';
import { monthOf, totalTokens } from '../reasoning/budget';
import type { Finding } from '../reasoning/finding';
import type { Clock, RecoveryVerifier, RunbookRunner } from '../remediation/ports';
import {
  remediate,
  REMEDIATION_ACTOR,
  type RemediationOptions,
  type RemediationResult,
  type RunbookLookup,
} from '../remediation/remediate';
import type { RiskDecision } from '../risk/evaluate';
import type { RiskClass } from '../runbooks';

/** Who writes the simulation's own entries (the investigation summary, approvals, resolutions). */
export const SIMULATION_ACTOR = 'simulation';
/** The simulated human. */
export const SIMULATED_HUMAN_ACTOR = 'human:simulated';
/** Who the simulated human is when a denial names them (as a Slack user would be named). */
export const SIMULATED_APPROVER: Approver = { id: 'USIMULATED', name: 'the on-call engineer' };

/** Timeline entry types the loop writes besides the remediation's. The KPI computation reads the same strings. */
export const LoopTimelineType = {
  FINDING: TimelineType.FINDING,
  DECISION: TimelineType.DECISION,
  TOKENS: TimelineType.TOKENS,
  INVESTIGATION_FAILED: TimelineType.AGENT_FAILURE,
  APPROVAL_REQUESTED: TimelineType.APPROVAL_REQUESTED,
  /** A human's answer, as the approval flow writes it: `data.outcome` approved or denied. */
  APPROVAL: TimelineType.APPROVAL,
  APPROVAL_TIMED_OUT: TimelineType.APPROVAL_TIMED_OUT,
  ESCALATED: TimelineType.ESCALATED,
  RESOLVED: TimelineType.RESOLVED,
} as const;

export type SimulatedDecision = Pick<RiskDecision, 'outcome' | 'reasons' | 'policies'>;

export interface Investigation {
  readonly finding: Finding;
  readonly decision: SimulatedDecision;
  /** Virtual seconds the investigation took. @default SimulateDeps.investigationSeconds */
  readonly durationSeconds?: number;
  /** What telemetry found, for the timeline. @default - no telemetry entry */
  readonly telemetry?: InvestigationRecord['telemetry'];
  /** The tokens the investigation spent. @default - the finding's usage, this month */
  readonly tokenUsage?: TokenUsageEntry;
}

/** The investigation step (the agents' `runInvestigation`, or a stand-in). May be async; may throw. */
export type Investigate = (incident: Incident, signals: readonly Signal[]) => Investigation | Promise<Investigation>;

/** What the simulated human does with an approval request. */
export type ApprovalAnswer =
  | { readonly answer: 'approve'; readonly afterMinutes: number }
  | { readonly answer: 'deny'; readonly afterMinutes: number; readonly reason?: string; readonly by?: Approver }
  | { readonly answer: 'none' };

/**
 * The simulated approver. An answer that comes at or after `timeoutMinutes` is never seen: the request times out and
 * the incident is escalated; a timeout is never an approval.
 */
export interface ApproverPolicy {
  readonly timeoutMinutes: number;
  answer(incident: Incident, finding: Finding, decision: SimulatedDecision): ApprovalAnswer;
}

/** Default approval timeout, minutes. */
export const DEFAULT_APPROVAL_TIMEOUT_MINUTES = 30;

/** A human who approves every request after `minutes`. */
export function approvesAfter(minutes: number, timeoutMinutes = DEFAULT_APPROVAL_TIMEOUT_MINUTES): ApproverPolicy {
  return { timeoutMinutes, answer: () => ({ answer: 'approve', afterMinutes: minutes }) };
}

/** A human who denies every request after `minutes`. */
export function deniesAfter(
  minutes: number,
  reason = 'denied by the on-call engineer',
  timeoutMinutes = DEFAULT_APPROVAL_TIMEOUT_MINUTES,
  by: Approver = SIMULATED_APPROVER,
): ApproverPolicy {
  return { timeoutMinutes, answer: () => ({ answer: 'deny', afterMinutes: minutes, reason, by }) };
}

/** A human who never answers: every request times out. */
export function neverAnswers(timeoutMinutes = DEFAULT_APPROVAL_TIMEOUT_MINUTES): ApproverPolicy {
  return { timeoutMinutes, answer: () => ({ answer: 'none' }) };
}

export interface SimulatedIncidentInput {
  /**
   * The incident as triage opened it. A `resolvedAt` is when it resolved on its own (its signals cleared, in the
   * replayed scenario): when that comes before the agents act, nobody handled it (`none`); the simulated MTTR is never
   * later than it.
   */
  readonly incident: Incident;
  readonly signals: readonly Signal[];
}

export interface SimulateDeps {
  readonly investigate: Investigate;
  /** Where the proposed runbook (and its rollback) are looked up: the registry the agents used. */
  readonly runbooks: RunbookLookup;
  /** A runner on the incident's clock. @default - a DryRunRunner where every run succeeds in 60 s */
  readonly runner?: (clock: Clock) => RunbookRunner;
  /** @default - a ScriptedVerifier where every incident recovers on the first check */
  readonly verifier?: RecoveryVerifier;
  /** @default neverAnswers() */
  readonly approver?: ApproverPolicy;
  /** Virtual seconds an investigation takes when it does not say. @default 60 */
  readonly investigationSeconds?: number;
  /**
   * Minutes a human takes to resolve an incident escalated to them. Without it, escalated incidents stay unresolved
   * in the simulation (mttrSeconds null) unless they resolved on their own.
   * @default - not simulated
   */
  readonly humanResolutionMinutes?: number;
  readonly remediationOptions?: RemediationOptions;
  /** Prices for the cost KPI. */
  readonly pricing?: KpiOptions['pricing'];
}

export type HandledBy = 'agent' | 'human' | 'none';

export interface SimulatedIncidentResult {
  readonly id: string;
  readonly title: string;
  readonly priority: Incident['priority'];
  readonly finding: Finding | null;
  readonly decision: SimulatedDecision | null;
  readonly remediation?: RemediationResult;
  /** The incident's timeline with everything the loop did on it. */
  readonly timeline: TimelineEntry[];
  /** Opened → resolved, seconds; null when it did not resolve in the simulation. */
  readonly mttrSeconds: number | null;
  /** `agent`: a runbook resolved it; `human`: it was escalated; `none`: it resolved on its own before anyone acted. */
  readonly handledBy: HandledBy;
  /** Why a human has it. */
  readonly humanReason?: string;
  /** Risk class of the proposed runbook, when there was one. */
  readonly riskClass?: RiskClass;
  readonly kpis: IncidentKpis;
}

export interface SimulationStats {
  readonly incidents: number;
  /** Resolved by a runbook the risk policy allowed without a human. */
  readonly autoRemediated: number;
  readonly automationRate: {
    /** autoRemediated / incidents (0 when there are none). */
    readonly all: number;
    /** Auto-remediated among incidents whose proposed runbook is low risk; null when there are none. */
    readonly lowRisk: number | null;
  };
  /** Requests a human approved. */
  readonly approvals: number;
  /** Runbooks not run: denied by policy or by a human. */
  readonly denied: number;
  /** Approval requests nobody answered in time (escalated, never approved). */
  readonly approvalTimeouts: number;
  /** Median over the incidents that resolved in the simulation; null when none did. */
  readonly medianMttrSeconds: number | null;
}

export interface SimulationResult {
  readonly incidents: SimulatedIncidentResult[];
  readonly stats: SimulationStats;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Simulates one incident. Never throws for an investigation that fails or a runbook that does not work. */
export async function simulateIncident(input: SimulatedIncidentInput, deps: SimulateDeps): Promise<SimulatedIncidentResult> {
  const { incident, signals } = input;
  const clock = new SimulatedClock(incident.openedAt);
  const sink = new InMemoryTimelineSink();
  const naturalResolution = incident.resolvedAt !== undefined ? Date.parse(incident.resolvedAt) : undefined;
  const write = (type: string, message: string, actor: string, data?: Record<string, unknown>) =>
    sink.append(incident.id, [{ at: clock.now().toISOString(), type, message, actor, ...(data ? { data } : {}) }]);
  const runId = `simulation:${incident.id}`;
  /** What the outcome step writes for the approval's end (the Lambda's `recordOutcome`). */
  const outcome = (action: 'denied' | 'expired', runbookId: string, error: { Error: string; Cause?: string }) =>
    sink.append(incident.id, outcomeEntries({ action, runId, incident: { id: incident.id }, runbookId, error }, clock.now()).entries);

  let finding: Finding | null = null;
  let decision: SimulatedDecision | null = null;
  let remediation: RemediationResult | undefined;
  let riskClass: RiskClass | undefined;
  let handledBy: HandledBy = 'human';
  let humanReason: string | undefined;
  let resolvedAt: number | undefined;

  const resolvedOnItsOwn = () => naturalResolution !== undefined && naturalResolution <= clock.now().getTime();
  const escalate = async (reason: string) => {
    humanReason = reason;
    await write(LoopTimelineType.ESCALATED, `escalated to a human: ${reason}`, SIMULATION_ACTOR, { reason });
  };

  const act = async (): Promise<void> => {
    let investigation: Investigation;
    try {
      investigation = await deps.investigate(incident, signals);
    } catch (err) {
      clock.advance((deps.investigationSeconds ?? 60) * 1000);
      await write(LoopTimelineType.INVESTIGATION_FAILED, `investigation failed: ${errorText(err)}`, SIMULATION_ACTOR);
      await escalate(`investigation failed: ${errorText(err)}`);
      return;
    }
    finding = investigation.finding;
    decision = investigation.decision;
    clock.advance((investigation.durationSeconds ?? deps.investigationSeconds ?? 60) * 1000);
    const tokenUsage = investigation.tokenUsage
      ?? (finding.usage ? { month: monthOf(clock.now()), tokens: totalTokens(finding.usage) } : undefined);
    await sink.append(incident.id, investigationEntries({ runId, telemetry: investigation.telemetry, finding, decision, tokenUsage }, clock.now()));
    if (resolvedOnItsOwn()) {
      handledBy = 'none';
      return;
    }

    const proposed = finding.runbook;
    if (!proposed) {
      await escalate('no runbook proposed');
      return;
    }
    const spec = deps.runbooks.get(proposed.id);
    if (!spec) {
      await escalate(`runbook ${proposed.id} is not in the registry`);
      return;
    }
    riskClass = spec.riskClass;
    if (decision.outcome === Decision.DENY) {
      await escalate(`runbook ${spec.id} denied by policy: ${decision.reasons.join('; ')}`);
      return;
    }
    if (decision.outcome === Decision.APPROVE) {
      const approver = deps.approver ?? neverAnswers();
      const request = { approvalId: runId, runbookId: spec.id, timeoutMinutes: approver.timeoutMinutes };
      await sink.append(incident.id, [approvalRequestedEntry(request, clock.now())]);
      const expiresAt = new Date(clock.now().getTime() + approver.timeoutMinutes * 60_000).toISOString();
      const answer = approver.answer(incident, finding, decision);
      if (answer.answer === 'none' || answer.afterMinutes >= approver.timeoutMinutes) {
        clock.advance(approver.timeoutMinutes * 60_000);
        await outcome('expired', spec.id, { Error: ApprovalError.TIMED_OUT });
        humanReason = `approval for ${spec.id} timed out after ${approver.timeoutMinutes} min`;
        return;
      }
      clock.advance(Math.max(0, answer.afterMinutes) * 60_000);
      if (answer.answer === 'deny') {
        const by = answer.by ?? SIMULATED_APPROVER;
        const verdict = decideApproval({ action: 'deny', user: by, allowList: [by.id], now: clock.now(), expiresAt });
        await outcome('denied', spec.id, verdict.kind === 'failure' ? { Error: verdict.error, Cause: verdict.cause } : { Error: ApprovalError.DENIED });
        humanReason = `approval for ${spec.id} denied: ${answer.reason ?? 'denied'}`;
        return;
      }
      await write(LoopTimelineType.APPROVAL, `approved runbook ${spec.id}`, SIMULATED_HUMAN_ACTOR, { actorType: 'human', outcome: ApprovalOutcomeValue.APPROVED, runbookId: spec.id });
      if (resolvedOnItsOwn()) {
        handledBy = 'none';
        return;
      }
    }

    const runner = deps.runner ? deps.runner(clock) : new DryRunRunner({ clock });
    remediation = await remediate(
      { incident, signals, finding, spec, params: proposed.parameters },
      { clock, runner, verifier: deps.verifier ?? new ScriptedVerifier(), sink, runbooks: deps.runbooks },
      deps.remediationOptions,
    );
    if (remediation.outcome === RemediationOutcomeValue.RESOLVED) {
      handledBy = 'agent';
      resolvedAt = Date.parse(remediation.endedAt);
      await write(LoopTimelineType.RESOLVED, `resolved by runbook ${spec.id}`, REMEDIATION_ACTOR);
    } else {
      humanReason = remediation.reason; // remediate already wrote the escalation
    }
  };
  await act();

  if (handledBy === 'human' && deps.humanResolutionMinutes !== undefined) {
    clock.advance(deps.humanResolutionMinutes * 60_000);
    resolvedAt = clock.now().getTime();
    await write(LoopTimelineType.RESOLVED, `resolved by a human after ${deps.humanResolutionMinutes} min`, SIMULATED_HUMAN_ACTOR);
  }
  if (naturalResolution !== undefined && (resolvedAt === undefined || naturalResolution < resolvedAt)) resolvedAt = naturalResolution;

  const { resolvedAt: _asGiven, ...after } = sink.applyTo(incident);
  const simulated: Incident = resolvedAt !== undefined
    ? { ...after, status: 'resolved', resolvedAt: new Date(resolvedAt).toISOString() }
    : { ...after, status: 'acknowledged' };
  const kpis = computeIncidentKpis(simulated, { signals, pricing: deps.pricing });
  return {
    id: incident.id,
    title: incident.title,
    priority: incident.priority,
    finding,
    decision,
    ...(remediation ? { remediation } : {}),
    timeline: simulated.timeline,
    mttrSeconds: kpis.timeToResolveSeconds ?? null,
    handledBy,
    ...(handledBy === 'human' && humanReason ? { humanReason } : {}),
    ...(riskClass ? { riskClass } : {}),
    kpis,
  };
}

/** Stats over simulated incidents. */
export function simulationStats(results: readonly SimulatedIncidentResult[]): SimulationStats {
  const isAuto = (r: SimulatedIncidentResult) => r.handledBy === 'agent' && r.decision?.outcome === Decision.AUTO;
  const answered = (r: SimulatedIncidentResult, answer: ReturnType<typeof approvalAnswerOf>) =>
    r.timeline.some((e) => approvalAnswerOf(e) === answer);
  const autoRemediated = results.filter(isAuto).length;
  const lowRisk = results.filter((r) => r.riskClass === 'low');
  const mttrs = results.map((r) => r.mttrSeconds).filter((m): m is number => m !== null);
  return {
    incidents: results.length,
    autoRemediated,
    automationRate: {
      all: results.length > 0 ? autoRemediated / results.length : 0,
      lowRisk: lowRisk.length > 0 ? lowRisk.filter(isAuto).length / lowRisk.length : null,
    },
    approvals: results.filter((r) => answered(r, 'approved')).length,
    denied: results.filter((r) => r.decision?.outcome === Decision.DENY || answered(r, 'denied')).length,
    approvalTimeouts: results.filter((r) => answered(r, 'timed-out')).length,
    medianMttrSeconds: median(mttrs) ?? null,
  };
}

/**
 * Simulates every incident, each on its own clock from its `openedAt` (incidents do not queue behind each other),
 * one after the other, in the order given. Returns per-incident results (with timeline and MTTR) and the stats.
 */
export async function simulateIncidentLoop(inputs: readonly SimulatedIncidentInput[], deps: SimulateDeps): Promise<SimulationResult> {
  const incidents: SimulatedIncidentResult[] = [];
  for (const input of inputs) incidents.push(await simulateIncident(input, deps));
  return { incidents, stats: simulationStats(incidents) };
}
