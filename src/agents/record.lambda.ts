/**
 * Record step: the investigation onto the incident's timeline (optimistic retry), the tokens into the monthly
 * ledger (once per run), the metrics (EMF), and the `Incident Decision` event on the hub bus.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  AGENT_METRIC_NAMESPACE, AGENT_SERVICE_NAME, AgentDetailType, AgentMetric, AgentMetricDimension, AIOPS_EVENT_SOURCE,
} from './constants';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { DynamoDbTokenLedger } from '../adapters/dynamodb-token-ledger';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher';
import { readRecordConfig } from '../runtime/agents/config';
import { decisionEventDetail } from '../runtime/agents/events';
import { updateIncident } from '../runtime/agents/incident-update';
import { RecordStepInputSchema, type RecordStepOutput } from '../runtime/agents/steps';
import { applyDecisionToIncident } from '../runtime/agents/timeline';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });

function coldStart() {
  const config = readRecordConfig(process.env);
  const dynamo = new DynamoDBClient({});
  return {
    store: new DynamoDbIncidentStore({ client: dynamo, tableName: config.tableName }),
    ledger: new DynamoDbTokenLedger({ client: dynamo, tableName: config.tableName }),
    publisher: new EventBridgeEventPublisher({ client: new EventBridgeClient({}), eventBusName: config.eventBusName, source: AIOPS_EVENT_SOURCE }),
    metrics: new Metrics({
      namespace: AGENT_METRIC_NAMESPACE,
      serviceName: AGENT_SERVICE_NAME,
      defaultDimensions: { [AgentMetricDimension.EVENT_BUS_NAME]: config.eventBusName },
    }),
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: unknown): Promise<RecordStepOutput> {
  cold ??= coldStart();
  const { store, ledger, publisher, metrics } = cold;
  const input = RecordStepInputSchema.parse(event);
  const { incident, runId, reasoning, decision, telemetry } = input;
  const now = new Date();

  const result = await updateIncident(store, incident.id, (current) => applyDecisionToIncident(current, {
    runId, telemetry, finding: reasoning.finding, decision, tokenUsage: reasoning.tokenUsage,
  }, now));
  if (!result.found) logger.warn('incident not in the store (expired?): decision published without a timeline entry', { incidentId: incident.id });
  if (reasoning.tokenUsage) {
    await ledger.recordRun({ month: reasoning.tokenUsage.month, incidentId: incident.id, tokens: reasoning.tokenUsage.tokens, runId });
  }
  await publisher.publish(AgentDetailType.INCIDENT_DECISION, decisionEventDetail(input), [runId]);

  const recorded = result.found ? result.changed : true;
  if (recorded) {
    try {
      metrics.addMetric(AgentMetric.DECISIONS, MetricUnit.Count, 1);
      metrics.addMetric(AgentMetric.REASONING_TOKENS, MetricUnit.Count, reasoning.tokenUsage?.tokens ?? 0);
      metrics.addMetric(AgentMetric.REASONING_FALLBACKS, MetricUnit.Count, reasoning.finding.fallbackReason ? 1 : 0);
      const byOutcome = metrics.singleMetric();
      byOutcome.addDimension(AgentMetricDimension.OUTCOME, decision.outcome);
      byOutcome.addMetric(AgentMetric.DECISIONS, MetricUnit.Count, 1);
    } finally {
      metrics.publishStoredMetrics();
    }
  }
  logger.info('decision recorded', { incidentId: incident.id, outcome: decision.outcome, recorded, incidentFound: result.found });
  return { incidentId: incident.id, outcome: decision.outcome, recorded, incidentFound: result.found };
}
