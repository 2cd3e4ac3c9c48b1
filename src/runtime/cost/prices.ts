/**
 * The price table `cdk-aiops cost` estimates with: AWS list prices in us-east-1, as data. Each entry records its unit,
 * its price, the pricing page it comes from and the day it was read, so an estimate can always say what it rests on.
 *
 * Prices are on-demand list prices without free tiers, savings plans or taxes: the free tiers are per account, and an
 * account rarely has them to spare for one deployment. Verify before budgeting: AWS changes prices, and other Regions
 * differ.
 */

/** One price: what is billed, per what, how much, and where it was read. */
export interface PriceEntry {
  /** The service, as its pricing page names it. */
  readonly service: string;
  /** What is billed. */
  readonly what: string;
  /** The unit the price is per: `key-month`, `alarm-month`, `hour`, `GB-month`, `1M tokens`... */
  readonly unit: string;
  /** US dollars per unit. */
  readonly usd: number;
  /** The AWS pricing page the price was read on. */
  readonly source: string;
  /** When it was read (ISO date). */
  readonly checked: string;
}

/** The day every entry of the table was read. */
export const PRICES_CHECKED = '2026-12-04';
/** The Region the prices are for. */
export const PRICES_REGION = 'us-east-1';
/** Printed with every estimate. */
export const PRICES_NOTE = `AWS list prices in ${PRICES_REGION}, as published on the AWS pricing pages, checked ${PRICES_CHECKED}; `
  + 'no free tier, savings plan or tax; verify before budgeting';

/** A month is 30 days: a rate(5 minutes) schedule runs 8,640 times, an hourly price is paid 720 times. */
export const HOURS_PER_MONTH = 720;

function entry(service: string, what: string, unit: string, usd: number, page: string): PriceEntry {
  return { service, what, unit, usd, source: `https://aws.amazon.com/${page}/pricing/`, checked: PRICES_CHECKED };
}

/** Every price the estimate uses, by name. */
export const PRICES = {
  KMS_KEY: entry('AWS KMS', 'customer managed key (each rotation adds $1/month for the first two rotations)', 'key-month', 1, 'kms'),
  KMS_REQUESTS: entry('AWS KMS', 'API requests', '10k requests', 0.03, 'kms'),
  ALARM_STANDARD: entry('Amazon CloudWatch', 'standard-resolution alarm, per metric it evaluates', 'alarm metric-month', 0.10, 'cloudwatch'),
  ALARM_HIGH_RESOLUTION: entry('Amazon CloudWatch', 'high-resolution alarm (period under 60 s), per metric', 'alarm metric-month', 0.30, 'cloudwatch'),
  ALARM_COMPOSITE: entry('Amazon CloudWatch', 'composite alarm', 'alarm-month', 0.50, 'cloudwatch'),
  DASHBOARD: entry('Amazon CloudWatch', 'dashboard (the first 3 of an account are free)', 'dashboard-month', 3, 'cloudwatch'),
  CUSTOM_METRIC: entry('Amazon CloudWatch', 'custom metric (first 10,000), prorated by the hours it is published', 'metric-month', 0.30, 'cloudwatch'),
  GET_METRIC_DATA: entry('Amazon CloudWatch', 'GetMetricData, per metric requested', '1k metrics', 0.01, 'cloudwatch'),
  LOGS_INGESTION: entry('Amazon CloudWatch', 'Logs ingestion (standard class)', 'GB', 0.50, 'cloudwatch'),
  LOGS_STORAGE: entry('Amazon CloudWatch', 'Logs storage (archived)', 'GB-month', 0.03, 'cloudwatch'),
  LOGS_INSIGHTS: entry('Amazon CloudWatch', 'Logs Insights query, per GB scanned', 'GB', 0.005, 'cloudwatch'),
  SYNTHETICS_RUN: entry('Amazon CloudWatch', 'Synthetics canary run', 'run', 0.0012, 'cloudwatch'),
  SECRET: entry('AWS Secrets Manager', 'secret', 'secret-month', 0.40, 'secrets-manager'),
  APPLICATION_SIGNALS: entry('Amazon CloudWatch Application Signals', 'signals (an SLO uses 2 per SLI period it evaluates)', '1M signals', 1.50, 'cloudwatch'),
  SECRET_API: entry('AWS Secrets Manager', 'API calls', '10k calls', 0.05, 'secrets-manager'),
  EKS_STANDARD: entry('Amazon EKS', 'cluster on standard support', 'cluster-hour', 0.10, 'eks'),
  EKS_EXTENDED: entry('Amazon EKS', 'cluster on extended support', 'cluster-hour', 0.60, 'eks'),
  EBS_GP3: entry('Amazon EBS', 'gp3 volume storage', 'GB-month', 0.08, 'ebs'),
  OPENSEARCH_OCU: entry('Amazon OpenSearch Serverless', 'OpenSearch Compute Unit (indexing or search)', 'OCU-hour', 0.24, 'opensearch-service'),
  OPENSEARCH_STORAGE: entry('Amazon OpenSearch Serverless', 'managed storage', 'GB-month', 0.024, 'opensearch-service'),
  S3_VECTORS_STORAGE: entry('Amazon S3 Vectors', 'vector storage (vectors, keys and metadata)', 'GB-month', 0.06, 's3'),
  S3_VECTORS_PUT: entry('Amazon S3 Vectors', 'PUT, per GB uploaded', 'GB', 0.20, 's3'),
  S3_VECTORS_QUERY: entry('Amazon S3 Vectors', 'query API requests', '1M requests', 2.50, 's3'),
  S3_STORAGE: entry('Amazon S3', 'S3 Standard storage (first 50 TB)', 'GB-month', 0.023, 's3'),
  DEVOPS_GURU_RESOURCE: entry('Amazon DevOps Guru', 'analysed resource (group A: Lambda, SQS, DynamoDB...)', 'resource-hour', 0.0028, 'devops-guru'),
  DYNAMODB_STORAGE: entry('Amazon DynamoDB', 'table storage (Standard class)', 'GB-month', 0.25, 'dynamodb'),
  DYNAMODB_PITR: entry('Amazon DynamoDB', 'continuous backups (PITR)', 'GB-month', 0.20, 'dynamodb'),
  DYNAMODB_RCU: entry('Amazon DynamoDB', 'provisioned read capacity unit', 'RCU-hour', 0.00013, 'dynamodb'),
  DYNAMODB_WCU: entry('Amazon DynamoDB', 'provisioned write capacity unit', 'WCU-hour', 0.00065, 'dynamodb'),
  DYNAMODB_WRITE_REQUEST: entry('Amazon DynamoDB', 'on-demand write request units', '1M WRU', 0.625, 'dynamodb'),
  DYNAMODB_READ_REQUEST: entry('Amazon DynamoDB', 'on-demand read request units', '1M RRU', 0.125, 'dynamodb'),
  EVENTS_CUSTOM: entry('Amazon EventBridge', 'custom events published', '1M events', 1.00, 'eventbridge'),
  EVENTS_ARCHIVE_PROCESSING: entry('Amazon EventBridge', 'events archived', 'GB', 0.10, 'eventbridge'),
  EVENTS_ARCHIVE_STORAGE: entry('Amazon EventBridge', 'archive storage', 'GB-month', 0.023, 'eventbridge'),
  SCHEDULER_INVOCATION: entry('Amazon EventBridge', 'Scheduler invocations (after 14M free a month)', '1M invocations', 1.00, 'eventbridge'),
  SQS_REQUESTS: entry('Amazon SQS', 'standard queue requests', '1M requests', 0.40, 'sqs'),
  SNS_PUBLISH: entry('Amazon SNS', 'publishes', '1M requests', 0.50, 'sns'),
  LAMBDA_REQUESTS: entry('AWS Lambda', 'requests', '1M requests', 0.20, 'lambda'),
  LAMBDA_ARM64: entry('AWS Lambda', 'duration on arm64', 'GB-second', 0.0000133334, 'lambda'),
  LAMBDA_X86: entry('AWS Lambda', 'duration on x86_64', 'GB-second', 0.0000166667, 'lambda'),
  SFN_TRANSITIONS: entry('AWS Step Functions', 'Standard workflow state transitions', '1k transitions', 0.025, 'step-functions'),
  SFN_EXPRESS_REQUESTS: entry('AWS Step Functions', 'Express workflow requests', '1M requests', 1.00, 'step-functions'),
  XRAY_TRACES: entry('AWS X-Ray', 'traces recorded', '1M traces', 5.00, 'xray'),
} as const satisfies Record<string, PriceEntry>;

/** The name of a price in {@link PRICES}. */
export type PriceName = keyof typeof PRICES;

/**
 * On-demand Linux EC2 prices per hour (us-east-1) of the instance types a node group is likely to use. A type not
 * listed is reported as not priced, never guessed.
 */
export const EC2_HOURLY: Readonly<Record<string, number>> = {
  't3.small': 0.0208,
  't3.medium': 0.0416,
  't3.large': 0.0832,
  't3.xlarge': 0.1664,
  't4g.small': 0.0168,
  't4g.medium': 0.0336,
  't4g.large': 0.0672,
  'm5.large': 0.096,
  'm5.xlarge': 0.192,
  'm6i.large': 0.096,
  'm6g.large': 0.077,
  'm7g.large': 0.0816,
  'm7i.large': 0.1008,
  'c6g.large': 0.068,
  'c7g.large': 0.0725,
  'r6g.large': 0.1008,
};

/** Where the EC2 prices were read. */
export const EC2_PRICE_SOURCE: PriceEntry = entry('Amazon EC2', 'On-Demand Linux instance', 'instance-hour', 0, 'ec2');
