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
  /** Events understood and deliberately not signals (rejection code `ignored`): counted, never dead-lettered. */
  EVENTS_IGNORED: 'EventsIgnored',
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
  /** Size in bytes of the original body; larger than the message body when it had to be truncated. */
  ORIGINAL_BYTES: 'rejection-original-bytes',
} as const;

/**
 * The events the hub routes to triage: EventBridge source to the detail-types the normalisers handle.
 * The construct makes one rule per source from this; a test keeps it equal to the normalisers' list, so an
 * event the normalisers would reject as unsupported never reaches the queue (or the dead-letter alarm).
 * Never the hub's own incident events.
 */
export const INGEST_DETAIL_TYPES: { readonly [source: string]: readonly string[] } = {
  // Alarm configuration changes are ignored by triage: not routed at all.
  'aws.cloudwatch': ['CloudWatch Alarm State Change'],
  'aws.devops-guru': [
    'DevOps Guru New Insight Open',
    'DevOps Guru Insight Closed',
    'DevOps Guru New Anomaly Association',
    'DevOps Guru Insight Severity Upgraded',
    'DevOps Guru New Recommendation Created',
  ],
  'aws.synthetics': [
    'Synthetics Canary TestRun Failure',
    'Synthetics Canary TestRun Successful',
    'Synthetics Canary Status Change',
  ],
  'aws.config': ['Config Rules Compliance Change', 'Configuration Item Change Notification'],
  'aws.health': ['AWS Health Event'],
  'aws.ssm': [
    'EC2 Automation Execution Status-change Notification',
    'EC2 Automation Step Status-change Notification',
    'EC2 Command Status-change Notification',
    'EC2 Command Invocation Status-change Notification',
    'Maintenance Window Execution State-change Notification',
    'Maintenance Window Task Execution State-change Notification',
    'Configuration Compliance State Change',
  ],
  'aws.states': ['Step Functions Execution Status Change'],
  'aws.codebuild': ['CodeBuild Build State Change', 'CodeBuild Build Phase Change'],
  'aws.codedeploy': ['CodeDeploy Deployment State-change Notification'],
  'aws.codepipeline': ['CodePipeline Pipeline Execution State Change'],
  'aws.ecs': ['ECS Container Instance State Change', 'ECS Task State Change'],
  'aws.autoscaling': [
    'EC2 Instance Launch Successful',
    'EC2 Instance Launch Unsuccessful',
    'EC2 Instance Terminate Successful',
    'EC2 Instance Terminate Unsuccessful',
  ],
  [AIOPS_EVENT_SOURCE]: [DetailType.SLO_BUDGET_REPORT],
  [KUBERNETES_EVENT_SOURCE]: [DetailType.KUBERNETES_EVENT],
};
