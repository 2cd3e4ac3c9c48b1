/**
 * Risk agent: AUTO, APPROVE or DENY for the finding's runbook, by the default and the user's Cedar policies, the
 * environment (resource tags first, names second), the freeze windows and the SSM Change Calendars (`riskStep`; a calendar it cannot read counts as closed). The user's
 * policies are validated at the cold start: invalid ones fail every invocation with a PolicyError, which the state
 * machine reports as an Agent Failure.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AGENT_SERVICE_NAME } from './constants';
import { powertoolsLog } from '../adapters/powertools';
import { ChangeCalendarReader } from '../adapters/ssm';
import { ResourceGroupsTagReader } from '../adapters/tagging';
import { readRiskConfig } from '../runtime/agents/config';
import { riskStep } from '../runtime/agents/risk-step';
import { RiskStepInputSchema } from '../runtime/agents/steps';
import type { RiskDecision } from '../runtime/risk/evaluate';
import { CachingTagReader } from '../runtime/risk/resource-tags';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });
const log = powertoolsLog(logger);
let decide: ReturnType<typeof riskStep> | undefined;

export async function handler(event: unknown): Promise<RiskDecision> {
  decide ??= riskStep(readRiskConfig(process.env), {
    calendars: new ChangeCalendarReader({ client: new SSMClient({}) }),
    // Kept across warm invocations: one incident's resources are read once per five minutes.
    tagReader: new CachingTagReader(new ResourceGroupsTagReader({ client: new ResourceGroupsTaggingAPIClient({}) })),
    log,
  });
  const input = RiskStepInputSchema.parse(event);
  const decision = await decide(input, new Date());
  logger.info('decision', { incidentId: input.incident.id, outcome: decision.outcome, policies: decision.policies });
  return decision;
}
