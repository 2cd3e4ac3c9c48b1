import type { ApprovalAction, Approver } from './ports';
import { ApprovalError } from '../../contract/decisions';

/** Error names sent with SendTaskFailure, for the state machine's Catch clauses. API. */
export { ApprovalError };

/** What SendTaskSuccess carries when a request is approved. */
export interface ApprovalOutput {
  readonly approved: true;
  readonly approvedBy: Approver;
  readonly approvedAt: string;
}

export type ApprovalVerdict =
  /** Approved by a listed approver in time: SendTaskSuccess with `output`. */
  | { readonly kind: 'success'; readonly output: ApprovalOutput }
  /** Denied (Denied) or clicked too late (ApprovalExpired): SendTaskFailure. */
  | { readonly kind: 'failure'; readonly error: typeof ApprovalError.DENIED | typeof ApprovalError.EXPIRED; readonly cause: string }
  /** The person may not decide: nothing is sent, nothing changes. */
  | { readonly kind: 'refused'; readonly reason: 'not-allowed'; readonly message: string };

export interface DecideApprovalInput {
  readonly action: ApprovalAction;
  readonly user: Approver;
  /** Slack user ids that may approve or deny. Empty: nobody may (fail closed). */
  readonly allowList: readonly string[];
  readonly now: Date;
  /** ISO-8601 expiry of the request. */
  readonly expiresAt: string;
}

function who(user: Approver): string {
  return `${user.name.replace(/\s+/g, ' ').trim().slice(0, 100)} (${user.id})`;
}

/**
 * Decide what a click means. In this order: a person not on the allow-list is refused whatever they clicked (so an
 * outsider can neither approve nor deny, nor end the wait); a click after `expiresAt` fails the wait with
 * ApprovalExpired (it is never an approval); otherwise approve succeeds and deny fails with `Denied`, naming who.
 */
export function decideApproval(input: DecideApprovalInput): ApprovalVerdict {
  if (!input.allowList.includes(input.user.id)) {
    return { kind: 'refused', reason: 'not-allowed', message: `${who(input.user)} is not on the approvers list` };
  }
  const at = input.now.toISOString();
  const expiresAt = Date.parse(input.expiresAt);
  if (!Number.isFinite(expiresAt) || input.now.getTime() >= expiresAt) {
    return { kind: 'failure', error: ApprovalError.EXPIRED, cause: `request expired at ${input.expiresAt}; ${input.action} by ${who(input.user)} at ${at} was not applied` };
  }
  if (input.action === 'deny') {
    return { kind: 'failure', error: ApprovalError.DENIED, cause: `denied by ${who(input.user)} at ${at}` };
  }
  return { kind: 'success', output: { approved: true, approvedBy: { id: input.user.id, name: input.user.name }, approvedAt: at } };
}

/** What happens when nobody decides in time. */
export interface ApprovalTimeoutOutcome {
  readonly approved: false;
  readonly next: 'escalate';
  /** The errors the state machine must route to escalation. */
  readonly errors: readonly string[];
  readonly reason: string;
}

/**
 * A request nobody decided escalates; it never approves. The construct gives the `.waitForTaskToken` state a
 * TimeoutSeconds equal to the request's lifetime and routes `States.Timeout`, `ApprovalExpired` and `Denied` away from
 * the runbook (the first two to escalation). Nothing in this library turns silence into consent.
 */
export function approvalTimeoutOutcome(): ApprovalTimeoutOutcome {
  return {
    approved: false,
    next: 'escalate',
    errors: [ApprovalError.TIMED_OUT, ApprovalError.EXPIRED],
    reason: 'no listed approver decided before the request expired: the incident is escalated to the on-call, the runbook does not run',
  };
}
