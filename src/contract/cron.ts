/**
 * The five-field cron expressions of freeze windows: minute, hour, day of month, month, day of week.
 *
 * One parser for both halves: the Risk agent evaluates windows with it at run time, and the AgentSuite validates
 * `risk.freezeWindows` with it at synth, so what synthesises is exactly what runs. Plain code with no imports at
 * all, so a construct (compiled by jsii, used from Python and Java) may import it without bringing zod or the
 * runtime along.
 */

/** What is wrong with an expression, for a caller that words its own message. */
export type CronErrorReason = 'field-count' | 'value' | 'step' | 'range' | 'backwards';

/** One field of the expression. */
interface FieldDef {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Offset added to a name's index (months are 1-based). */
  readonly nameBase?: number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldDef[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS, nameBase: 0 },
];

/** A parsed five-field cron expression. */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday; 7 is folded into 0. */
  readonly daysOfWeek: ReadonlySet<number>;
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

/** An expression that does not parse. `field`, `text`, `min` and `max` say where, when it is one field's fault. */
export class CronError extends Error {
  constructor(
    message: string,
    public readonly reason: CronErrorReason,
    public readonly field?: { readonly name: string; readonly text: string; readonly min: number; readonly max: number },
  ) {
    super(message);
    this.name = 'CronError';
  }
}

function parseValue(text: string, def: FieldDef): number {
  const named = def.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + (def.nameBase ?? 0);
  const where = { name: def.name, text, min: def.min, max: def.max };
  if (!/^\d+$/.test(text)) throw new CronError(`${def.name}: ${JSON.stringify(text)} is not a number${def.names ? ' or name' : ''}`, 'value', where);
  const value = Number(text);
  if (value < def.min || value > def.max) throw new CronError(`${def.name}: ${value} is outside ${def.min}-${def.max}`, 'value', where);
  return value;
}

function parseField(text: string, def: FieldDef): { values: Set<number>; restricted: boolean } {
  const values = new Set<number>();
  const restricted = !(text === '*' || text === '?');
  for (const part of text.split(',')) {
    const [range, stepText, ...more] = part.split('/');
    if (more.length > 0) throw new CronError(`${def.name}: ${JSON.stringify(part)} has more than one step`, 'step');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!/^\d*$/.test(stepText ?? '') || !Number.isInteger(step) || step < 1) {
      throw new CronError(`${def.name}: step ${JSON.stringify(stepText)} must be a positive whole number`, 'step');
    }
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = def.min;
      to = def.max;
    } else if (range.includes('-')) {
      const [a, b, ...rest] = range.split('-');
      if (rest.length > 0) throw new CronError(`${def.name}: ${JSON.stringify(range)} is not a range`, 'range');
      from = parseValue(a, def);
      to = parseValue(b, def);
      if (from > to) throw new CronError(`${def.name}: range ${range} runs backwards`, 'backwards');
    } else {
      from = parseValue(range, def);
      to = stepText === undefined ? from : def.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, restricted };
}

/**
 * Parses a standard five-field cron expression: minute, hour, day of month, month, day of week.
 * Supports `*`, `?`, lists, ranges, steps and JAN-DEC / SUN-SAT names. As in cron, when both day fields are
 * restricted a day matches if either does. Throws a CronError when the expression does not parse.
 */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw new CronError(`cron expression must have 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`, 'field-count');
  }
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]));
  return {
    minutes: minute.values,
    hours: hour.values,
    daysOfMonth: dom.values,
    months: month.values,
    daysOfWeek: new Set([...dow.values].map((d) => d % 7)),
    dayOfMonthRestricted: dom.restricted,
    dayOfWeekRestricted: dow.restricted,
  };
}
