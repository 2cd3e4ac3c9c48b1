/**
 * Record step: the investigation onto the incident's timeline, the tokens into the monthly ledger (once per run),
 * the metrics (EMF) and the `Incident Decision` event on the hub bus. The rules are `recordInvestigation`'s.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AGENT_METRIC_NAMESPACE, AGENT_SERVICE_NAME, AgentMetricDimension, AIOPS_EVENT_SOURCE } from './constants';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { DynamoDbTokenLedger } from '../adapters/dynamodb-token-ledger';
import { EventBridgeEventPublisher } from '../adapters/eventbridge-event-publisher';
import { busMetrics, flushingMetrics, powertoolsCounters, powertoolsLog } from '../adapters/powertools';
import { readRecordConfig } from '../runtime/agents/config';
import { recordInvestigation } from '../runtime/agents/record-step';
import { RecordStepInputSchema, type RecordStepOutput } from '../runtime/agents/steps';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });

function coldStart() {
  const config = readRecordConfig(process.env);
  const dynamo = new DynamoDBClient({});
  return {
    store: new DynamoDbIncidentStore({ client: dynamo, tableName: config.tableName }),
    ledger: new DynamoDbTokenLedger({ client: dynamo, tableName: config.tableName }),
    publisher: new EventBridgeEventPublisher({ client: new EventBridgeClient({}), eventBusName: config.eventBusName, source: AIOPS_EVENT_SOURCE }),
    metrics: busMetrics(AGENT_METRIC_NAMESPACE, AGENT_SERVICE_NAME, AgentMetricDimension.EVENT_BUS_NAME, config.eventBusName),
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: unknown): Promise<RecordStepOutput> {
  cold ??= coldStart();
  const { metrics, ...ports } = cold;
  const input = RecordStepInputSchema.parse(event);
  return flushingMetrics(metrics, () => recordInvestigation(input, {
    ...ports, counters: powertoolsCounters(metrics), log: powertoolsLog(logger), now: new Date(),
  }));
}
