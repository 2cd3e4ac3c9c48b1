/**
 * Reasoning agent: incident, telemetry and knowledge in; a validated finding and the tokens it cost out.
 * Its role may invoke the configured model and read the token ledger, nothing else: it writes nothing, the record
 * step adds the tokens to the ledger.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AGENT_SERVICE_NAME } from './constants';
import { BedrockReasoner } from '../adapters/bedrock';
import { DynamoDbTokenLedger } from '../adapters/dynamodb-token-ledger';
import { readReasonConfig, readRunbookRegistry, type ReasonConfig } from '../runtime/agents/config';
import type { TokenUsageReader } from '../runtime/agents/deferred-ledger';
import { reasonAboutIncident } from '../runtime/agents/reason-step';
import { ReasonStepInputSchema, type ReasoningOutcome } from '../runtime/agents/steps';
import type { Reasoner } from '../runtime/reasoning';
import type { RunbookRegistry } from '../runtime/runbooks';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });
let cold: { config: ReasonConfig; registry: RunbookRegistry; primary?: Reasoner; usage?: TokenUsageReader } | undefined;

function coldStart() {
  const config = readReasonConfig(process.env);
  const registry = readRunbookRegistry(process.env);
  const primary = config.enabled
    ? new BedrockReasoner({ client: new BedrockRuntimeClient({}), modelId: config.modelId, temperature: config.temperature })
    : undefined;
  const usage = config.tableName ? new DynamoDbTokenLedger({ client: new DynamoDBClient({}), tableName: config.tableName }) : undefined;
  return { config, registry, primary, usage };
}

export async function handler(event: unknown): Promise<ReasoningOutcome> {
  cold ??= coldStart();
  const input = ReasonStepInputSchema.parse(event);
  const outcome = await reasonAboutIncident(input, {
    primary: cold.primary,
    registry: cold.registry,
    disabled: !cold.config.enabled,
    limits: cold.config.limits,
    usage: cold.usage,
    now: new Date(),
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
