/**
 * The investigation workflow's names and shapes: the state names, the execution-state paths, and the payload each
 * Lambda task of the state machine passes to its handler. The AgentSuite builds every task payload from these
 * interfaces (a missing field fails the build), and the handlers' input schemas describe the same shapes.
 *
 * Plain data with no imports: both halves import it.
 */

/** Names of the states of the investigation state machine. They are API. */
export const AgentState = {
  PREPARE: 'Prepare',
  /**
   * Loads the incident the event names from the incident table: the bus is only a trigger, every later step works
   * from the stored incident. An unknown (or resolved) incident goes to HandleFailure and nothing else runs.
   */
  LOAD_INCIDENT: 'LoadIncident',
  TELEMETRY: 'Telemetry',
  KNOWLEDGE_LOOKUP: 'KnowledgeLookup',
  REASON: 'Reason',
  RISK: 'Risk',
  RECORD: 'Record',
  /**
   * Picks the proposed runbook's id out of the decision (`null` when the reasoner proposed none), so every outcome
   * step can name it without failing on a missing path.
   */
  SELECT_RUNBOOK: 'SelectRunbook',
  /** SelectRunbook found the decision's runbook. */
  RUNBOOK_PROPOSED: 'RunbookProposed',
  /** SelectRunbook found no runbook: `runbookId` is null. */
  NO_RUNBOOK_PROPOSED: 'NoRunbookProposed',
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
  /** What the decision is about: `{ inputs }`, the Risk agent's inputs with `runbookId` always present (`null` without a runbook). */
  SUBJECT: 'subject',
  /** The approval task's output (the approver), when a human approved. */
  APPROVAL: 'approval',
  /** The remediation loop's state `{ state, next }`. */
  REMEDIATION: 'remediation',
  /** What RecordOutcome wrote. */
  OUTCOME: 'outcome',
  ERROR: 'error',
} as const;

/** An object of the execution state, passed through as it is (the handler validates it). */
export type StatePayload = { readonly [key: string]: unknown };

/** LoadIncident: the trigger Prepare kept (event id, detail-type, time and the incident id the event names). */
export interface LoadIncidentTaskInput {
  readonly runId: string;
  readonly trigger: StatePayload;
}

/** Telemetry: gathers a token-bounded bundle of evidence. */
export interface TelemetryTaskInput {
  readonly incident: StatePayload;
}

/** Reason: a validated finding, from the model or the rules. */
export interface ReasonTaskInput {
  readonly incident: StatePayload;
  readonly telemetry: StatePayload;
  readonly knowledge: StatePayload;
}

/** Risk: AUTO, APPROVE or DENY for the finding's runbook. */
export interface RiskTaskInput {
  readonly incident: StatePayload;
  readonly telemetry: StatePayload;
  readonly finding: StatePayload;
}

/** Record: finding, decision and tokens on the timeline, the `Incident Decision` event. */
export interface RecordTaskInput {
  readonly incident: {
    readonly id: string;
    readonly title: string;
    readonly priority: string;
    readonly services: readonly string[];
  };
  readonly runId: string;
  readonly telemetry: StatePayload;
  readonly reasoning: StatePayload;
  readonly decision: StatePayload;
}

/** HandleFailure: the failed step's state, on the timeline and as an `Agent Failure` event. */
export interface FailureTaskInput {
  readonly runId: string;
  readonly state: StatePayload;
}

/** A channel update (the channel's notify function). */
export interface NotifyTaskInput {
  readonly incident: StatePayload;
  /** `decision`, `denied`, `escalated` or `resolved`. */
  readonly step: string;
}

/** AwaitApproval: the channel's approval request, invoked with a task token. */
export interface ApprovalRequestTaskInput {
  readonly taskToken: string;
  readonly incident: StatePayload;
  readonly finding: StatePayload;
  readonly decision: StatePayload;
}

/** Actions of the Remediation agent's input. */
export const RemediationAction = {
  /** Re-validate the runbook against the incident and plan it with its rollback. */
  PLAN: 'plan',
  /** Start, poll or verify, once. */
  STEP: 'step',
} as const;

/** PlanRemediation. */
export interface PlanRemediationTaskInput {
  readonly action: typeof RemediationAction.PLAN;
  readonly runId: string;
  readonly incident: StatePayload;
  readonly finding: StatePayload;
  readonly approval: StatePayload;
}

/** RemediationStep. */
export interface RemediationStepTaskInput {
  readonly action: typeof RemediationAction.STEP;
  readonly incident: StatePayload;
  readonly remediation: { readonly state: StatePayload };
}

/** Actions of the outcome step's input: what ended the incident's automation. */
export const OutcomeAction = {
  REMEDIATED: 'remediated',
  DENIED: 'denied',
  EXPIRED: 'expired',
  NO_APPROVER: 'no-approver',
} as const;

/** What every outcome task passes. */
interface OutcomeTaskBase {
  readonly runId: string;
  readonly incident: { readonly id: string };
  /** The proposed runbook, `null` when there is none. Written on the timeline. */
  readonly runbookId: string | null;
}

/** The step's error (`{ Error, Cause }`), as Step Functions caught it. */
export type CaughtError = StatePayload;

/** RecordOutcome: the remediation loop ended. */
export interface RemediatedOutcomeTaskInput extends OutcomeTaskBase {
  readonly action: typeof OutcomeAction.REMEDIATED;
  readonly remediation: { readonly state: StatePayload };
}

/** RecordDenial: a human denied the runbook. */
export interface DeniedOutcomeTaskInput extends OutcomeTaskBase {
  readonly action: typeof OutcomeAction.DENIED;
  readonly error: CaughtError;
}

/** RecordApprovalExpired: nobody approved in time. */
export interface ExpiredOutcomeTaskInput extends OutcomeTaskBase {
  readonly action: typeof OutcomeAction.EXPIRED;
  readonly error: CaughtError;
}

/** RecordNoApprover: approval needed, no channel to ask. */
export interface NoApproverOutcomeTaskInput extends OutcomeTaskBase {
  readonly action: typeof OutcomeAction.NO_APPROVER;
}

/** Any outcome task's payload. */
export type OutcomeTaskInput = RemediatedOutcomeTaskInput | DeniedOutcomeTaskInput | ExpiredOutcomeTaskInput | NoApproverOutcomeTaskInput;
