/**
 * How an incident's automation ended, as timeline entries: the remediation's own entries, a human's denial, an
 * approval nobody gave in time, an approval nothing could ask for. The outcome Lambda and the simulated loop
 * (`cdk-aiops replay`) both write exactly these entries, through `outcomeEntries`.
 */
import * as z from 'zod';
import { AGENT_SERVICE_NAME } from '../../contract/metrics';
import { ApprovalError, approvalTimeoutOutcome } from '../approval/decide';
import { APPROVAL_ENTRY_TYPE } from '../approval/timeline';
import { computeIncidentKpis, kpiEmfRecords, KpiTimelineType, type IncidentKpis } from '../kpi';
import type { TimelineEntry } from '../model';
import type { IncidentStore } from '../ports/incident-store';
import { SILENT_LOG, type Log } from '../ports/observability';
import { appendToIncident, remediationResult, RemediationTimelineType, type RemediationState } from '../remediation';
import { updateIncident } from './incident-update';
import { signalsOf } from './steps';
import { AGENTS_ACTOR } from './timeline';

/** Who writes the outcome entries that are not the remediation's own. */
export const OUTCOME_ACTOR = AGENTS_ACTOR;

const ErrorSchema = z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose().nullish();
const Base = { runId: z.string().min(1), incident: z.object({ id: z.string().min(1) }).loose() };
export const OutcomeInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('remediated'), ...Base, runbookId: z.string().nullish(), remediation: z.object({ state: z.record(z.string(), z.unknown()) }).loose() }),
  z.object({ action: z.literal('denied'), ...Base, runbookId: z.string().nullish(), error: ErrorSchema }),
  z.object({ action: z.literal('expired'), ...Base, runbookId: z.string().nullish(), error: ErrorSchema }),
  z.object({ action: z.literal('no-approver'), ...Base, runbookId: z.string().nullish() }),
]);
export type OutcomeInput = z.input<typeof OutcomeInputSchema>;

export interface OutcomeOutput {
  readonly incidentId: string;
  /** `resolved`, `failed`, `rolled-back`, `rollback-failed`, `denied`, `expired` or `no-approver`. */
  readonly outcome: string;
  /** A human must act. */
  readonly escalate: boolean;
  readonly incidentFound: boolean;
  readonly kpis?: IncidentKpis;
}

function entry(now: Date, type: string, message: string, data: Record<string, unknown>): TimelineEntry {
  return { at: now.toISOString(), type, actor: OUTCOME_ACTOR, message: message.slice(0, 1000), data };
}

function escalation(now: Date, reason: string, runbookId?: string | null): TimelineEntry {
  return entry(now, RemediationTimelineType.ESCALATED, `escalated to a human: ${reason}`, { reason, ...(runbookId ? { runbookId } : {}) });
}

/** The entry that says an approval was asked for (the request step writes it; a page, for the KPIs). */
export function approvalRequestedEntry(
  request: { readonly approvalId: string; readonly runbookId?: string; readonly timeoutMinutes: number },
  now: Date,
): TimelineEntry {
  const what = request.runbookId ? `runbook ${request.runbookId}` : 'the proposed runbook';
  return entry(now, KpiTimelineType.APPROVAL_REQUESTED, `approval requested for ${what}: nothing runs without an answer within ${request.timeoutMinutes} min`, {
    approvalId: request.approvalId, ...(request.runbookId ? { runbookId: request.runbookId } : {}), timeoutMinutes: request.timeoutMinutes,
  });
}

/** The outcome, and the entries that say it. */
export function outcomeEntries(
  input: z.infer<typeof OutcomeInputSchema>,
  now: Date,
): { outcome: string; escalate: boolean; entries: TimelineEntry[] } {
  const runbook = input.action !== 'remediated' && input.runbookId ? { runbookId: input.runbookId } : {};
  switch (input.action) {
    case 'remediated': {
      const result = remediationResult(input.remediation.state as unknown as RemediationState);
      return { outcome: result.outcome, escalate: result.escalate, entries: result.steps };
    }
    case 'denied': {
      const cause = input.error?.Cause ?? 'denied';
      return {
        outcome: 'denied',
        escalate: false,
        entries: [entry(now, APPROVAL_ENTRY_TYPE, `runbook ${input.runbookId ?? ''} ${cause}`.replace(/\s+/g, ' '), {
          actorType: 'human', approvalId: input.runId, outcome: 'denied', ...runbook,
        })],
      };
    }
    case 'expired': {
      const timeout = approvalTimeoutOutcome();
      if ((input.error?.Error ?? ApprovalError.TIMED_OUT) === ApprovalError.TIMED_OUT) {
        const answer = entry(now, KpiTimelineType.APPROVAL_TIMED_OUT, 'approval request timed out: nothing ran', { approvalId: input.runId, ...runbook });
        return { outcome: 'expired', escalate: true, entries: [answer, escalation(now, timeout.reason, input.runbookId)] };
      }
      const late = entry(now, APPROVAL_ENTRY_TYPE, `approval expired: ${input.error?.Cause ?? ''}`, { actorType: 'human', approvalId: input.runId, outcome: 'expired', ...runbook });
      return { outcome: 'expired', escalate: true, entries: [late, escalation(now, `the approval came too late: ${input.error?.Cause ?? ''}`, input.runbookId)] };
    }
    case 'no-approver':
      return { outcome: 'no-approver', escalate: true, entries: [escalation(now, 'the runbook needs approval and no channel is configured to ask for it', input.runbookId)] };
  }
}

export interface OutcomeStepDeps {
  readonly store: Pick<IncidentStore, 'getIncident' | 'updateIncident'>;
  readonly now: Date;
  /** Prints one EMF record (console.log in Lambda). */
  readonly print: (line: string) => void;
  readonly log?: Log;
}

/** The outcome step: the entries onto the incident (idempotently), then its KPIs printed as EMF. */
export async function recordOutcome(event: unknown, deps: OutcomeStepDeps): Promise<OutcomeOutput> {
  const log = deps.log ?? SILENT_LOG;
  const input = OutcomeInputSchema.parse(event);
  const { outcome, escalate, entries } = outcomeEntries(input, deps.now);
  const incidentId = input.incident.id;
  const updated = await updateIncident(deps.store, incidentId, (incident) => appendToIncident(incident, entries));
  if (!updated.found) {
    log.warn('incident not in the store (expired?): outcome not recorded', { incidentId, outcome });
    return { incidentId, outcome, escalate, incidentFound: false };
  }
  const kpis = computeIncidentKpis(updated.incident, { signals: signalsOf(updated.incident) });
  for (const record of kpiEmfRecords(kpis, { timestamp: deps.now, dimensions: { service: AGENT_SERVICE_NAME } })) deps.print(JSON.stringify(record));
  log.info('outcome recorded', { incidentId, outcome, escalate });
  return { incidentId, outcome, escalate, incidentFound: true, kpis };
}
