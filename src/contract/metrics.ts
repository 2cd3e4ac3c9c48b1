/**
 * The one CloudWatch namespace of cdk-aiops, its metric names, dimensions and Powertools service names, shared by
 * the constructs (dashboards, alarms, the `cloudwatch:namespace` IAM condition) and the handlers that emit them as EMF.
 * Plain data: no imports outside src/contract.
 */
/** CloudWatch namespace of every cdk-aiops metric: triage, agents and KPIs. */
export const METRIC_NAMESPACE = 'cdk-aiops';

/** Metrics the triage handler emits (EMF). */
export const TriageMetric = {
  EVENTS_RECEIVED: 'EventsReceived',
  SIGNALS: 'Signals',
  EVENTS_REJECTED: 'EventsRejected',
  INCIDENTS_OPENED: 'IncidentsOpened',
  INCIDENTS_RESOLVED: 'IncidentsResolved',
  SIGNALS_SUPPRESSED: 'SignalsSuppressed',
  /** Events understood and deliberately not signals (rejection code `ignored`): counted, never dead-lettered. */
  EVENTS_IGNORED: 'EventsIgnored',
  /** Seconds between now and the generatedAt of the topology snapshot triage uses (emitted once per batch when one is loaded). */
  TOPOLOGY_AGE: 'TopologySnapshotAge',
} as const;

/**
 * Metrics the topology refresher emits (EMF) on every run, with the `service` (TOPOLOGY_SERVICE_NAME) and
 * `EventBusName` dimensions.
 */
export const TopologyMetric = {
  /** Seconds between the run and the generatedAt of the snapshot now in the bucket (near 0 after a write). The staleness alarm reads it. */
  SNAPSHOT_AGE: 'TopologySnapshotAge',
  /** Resources in the snapshot now current. */
  RESOURCES: 'TopologyResources',
  /** Service edges in the snapshot now current. */
  EDGES: 'TopologyEdges',
  /** Sources (tags, X-Ray, Application Signals, the AppTopology parameter) that failed in this run. */
  SOURCES_FAILED: 'TopologySourcesFailed',
} as const;

/**
 * Dimensions of the triage metrics. Powertools Metrics always adds `service`; the handler adds the bus
 * name so two hubs in one account do not share a metric.
 */
export const TriageMetricDimension = {
  SERVICE: 'service',
  EVENT_BUS_NAME: 'EventBusName',
} as const;

/** Metrics the agents emit as EMF (CloudWatch Logs), never with PutMetricData. */
export const AgentMetric = {
  /** Decisions made, one per investigation. Emitted with and without the `Outcome` dimension. */
  DECISIONS: 'Decisions',
  /** Model tokens (input + output) spent on an investigation. */
  REASONING_TOKENS: 'ReasoningTokens',
  /** Investigations answered by the deterministic reasoner instead of the model (disabled, over budget, throttled...). */
  REASONING_FALLBACKS: 'ReasoningFallbacks',
  /** Investigations whose model call was throttled after the SDK's retries (a subset of REASONING_FALLBACKS). */
  REASONING_THROTTLES: 'ReasoningThrottles',
  /** Investigations that failed after their retries (the failure handler ran). */
  AGENT_FAILURES: 'AgentFailures',
} as const;

/** Dimensions of the agent metrics. Powertools always adds `service`. */
export const AgentMetricDimension = {
  SERVICE: 'service',
  EVENT_BUS_NAME: 'EventBusName',
  OUTCOME: 'Outcome',
} as const;

/** KPI metric names. Durations are in seconds. */
export const KpiMetric = {
  /** Incident opened − first signal of the incident (seconds). */
  TIME_TO_DETECT: 'TimeToDetect',
  /** First acknowledgement (an agent's decision or a human's ack) − incident opened (seconds). */
  TIME_TO_ACKNOWLEDGE: 'TimeToAcknowledge',
  /** Recovery verified after a runbook (or a human's mitigation) − incident opened (seconds). */
  TIME_TO_MITIGATE: 'TimeToMitigate',
  /** Incident resolved − incident opened (seconds). */
  TIME_TO_RESOLVE: 'TimeToResolve',
  /** 1 per incident on which automation was considered, with the `Outcome` dimension. */
  AUTOMATION_OUTCOME: 'AutomationOutcome',
  /** Humans paged for an incident: approval requests and escalations. */
  PAGES: 'Pages',
  /** Model tokens (input + output) spent on an incident. */
  REASONING_TOKENS: 'ReasoningTokens',
  /** Estimated model cost of an incident, US dollars. */
  ESTIMATED_COST_USD: 'EstimatedCostUsd',
} as const;

/** Dimensions of the KPI metrics. */
export const KpiDimension = {
  /** On AUTOMATION_OUTCOME only: one of AutomationOutcomeValue (decisions.ts). */
  OUTCOME: 'Outcome',
} as const;

/** Value of the `service` dimension (and Powertools service name) of the triage handler. */
export const TRIAGE_SERVICE_NAME = 'cdk-aiops-triage';
/** Value of the `service` dimension (and Powertools service name) of every agent handler. */
export const AGENT_SERVICE_NAME = 'cdk-aiops-agents';
/** Powertools service name of the communications handlers. */
export const COMMS_SERVICE_NAME = 'cdk-aiops-comms';
/** Value of the `service` dimension (and Powertools service name) of the topology refresher. */
export const TOPOLOGY_SERVICE_NAME = 'cdk-aiops-topology';
