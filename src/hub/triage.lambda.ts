/**
 * The hub's triage handler: SQS batch of EventBridge events → signals → incidents → incident events.
 * Thin (STYLE §2): read the environment once, build the adapters, hand each batch to `processBatch`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { METRIC_NAMESPACE, TRIAGE_SERVICE_NAME, TriageEnv, TriageMetricDimension } from './constants';
import { EventBridgeIncidentPublisher, SqsRejectionSink } from './triage-adapters';
import { processBatch, type TriageBatchDeps } from './triage-batch';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { resolveTriageRules, Triage } from '../runtime/triage';

/** The handler's configuration, from the environment the AiopsHub construct sets. */
export interface TriageConfig {
  readonly tableName: string;
  readonly eventBusName: string;
  readonly deadLetterQueueUrl: string;
  readonly rulesJson: string;
  readonly closedTtlDays?: number;
}

/** Read and check the environment; throws naming every missing variable (the function then fails at init). */
export function readTriageConfig(env: NodeJS.ProcessEnv): TriageConfig {
  const missing = [TriageEnv.TABLE_NAME, TriageEnv.EVENT_BUS_NAME, TriageEnv.DLQ_URL].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`triage handler: missing environment variable(s) ${missing.join(', ')}`);
  const ttl = env[TriageEnv.CLOSED_TTL_DAYS];
  const closedTtlDays = ttl === undefined || ttl === '' ? undefined : Number(ttl);
  if (closedTtlDays !== undefined && !(Number.isFinite(closedTtlDays) && closedTtlDays > 0)) {
    throw new Error(`triage handler: ${TriageEnv.CLOSED_TTL_DAYS} must be a positive number of days, got '${ttl}'`);
  }
  return {
    tableName: env[TriageEnv.TABLE_NAME]!,
    eventBusName: env[TriageEnv.EVENT_BUS_NAME]!,
    deadLetterQueueUrl: env[TriageEnv.DLQ_URL]!,
    rulesJson: env[TriageEnv.RULES_JSON] || '{}',
    closedTtlDays,
  };
}

const logger = new Logger({ serviceName: TRIAGE_SERVICE_NAME });
let cold: { deps: TriageBatchDeps; metrics: Metrics } | undefined;

/** Built once per execution environment: clients, store, rules (a bad rule fails the cold start, loudly). */
function coldStart(): { deps: TriageBatchDeps; metrics: Metrics } {
  const config = readTriageConfig(process.env);
  const rules = resolveTriageRules(JSON.parse(config.rulesJson));
  const metrics = new Metrics({
    namespace: METRIC_NAMESPACE,
    serviceName: TRIAGE_SERVICE_NAME,
    defaultDimensions: { [TriageMetricDimension.EVENT_BUS_NAME]: config.eventBusName },
  });
  const store = new DynamoDbIncidentStore({
    client: new DynamoDBClient({}),
    tableName: config.tableName,
    closedTtlDays: config.closedTtlDays,
  });
  const deps: TriageBatchDeps = {
    triage: new Triage(store, { rules }),
    publisher: new EventBridgeIncidentPublisher({ client: new EventBridgeClient({}), eventBusName: config.eventBusName }),
    rejections: new SqsRejectionSink({ client: new SQSClient({}), queueUrl: config.deadLetterQueueUrl }),
    log: {
      debug: (message, attributes) => logger.debug(message, attributes ?? {}),
      info: (message, attributes) => logger.info(message, attributes ?? {}),
      warn: (message, attributes) => logger.warn(message, attributes ?? {}),
      error: (message, attributes) => logger.error(message, attributes ?? {}),
    },
    counters: { count: (metric, value) => metrics.addMetric(metric, MetricUnit.Count, value) },
  };
  return { deps, metrics };
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  cold ??= coldStart();
  try {
    const { batchItemFailures, results } = await processBatch(event.Records, cold.deps);
    logger.info('batch triaged', {
      records: results.length,
      triaged: results.filter((r) => r.status === 'triaged').length,
      rejected: results.filter((r) => r.status === 'rejected').length,
      ignored: results.filter((r) => r.status === 'ignored').length,
      failed: batchItemFailures.length,
    });
    return { batchItemFailures };
  } finally {
    cold.metrics.publishStoredMetrics();
  }
}
