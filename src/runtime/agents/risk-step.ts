/** The Risk agent's step: what the risk Lambda and `runInvestigation` call. Loads the Cedar engine (WebAssembly). */
import type { Incident } from '../model';
import { SILENT_LOG, type Log } from '../ports/observability';
import type { Finding } from '../reasoning/finding';
import { evaluateRisk, validateRiskPolicies, type CHANGE_CALENDAR_STATES, type RiskDecision } from '../risk/evaluate';
import type { FreezeWindow } from '../risk/freeze';
import { riskInputFrom } from '../risk/input';
import { resolveEnvironment, type ResolvedEnvironment, type ResourceTagReader, type ResourceTags } from '../risk/resource-tags';
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
  /** The environment resolved from each resource's tags, then names (wins over `tags`). */
  readonly environment?: ResolvedEnvironment;
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
    environment: options.environment?.environment,
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
  /**
   * Where the tags of the incident's resources are read (the Resource Groups Tagging API behind a cache, in Lambda).
   * @default - not read: the environment comes from names only (the local replay)
   */
  readonly tagReader?: ResourceTagReader;
  /** Tag keys that name the environment, first match wins. @default ENVIRONMENT_TAG_KEYS */
  readonly environmentTagKeys?: readonly string[];
  readonly log?: Log;
}

/**
 * The incident's environment from its resources' tags (ARNs only), then names. Tags that cannot be read make it
 * `unknown`, which the default policies treat as production: never "not prod" by accident.
 */
export async function environmentOf(
  incident: Parameters<typeof decideOnFinding>[0]['incident'],
  tagReader: ResourceTagReader,
  options: { readonly tagKeys?: readonly string[]; readonly log?: Log } = {},
): Promise<ResolvedEnvironment> {
  const arns = [...new Set(incident.resources.filter((r) => r.startsWith('arn:')))];
  let tags: Readonly<Record<string, ResourceTags>> | undefined = {};
  if (arns.length > 0) {
    try {
      tags = await tagReader.tagsOf(arns);
    } catch (error) {
      tags = undefined;
      (options.log ?? SILENT_LOG).warn('resource tags unreadable: environment unknown, treated as production', { error: error as Error });
    }
  }
  return resolveEnvironment({ resources: arns, tags, names: [incident.key, ...incident.services, ...incident.resources], tagKeys: options.tagKeys });
}

/**
 * The Risk agent's step: the calendars' state at `now`, then `decideOnFinding`. Fails closed: a calendar that cannot
 * be read counts as CLOSED (a human stays in the loop) and the decision says so in its reasons.
 */
export async function assessRisk(
  input: Parameters<typeof decideOnFinding>[0],
  options: AssessRiskOptions,
): Promise<RiskDecision> {
  const { calendars, changeCalendars = [], tagReader, environmentTagKeys, log = SILENT_LOG, ...risk } = options;
  const environment = tagReader ? await environmentOf(input.incident, tagReader, { tagKeys: environmentTagKeys, log }) : undefined;
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
  const decision = decideOnFinding(input, { ...risk, ...(environment ? { environment } : {}), changeCalendarState });
  const notes = [...(environment ? [environment.reason] : []), ...(calendarNote ? [calendarNote] : [])];
  return notes.length > 0 ? { ...decision, reasons: [...decision.reasons, ...notes] } : decision;
}

/**
 * The risk Lambda's step, built once per cold start: the user's policies are validated now (invalid ones throw a
 * PolicyError, which fails every invocation and the state machine reports as an Agent Failure).
 */
export function riskStep(
  config: Pick<AssessRiskOptions, 'registry' | 'extraPolicies' | 'freezeWindows' | 'changeCalendars' | 'environmentTagKeys'>,
  ports: Pick<AssessRiskOptions, 'calendars' | 'tagReader' | 'log'>,
): (input: Parameters<typeof decideOnFinding>[0], now: Date) => Promise<RiskDecision> {
  if (config.extraPolicies) validateRiskPolicies(config.extraPolicies);
  return (input, now) => assessRisk(input, { ...config, ...ports, now });
}
