/**
 * Risk agent: AUTO, APPROVE or DENY for the finding's runbook, by the default and the user's Cedar policies, the
 * freeze windows and the SSM Change Calendars. The user's policies are validated at the cold start: invalid ones
 * fail every invocation with a PolicyError, which the state machine reports as an Agent Failure.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AGENT_SERVICE_NAME } from './constants';
import { ChangeCalendarReader, type ChangeCalendarState } from '../adapters/ssm';
import { readRiskConfig, readRunbookRegistry, type RiskConfig } from '../runtime/agents/config';
import { decideOnFinding } from '../runtime/agents/risk-step';
import { RiskStepInputSchema } from '../runtime/agents/steps';
import { validateRiskPolicies, type RiskDecision } from '../runtime/risk/evaluate';
import type { RunbookRegistry } from '../runtime/runbooks';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });
let cold: { config: RiskConfig; registry: RunbookRegistry; calendars: ChangeCalendarReader } | undefined;

function coldStart() {
  const config = readRiskConfig(process.env);
  if (config.extraPolicies) validateRiskPolicies(config.extraPolicies);
  return { config, registry: readRunbookRegistry(process.env), calendars: new ChangeCalendarReader({ client: new SSMClient({}) }) };
}

export async function handler(event: unknown): Promise<RiskDecision> {
  cold ??= coldStart();
  const input = RiskStepInputSchema.parse(event);
  const now = new Date();
  let changeCalendarState: ChangeCalendarState | undefined;
  let calendarNote: string | undefined;
  try {
    changeCalendarState = await cold.calendars.stateAt(cold.config.changeCalendars, now.toISOString());
  } catch (error) {
    // Never assume a calendar we cannot read is open: closed keeps a human in the loop.
    changeCalendarState = 'CLOSED';
    calendarNote = `change calendar unreadable (${(error as Error).name ?? 'Error'}): treated as closed`;
    logger.warn('change calendar unreadable, treated as closed', { error: error as Error });
  }
  const decision = decideOnFinding(input, {
    registry: cold.registry,
    extraPolicies: cold.config.extraPolicies,
    freezeWindows: cold.config.freezeWindows,
    changeCalendarState,
    now,
  });
  const out = calendarNote ? { ...decision, reasons: [...decision.reasons, calendarNote] } : decision;
  logger.info('decision', { incidentId: input.incident.id, outcome: out.outcome, policies: out.policies });
  return out;
}
