/**
 * The Remediation agent's step: one step of the remediation loop per invocation, so that the state machine waits in
 * Wait states, never in Lambda. `action: 'plan'` validates the finding's runbook against the incident and plans it
 * (and its rollback); `action: 'step'` runs the one step `advance` says (the same one `remediate` runs in process).
 * Every step's timeline entries go onto the incident; the state goes back with what to do next and after how long.
 */
import { z } from 'zod';
import { approvalTimelineEntry } from '../approval/timeline';
import type { TimelineEntry } from '../model';
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

const ApprovalSchema = z.object({
  approved: z.literal(true),
  approvedBy: z.object({ id: z.string().min(1), name: z.string() }),
  approvedAt: z.string(),
}).loose();

const PlanInputSchema = z.object({
  action: z.literal('plan'),
  runId: z.string().min(1),
  incident: StepIncidentSchema,
  finding: FindingSchema.pick({ runbook: true }).loose(),
  /** The approval task's output when a human approved; `{ automatic: true }` when the decision was AUTO. */
  approval: z.union([ApprovalSchema, z.object({ automatic: z.literal(true) })]).nullish(),
});

const StepInputSchema = z.object({
  action: z.literal('step'),
  incident: StepIncidentSchema,
  remediation: z.object({
    state: z.object({ incidentId: z.string(), phase: z.enum(['start', 'poll', 'verify', 'done']) }).loose(),
  }).loose(),
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
  readonly registry: RunbookRegistry;
  readonly runner: RunbookRunner;
  readonly verifier: RecoveryVerifier;
  readonly sink: TimelineSink;
  readonly maxRunSeconds?: number;
  readonly log?: Log;
}

function plan(input: z.infer<typeof PlanInputSchema>, deps: RemediationStepDeps, now: Date): StepResult {
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
    { incident: input.incident, signals: signalsOf(input.incident), finding: { runbook: proposed } as never, spec, params: proposed.parameters },
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
    ? plan(input, deps, now)
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
