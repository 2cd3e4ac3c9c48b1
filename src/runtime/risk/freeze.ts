import { z } from 'zod';

/** Longest freeze window: 31 days, in minutes. */
export const FREEZE_WINDOW_MAX_MINUTES = 31 * 24 * 60;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldDef {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Offset added to a name's index (months are 1-based). */
  readonly nameBase?: number;
}

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

export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

function parseValue(text: string, def: FieldDef): number {
  const upper = text.toUpperCase();
  const named = def.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (def.nameBase ?? 0);
  if (!/^\d+$/.test(text)) throw new CronError(`${def.name}: ${JSON.stringify(text)} is not a number${def.names ? ' or name' : ''}`);
  const value = Number(text);
  if (value < def.min || value > def.max) throw new CronError(`${def.name}: ${value} is outside ${def.min}-${def.max}`);
  return value;
}

function parseField(text: string, def: FieldDef): { values: Set<number>; restricted: boolean } {
  const values = new Set<number>();
  const restricted = !(text === '*' || text === '?');
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    if (part.split('/').length > 2) throw new CronError(`${def.name}: ${JSON.stringify(part)} has more than one step`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`${def.name}: step ${JSON.stringify(stepText)} must be a positive whole number`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = def.min;
      to = def.max;
    } else if (range.includes('-')) {
      const [a, b, ...rest] = range.split('-');
      if (rest.length > 0) throw new CronError(`${def.name}: ${JSON.stringify(range)} is not a range`);
      from = parseValue(a, def);
      to = parseValue(b, def);
      if (from > to) throw new CronError(`${def.name}: range ${range} runs backwards`);
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
 * restricted a day matches if either does.
 */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(`cron expression must have 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]));
  const daysOfWeek = new Set([...dow.values].map((d) => d % 7));
  return {
    minutes: minute.values,
    hours: hour.values,
    daysOfMonth: dom.values,
    months: month.values,
    daysOfWeek,
    dayOfMonthRestricted: dom.restricted,
    dayOfWeekRestricted: dow.restricted,
  };
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function parsesAsCron(expression: string): boolean {
  try {
    parseCron(expression);
    return true;
  } catch {
    return false;
  }
}

/** A recurring change freeze: it starts whenever `schedule` fires and lasts `durationMinutes`. */
export const FreezeWindowSchema = z.strictObject({
  name: z.string().min(1).max(128),
  /** Five-field cron expression for the start, evaluated in `timeZone` (for example `0 18 * * FRI`). */
  schedule: z.string().refine(parsesAsCron, { message: 'schedule is not a valid five-field cron expression' }),
  durationMinutes: z.number().int().min(1).max(FREEZE_WINDOW_MAX_MINUTES),
  /** IANA time zone of the schedule. @default 'UTC' */
  timeZone: z.string().refine(isValidTimeZone, { message: 'timeZone is not a known IANA time zone' }).optional(),
});
export type FreezeWindow = z.infer<typeof FreezeWindowSchema>;

interface LocalTime {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

function cronMatches(schedule: CronSchedule, t: LocalTime): boolean {
  if (!schedule.minutes.has(t.minute) || !schedule.hours.has(t.hour) || !schedule.months.has(t.month)) return false;
  const dom = schedule.daysOfMonth.has(t.day);
  const dow = schedule.daysOfWeek.has(t.weekday);
  if (schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted) return dom || dow;
  return dom && dow;
}

/** Converts instants to wall-clock time in one zone, caching the zone's offset per quarter hour. */
class Zone {
  private readonly format?: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(timeZone: string) {
    if (timeZone !== 'UTC') {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    }
  }

  public local(epochMs: number): LocalTime {
    const shifted = new Date(epochMs + this.offsetMs(epochMs));
    return {
      minute: shifted.getUTCMinutes(),
      hour: shifted.getUTCHours(),
      day: shifted.getUTCDate(),
      month: shifted.getUTCMonth() + 1,
      weekday: shifted.getUTCDay(),
    };
  }

  private offsetMs(epochMs: number): number {
    if (!this.format) return 0;
    const bucket = Math.floor(epochMs / 900_000);
    const cached = this.offsets.get(bucket);
    if (cached !== undefined) return cached;
    const parts = Object.fromEntries(this.format.formatToParts(new Date(bucket * 900_000)).map((p) => [p.type, p.value]));
    const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    const offset = wall - bucket * 900_000;
    this.offsets.set(bucket, offset);
    return offset;
  }
}

/** Whether `window` is active at `now`: its schedule fired within the last `durationMinutes` minutes. */
export function isFreezeWindowActive(window: FreezeWindow, now: Date): boolean {
  const schedule = parseCron(window.schedule);
  const zone = new Zone(window.timeZone ?? 'UTC');
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  for (let m = 0; m < window.durationMinutes; m++) {
    if (cronMatches(schedule, zone.local(start - m * 60_000))) return true;
  }
  return false;
}

/** Names of the windows active at `now`. */
export function activeFreezeWindows(windows: readonly FreezeWindow[], now: Date): string[] {
  return windows.filter((w) => isFreezeWindowActive(w, now)).map((w) => w.name);
}
