/**
 * Names shared by the AgentSuite construct and its handlers. Both halves import them, so a rename cannot
 * drift between the template and the code that reads it (STYLE §1). Plain values only: no runtime code.
 */
import { AIOPS_EVENT_SOURCE, TriageEnv } from '../hub/constants';

export { AIOPS_EVENT_SOURCE };

/** Detail-types of the events the agent suite publishes on the hub bus (source `cdk-aiops`). */
export const AgentDetailType = {
  /** The investigation's outcome: finding, risk decision and what happens next. Detail: `IncidentDecisionDetail`. */
  INCIDENT_DECISION: 'Incident Decision',
  /** A step of the investigation failed after its retries. Detail: `AgentFailureDetail`. */
  AGENT_FAILURE: 'Agent Failure',
} as const;

/** Environment variables the agent handlers read. The table and bus names are the hub's own (its grants set them). */
export const AgentEnv = {
  TABLE_NAME: TriageEnv.TABLE_NAME,
  EVENT_BUS_NAME: TriageEnv.EVENT_BUS_NAME,
  /** Telemetry: token budget of the bundle handed to the reasoner. */
  TELEMETRY_TOKEN_BUDGET: 'AIOPS_TELEMETRY_TOKEN_BUDGET',
  /** Telemetry: JSON array of log group names queried for every incident. */
  TELEMETRY_LOG_GROUPS: 'AIOPS_TELEMETRY_LOG_GROUPS',
  /** Telemetry: JSON array of the collector names that are switched off. */
  TELEMETRY_DISABLED_COLLECTORS: 'AIOPS_TELEMETRY_DISABLED_COLLECTORS',
  /** Reasoning: `true` or `false`; `false` answers with the deterministic reasoner only. */
  REASONING_ENABLED: 'AIOPS_REASONING_ENABLED',
  /** Reasoning: Bedrock model or inference profile id. */
  MODEL_ID: 'AIOPS_MODEL_ID',
  /** Reasoning: sampling temperature, 0..1. */
  MODEL_TEMPERATURE: 'AIOPS_MODEL_TEMPERATURE',
  /** Reasoning: most tokens the model may spend on one incident. */
  INCIDENT_TOKEN_BUDGET: 'AIOPS_INCIDENT_TOKEN_BUDGET',
  /** Reasoning: most tokens the model may spend in a calendar month (UTC). */
  MONTHLY_TOKEN_CAP: 'AIOPS_MONTHLY_TOKEN_CAP',
  /** Reasoning, risk and remediation: JSON array of extra runbook specs (the built-ins are always there). */
  RUNBOOKS_JSON: 'AIOPS_RUNBOOKS',
  /** Remediation: longest a runbook (or its rollback) may run, in seconds. */
  REMEDIATION_MAX_RUN_SECONDS: 'AIOPS_REMEDIATION_MAX_RUN_SECONDS',
  /** Remediation: ARN of the role SSM Automation runs as (`AutomationAssumeRole`). */
  AUTOMATION_ROLE_ARN: 'AIOPS_AUTOMATION_ROLE_ARN',
  /** Risk: extra Cedar policy text. */
  RISK_POLICIES: 'AIOPS_RISK_POLICIES',
  /** Risk: JSON array of freeze windows `{ name, schedule, durationMinutes, timeZone? }`. */
  FREEZE_WINDOWS: 'AIOPS_FREEZE_WINDOWS',
  /** Risk: JSON array of SSM Change Calendar names or ARNs. */
  CHANGE_CALENDARS: 'AIOPS_CHANGE_CALENDARS',
} as const;

/** CloudWatch namespace of every cdk-aiops metric (the hub's). */
export const AGENT_METRIC_NAMESPACE = 'cdk-aiops';

/** Metrics the agents emit as EMF (CloudWatch Logs), never with PutMetricData. */
export const AgentMetric = {
  /** Decisions made, one per investigation. Emitted with and without the `Outcome` dimension. */
  DECISIONS: 'Decisions',
  /** Model tokens (input + output) spent on an investigation. */
  REASONING_TOKENS: 'ReasoningTokens',
  /** Investigations answered by the deterministic reasoner instead of the model (disabled, over budget, throttled...). */
  REASONING_FALLBACKS: 'ReasoningFallbacks',
  /** Investigations that failed after their retries (the failure handler ran). */
  AGENT_FAILURES: 'AgentFailures',
} as const;

/** Dimensions of the agent metrics. Powertools always adds `service`. */
export const AgentMetricDimension = {
  SERVICE: 'service',
  EVENT_BUS_NAME: 'EventBusName',
  OUTCOME: 'Outcome',
} as const;

/** Value of the `service` dimension (and Powertools service name) of every agent handler. */
export const AGENT_SERVICE_NAME = 'cdk-aiops-agents';

export { AgentState, AgentStatePath } from '../contract/workflow';

/** Key prefixes of the token ledger items in the incident table. */
export const TokenLedgerKeys = {
  /** `pk` of the monthly counter: `TOKENS#<YYYY-MM>`, `sk` MONTH_SK. */
  MONTH_PREFIX: 'TOKENS#',
  MONTH_SK: 'MONTH',
  /** `pk` of an incident's counter is the incident's own (`INC#<id>`), `sk` INCIDENT_SK. */
  INCIDENT_PREFIX: 'INC#',
  INCIDENT_SK: 'TOKENS',
} as const;

/**
 * The model the reasoning agent asks by default: Claude Haiku 4.5 through the global cross-region inference profile.
 * Repeats the Bedrock adapter's DEFAULT_BEDROCK_MODEL_ID (a test keeps them equal) so the construct, which may not
 * import the adapter, grants exactly the model the handler calls.
 */
export const DEFAULT_REASONING_MODEL_ID = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
/** Defaults the construct renders into the environment; the runtime's own defaults are equal (a test keeps them so). */
export const AgentDefaults = {
  TEMPERATURE: 0.1,
  INCIDENT_TOKEN_BUDGET: 50_000,
  MONTHLY_TOKEN_CAP: 5_000_000,
  TELEMETRY_TOKEN_BUDGET: 3_000,
} as const;
