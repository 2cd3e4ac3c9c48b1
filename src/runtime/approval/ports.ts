import * as z from 'zod';
import { APPROVAL_ACTIONS, APPROVAL_OUTCOMES } from '../../contract/decisions';

/**
 * Remembers request signatures for as long as they could be replayed. `seen` records the key and answers whether it
 * was already there, atomically: of two concurrent calls with one key, exactly one gets `false`.
 * The in-memory one is InMemoryReplayCache; the Lambda uses DynamoDbReplayCache (conditional put with TTL).
 */
export interface ReplayCache {
  /**
   * @param key the request's signature (unique per timestamp and body)
   * @param expiresAt epoch seconds after which the key may be forgotten (the request is stale by then anyway)
   * @returns true when the key was already recorded (a replay), false when this call recorded it
   */
  seen(key: string, expiresAt: number): Promise<boolean>;
}

export { APPROVAL_ACTIONS, APPROVAL_OUTCOMES };
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/** How a request ended: approved or denied by a person, or expired (a click after `expiresAt`). */
export type ApprovalOutcome = (typeof APPROVAL_OUTCOMES)[number];

export const ApproverSchema = z.object({
  /** Slack user id. */
  id: z.string().min(1).max(64),
  name: z.string().max(256),
});
export type Approver = z.infer<typeof ApproverSchema>;

export const ApprovalDecisionRecordSchema = z.object({
  outcome: z.enum(APPROVAL_OUTCOMES),
  by: ApproverSchema,
  at: z.iso.datetime({ offset: true }),
});
export type ApprovalDecisionRecord = z.infer<typeof ApprovalDecisionRecordSchema>;

/**
 * One pending (or decided) approval request. The Step Functions task token lives only here, under an opaque
 * `approvalId`: the Slack message carries the id, never the token (a token can be up to 2,048 characters, a button
 * value at most 2,000, and whoever holds a token can complete the task).
 */
export const ApprovalRecordSchema = z.object({
  approvalId: z.string().min(1).max(128),
  incidentId: z.string().min(1),
  /** The `.waitForTaskToken` task's token. Never logged, never sent to Slack. */
  taskToken: z.string().min(1).max(2048),
  /** The runbook waiting for approval. */
  runbookId: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  /** After this a click is refused (410) and the wait is failed with ApprovalExpired. */
  expiresAt: z.iso.datetime({ offset: true }),
  /** Where the request was posted, once it was. */
  message: z.object({ channel: z.string(), ts: z.string() }).optional(),
  /** Set exactly once, by `claimDecision`. */
  decision: ApprovalDecisionRecordSchema.optional(),
});
export type ApprovalRecord = z.infer<typeof ApprovalRecordSchema>;

/**
 * Approval requests by id. Every write is a single-item conditional write, so that a double click, two approvers
 * clicking at once, or a retried Lambda can resolve a request at most once.
 */
export interface ApprovalStore {
  /** Store a new request. @returns false when one with this id exists already (a retried request step). */
  create(record: ApprovalRecord): Promise<boolean>;
  get(approvalId: string): Promise<ApprovalRecord | undefined>;
  /** Remember where the request was posted (so a retried request step does not post it twice). */
  attachMessage(approvalId: string, message: { channel: string; ts: string }): Promise<void>;
  /**
   * Record the decision iff none is recorded yet.
   * @returns true for the one caller that recorded it; false when the request is already decided or does not exist
   */
  claimDecision(approvalId: string, decision: ApprovalDecisionRecord): Promise<boolean>;
  /**
   * Undo `claimDecision` iff the recorded decision is still `decision` (same outcome, person and time): used when the
   * task callback failed for a transient reason, so the person can click again.
   */
  releaseDecision(approvalId: string, decision: ApprovalDecisionRecord): Promise<void>;
}

/** What happened to a task callback: delivered, or the task is no longer waiting (timed out, finished, bad token). */
export type TaskCallbackResult =
  | { readonly delivered: true }
  | { readonly delivered: false; readonly reason: 'task-timed-out' | 'task-does-not-exist' | 'invalid-token' };

/**
 * Resumes a `.waitForTaskToken` wait: Step Functions SendTaskSuccess / SendTaskFailure. Throws on transient errors
 * (throttling, network), so the caller can let the person try again.
 */
export interface TaskCallback {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<TaskCallbackResult>;
  fail(taskToken: string, error: string, cause: string): Promise<TaskCallbackResult>;
}
