/**
 * Every environment variable a cdk-aiops handler reads. The constructs set them, the runtime's config readers read
 * them. Plain data: no imports outside src/contract.
 */

/** The hub's incident table name: set by the hub's grants, read by triage, the agents and the comms handlers. */
const TABLE_NAME = 'AIOPS_INCIDENT_TABLE';
/** The hub's event bus name: set by the hub's grants, read by triage and the agents. */
const EVENT_BUS_NAME = 'AIOPS_EVENT_BUS_NAME';

/** Environment variables the triage handler reads. */
export const TriageEnv = {
  TABLE_NAME,
  EVENT_BUS_NAME,
  DLQ_URL: 'AIOPS_DLQ_URL',
  RULES_JSON: 'AIOPS_TRIAGE_RULES',
  CLOSED_TTL_DAYS: 'AIOPS_CLOSED_TTL_DAYS',
  /** S3 bucket holding the topology snapshot the refresher writes (absent: no inventory, owners from signals only). */
  TOPOLOGY_BUCKET: 'AIOPS_TOPOLOGY_BUCKET',
  /** Object key of the topology snapshot in that bucket. */
  TOPOLOGY_KEY: 'AIOPS_TOPOLOGY_KEY',
  /** Seconds a loaded snapshot is used before it is read again. */
  TOPOLOGY_CACHE_SECONDS: 'AIOPS_TOPOLOGY_CACHE_SECONDS',
  /** JSON array of the tag keys that name a resource's service, first match wins. */
  SERVICE_TAG_KEYS: 'AIOPS_SERVICE_TAG_KEYS',
  /** JSON array of the tag keys that name a resource's environment, first match wins. */
  ENVIRONMENT_TAG_KEYS: 'AIOPS_ENVIRONMENT_TAG_KEYS',
} as const;

/** Environment variables the topology refresher reads. */
export const TopologyRefreshEnv = {
  /** Where it writes the snapshot (the triage handler reads the same two). */
  TOPOLOGY_BUCKET: 'AIOPS_TOPOLOGY_BUCKET',
  TOPOLOGY_KEY: 'AIOPS_TOPOLOGY_KEY',
  /** JSON array of declared edges `{ from, to }` (the hub's `topology` prop). */
  DECLARED_EDGES: 'AIOPS_DECLARED_EDGES',
  /** Name of the SSM parameter the CDK app's `AppTopology` writes (edges and owners resolved at synth and deploy). */
  APP_TOPOLOGY_PARAMETER: 'AIOPS_APP_TOPOLOGY_PARAMETER',
  /** `true` to read X-Ray `GetServiceGraph`, `false` to skip it. */
  XRAY_ENABLED: 'AIOPS_TOPOLOGY_XRAY',
  /** `true` to read Application Signals `ListServiceDependencies`, `false` to skip it. */
  APPLICATION_SIGNALS_ENABLED: 'AIOPS_TOPOLOGY_APPLICATION_SIGNALS',
  /** Hours of traces the service graph reads back. */
  GRAPH_LOOKBACK_HOURS: 'AIOPS_TOPOLOGY_GRAPH_LOOKBACK_HOURS',
  /** The hub's bus name: the dimension of the refresher's metrics, so two hubs in one account do not share them. */
  EVENT_BUS_NAME,
} as const;

/** Environment variables the agent handlers read. The table and bus names are the hub's own (its grants set them). */
export const AgentEnv = {
  TABLE_NAME,
  EVENT_BUS_NAME,
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
  /** Risk: JSON array of the resource tag keys that name the environment, first match wins. */
  ENVIRONMENT_TAG_KEYS: 'AIOPS_ENVIRONMENT_TAG_KEYS',
  /** Telemetry: JSON array of `SloDefinition`s (`ServiceLevelObjective.grantBudgetRead`), whose budgets reach the Risk agent. */
  SLO_DEFINITIONS: 'AIOPS_SLO_DEFINITIONS',
} as const;

/** Environment variables the communications handlers read. */
export const CommsEnv = {
  /** The hub's incident table (approval requests, replay keys, the incident's Slack thread). The hub's own name. */
  TABLE_NAME,
  /** ARN of the Secrets Manager secret `{ botToken, signingSecret }`. Never the value. */
  SLACK_SECRET_ARN: 'AIOPS_SLACK_SECRET_ARN',
  /** Slack channel id where incident threads are started. */
  SLACK_CHANNEL_ID: 'AIOPS_SLACK_CHANNEL_ID',
  /** JSON array of the Slack user ids that may approve or deny. */
  APPROVER_ALLOW_LIST: 'AIOPS_APPROVER_ALLOW_LIST',
  /** Slack workspace id; clicks from any other workspace are refused. Optional. */
  SLACK_TEAM_ID: 'AIOPS_SLACK_TEAM_ID',
  /** Lifetime of an approval request in seconds (the waiting state's timeout). */
  APPROVAL_TTL_SECONDS: 'AIOPS_APPROVAL_TTL_SECONDS',
  /** SNS topic that gets the final summaries as email. Optional. */
  NOTIFY_TOPIC_ARN: 'AIOPS_NOTIFY_TOPIC_ARN',
} as const;
