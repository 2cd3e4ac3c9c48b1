/**
 * The Remediation agent's step: one step of the remediation loop per invocation, so that the state machine waits in
 * Wait states, never in Lambda. `action: 'plan'` validates the finding's runbook against the incident and plans it
 * (and its rollback); `action: 'step'` runs the one step `advance` says (the same one `remediate` runs in process).
 * Every step's timeline entries go onto the incident; the state goes back with what to do next and after how long.
 */
import * as z from 'zod';
import { ApprovalOutcomeValue } from '../../contract/decisions';
import { TimelineType } from '../../contract/timeline';
import { approvalTimelineEntry } from '../approval/timeline';
import type { Incident, TimelineEntry } from '../model';
import type { IncidentStore } from '../ports/incident-store';
import { SILENT_LOG, type Log } from '../ports/observability';
import { FindingSchema } from '../reasoning/finding';
import {
  advance, decideNext, planRemediation,
  type RecoveryVerifier, type RemediationState, type RunbookRunner, type StepResult, type TimelineSink,
} from '../remediation';
import type { RunbookRegistry } from '../runbooks';
import { signalsOf, StepIncidentSchema } from './steps';

/** The finding proposes no runbook, or one that is not registered: there is nothing to run (the failure path reports it). */
export class NoRunbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoRunbookError';
  }
}

/**
 * The store does not say this run may remediate: no incident, no decision recorded for the run, a DENY, or an APPROVE
 * without a human's approval. Nothing runs (the failure path reports it).
 */
export class RemediationNotAuthorisedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemediationNotAuthorisedError';
  }
}

const ApprovalSchema = z.object({
  approved: z.literal(true),
  approvedBy: z.object({ id: z.string().min(1), name: z.string() }),
  approvedAt: z.string(),
}).loose();

// The whole input is validated: the state machine sends exactly these fields (contract/workflow), nothing else.
const PlanInputSchema = z.object({
  action: z.literal('plan'),
  runId: z.string().min(1),
  incident: StepIncidentSchema,
  /** The finding as the reasoner wrote it: only its runbook is read (the other fields are dropped). */
  finding: FindingSchema.pick({ runbook: true }),
  /** The approval task's output when a human approved; `{ automatic: true }` when the decision was AUTO. */
  approval: z.union([ApprovalSchema, z.object({ automatic: z.literal(true) }).strict()]).nullish(),
}).strict();

const StepInputSchema = z.object({
  action: z.literal('step'),
  incident: StepIncidentSchema,
  remediation: z.object({
    state: z.object({ incidentId: z.string().min(1), phase: z.enum(['start', 'poll', 'verify', 'done']) }).loose(),
    /** What the previous step said to do next (a caller may hand the whole output back): not read. */
    next: z.object({ action: z.enum(['start', 'poll', 'verify', 'done']) }).loose().optional(),
  }).strict(),
}).strict().refine((input) => input.remediation.state.incidentId === input.incident.id, {
  message: 'the remediation state belongs to another incident', path: ['remediation', 'state', 'incidentId'],
});

export const RemediationInputSchema = z.discriminatedUnion('action', [PlanInputSchema, StepInputSchema]);
export type RemediationStepInput = z.input<typeof RemediationInputSchema>;

/** What the state machine reads: the state, and the next action with its wait. */
export interface RemediationStepOutput {
  readonly state: RemediationState;
  readonly next: {
    readonly action: 'start' | 'poll' | 'verify' | 'done';
    readonly waitSeconds: number;
    readonly outcome?: string;
    readonly escalate?: boolean;
  };
}

export interface RemediationStepDeps {
  /** Where `plan` re-reads the incident and the decision recorded for the run. */
  readonly incidents: Pick<IncidentStore, 'getIncident'>;
  readonly registry: RunbookRegistry;
  readonly runner: RunbookRunner;
  readonly verifier: RecoveryVerifier;
  readonly sink: TimelineSink;
  readonly maxRunSeconds?: number;
  readonly log?: Log;
}

type PlanInput = z.infer<typeof PlanInputSchema>;

/**
 * The stored incident, once the store says this run may remediate: the decision recorded on its timeline for this run
 * is AUTO, or APPROVE with a human's approval (an `approval` entry approved by a human, or the approval task's output,
 * which only the channel's verified callback can give). Anything else throws RemediationNotAuthorisedError.
 */
export async function authoriseRemediation(input: Pick<PlanInput, 'runId' | 'incident' | 'approval'>, incidents: RemediationStepDeps['incidents']): Promise<Incident> {
  const stored = await incidents.getIncident(input.incident.id);
  if (!stored) throw new RemediationNotAuthorisedError(`incident ${input.incident.id} is not in the incident table: nothing runs`);
  const decision = [...stored.timeline].reverse().find((e) => e.type === TimelineType.DECISION && e.data?.runId === input.runId);
  const outcome = decision?.data?.outcome;
  if (outcome === 'AUTO') return stored;
  if (outcome === 'APPROVE') {
    const approvedEntry = stored.timeline.some((e) => e.type === TimelineType.APPROVAL && e.data?.approvalId === input.runId
      && e.data?.outcome === ApprovalOutcomeValue.APPROVED && e.data?.actorType === 'human');
    if (approvedEntry || (input.approval && 'approvedBy' in input.approval)) return stored;
    throw new RemediationNotAuthorisedError(`incident ${stored.id}: the decision for this run is APPROVE and no human approved it: nothing runs`);
  }
  throw new RemediationNotAuthorisedError(decision
    ? `incident ${stored.id}: the decision for this run is ${String(outcome)}: nothing runs`
    : `incident ${stored.id}: no decision is recorded for this run: nothing runs`);
}

function plan(input: PlanInput, stored: Incident, deps: RemediationStepDeps, now: Date): StepResult {
  const proposed = input.finding.runbook;
  if (!proposed) throw new NoRunbookError('the finding proposes no runbook: nothing to remediate with');
  const spec = deps.registry.get(proposed.id);
  if (!spec) throw new NoRunbookError(`the finding proposes runbook ${proposed.id}, which is not registered`);
  const approved: TimelineEntry[] = input.approval && 'approvedBy' in input.approval
    ? [approvalTimelineEntry({
      approvalId: input.runId,
      runbookId: spec.id,
      decision: { outcome: 'approved', by: input.approval.approvedBy, at: input.approval.approvedAt },
    })]
    : [];
  const planned = planRemediation(
    { incident: { ...stored, timeline: [] }, signals: signalsOf(stored), finding: { runbook: proposed } as never, spec, params: proposed.parameters },
    now,
    { maxRunSeconds: deps.maxRunSeconds },
    deps.registry,
  );
  return { state: planned.state, entries: [...approved, ...planned.entries] };
}

/** One invocation's work: plan or advance once, put the entries on the timeline, say what comes next. */
export async function remediationStep(event: unknown, deps: RemediationStepDeps, now: Date): Promise<RemediationStepOutput> {
  const log = deps.log ?? SILENT_LOG;
  const input = RemediationInputSchema.parse(event);
  const incident = input.incident;
  const result = input.action === 'plan'
    ? plan(input, await authoriseRemediation(input, deps.incidents), deps, now)
    : await advance(input.remediation.state as unknown as RemediationState, deps, incident, signalsOf(incident), now);
  if (result.entries.length > 0) {
    try {
      await deps.sink.append(incident.id, result.entries);
    } catch (error) {
      // The state keeps every entry; RecordOutcome writes them again (idempotently) at the end.
      log.warn('could not write remediation entries on the timeline', { incidentId: incident.id, error: error as Error });
    }
  }
  const next = decideNext(result.state, now);
  log.info('remediation step', { incidentId: incident.id, phase: result.state.phase, purpose: result.state.purpose, next: next.action });
  return {
    state: result.state,
    next: next.action === 'done'
      ? { action: 'done', waitSeconds: 0, outcome: next.result.outcome, escalate: next.result.escalate }
      : { action: next.action, waitSeconds: next.waitSeconds },
  };
}
