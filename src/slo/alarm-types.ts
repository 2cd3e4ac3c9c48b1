import type { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Which burn-rate alarms a ServiceLevelObjective creates. */
export interface BurnRateAlarmOptions {
  /**
   * Create the paging alarms: 2 % of the budget in 1 hour (14.4× over 1 h and 5 min) or 5 % in 6 hours (6× over
   * 6 h and 30 min), joined by one composite alarm.
   * @default true
   */
  readonly page?: boolean;
  /**
   * Create the ticket alarms: 10 % of the budget in 1 day (3× over 1 d and 2 h) or in 3 days (1× over 3 d and 6 h),
   * joined by one composite alarm.
   * @default true
   */
  readonly ticket?: boolean;
  /**
   * Minimum-traffic guard: a window's error ratio counts only when the window saw at least this many requests
   * (otherwise it reads 0), so a quiet service does not page on one error.
   * @default - per row, the fewest requests for which one error alone stays under the row's threshold
   *            (72 for the 14.4× row at 99.9 %)
   */
  readonly minimumRequests?: number;
}

/** The long and the short window of one burn-rate row; both must breach for the row to fire. */
export interface BurnRateAlarmPair {
  /** The row id: `page-1h`, `page-6h`, `ticket-1d` or `ticket-3d`. */
  readonly id: string;
  /** Burn-rate factor of the row for the SLO window (14.4, 6, 3, 1 for 30 days). */
  readonly factor: number;
  /** Error-ratio threshold of both alarms: factor × (1 − target). */
  readonly threshold: number;
  /** Requests a window must see before its ratio counts. */
  readonly minimumRequests: number;
  readonly longWindow: Duration;
  readonly shortWindow: Duration;
  /** Error ratio over the long window at or above the threshold. */
  readonly long: cloudwatch.IAlarm;
  /** Error ratio over the short window at or above the threshold. */
  readonly short: cloudwatch.IAlarm;
}

/**
 * The alarms of a ServiceLevelObjective. The composites are the signals (the hub normalises them as `slo-budget`);
 * the pairs underneath only feed them, so add actions to the composites.
 */
export interface ServiceLevelObjectiveAlarms {
  /** Fires when either paging row fires. @default - none when `alarms.page` is false */
  readonly page?: cloudwatch.IAlarm;
  /** Fires when either ticket row fires. @default - none when `alarms.ticket` is false */
  readonly ticket?: cloudwatch.IAlarm;
  /** The window pairs of the paging rows. */
  readonly pagePairs: BurnRateAlarmPair[];
  /** The window pairs of the ticket rows. */
  readonly ticketPairs: BurnRateAlarmPair[];
}

