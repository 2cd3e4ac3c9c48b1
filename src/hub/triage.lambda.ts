/**
 * The hub's triage handler: SQS batch of EventBridge events → signals → incidents → incident events.
 * Thin (STYLE §2): read the environment once, build the adapters, hand each batch to `processBatch`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { METRIC_NAMESPACE, TRIAGE_SERVICE_NAME, TriageMetric, TriageMetricDimension } from './constants';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { DynamoDbLearningStore } from '../adapters/dynamodb-learning-store';
import { busMetrics, flushingMetrics, powertoolsCounters, powertoolsLog } from '../adapters/powertools';
import { S3SnapshotSource } from '../adapters/topology/s3-snapshot-source';
import { EventBridgeIncidentPublisher, SqsRejectionSink } from '../adapters/triage';
import { readTopologySnapshotConfig } from '../runtime/config/topology';
import { readTriageConfig } from '../runtime/config/triage';
import { StoredLearnedCorrelation } from '../runtime/learning';
import { Triage } from '../runtime/triage';
import { processBatch } from '../runtime/triage/batch';

const logger = new Logger({ serviceName: TRIAGE_SERVICE_NAME });

/** Built once per execution environment: clients, store, rules (a bad rule fails the cold start, loudly). */
function coldStart() {
  const config = readTriageConfig(process.env);
  const metrics = busMetrics(METRIC_NAMESPACE, TRIAGE_SERVICE_NAME, TriageMetricDimension.EVENT_BUS_NAME, config.eventBusName);
  const client = new DynamoDBClient({});
  const store = new DynamoDbIncidentStore({ client, tableName: config.tableName, closedTtlDays: config.closedTtlDays });
  // Learned co-occurrence (and the Slack merge/split feedback) in the same table: read for unlinked signals, taught on resolution.
  const learning = new StoredLearnedCorrelation(new DynamoDbLearningStore({ client, tableName: config.tableName }), { log: powertoolsLog(logger) });
  // The snapshot the refresher writes, cached; without one (no refresher) triage keeps Topology.EMPTY.
  const snapshot = readTopologySnapshotConfig(process.env);
  const topology = snapshot && new S3SnapshotSource({ ...snapshot, log: powertoolsLog(logger) });
  return {
    metrics,
    topology,
    deps: {
      triage: new Triage(store, { rules: config.rules, learning, ...(topology ? { topology: () => topology.current() } : {}) }),
      publisher: new EventBridgeIncidentPublisher({ client: new EventBridgeClient({}), eventBusName: config.eventBusName }),
      rejections: new SqsRejectionSink({ client: new SQSClient({}), queueUrl: config.deadLetterQueueUrl }),
      log: powertoolsLog(logger),
      counters: powertoolsCounters(metrics),
    },
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  cold ??= coldStart();
  const { deps, metrics, topology } = cold;
  await topology?.refresh();
  const age = topology?.ageSeconds();
  if (age !== undefined) metrics.addMetric(TriageMetric.TOPOLOGY_AGE, MetricUnit.Seconds, age);
  return flushingMetrics(metrics, async () => ({ batchItemFailures: (await processBatch(event.Records, deps)).batchItemFailures }));
}
