/**
 * Outcomes shared by the state machine (Choice states, Catch clauses), the runtime's schemas and the KPIs.
 * Arrays are `as const` so zod enums derive from them (`z.enum(DECISION_OUTCOMES)`).
 * Plain data: no imports outside src/contract.
 */

/** What the Risk agent decides: run without a human, ask a human, or never run. */
export const DECISION_OUTCOMES = ['AUTO', 'APPROVE', 'DENY'] as const;
export type DecisionOutcomeValue = (typeof DECISION_OUTCOMES)[number];
/** The decision outcomes by name. */
export const Decision = {
  AUTO: 'AUTO',
  APPROVE: 'APPROVE',
  DENY: 'DENY',
} as const satisfies Record<DecisionOutcomeValue, DecisionOutcomeValue>;

/** Values of the `Outcome` dimension of the AutomationOutcome KPI. */
export const AutomationOutcomeValue = {
  /** The risk policy allowed the runbook without a human, and recovery was verified. */
  AUTO_RESOLVED: 'AutoResolved',
  /** A human approved the runbook, and recovery was verified. */
  APPROVED: 'Approved',
  /** The runbook did not run: the risk policy denied it, or a human denied it or did not answer in time. */
  DENIED: 'Denied',
  /** The runbook ran and failed or did not recover the service, and there was no rollback or the rollback failed. */
  FAILED: 'Failed',
  /** The runbook failed or did not recover the service, and its rollback ran. */
  ROLLED_BACK: 'RolledBack',
} as const;
export const AUTOMATION_OUTCOMES = [
  AutomationOutcomeValue.AUTO_RESOLVED,
  AutomationOutcomeValue.APPROVED,
  AutomationOutcomeValue.DENIED,
  AutomationOutcomeValue.FAILED,
  AutomationOutcomeValue.ROLLED_BACK,
] as const;

/** How an approval request ended: approved or denied by a person, or expired (a click after `expiresAt`). */
export const APPROVAL_OUTCOMES = ['approved', 'denied', 'expired'] as const;
/** The approval outcomes by name. */
export const ApprovalOutcomeValue = {
  APPROVED: 'approved',
  DENIED: 'denied',
  EXPIRED: 'expired',
} as const satisfies Record<string, (typeof APPROVAL_OUTCOMES)[number]>;

/** What an approver may click. */
export const APPROVAL_ACTIONS = ['approve', 'deny'] as const;

/** Error names sent with SendTaskFailure, for the state machine's Catch clauses. API. */
export const ApprovalError = {
  /** A listed approver clicked Deny. */
  DENIED: 'Denied',
  /** A listed approver clicked after the request expired. */
  EXPIRED: 'ApprovalExpired',
  /** Step Functions' own error when the wait's TimeoutSeconds passes with no callback. */
  TIMED_OUT: 'States.Timeout',
} as const;

/** How a remediation ended (`data.outcome` of its last timeline entry). */
export const REMEDIATION_OUTCOMES = ['resolved', 'failed', 'rolled-back', 'rollback-failed'] as const;
/** The remediation outcomes by name. */
export const RemediationOutcomeValue = {
  RESOLVED: 'resolved',
  FAILED: 'failed',
  ROLLED_BACK: 'rolled-back',
  ROLLBACK_FAILED: 'rollback-failed',
} as const satisfies Record<string, (typeof REMEDIATION_OUTCOMES)[number]>;

/**
 * A Slack user id (an approver): `U…` or `W…` (Enterprise Grid). The construct validates the allow-list with it, the
 * callback validates the clicking user with it.
 */
export const SLACK_USER_ID_PATTERN_SOURCE = '^[UW][A-Z0-9]{2,30}$';

/** Most approvers the allow-list may hold (it travels in the callback's 4 KB environment). */
export const MAX_APPROVERS = 100;
