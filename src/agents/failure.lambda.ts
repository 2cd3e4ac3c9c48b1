/**
 * Failure handler: a step failed after its retries. Puts the failure on the incident's timeline and publishes an
 * `Agent Failure` event on the hub bus so a human hears of it (`recordFailure`). The event goes out even when the
 * timeline cannot be written; only a failure to publish fails this handler (and the state machine retries it).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AGENT_METRIC_NAMESPACE, AGENT_SERVICE_NAME, AgentMetricDimension, AIOPS_EVENT_SOURCE } from './constants';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher';
import { busMetrics, flushingMetrics, powertoolsCounters, powertoolsLog } from '../adapters/powertools';
import { readRecordConfig } from '../runtime/agents/config';
import { recordFailure } from '../runtime/agents/record-step';
import { FailureStepInputSchema, type FailureStepOutput } from '../runtime/agents/steps';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });

function coldStart() {
  const config = readRecordConfig(process.env);
  return {
    store: new DynamoDbIncidentStore({ client: new DynamoDBClient({}), tableName: config.tableName }),
    publisher: new EventBridgeEventPublisher({ client: new EventBridgeClient({}), eventBusName: config.eventBusName, source: AIOPS_EVENT_SOURCE }),
    metrics: busMetrics(AGENT_METRIC_NAMESPACE, AGENT_SERVICE_NAME, AgentMetricDimension.EVENT_BUS_NAME, config.eventBusName),
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: unknown): Promise<FailureStepOutput> {
  cold ??= coldStart();
  const { metrics, ...ports } = cold;
  const input = FailureStepInputSchema.parse(event);
  return flushingMetrics(metrics, () => recordFailure(input, {
    ...ports, counters: powertoolsCounters(metrics), log: powertoolsLog(logger), now: new Date(),
  }));
}
