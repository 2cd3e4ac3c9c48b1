/**
 * Load step: the bus is a trigger, the table is the truth. Reads the incident the event names from the incident
 * table (`loadIncidentForRun`); every later step works from it, never from the event. An event naming no stored
 * incident fails with IncidentNotFoundError (a resolved one with IncidentResolvedError), the state machine records
 * the failure and nothing runs. Read-only: GetItem on incident items.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AGENT_SERVICE_NAME } from './constants';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { powertoolsLog } from '../adapters/powertools';
import { readOutcomeConfig } from '../runtime/agents/config';
import { loadIncidentForRun } from '../runtime/agents/load-step';
import type { Incident } from '../runtime/model';

const log = powertoolsLog(new Logger({ serviceName: AGENT_SERVICE_NAME }));

function coldStart() {
  // The load step needs what the outcome step needs: the incident table's name.
  const config = readOutcomeConfig(process.env);
  return { store: new DynamoDbIncidentStore({ client: new DynamoDBClient({}), tableName: config.tableName }) };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: unknown): Promise<Incident> {
  cold ??= coldStart();
  return loadIncidentForRun(event, { store: cold.store, log });
}
