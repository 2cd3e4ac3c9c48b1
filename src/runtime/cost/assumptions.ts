/**
 * What the estimate assumes where a template cannot say: volumes at idle and the shape of one incident. Every value
 * is printed with the result, so a reader can tell an assumption from a price.
 */

/** Volumes a deployment sees without any incident. */
export interface IdleAssumptions {
  /** Log data each log group ingests a month (START/END lines of scheduled runs, warnings), in MB. */
  readonly logMbPerGroupMonth: number;
  /** Months of logs a group keeps when it never expires them. */
  readonly logMonthsWhenNeverExpiring: number;
  /** Events an archive stores a month (AWS service events that open no incident), in MB. */
  readonly archivedMbPerMonth: number;
  /** Data held by each DynamoDB table (incidents, approvals, ledgers), in GB. */
  readonly tableGb: number;
  /** Seconds each scheduled Lambda invocation runs (capped at its timeout). */
  readonly scheduledLambdaSeconds: number;
  /** Resources a DevOps Guru resource collection analyses. */
  readonly devOpsGuruResources: number;
  /** Vectors each S3 Vectors index holds. */
  readonly vectorsPerIndex: number;
  /** Metadata and key bytes stored with each vector. */
  readonly vectorMetadataBytes: number;
  /** Data held by each OpenSearch Serverless collection, in GB. */
  readonly collectionGb: number;
  /** Lambda pollers an SQS event source mapping runs, each making one 20-second long poll at a time. */
  readonly sqsPollers: number;
}

/** The idle assumptions an estimate uses unless told otherwise. */
export const DEFAULT_IDLE_ASSUMPTIONS: IdleAssumptions = {
  logMbPerGroupMonth: 10,
  logMonthsWhenNeverExpiring: 12,
  archivedMbPerMonth: 10,
  tableGb: 0.1,
  scheduledLambdaSeconds: 1,
  devOpsGuruResources: 50,
  vectorsPerIndex: 10_000,
  vectorMetadataBytes: 1024,
  collectionGb: 1,
  sqsPollers: 5,
};

/** The shape of one incident, for the variable cost. */
export interface IncidentAssumptions {
  /** Bedrock Converse calls per incident (the reasoner calls once; the fallback never calls). */
  readonly modelCalls: number;
  /** Prompt tokens beside the telemetry bundle: system prompt, instruction, tool schema, runbook candidates. */
  readonly promptOverheadTokens: number;
  /** Tokens the model writes per call: the Bedrock reasoner's maxTokens (an upper bound). */
  readonly outputTokens: number;
  /** Seconds each Lambda invocation of the workflow runs (capped at its timeout). */
  readonly lambdaSeconds: number;
  /** Times a loop of the workflow (polling a running runbook) goes round. */
  readonly loopIterations: number;
  /** Events (signals) that make up one incident: each is published, queued, triaged and archived. */
  readonly eventsPerIncident: number;
  /** Average size of one event, in KB. */
  readonly eventKb: number;
  /** Metrics the telemetry agent reads with GetMetricData. */
  readonly metricsRead: number;
  /** DynamoDB writes and reads per incident (incident, timeline, decision, approval, ledger). */
  readonly tableWrites: number;
  readonly tableReads: number;
  /** Log data each Lambda invocation writes, in KB. */
  readonly logKbPerInvocation: number;
  /** Log data a Logs Insights query of the telemetry agent scans, in GB (only when log groups are configured). */
  readonly logsScannedGb: number;
}

/** Output tokens of one call: the same number as the Bedrock reasoner's DEFAULT_BEDROCK_MAX_TOKENS (a test keeps them equal). */
export const DEFAULT_OUTPUT_TOKENS = 1024;

/** The incident an estimate assumes unless told otherwise: one model call, an approval and a runbook polled ten times. */
export const DEFAULT_INCIDENT_ASSUMPTIONS: IncidentAssumptions = {
  modelCalls: 1,
  promptOverheadTokens: 2_000,
  outputTokens: DEFAULT_OUTPUT_TOKENS,
  lambdaSeconds: 2,
  loopIterations: 10,
  eventsPerIncident: 20,
  eventKb: 2,
  metricsRead: 50,
  tableWrites: 40,
  tableReads: 40,
  logKbPerInvocation: 5,
  logsScannedGb: 1,
};

/** How each idle assumption reads in a report, with its unit. */
export const IDLE_ASSUMPTION_LABELS: Readonly<Record<keyof IdleAssumptions, string>> = {
  logMbPerGroupMonth: 'MB of logs each log group ingests a month',
  logMonthsWhenNeverExpiring: 'months a never-expiring log group has kept',
  archivedMbPerMonth: 'MB of events an archive stores a month',
  tableGb: 'GB held by each DynamoDB table',
  scheduledLambdaSeconds: 'seconds each scheduled Lambda invocation runs',
  devOpsGuruResources: 'resources a DevOps Guru collection analyses',
  vectorsPerIndex: 'vectors in each S3 Vectors index',
  vectorMetadataBytes: 'bytes of key and metadata per vector',
  collectionGb: 'GB held by each OpenSearch Serverless collection',
  sqsPollers: 'Lambda pollers per SQS event source (20 s long polls)',
};

/** How each incident assumption reads in a report, with its unit. */
export const INCIDENT_ASSUMPTION_LABELS: Readonly<Record<keyof IncidentAssumptions, string>> = {
  modelCalls: 'Bedrock calls an incident',
  promptOverheadTokens: 'prompt tokens beside the telemetry budget (system, instruction, tool schema)',
  outputTokens: 'tokens the model writes a call (the reasoner\'s maxTokens)',
  lambdaSeconds: 'seconds each Lambda invocation runs (capped at its timeout)',
  loopIterations: 'times a workflow loop (polling a runbook) goes round',
  eventsPerIncident: 'events (signals) an incident is made of',
  eventKb: 'KB an event',
  metricsRead: 'metrics the telemetry agent reads',
  tableWrites: 'DynamoDB writes an incident',
  tableReads: 'DynamoDB reads an incident',
  logKbPerInvocation: 'KB of logs each Lambda invocation writes',
  logsScannedGb: 'GB a Logs Insights query scans (when log groups are configured)',
};
