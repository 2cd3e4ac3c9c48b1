import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { BurnRateAlarmOptions, BurnRateAlarmPair, ServiceLevelObjectiveAlarms } from './alarm-types';
import type { SliParts } from './sli-parts';
import { acknowledgeAlarms } from '../common/acknowledge';
import {
  BURN_RATE_ROWS, burnRateFactor, errorRatioThreshold, minimumRequestsFor, sloAlarmName, type BurnRateRow,
} from '../contract/burn-rate';

/** @internal */
export interface BurnRateAlarmsConfig {
  readonly service: string;
  readonly sloName: string;
  readonly targetPercent: number;
  readonly windowDays: number;
  readonly sli: SliParts;
  readonly options: BurnRateAlarmOptions;
}

/**
 * The error ratio of an SLI over one window, as CloudWatch evaluates it: every metric's period is the window, so the
 * alarm's one datapoint is the sliding sum over the window (the default `SlidingWindow` evaluation), with the
 * minimum-traffic guard. Bad terms missing data count as 0; a window without requests has no datapoint.
 * @internal
 */
export function errorRatioExpression(sli: SliParts, window: Duration, minimumRequests: number, label?: string): cloudwatch.MathExpression {
  const usingMetrics: Record<string, cloudwatch.IMetric> = { total: sli.total };
  const bad = sli.bad.map((term, i) => {
    usingMetrics[`bad${i}`] = term.metric;
    return `${term.sign < 0 ? '-' : i === 0 ? '' : '+'}FILL(bad${i}, 0)`;
  }).join(' ');
  const ratio = `(${bad}) / total`;
  return new cloudwatch.MathExpression({
    expression: minimumRequests > 0 ? `IF(total >= ${minimumRequests}, ${ratio}, 0)` : ratio,
    usingMetrics,
    period: window,
    label: label ?? `error ratio over ${window.toHumanString()}`,
  });
}

/**
 * The burn-rate alarms of one SLO (STYLE §7: one focused part of the L3). Cost: each window alarm is a metric-math
 * alarm billed per metric it reads (ALB: 3, others: 2, at $0.10 each per month, standard resolution), each
 * composite $0.50 per month: about $2.60 to $3.40 a month for both composites and their eight window alarms.
 * @internal
 */
export class BurnRateAlarms extends Construct {
  public readonly alarms: ServiceLevelObjectiveAlarms;
  /** The composites, with their `addAlarmAction`. */
  public readonly composites: cloudwatch.CompositeAlarm[] = [];

  public constructor(scope: Construct, id: string, config: BurnRateAlarmsConfig) {
    super(scope, id);
    const { options } = config;
    const pagePairs = options.page === false ? [] : this.pairs(config, 'page');
    const ticketPairs = options.ticket === false ? [] : this.pairs(config, 'ticket');
    this.alarms = {
      page: pagePairs.length ? this.composite(config, 'page', pagePairs) : undefined,
      ticket: ticketPairs.length ? this.composite(config, 'ticket', ticketPairs) : undefined,
      pagePairs,
      ticketPairs,
    };
    acknowledgeAlarms(this, 'The window alarms of a burn-rate row only feed its composite alarm (ServiceLevelObjective.alarms.page and '
      + '.ticket), where the consumer adds actions; an action on a window alarm would page on one window alone.');
  }

  private pairs(config: BurnRateAlarmsConfig, action: 'page' | 'ticket'): BurnRateAlarmPair[] {
    return BURN_RATE_ROWS.filter((row) => row.action === action).map((row) => this.pair(config, row));
  }

  private pair(config: BurnRateAlarmsConfig, row: BurnRateRow): BurnRateAlarmPair {
    const factor = burnRateFactor(row, config.windowDays);
    const threshold = errorRatioThreshold(row, config.targetPercent, config.windowDays);
    const minimumRequests = config.options.minimumRequests ?? minimumRequestsFor(threshold);
    const longWindow = Duration.minutes(row.longWindowMinutes);
    const shortWindow = Duration.minutes(row.shortWindowMinutes);
    const alarm = (which: 'long' | 'short', window: Duration) => new cloudwatch.Alarm(this, `${pascal(row.id)}${which === 'long' ? 'Long' : 'Short'}`, {
      alarmName: sloAlarmName(config.service, config.sloName, `${row.id}-${which}`),
      alarmDescription: `${config.sloName} (${config.targetPercent} % over ${config.windowDays} days): error ratio over ${window.toHumanString()} `
        + `at ${factor}x the budget rate (threshold ${threshold}). A window of the ${row.action} composite alarm, not a signal on its own.`,
      metric: errorRatioExpression(config.sli, window, minimumRequests, `${row.id} ${which} window error ratio`),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    return { id: row.id, factor, threshold, minimumRequests, longWindow, shortWindow, long: alarm('long', longWindow), short: alarm('short', shortWindow) };
  }

  private composite(config: BurnRateAlarmsConfig, action: 'page' | 'ticket', pairs: readonly BurnRateAlarmPair[]): cloudwatch.CompositeAlarm {
    const rule = cloudwatch.AlarmRule.anyOf(...pairs.map((p) => cloudwatch.AlarmRule.allOf(
      cloudwatch.AlarmRule.fromAlarm(p.long, cloudwatch.AlarmState.ALARM),
      cloudwatch.AlarmRule.fromAlarm(p.short, cloudwatch.AlarmState.ALARM),
    )));
    const rows = pairs.map((p) => `${p.factor}x over ${p.longWindow.toHumanString()} and ${p.shortWindow.toHumanString()}`).join(', or ');
    const composite = new cloudwatch.CompositeAlarm(this, action === 'page' ? 'Page' : 'Ticket', {
      compositeAlarmName: sloAlarmName(config.service, config.sloName, action),
      alarmDescription: `[${action === 'page' ? 'high' : 'medium'}] SLO ${config.sloName} of ${config.service} (${config.targetPercent} % over `
        + `${config.windowDays} days) burns its error budget too fast: ${rows}.`,
      alarmRule: rule,
    });
    this.composites.push(composite);
    return composite;
  }
}

function pascal(id: string): string {
  return id.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
