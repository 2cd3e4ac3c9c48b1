/**
 * Telemetry agent: the incident in, a token-bounded TelemetryBundle out. Thin (STYLE §2): read the environment
 * once, build the read-only collectors, call the core.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { AGENT_SERVICE_NAME } from './constants';
import { awsCollectors } from '../adapters/telemetry';
import { readTelemetryConfig, type TelemetryConfig } from '../runtime/agents/config';
import { TelemetryStepInputSchema } from '../runtime/agents/steps';
import { gatherTelemetry, restrictLogGroups } from '../runtime/agents/telemetry-step';
import type { Collectors } from '../runtime/telemetry/ports';
import { COLLECTOR_NAMES, type TelemetryBundle } from '../runtime/telemetry/types';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });
let cold: { config: TelemetryConfig; collectors: Partial<Collectors> } | undefined;

function coldStart() {
  const config = readTelemetryConfig(process.env);
  const collectors = { ...awsCollectors({ enabled: COLLECTOR_NAMES.filter((name) => !config.disabled.includes(name)) }) };
  // Configured log groups are the only ones the role may query.
  if (collectors.logs && config.logGroups.length > 0) collectors.logs = restrictLogGroups(collectors.logs, config.logGroups);
  return { config, collectors };
}

export async function handler(event: unknown): Promise<TelemetryBundle> {
  cold ??= coldStart();
  const { incident } = TelemetryStepInputSchema.parse(event);
  const bundle = await gatherTelemetry(incident, {
    collectors: cold.collectors,
    now: new Date(),
    tokenBudget: cold.config.tokenBudget,
    logGroups: cold.config.logGroups,
    disabled: cold.config.disabled,
  });
  logger.info('telemetry gathered', {
    incidentId: incident.id,
    tokenEstimate: bundle.tokenEstimate,
    collectors: Object.fromEntries(bundle.results.map((r) => [r.collector, r.status])),
  });
  return bundle;
}
