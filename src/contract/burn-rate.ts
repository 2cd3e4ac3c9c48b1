/**
 * Multi-window, multi-burn-rate alerting (Google SRE workbook, "Alerting on SLOs", table 5-8) as plain data, and the
 * SLO definition the ServiceLevelObjective construct hands to the Telemetry agent. One table for both halves: the
 * construct builds its alarms from it, the runtime computes budgets from the definitions, and `npm run bench:slo`
 * simulates the same rows. No imports.
 */

/** Whether a breached row wakes someone up or files a ticket. */
export type BurnRateAction = 'page' | 'ticket';

/** One row of the table: a long window and a short window that must both burn faster than `factor`. */
export interface BurnRateRow {
  /** Stable id, part of the alarm names (`page-1h`). */
  readonly id: string;
  readonly action: BurnRateAction;
  /** Fraction of a 30-day budget the long window consumes at this burn rate (0.02 = 2 %). */
  readonly budgetConsumed: number;
  readonly longWindowMinutes: number;
  /** One twelfth of the long window: it makes the alarm reset soon after the burn stops. */
  readonly shortWindowMinutes: number;
  /** Burn-rate factor for a 30-day SLO window (the workbook's figure). */
  readonly factor30Days: number;
}

/** The workbook's recommended rows: page on 14.4× and 6×, ticket on 3× and 1×. */
export const BURN_RATE_ROWS: readonly BurnRateRow[] = [
  { id: 'page-1h', action: 'page', budgetConsumed: 0.02, longWindowMinutes: 60, shortWindowMinutes: 5, factor30Days: 14.4 },
  { id: 'page-6h', action: 'page', budgetConsumed: 0.05, longWindowMinutes: 360, shortWindowMinutes: 30, factor30Days: 6 },
  { id: 'ticket-1d', action: 'ticket', budgetConsumed: 0.1, longWindowMinutes: 1440, shortWindowMinutes: 120, factor30Days: 3 },
  { id: 'ticket-3d', action: 'ticket', budgetConsumed: 0.1, longWindowMinutes: 4320, shortWindowMinutes: 360, factor30Days: 1 },
];

/** Rolling SLO windows the library supports, in days. */
export const SLO_WINDOW_DAYS: readonly number[] = [28, 30];
/** Lowest and highest SLO target accepted, in percent. */
export const SLO_TARGET_MIN_PERCENT = 90;
export const SLO_TARGET_MAX_PERCENT = 99.999;

/** Rounds away binary noise (14.4 × 0.001 = 0.014400000000000001), keeping 10 significant digits. */
function tidy(value: number): number {
  return Number(value.toPrecision(10));
}

/** The error budget as a fraction of requests: 1 − target (99.9 % → 0.001). */
export function errorBudgetFraction(targetPercent: number): number {
  return tidy(1 - targetPercent / 100);
}

/**
 * Burn-rate factor of a row for an SLO window: the rate that spends `budgetConsumed` of the budget in the long
 * window. 30 days gives the workbook's figures exactly (14.4, 6, 3, 1); 28 days gives 13.44, 5.6, 2.8, 0.9333333333
 */
export function burnRateFactor(row: BurnRateRow, windowDays: number): number {
  return tidy((row.budgetConsumed * windowDays * 24 * 60) / row.longWindowMinutes);
}

/** Error-ratio threshold of a row: factor × (1 − target). */
export function errorRatioThreshold(row: BurnRateRow, targetPercent: number, windowDays: number): number {
  return tidy(burnRateFactor(row, windowDays) * errorBudgetFraction(targetPercent));
}

/**
 * Minimum-traffic guard: the fewest requests a window must see before its ratio counts, chosen so that one error
 * alone never reaches the threshold (1 / requests < threshold). A quiet service then does not page on one error.
 */
export function minimumRequestsFor(threshold: number): number {
  return Math.floor(1 / threshold) + 1;
}

/** Minutes of budget-free outage a window's alarm needs at a 100 % error rate before it breaches: threshold × window. */
export function fullOutageDetectionMinutes(windowMinutes: number, threshold: number): number {
  return tidy(Math.min(1, threshold) * windowMinutes);
}

// ---------------------------------------------------------------- alarm names

/** Marker between the service and the SLO name in alarm names: `<service>/slo:<name>:<suffix>`. */
export const SLO_ALARM_MARKER = 'slo:';

/**
 * Name of an SLO alarm. The hub's alarm normaliser reads it back: the service before the `/` (the existing
 * `<service>/<alarm>` convention), the SLO name, and the suffix: `page` or `ticket` for the composite alarms (an SLO
 * signal), `<row>-long` or `<row>-short` for the window alarms underneath (not signals themselves).
 */
export function sloAlarmName(service: string, sloName: string, suffix: string): string {
  return `${service}/${SLO_ALARM_MARKER}${sloName}:${suffix}`;
}

/** What an SLO alarm name says, or undefined when the name is not one. */
export interface SloAlarmNameParts {
  readonly service: string;
  readonly sloName: string;
  /** `page`, `ticket`, or a window alarm suffix such as `page-1h-long`. */
  readonly suffix: string;
  /** True for the page and ticket composites, false for the window alarms they join. */
  readonly composite: boolean;
}

export function parseSloAlarmName(alarmName: string): SloAlarmNameParts | undefined {
  const match = /^([A-Za-z0-9_.-]{1,64})\/slo:([A-Za-z0-9_.-]{1,128}):([a-z0-9-]{1,32})$/.exec(alarmName);
  if (!match) return undefined;
  const suffix = match[3];
  return { service: match[1], sloName: match[2], suffix, composite: suffix === 'page' || suffix === 'ticket' };
}

// ---------------------------------------------------------------- definitions for the budget read

/** One CloudWatch metric of a ratio SLI, summed over the SLO window with its sign. */
export interface SloMetricTerm {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Sum`, `SampleCount`, `TC(300:)`... */
  readonly stat: string;
  /** +1 or −1: `bad = Σ sign × value` (a good-count SLI counts `total − good`). */
  readonly sign: number;
}

/**
 * An SLO as the Telemetry agent reads it (`AgentEnv.SLO_DEFINITIONS`, a JSON array): the budget remaining of a
 * metric-math SLO is computed from `bad` and `total` summed over the window; an Application Signals SLO is read from
 * its own budget report by name.
 */
export interface SloDefinition {
  readonly name: string;
  readonly service: string;
  readonly targetPercent: number;
  readonly windowDays: number;
  /** `metric-math` (bad and total below) or `application-signals` (its budget report). */
  readonly kind: 'metric-math' | 'application-signals';
  readonly bad?: readonly SloMetricTerm[];
  readonly total?: readonly SloMetricTerm[];
}
