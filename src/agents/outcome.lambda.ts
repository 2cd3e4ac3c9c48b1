/**
 * Outcome step: the end of an incident's automation. Writes what happened onto the incident's timeline (the
 * remediation's entries again, idempotently; a human's denial; an approval nobody gave in time; an approval nothing
 * could ask for), then computes the incident's KPIs and prints them as EMF. Returns whether a human must act.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { AGENT_SERVICE_NAME, AgentEnv } from './constants';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { updateIncident } from '../runtime/agents/incident-update';
import { signalsOf } from '../runtime/agents/steps';
import { APPROVAL_ENTRY_TYPE } from '../runtime/approval/timeline';
import { computeIncidentKpis, kpiEmfRecords, KpiTimelineType, type IncidentKpis } from '../runtime/kpi';
import type { TimelineEntry } from '../runtime/model';
import type { IncidentStore } from '../runtime/ports/incident-store';
import { appendToIncident, remediationResult, RemediationTimelineType, type RemediationState } from '../runtime/remediation';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });

/** Who writes the outcome entries that are not the remediation's own. */
export const OUTCOME_ACTOR = 'agents';

const ErrorSchema = z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose().nullish();
const Base = { runId: z.string().min(1), incident: z.object({ id: z.string().min(1) }).loose() };
export const OutcomeInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('remediated'), ...Base, remediation: z.object({ state: z.record(z.string(), z.unknown()) }).loose() }),
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

/** The outcome, and the entries that say it. */
export function outcomeEntries(
  input: z.infer<typeof OutcomeInputSchema>,
  now: Date,
): { outcome: string; escalate: boolean; entries: TimelineEntry[] } {
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
          actorType: 'human', approvalId: input.runId, outcome: 'denied', ...(input.runbookId ? { runbookId: input.runbookId } : {}),
        })],
      };
    }
    case 'expired': {
      const timedOut = (input.error?.Error ?? 'States.Timeout') === 'States.Timeout';
      const reason = timedOut ? 'nobody answered the approval request in time' : `the approval came too late: ${input.error?.Cause ?? ''}`;
      const answer = timedOut
        ? entry(now, KpiTimelineType.APPROVAL_TIMED_OUT, 'approval request timed out: nothing ran', { approvalId: input.runId, runbookId: input.runbookId ?? undefined })
        : entry(now, APPROVAL_ENTRY_TYPE, `approval expired: ${input.error?.Cause ?? ''}`, { actorType: 'human', approvalId: input.runId, outcome: 'expired' });
      return {
        outcome: 'expired',
        escalate: true,
        entries: [answer, entry(now, RemediationTimelineType.ESCALATED, `escalated to a human: ${reason}`, { reason })],
      };
    }
    case 'no-approver': {
      const reason = 'the runbook needs approval and no channel is configured to ask for it';
      return { outcome: 'no-approver', escalate: true, entries: [entry(now, RemediationTimelineType.ESCALATED, `escalated to a human: ${reason}`, { reason, runbookId: input.runbookId ?? undefined })] };
    }
  }
}

function coldStart() {
  const tableName = process.env[AgentEnv.TABLE_NAME];
  if (!tableName) throw new Error(`agent handler: missing environment variable ${AgentEnv.TABLE_NAME}`);
  return { store: new DynamoDbIncidentStore({ client: new DynamoDBClient({}), tableName }) };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: unknown): Promise<OutcomeOutput> {
  cold ??= coldStart();
  return recordOutcome(event, cold.store, new Date(), (line) => console.log(line));
}

/** The handler's work, with the store, clock and EMF printer passed in (tests). */
export async function recordOutcome(
  event: unknown,
  store: Pick<IncidentStore, 'getIncident' | 'updateIncident'>,
  now: Date,
  print: (line: string) => void,
): Promise<OutcomeOutput> {
  const input = OutcomeInputSchema.parse(event);
  const { outcome, escalate, entries } = outcomeEntries(input, now);
  const incidentId = input.incident.id;
  const updated = await updateIncident(store, incidentId, (incident) => appendToIncident(incident, entries));
  if (!updated.found) {
    logger.warn('incident not in the store (expired?): outcome not recorded', { incidentId, outcome });
    return { incidentId, outcome, escalate, incidentFound: false };
  }
  const incident = updated.incident;
  const kpis = computeIncidentKpis(incident, { signals: signalsOf(incident) });
  for (const record of kpiEmfRecords(kpis, { timestamp: now, dimensions: { service: AGENT_SERVICE_NAME } })) print(JSON.stringify(record));
  logger.info('outcome recorded', { incidentId, outcome, escalate });
  return { incidentId, outcome, escalate, incidentFound: true, kpis };
}
