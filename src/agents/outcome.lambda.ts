/**
 * Outcome step: the end of an incident's automation. `recordOutcome` writes what happened onto the incident's
 * timeline (the remediation's entries again, idempotently; a human's denial; an approval nobody gave in time; an
 * approval nothing could ask for), then prints the incident's KPIs as EMF. Returns whether a human must act.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AGENT_SERVICE_NAME } from './constants';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { powertoolsLog } from '../adapters/powertools';
import { readOutcomeConfig } from '../runtime/agents/config';
import { recordOutcome, type OutcomeOutput } from '../runtime/agents/outcome';

const log = powertoolsLog(new Logger({ serviceName: AGENT_SERVICE_NAME }));

function coldStart() {
  const config = readOutcomeConfig(process.env);
  return { store: new DynamoDbIncidentStore({ client: new DynamoDBClient({}), tableName: config.tableName }) };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: unknown): Promise<OutcomeOutput> {
  cold ??= coldStart();
  return recordOutcome(event, { store: cold.store, now: new Date(), print: (line) => console.log(line), log });
}
