/**
 * Reasoning agent: incident, telemetry and knowledge in; a validated finding and the tokens it cost out
 * (`reasonAboutIncident`). Its role may invoke the configured model and read the token ledger, nothing else: it
 * writes nothing, the record step adds the tokens to the ledger.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AGENT_SERVICE_NAME } from './constants';
import { BedrockReasoner } from '../adapters/bedrock';
import { DynamoDbTokenLedger } from '../adapters/dynamodb-token-ledger';
import { readReasonConfig } from '../runtime/agents/config';
import { reasonAboutIncident } from '../runtime/agents/reason-step';
import { ReasonStepInputSchema, type ReasoningOutcome } from '../runtime/agents/steps';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });

function coldStart() {
  const config = readReasonConfig(process.env);
  return {
    config,
    primary: config.enabled
      ? new BedrockReasoner({ client: new BedrockRuntimeClient({}), modelId: config.modelId, temperature: config.temperature })
      : undefined,
    usage: config.tableName ? new DynamoDbTokenLedger({ client: new DynamoDBClient({}), tableName: config.tableName }) : undefined,
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: unknown): Promise<ReasoningOutcome> {
  cold ??= coldStart();
  const { config, primary, usage } = cold;
  const input = ReasonStepInputSchema.parse(event);
  const outcome = await reasonAboutIncident(input, {
    primary, registry: config.registry, disabled: !config.enabled, limits: config.limits, usage, now: new Date(),
  });
  const { finding } = outcome;
  logger.info('finding', {
    incidentId: input.incident.id,
    reasoner: finding.reasoner,
    confidence: finding.confidence,
    runbook: finding.runbook?.id,
    fallbackReason: finding.fallbackReason,
    tokens: outcome.tokenUsage?.tokens ?? 0,
  });
  return outcome;
}
