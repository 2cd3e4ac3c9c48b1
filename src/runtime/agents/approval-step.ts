/**
 * The approval request step, invoked by the `.waitForTaskToken` task: stores the token under an opaque approval id and
 * posts the request (with Approve / Deny buttons) in the incident's thread, starting the thread if the incident has
 * none yet, and puts `approval-requested` on the timeline. Idempotent: a retried invocation posts and writes nothing new.
 */
import * as z from 'zod';
import type { ApprovalStore } from '../approval/ports';
import { requestApproval } from '../approval/request';
import type { Notifier } from '../comms/ports';
import { threadFor, withCommsThread } from '../comms/thread';
import { KpiTimelineType } from '../kpi/compute';
import type { Incident } from '../model';
import { updateIncident } from './incident-update';
import { approvalRequestedEntry } from './outcome';
import { RiskDecisionSchema, StepIncidentSchema } from './steps';
import type { IncidentStore } from '../ports/incident-store';
import { SILENT_LOG, type Log } from '../ports/observability';
import { FindingSchema } from '../reasoning/finding';
import { appendTimeline } from '../triage/incident-ops';

export const ApprovalRequestInputSchema = z.object({
  /** `$$.Task.Token`. Stored, never logged, never posted. */
  taskToken: z.string().min(1).max(2048),
  incident: StepIncidentSchema,
  finding: FindingSchema.pick({ cause: true, confidence: true, runbook: true, reasoner: true, evidence: true }),
  decision: RiskDecisionSchema.pick({ outcome: true, reasons: true, policies: true }),
});

export interface ApprovalRequestOutput {
  readonly approvalId: string;
  readonly expiresAt: string;
  readonly posted: boolean;
}

export interface ApprovalRequestDeps {
  readonly approvals: ApprovalStore;
  readonly incidents: Pick<IncidentStore, 'getIncident' | 'updateIncident'>;
  readonly notifier: Notifier;
  readonly channelId: string;
  readonly ttlSeconds: number;
  readonly now: Date;
  readonly log?: Log;
}

/** Ask for the approval (once), then record the thread (when new) and the request on the incident (once per approval). */
export async function requestApprovalStep(event: unknown, deps: ApprovalRequestDeps): Promise<ApprovalRequestOutput> {
  const input = ApprovalRequestInputSchema.parse(event);
  const { now } = deps;
  // The stored incident may already have a thread that the state's copy predates.
  const incident = (await deps.incidents.getIncident(input.incident.id)) ?? (input.incident as Incident);
  const thread = threadFor(incident, deps.channelId);
  const result = await requestApproval(
    { incident, finding: input.finding, decision: input.decision, taskToken: input.taskToken, thread },
    { approvals: deps.approvals, notifier: deps.notifier, now, ttlSeconds: deps.ttlSeconds },
  );
  const started = result.posted && !thread.threadTs && result.message.ts ? { channel: deps.channelId, threadTs: result.message.ts } : undefined;
  const request = { approvalId: result.approvalId, runbookId: input.finding.runbook?.id, timeoutMinutes: deps.ttlSeconds / 60 };
  const requested = approvalRequestedEntry(request, now);
  await updateIncident(deps.incidents, incident.id, (current) => {
    const withThread = (started && withCommsThread(current, started, now)) || current;
    const asked = withThread.timeline.some((e) => e.type === KpiTimelineType.APPROVAL_REQUESTED && e.data?.approvalId === result.approvalId);
    if (asked) return withThread === current ? undefined : withThread;
    return { ...withThread, timeline: appendTimeline(withThread.timeline, requested), version: current.version + 1 };
  });
  (deps.log ?? SILENT_LOG).info('approval requested', {
    incidentId: incident.id, approvalId: result.approvalId, posted: result.posted, expiresAt: result.expiresAt,
  });
  return { approvalId: result.approvalId, expiresAt: result.expiresAt, posted: result.posted };
}
