/**
 * The request step: run by the `.waitForTaskToken` Lambda task, it stores the task token under an opaque approval id
 * and posts the approval request in the incident's thread. Idempotent: the id is derived from the token, so a retried
 * invocation finds its record and does not post twice once the message is attached.
 */
import { Decision } from '../../contract/decisions';
import type { Notifier, PostedMessage, ThreadRef } from '../comms/ports';
import type { Incident } from '../model';
import { approvalIdFor, buildApprovalMessage } from './message';
import type { ApprovalRecord, ApprovalStore } from './ports';
import type { Finding } from '../reasoning/finding';
import type { RiskDecision } from '../risk/evaluate';

/** Default lifetime of a request: one hour. */
export const APPROVAL_DEFAULT_TTL_SECONDS = 3600;

export interface RequestApprovalInput {
  readonly incident: Incident;
  readonly finding: Pick<Finding, 'cause' | 'confidence' | 'runbook' | 'reasoner' | 'evidence'>;
  readonly decision: Pick<RiskDecision, 'outcome' | 'reasons' | 'policies'>;
  /** `$$.Task.Token` of the waiting state. Stored, never posted. */
  readonly taskToken: string;
  /** Where to post: the incident's thread (`threadFor(incident, channel)`). */
  readonly thread: ThreadRef;
}

export interface RequestApprovalDeps {
  readonly approvals: ApprovalStore;
  readonly notifier: Notifier;
  readonly now: Date;
  /** Lifetime of the request; give the waiting state the same TimeoutSeconds. @default 3600 */
  readonly ttlSeconds?: number;
}

export interface RequestApprovalResult {
  readonly approvalId: string;
  readonly expiresAt: string;
  /** The posted request, or the one posted by an earlier attempt. */
  readonly message: PostedMessage;
  /** false when an earlier attempt had already posted it. */
  readonly posted: boolean;
}

/** Store the token under an approval id and post the request (once). */
export async function requestApproval(input: RequestApprovalInput, deps: RequestApprovalDeps): Promise<RequestApprovalResult> {
  if (input.decision.outcome !== Decision.APPROVE) throw new Error(`requestApproval: the decision is ${input.decision.outcome}, not APPROVE`);
  const ttl = deps.ttlSeconds ?? APPROVAL_DEFAULT_TTL_SECONDS;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new Error(`requestApproval: ttlSeconds must be positive, got ${ttl}`);
  const approvalId = approvalIdFor(input.taskToken);
  const fresh: ApprovalRecord = {
    approvalId,
    incidentId: input.incident.id,
    taskToken: input.taskToken,
    ...(input.finding.runbook ? { runbookId: input.finding.runbook.id } : {}),
    createdAt: deps.now.toISOString(),
    expiresAt: new Date(deps.now.getTime() + ttl * 1000).toISOString(),
  };
  const created = await deps.approvals.create(fresh);
  const record = created ? fresh : (await deps.approvals.get(approvalId)) ?? fresh;
  if (record.message) return { approvalId, expiresAt: record.expiresAt, message: record.message, posted: false };

  const message = buildApprovalMessage(input.incident, input.finding, input.decision, { approvalId, expiresAt: record.expiresAt });
  const posted = await deps.notifier.post(input.thread, message);
  if (posted.channel && posted.ts) await deps.approvals.attachMessage(approvalId, { channel: posted.channel, ts: posted.ts });
  return { approvalId, expiresAt: record.expiresAt, message: posted, posted: true };
}
