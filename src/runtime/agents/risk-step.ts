/** The Risk agent's step: what the risk Lambda and `runInvestigation` call. Loads the Cedar engine (WebAssembly). */
import type { Incident } from '../model';
import { SILENT_LOG, type Log } from '../ports/observability';
import type { Finding } from '../reasoning/finding';
import { evaluateRisk, validateRiskPolicies, type CHANGE_CALENDAR_STATES, type RiskDecision } from '../risk/evaluate';
import type { FreezeWindow } from '../risk/freeze';
import { riskInputFrom } from '../risk/input';
import type { RunbookRegistry } from '../runbooks';
import type { TelemetryBundle } from '../telemetry/types';

// ---------------------------------------------------------------- risk

export interface RiskStepOptions {
  readonly registry: RunbookRegistry;
  /** The user's Cedar policies, added to the defaults. */
  readonly extraPolicies?: string;
  readonly freezeWindows?: readonly FreezeWindow[];
  /** Combined state of the configured SSM Change Calendars, looked up by the caller. */
  readonly changeCalendarState?: (typeof CHANGE_CALENDAR_STATES)[number];
  /** Merged tags of the incident's resources, for the environment. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly now: Date;
}

/** AUTO, APPROVE or DENY for the finding's runbook, by the Cedar policies. Throws PolicyError on invalid user policies. */
export function decideOnFinding(
  input: {
    readonly incident: Incident;
    readonly finding: Pick<Finding, 'runbook'>;
    readonly telemetry?: Pick<TelemetryBundle, 'errorBudgetRemaining' | 'nonCompliantResources'>;
  },
  options: RiskStepOptions,
): RiskDecision {
  return evaluateRisk(riskInputFrom({
    incident: input.incident,
    finding: input.finding,
    registry: options.registry,
    telemetry: input.telemetry,
    tags: options.tags,
    freezeWindows: options.freezeWindows,
    changeCalendarState: options.changeCalendarState,
    now: options.now,
  }), { extraPolicies: options.extraPolicies });
}


// ---------------------------------------------------------------- the step, with its change calendars

/** Reads the combined state of SSM Change Calendars (`ChangeCalendarReader` in Lambda). */
export interface ChangeCalendars {
  stateAt(calendarNames: readonly string[], at?: string): Promise<(typeof CHANGE_CALENDAR_STATES)[number] | undefined>;
}

export interface AssessRiskOptions extends Omit<RiskStepOptions, 'changeCalendarState'> {
  /** The SSM Change Calendars to consult. @default - none */
  readonly changeCalendars?: readonly string[];
  /** Where they are read. @default - not read: no calendar state */
  readonly calendars?: ChangeCalendars;
  readonly log?: Log;
}

/**
 * The Risk agent's step: the calendars' state at `now`, then `decideOnFinding`. Fails closed: a calendar that cannot
 * be read counts as CLOSED (a human stays in the loop) and the decision says so in its reasons.
 */
export async function assessRisk(
  input: Parameters<typeof decideOnFinding>[0],
  options: AssessRiskOptions,
): Promise<RiskDecision> {
  const { calendars, changeCalendars = [], log = SILENT_LOG, ...risk } = options;
  let changeCalendarState: RiskStepOptions['changeCalendarState'];
  let calendarNote: string | undefined;
  if (calendars) {
    try {
      changeCalendarState = await calendars.stateAt(changeCalendars, options.now.toISOString());
    } catch (error) {
      changeCalendarState = 'CLOSED';
      calendarNote = `change calendar unreadable (${(error as Error).name ?? 'Error'}): treated as closed`;
      log.warn('change calendar unreadable, treated as closed', { error: error as Error });
    }
  }
  const decision = decideOnFinding(input, { ...risk, changeCalendarState });
  return calendarNote ? { ...decision, reasons: [...decision.reasons, calendarNote] } : decision;
}

/**
 * The risk Lambda's step, built once per cold start: the user's policies are validated now (invalid ones throw a
 * PolicyError, which fails every invocation and the state machine reports as an Agent Failure).
 */
export function riskStep(
  config: Pick<AssessRiskOptions, 'registry' | 'extraPolicies' | 'freezeWindows' | 'changeCalendars'>,
  ports: Pick<AssessRiskOptions, 'calendars' | 'log'>,
): (input: Parameters<typeof decideOnFinding>[0], now: Date) => Promise<RiskDecision> {
  if (config.extraPolicies) validateRiskPolicies(config.extraPolicies);
  return (input, now) => assessRisk(input, { ...config, ...ports, now });
}
