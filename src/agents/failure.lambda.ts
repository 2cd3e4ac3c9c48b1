/**
 * Failure handler: a step failed after its retries. Puts the failure on the incident's timeline and publishes an
 * `Agent Failure` event on the hub bus so a human hears of it. The event goes out even when the timeline cannot be
 * written; only a failure to publish fails this handler (and the state machine retries it).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  AGENT_METRIC_NAMESPACE, AGENT_SERVICE_NAME, AgentDetailType, AgentMetric, AgentMetricDimension, AIOPS_EVENT_SOURCE,
} from './constants';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher';
import { readRecordConfig } from '../runtime/agents/config';
import { describeFailure } from '../runtime/agents/failure';
import { updateIncident } from '../runtime/agents/incident-update';
import { FailureStepInputSchema, type FailureStepOutput } from '../runtime/agents/steps';
import { applyFailureToIncident } from '../runtime/agents/timeline';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });

function coldStart() {
  const config = readRecordConfig(process.env);
  return {
    store: new DynamoDbIncidentStore({ client: new DynamoDBClient({}), tableName: config.tableName }),
    publisher: new EventBridgeEventPublisher({ client: new EventBridgeClient({}), eventBusName: config.eventBusName, source: AIOPS_EVENT_SOURCE }),
    metrics: new Metrics({
      namespace: AGENT_METRIC_NAMESPACE,
      serviceName: AGENT_SERVICE_NAME,
      defaultDimensions: { [AgentMetricDimension.EVENT_BUS_NAME]: config.eventBusName },
    }),
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: unknown): Promise<FailureStepOutput> {
  cold ??= coldStart();
  const { store, publisher, metrics } = cold;
  const input = FailureStepInputSchema.parse(event);
  const failure = describeFailure(input.state, input.runId);
  logger.error('investigation failed', { ...failure });

  let timelineUpdated = false;
  if (failure.incidentId) {
    try {
      const result = await updateIncident(store, failure.incidentId, (incident) => applyFailureToIncident(incident, failure, new Date()));
      timelineUpdated = result.found;
    } catch (error) {
      logger.error('could not put the failure on the incident timeline', { incidentId: failure.incidentId, error: error as Error });
    }
  }
  await publisher.publish(AgentDetailType.AGENT_FAILURE, { ...failure, timelineUpdated }, [input.runId]);
  try {
    metrics.addMetric(AgentMetric.AGENT_FAILURES, MetricUnit.Count, 1);
  } finally {
    metrics.publishStoredMetrics();
  }
  return { incidentId: failure.incidentId, failedStep: failure.failedStep, error: failure.error, timelineUpdated };
}
