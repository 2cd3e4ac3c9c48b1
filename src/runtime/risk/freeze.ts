import * as z from 'zod';
import { parseCron, type CronSchedule } from '../../contract/cron';

// The one cron parser, shared with the AgentSuite's synth-time validation (it has no imports).
export { CronError, parseCron, type CronErrorReason, type CronSchedule } from '../../contract/cron';

/** Longest freeze window: 31 days, in minutes. */
export const FREEZE_WINDOW_MAX_MINUTES = 31 * 24 * 60;

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
