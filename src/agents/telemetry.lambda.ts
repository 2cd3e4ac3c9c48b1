/**
 * Telemetry agent: the incident in, a token-bounded TelemetryBundle out. Thin (STYLE §2): read the environment
 * once, build the read-only collectors (the `slo` one also answering for the ServiceLevelObjectives granted to it),
 * call the core (`telemetryStep`: configured log groups only).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { AGENT_SERVICE_NAME } from './constants';
import { awsCollectors } from '../adapters/telemetry';
import { readTelemetryConfig } from '../runtime/agents/config';
import { TelemetryStepInputSchema } from '../runtime/agents/steps';
import { telemetryStep } from '../runtime/agents/telemetry-step';
import { withSloDefinitions } from '../runtime/slo/budget';
import { COLLECTOR_NAMES, type TelemetryBundle } from '../runtime/telemetry/types';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });
let gather: ReturnType<typeof telemetryStep> | undefined;

function coldStart() {
  const config = readTelemetryConfig(process.env);
  const collectors = awsCollectors({ enabled: COLLECTOR_NAMES.filter((name) => !config.disabled.includes(name)) });
  return telemetryStep(config, withSloDefinitions(collectors, config.sloDefinitions));
}

export async function handler(event: unknown): Promise<TelemetryBundle> {
  gather ??= coldStart();
  const { incident } = TelemetryStepInputSchema.parse(event);
  const bundle = await gather(incident, new Date());
  logger.info('telemetry gathered', {
    incidentId: incident.id,
    tokenEstimate: bundle.tokenEstimate,
    collectors: Object.fromEntries(bundle.results.map((r) => [r.collector, r.status])),
  });
  return bundle;
}
