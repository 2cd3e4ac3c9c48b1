import { HOURS_PER_MONTH } from './prices';
import { parseCron } from '../../contract/cron';

const MINUTES: Readonly<Record<string, number>> = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 };
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/**
 * How many times a month (30 days) an EventBridge, Scheduler or Synthetics schedule expression fires:
 * `rate(5 minutes)` → 8,640, `cron(0 9 ? * MON-FRI *)` → about 21.4, `at(...)` → 0 (once, not monthly).
 * Undefined when the expression is not one of those (a token, a typo).
 *
 * Cron day fields are estimated, not walked on a calendar: a day-of-week list runs 30/7 times a month per day,
 * `L`, `W` and `#` days once a month, a month list scales by months/12.
 */
export function runsPerMonth(expression: string): number | undefined {
  const text = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/i.exec(text);
  if (rate) {
    const unit = MINUTES[rate[2].toLowerCase()];
    const every = Number(rate[1]);
    return unit && every > 0 ? (DAYS_PER_MONTH * 1440) / (every * unit) : undefined;
  }
  if (/^at\(.*\)$/i.test(text)) return 0;
  const cron = /^cron\((.*)\)$/i.exec(text);
  if (!cron) return undefined;
  // AWS cron has six fields: minute hour day-of-month month day-of-week year.
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [minute, hour, dom, month, dow] = fields;
  try {
    const daily = parseCron(`${minute} ${hour} * * *`);
    const perDay = daily.minutes.size * daily.hours.size;
    const monthShare = parseCron(`0 0 * ${month} *`).months.size / 12;
    return perDay * daysPerMonth(dom, dow) * monthShare;
  } catch {
    return undefined;
  }
}

function daysPerMonth(dom: string, dow: string): number {
  const anyDom = dom === '*' || dom === '?';
  const anyDow = dow === '*' || dow === '?';
  if (anyDom && anyDow) return DAYS_PER_MONTH;
  if (!anyDom) {
    if (/[LW]/i.test(dom)) return 1;
    return Math.min(parseCron(`0 0 ${dom} * *`).daysOfMonth.size, DAYS_PER_MONTH);
  }
  if (/[L#]/i.test(dow)) return 1;
  // AWS numbers days 1-7 from Sunday, cron 0-7: only the count matters here, and 1-7 counts 7 days in both.
  return (parseCron(`0 0 * * ${dow}`).daysOfWeek.size * DAYS_PER_MONTH) / 7;
}
