/**
 * Names shared by the AgentSuite construct and its handlers, kept for the construct side's imports. The values live
 * once, in src/contract (the workflow state names below excepted).
 */
export { AIOPS_EVENT_SOURCE, AgentDetailType } from '../contract/events';
export { AgentEnv } from '../contract/env';
export { METRIC_NAMESPACE as AGENT_METRIC_NAMESPACE, AGENT_SERVICE_NAME, AgentMetric, AgentMetricDimension } from '../contract/metrics';

/** Names of the states of the investigation state machine. They are API. */
export const AgentState = {
  PREPARE: 'Prepare',
  TELEMETRY: 'Telemetry',
  KNOWLEDGE_LOOKUP: 'KnowledgeLookup',
  REASON: 'Reason',
  RISK: 'Risk',
  RECORD: 'Record',
  ROUTE: 'RouteDecision',
  /** Notifies the channel of the decision (only with a channel; a failed notification is ignored). */
  NOTIFY_DECISION: 'NotifyDecision',
  /** The decision is APPROVE and a channel is configured: waits for a human (task token). */
  AWAIT_APPROVAL: 'AwaitApproval',
  /** The decision is APPROVE and there is no channel: nothing can approve, the incident is escalated. */
  RECORD_NO_APPROVER: 'RecordNoApprover',
  /** A human denied the runbook. */
  RECORD_DENIAL: 'RecordDenial',
  NOTIFY_DENIAL: 'NotifyDenial',
  APPROVAL_DENIED: 'ApprovalDenied',
  /** Nobody approved in time (timeout or a late click). Never approves. */
  RECORD_APPROVAL_EXPIRED: 'RecordApprovalExpired',
  /** The decision is AUTO: no approval is needed (a Pass that marks it). */
  NO_APPROVAL_NEEDED: 'NoApprovalNeeded',
  /** Remediation loop: validate and plan (the decision is AUTO, or a human approved). */
  PLAN_REMEDIATION: 'PlanRemediation',
  /** Remediation loop: a Choice on the plan's next action (`start`, `poll`, `verify` or `done`). */
  NEXT_REMEDIATION_STEP: 'NextRemediationStep',
  /** Remediation loop: waits `remediation.next.waitSeconds`. */
  WAIT_REMEDIATION: 'WaitForRemediation',
  /** Remediation loop: starts, polls or verifies, once. */
  REMEDIATION_STEP: 'RemediationStep',
  /** Writes the remediation's outcome and the incident KPIs. */
  RECORD_OUTCOME: 'RecordOutcome',
  /** A Choice on whether the outcome needs a human. */
  CHECK_OUTCOME: 'CheckOutcome',
  NOTIFY_RESOLVED: 'NotifyResolved',
  NOTIFY_ESCALATION: 'NotifyEscalation',
  /** The runbook ran and recovery was verified. */
  REMEDIATED: 'Remediated',
  /** A human has to act: remediation failed or rolled back, approval expired, or nothing could approve. */
  ESCALATED: 'Escalated',
  DENIED: 'Denied',
  HANDLE_FAILURE: 'HandleFailure',
  FAILED: 'Failed',
} as const;

/** The paths each step writes its result to in the execution state (kept small: each is bounded). */
export const AgentStatePath = {
  INCIDENT: 'incident',
  TRIGGER: 'trigger',
  TELEMETRY: 'telemetry',
  KNOWLEDGE: 'knowledge',
  REASONING: 'reasoning',
  DECISION: 'decision',
  RECORD: 'record',
  /** The approval task's output (the approver), when a human approved. */
  APPROVAL: 'approval',
  /** The remediation loop's state `{ state, next }`. */
  REMEDIATION: 'remediation',
  /** What RecordOutcome wrote. */
  OUTCOME: 'outcome',
  ERROR: 'error',
} as const;

export { TokenLedgerKeys } from '../contract/table';
export { AgentDefaults, DEFAULT_REASONING_MODEL_ID } from '../contract/defaults';
