/**
 * The notify step, invoked (request/response) with `{ incident, step }`: posts the step's update in the incident's
 * Slack thread (starting the thread and recording it on the incident when there is none yet). For the final step
 * (`resolved`) it posts the final summary instead, and also emails it when an email notifier is configured.
 */
import * as z from 'zod';
import { feedbackActionsBlock, INCIDENT_ID_PATTERN } from '../comms/feedback-message';
import { formatFinalSummary, formatIncidentUpdate, type IncidentStep } from '../comms/format';
import type { Notifier } from '../comms/ports';
import type { RecentThreads } from '../comms/recent-threads';
import { threadFor, withCommsThread } from '../comms/thread';
import { computeIncidentKpis } from '../kpi/compute';
import type { Incident } from '../model';
import { updateIncident } from './incident-update';
import { StepIncidentSchema } from './steps';
import type { IncidentStore } from '../ports/incident-store';
import { SILENT_LOG, type Log } from '../ports/observability';
import { FindingSchema } from '../reasoning/finding';

const Human = z.object({ id: z.string().min(1).max(64), name: z.string().max(256) });
const Text = z.string().max(4000);

/** The steps `formatIncidentUpdate` reports, validated field by field. */
export const IncidentStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('opened') }),
  z.object({ kind: z.literal('telemetry'), summary: Text }),
  z.object({ kind: z.literal('finding'), finding: FindingSchema.pick({ cause: true, confidence: true, runbook: true, reasoner: true }) }),
  z.object({
    kind: z.literal('decision'),
    decision: z.object({ outcome: z.enum(['AUTO', 'APPROVE', 'DENY']), reasons: z.array(Text) }),
    runbookId: z.string().optional(),
  }),
  z.object({ kind: z.literal('awaiting-approval'), runbookId: z.string(), expiresAt: z.iso.datetime({ offset: true }) }),
  z.object({ kind: z.literal('approved'), by: Human, runbookId: z.string().optional() }),
  z.object({ kind: z.literal('denied'), by: Human, runbookId: z.string().optional() }),
  z.object({ kind: z.literal('runbook-started'), runbookId: z.string(), executionId: z.string().optional() }),
  z.object({ kind: z.literal('verified'), detail: Text.optional() }),
  z.object({ kind: z.literal('rolled-back'), reason: Text }),
  z.object({ kind: z.literal('escalated'), reason: Text }),
  z.object({ kind: z.literal('resolved') }),
]);

export const NotifyInputSchema = z.object({ incident: StepIncidentSchema, step: IncidentStepSchema });

export interface NotifyOutput {
  readonly incidentId: string;
  readonly kind: IncidentStep['kind'];
  /** Slack `ts` of the message posted. */
  readonly ts?: string;
  /** Message id of the email, for the final summary. */
  readonly emailMessageId?: string;
}

export interface NotifyDeps {
  readonly incidents: Pick<IncidentStore, 'getIncident' | 'updateIncident'>;
  readonly slack: Notifier;
  /** @default - no email */
  readonly email?: Notifier;
  readonly channelId: string;
  readonly now: Date;
  readonly log?: Log;
  /** The channel's recent incident threads, for the merge menu. @default - no Merge into… and Split… buttons */
  readonly recent?: RecentThreads;
}

/** Best effort: an incident missing from the list is only missing from other incidents' merge menus. */
async function rememberThread(deps: NotifyDeps, incidentId: string): Promise<void> {
  try {
    await deps.recent?.add(deps.channelId, incidentId, deps.now.getTime());
  } catch (e) {
    (deps.log ?? SILENT_LOG).warn('could not remember the incident thread', { incidentId, error: (e as Error)?.message });
  }
}

export async function notifyStep(event: unknown, deps: NotifyDeps): Promise<NotifyOutput> {
  const input = NotifyInputSchema.parse(event);
  const step = input.step as IncidentStep;
  // The stored incident has the latest timeline (and the thread, once started); the state's copy may be older.
  const incident = (await deps.incidents.getIncident(input.incident.id)) ?? (input.incident as Incident);
  const thread = threadFor(incident, deps.channelId);
  const final = step.kind === 'resolved';
  const update = final ? formatFinalSummary(incident, { kpis: computeIncidentKpis(incident) }) : formatIncidentUpdate(incident, step);
  // The message that starts the thread carries the Merge into… and Split… buttons (answered by the Slack callback).
  const feedback = !thread.threadTs && !final && deps.recent !== undefined && INCIDENT_ID_PATTERN.test(incident.id);
  const message = feedback ? { ...update, blocks: [...(update.blocks ?? []), feedbackActionsBlock(incident)] } : update;

  const posted = await deps.slack.post(thread, message);
  if (!thread.threadTs && posted.ts) {
    const started = { channel: deps.channelId, threadTs: posted.ts };
    await updateIncident(deps.incidents, incident.id, (current) => withCommsThread(current, started, deps.now));
    if (feedback) await rememberThread(deps, incident.id);
  }
  const emailed = final && deps.email ? await deps.email.post(thread, message) : undefined;
  (deps.log ?? SILENT_LOG).info('incident update sent', { incidentId: incident.id, kind: step.kind, emailed: emailed !== undefined });
  return {
    incidentId: incident.id,
    kind: step.kind,
    ...(posted.ts ? { ts: posted.ts } : {}),
    ...(emailed?.messageId ? { emailMessageId: emailed.messageId } : {}),
  };
}
