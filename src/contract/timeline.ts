/**
 * Bare words both halves write: the `action` of each remediation and outcome task (the state machine sends it, the
 * handler's schema parses it), the remediation loop's next actions (a Choice state reads them), the steps the channel
 * is told about, and the timeline entry types the runtime writes and the KPIs read.
 * Plain data: no imports outside src/contract.
 */

/** `action` of the remediation task: plan (validate and plan the runbook), or one step of the loop. */
export const RemediationStepAction = {
  PLAN: 'plan',
  STEP: 'step',
} as const;

/** `action` of the outcome task: what ended the path that reached it. */
export const OutcomeStepAction = {
  /** The remediation loop is done (resolved, failed or rolled back). */
  REMEDIATED: 'remediated',
  /** A human denied the runbook. */
  DENIED: 'denied',
  /** Nobody approved in time (timeout or a late click). */
  EXPIRED: 'expired',
  /** Approval was needed and nothing could approve (no channel). */
  NO_APPROVER: 'no-approver',
} as const;
export const OUTCOME_STEP_ACTIONS = [
  OutcomeStepAction.REMEDIATED,
  OutcomeStepAction.DENIED,
  OutcomeStepAction.EXPIRED,
  OutcomeStepAction.NO_APPROVER,
] as const;

/** The remediation loop's next action (`remediation.next.action`); the loop ends on DONE. */
export const RemediationNextAction = {
  START: 'start',
  POLL: 'poll',
  VERIFY: 'verify',
  DONE: 'done',
} as const;
export const REMEDIATION_NEXT_ACTIONS = [
  RemediationNextAction.START,
  RemediationNextAction.POLL,
  RemediationNextAction.VERIFY,
  RemediationNextAction.DONE,
] as const;

/** The `step` the notify task is told about by the state machine. */
export const NotifyStep = {
  DECISION: 'decision',
  DENIED: 'denied',
  ESCALATED: 'escalated',
  RESOLVED: 'resolved',
} as const;

/** Timeline entry types: who writes each is named; the KPIs read them by these names. */
export const TimelineType = {
  /** Triage: the incident was opened. */
  OPENED: 'opened',
  /** Triage: a signal joined the incident. */
  SIGNAL: 'signal',
  /** A human acknowledged the incident. */
  ACKNOWLEDGED: 'acknowledged',
  /** A human mitigated the incident. */
  MITIGATED: 'mitigated',
  /** The incident was resolved. */
  RESOLVED: 'resolved',
  /** Agents: what telemetry found. */
  TELEMETRY: 'telemetry',
  /** Agents: the reasoner's finding. */
  FINDING: 'finding',
  /** Agents: the risk decision (acknowledges the incident). */
  DECISION: 'decision',
  /** Agents: the model tokens spent. */
  TOKENS: 'tokens',
  /** Agents: the investigation failed. */
  AGENT_FAILURE: 'agent-failure',
  /** Approval: a human was asked. */
  APPROVAL_REQUESTED: 'approval-requested',
  /** Approval: a human's answer, `data.outcome` approved, denied or expired. */
  APPROVAL: 'approval',
  /** Approval: nobody answered before the request timed out. */
  APPROVAL_TIMED_OUT: 'approval-timed-out',
  /** Comms: the incident's Slack thread. */
  COMMS_THREAD: 'comms-thread',
  RUNBOOK_STARTED: 'runbook-started',
  RUNBOOK_SUCCEEDED: 'runbook-succeeded',
  /** Did not start, failed, timed out or was cancelled (`data.state`). */
  RUNBOOK_FAILED: 'runbook-failed',
  /** Recovery verified: marks the incident mitigated (TimeToMitigate). */
  VERIFICATION_PASSED: 'verification-passed',
  /** Not recovered within the verify wait. */
  VERIFICATION_FAILED: 'verification-failed',
  ROLLBACK_STARTED: 'rollback-started',
  ROLLBACK_SUCCEEDED: 'rollback-succeeded',
  ROLLBACK_FAILED: 'rollback-failed',
  /** Best-effort check after a rollback: recovered. */
  ROLLBACK_VERIFIED: 'rollback-verified',
  /** Best-effort check after a rollback: not recovered (or nothing to check with). */
  ROLLBACK_UNVERIFIED: 'rollback-unverified',
  /** A human is paged: `data.reason` (the Pages KPI). */
  ESCALATED: 'escalated-to-human',
  /** The last entry of every remediation: `data.outcome`. */
  REMEDIATION_FINISHED: 'remediation-finished',
} as const;
