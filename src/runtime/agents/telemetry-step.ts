/** The Telemetry agent's step: what the telemetry Lambda and `runInvestigation` call. */
import type { Incident, Signal } from '../model';
import { signalsOf } from './steps';
import { collectTelemetry, type CollectOptions } from '../telemetry/collect';
import type { Collectors, LogsQuery } from '../telemetry/ports';
import type { TelemetryBundle } from '../telemetry/types';

// ---------------------------------------------------------------- telemetry

export interface TelemetryStepOptions extends Omit<CollectOptions, 'now'> {
  readonly collectors: Partial<Collectors>;
  readonly now: Date;
}

/** Telemetry for an incident, within the token budget. Never throws (collectors report their failures). */
export async function gatherTelemetry(
  incident: Incident,
  options: TelemetryStepOptions,
  signals: readonly Signal[] = signalsOf(incident),
): Promise<TelemetryBundle> {
  const { collectors, ...collect } = options;
  return collectTelemetry({ incident, signals }, collectors, collect);
}

/** The error `restrictLogGroups` rejects with: the telemetry core reports it as `skipped: not permitted`. */
export class LogGroupsNotPermittedError extends Error {
  constructor(requested: readonly string[]) {
    super(`none of the log groups ${requested.slice(0, 5).join(', ')} is among the configured ones`);
    this.name = 'AccessDeniedException';
  }
}

/**
 * A LogsQuery that queries only the allowed log groups (the function may query no others): the planner's other
 * groups are dropped, and a query left with none is rejected as not permitted rather than sent to fail.
 */
export function restrictLogGroups(query: LogsQuery, allowed: readonly string[]): LogsQuery {
  const names = new Set(allowed);
  return {
    run: async (request, options) => {
      const logGroups = request.logGroups.filter((g) => names.has(g));
      if (logGroups.length === 0) throw new LogGroupsNotPermittedError(request.logGroups);
      return query.run({ ...request, logGroups }, options);
    },
  };
}

/**
 * The telemetry Lambda's step, built once per cold start: the collectors it was given, where configured log groups
 * are the only ones the logs collector may query, then `gatherTelemetry` with the configured budget.
 */
export function telemetryStep(
  config: { readonly tokenBudget?: number; readonly logGroups: readonly string[]; readonly disabled: CollectOptions['disabled'] },
  collectors: Partial<Collectors>,
): (incident: Incident, now: Date) => Promise<TelemetryBundle> {
  const allowed = { ...collectors };
  if (allowed.logs && config.logGroups.length > 0) allowed.logs = restrictLogGroups(allowed.logs, config.logGroups);
  return (incident, now) => gatherTelemetry(incident, {
    collectors: allowed, now, tokenBudget: config.tokenBudget, logGroups: [...config.logGroups], disabled: config.disabled,
  });
}
