/**
 * Names shared by the AiopsHub construct and its handlers. Both halves import them,
 * so a rename cannot drift between the template and the code that reads it.
 */

/** EventBridge `source` of the events cdk-aiops publishes. */
export const AIOPS_EVENT_SOURCE = 'cdk-aiops';

/** Detail-types of the events cdk-aiops publishes on the hub bus. */
export const DetailType = {
  INCIDENT_OPENED: 'Incident Opened',
  INCIDENT_UPDATED: 'Incident Updated',
  INCIDENT_ESCALATED: 'Incident Escalated',
  INCIDENT_RESOLVED: 'Incident Resolved',
  /** An Application Signals SLO budget report, put on the bus by the SLO construct. */
  SLO_BUDGET_REPORT: 'SLO Budget Report',
  /** A Kubernetes core/v1 Event, forwarded by the EKS event exporter. */
  KUBERNETES_EVENT: 'Kubernetes Event',
} as const;

/** Environment variables the triage handler reads. */
export const TriageEnv = {
  TABLE_NAME: 'AIOPS_INCIDENT_TABLE',
  EVENT_BUS_NAME: 'AIOPS_EVENT_BUS_NAME',
  DLQ_URL: 'AIOPS_DLQ_URL',
  RULES_JSON: 'AIOPS_TRIAGE_RULES',
  CLOSED_TTL_DAYS: 'AIOPS_CLOSED_TTL_DAYS',
} as const;

/** Key attributes of the incident table. */
export const IncidentTableKeys = {
  PARTITION_KEY: 'pk',
  SORT_KEY: 'sk',
  TTL_ATTRIBUTE: 'expiresAt',
  /** GSI listing incidents by status, newest first. */
  STATUS_INDEX: 'byStatus',
  STATUS_INDEX_PK: 'gsi1pk',
  STATUS_INDEX_SK: 'gsi1sk',
} as const;

/** CloudWatch namespace and metric names the triage handler emits (EMF). */
export const METRIC_NAMESPACE = 'cdk-aiops';
export const TriageMetric = {
  EVENTS_RECEIVED: 'EventsReceived',
  SIGNALS: 'Signals',
  EVENTS_REJECTED: 'EventsRejected',
  INCIDENTS_OPENED: 'IncidentsOpened',
  INCIDENTS_RESOLVED: 'IncidentsResolved',
  SIGNALS_SUPPRESSED: 'SignalsSuppressed',
} as const;

/** EventBridge `source` of the Kubernetes events forwarded by the EKS event exporter. */
export const KUBERNETES_EVENT_SOURCE = 'cdk-aiops.kubernetes';

/** Detail-types of the incident events triage publishes (the hub never routes these back to itself). */
export const INCIDENT_DETAIL_TYPES = [
  DetailType.INCIDENT_OPENED,
  DetailType.INCIDENT_UPDATED,
  DetailType.INCIDENT_ESCALATED,
  DetailType.INCIDENT_RESOLVED,
] as const;

/**
 * Dimensions of the triage metrics. Powertools Metrics always adds `service`; the handler adds the bus
 * name so two hubs in one account do not share a metric.
 */
export const TriageMetricDimension = {
  SERVICE: 'service',
  EVENT_BUS_NAME: 'EventBusName',
} as const;

/** Value of the `service` dimension (and Powertools service name) of the triage handler. */
export const TRIAGE_SERVICE_NAME = 'cdk-aiops-triage';

/** SQS message attributes on an event the triage handler rejected and sent to the dead-letter queue. */
export const RejectionAttribute = {
  CODE: 'rejection-code',
  REASON: 'rejection-reason',
  /** Where the input came from (the SQS message id of the ingest record). */
  INPUT: 'rejection-input',
} as const;
