/** The Risk agent's step: what the risk Lambda and `runInvestigation` call. Loads the Cedar engine (WebAssembly). */
import type { Incident } from '../model';
import type { Finding } from '../reasoning/finding';
import { evaluateRisk, type CHANGE_CALENDAR_STATES, type RiskDecision } from '../risk/evaluate';
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

