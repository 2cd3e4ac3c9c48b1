/**
 * Event sources and detail-types shared by the constructs (rules, IAM conditions) and the handlers (publishers,
 * normalisers). Plain data: no imports outside src/contract.
 */

/** EventBridge `source` of the events cdk-aiops publishes. */
export const AIOPS_EVENT_SOURCE = 'cdk-aiops';

/** EventBridge `source` of the Kubernetes events forwarded by the EKS event exporter. */
export const KUBERNETES_EVENT_SOURCE = 'cdk-aiops.kubernetes';

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

/** Detail-types of the incident events triage publishes (the hub never routes these back to itself). */
export const INCIDENT_DETAIL_TYPES = [
  DetailType.INCIDENT_OPENED,
  DetailType.INCIDENT_UPDATED,
  DetailType.INCIDENT_ESCALATED,
  DetailType.INCIDENT_RESOLVED,
] as const;

/** Detail-types of the events the agent suite publishes on the hub bus (source `cdk-aiops`). */
export const AgentDetailType = {
  /** The investigation's outcome: finding, risk decision and what happens next. Detail: `IncidentDecisionDetail`. */
  INCIDENT_DECISION: 'Incident Decision',
  /** A step of the investigation failed after its retries. Detail: `AgentFailureDetail`. */
  AGENT_FAILURE: 'Agent Failure',
} as const;

/**
 * The events the hub routes to triage: EventBridge source to the detail-types the normalisers handle.
 * The construct makes one rule per source from this, and the normalisers take each detail-type's source from it (they
 * fail at load when one has no normaliser), so an event the normalisers would reject as unsupported never reaches the
 * queue (or the dead-letter alarm).
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

/**
 * Detail-types the normalisers understand but the hub does not route to triage (they would only be ignored).
 * With INGEST_DETAIL_TYPES, the normalisers' whole table: source to detail-types.
 */
export const UNROUTED_DETAIL_TYPES: { readonly [source: string]: readonly string[] } = {
  'aws.cloudwatch': ['CloudWatch Alarm Configuration Change'],
};

/** SQS message attributes on an event the triage handler rejected and sent to the dead-letter queue. */
export const RejectionAttribute = {
  CODE: 'rejection-code',
  REASON: 'rejection-reason',
  /** Where the input came from (the SQS message id of the ingest record). */
  INPUT: 'rejection-input',
  /** Size in bytes of the original body; larger than the message body when it had to be truncated. */
  ORIGINAL_BYTES: 'rejection-original-bytes',
} as const;
