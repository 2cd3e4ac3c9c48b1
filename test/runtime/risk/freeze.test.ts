import * as fc from 'fast-check';
import { activeFreezeWindows, CronError, FreezeWindowSchema, isFreezeWindowActive, parseCron } from '../../../src/runtime/risk';

describe('parseCron', () => {
  test('fields, lists, ranges, steps and names', () => {
    const c = parseCron('*/15 8-18/2 1,15 JAN-MAR mon-fri');
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours]).toEqual([8, 10, 12, 14, 16, 18]);
    expect([...c.daysOfMonth]).toEqual([1, 15]);
    expect([...c.months]).toEqual([1, 2, 3]);
    expect([...c.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect(parseCron('0 0 * * 7').daysOfWeek).toEqual(new Set([0]));
    expect(parseCron('5/20 * ? * *').minutes).toEqual(new Set([5, 25, 45]));
  });

  test.each([
    ['0 0 * *', /5 fields/],
    ['60 * * * *', /minute: 60 is outside 0-59/],
    ['* 24 * * *', /hour: 24/],
    ['* * 0 * *', /day of month: 0/],
    ['* * * FOO *', /month: "FOO"/],
    ['* * * * 8', /day of week: 8/],
    ['*/0 * * * *', /step/],
    ['10-5 * * * *', /backwards/],
    ['1-2-3 * * * *', /not a range/],
  ])('rejects %j', (expression, message) => {
    expect(() => parseCron(expression)).toThrow(CronError);
    expect(() => parseCron(expression)).toThrow(message);
  });
});

describe('freeze windows', () => {
  const weekend = { name: 'weekend', schedule: '0 18 * * FRI', durationMinutes: 62 * 60 };

  test.each([
    ['2026-03-13T17:59:00Z', false],
    ['2026-03-13T18:00:00Z', true],
    ['2026-03-15T12:00:00Z', true],
    ['2026-03-16T07:59:59Z', true],
    ['2026-03-16T08:00:00Z', false],
    ['2026-03-10T02:00:00Z', false],
  ])('weekend freeze (Fri 18:00 UTC + 62h) at %s → %s', (now, active) => {
    expect(isFreezeWindowActive(weekend, new Date(now))).toBe(active);
  });

  test('schedules are read in their time zone, across daylight saving', () => {
    // 09:00 New York is 14:00 UTC in winter (EST) and 13:00 UTC in summer (EDT).
    const morning = { name: 'ny-morning', schedule: '0 9 * * *', durationMinutes: 60, timeZone: 'America/New_York' };
    expect(isFreezeWindowActive(morning, new Date('2026-01-15T14:30:00Z'))).toBe(true);
    expect(isFreezeWindowActive(morning, new Date('2026-01-15T13:30:00Z'))).toBe(false);
    expect(isFreezeWindowActive(morning, new Date('2026-07-15T13:30:00Z'))).toBe(true);
    expect(isFreezeWindowActive(morning, new Date('2026-07-15T14:30:00Z'))).toBe(false);
  });

  test('day-of-month and day-of-week both restricted: either matches (cron semantics)', () => {
    const w = { name: 'first-or-monday', schedule: '0 0 1 * MON', durationMinutes: 60 };
    expect(isFreezeWindowActive(w, new Date('2026-03-01T00:30:00Z'))).toBe(true); // Sunday the 1st
    expect(isFreezeWindowActive(w, new Date('2026-03-02T00:30:00Z'))).toBe(true); // Monday the 2nd
    expect(isFreezeWindowActive(w, new Date('2026-03-03T00:30:00Z'))).toBe(false);
  });

  test('activeFreezeWindows names the active ones', () => {
    const nightly = { name: 'nightly', schedule: '30 1 * * *', durationMinutes: 90 };
    expect(activeFreezeWindows([weekend, nightly], new Date('2026-03-10T02:00:00Z'))).toEqual(['nightly']);
  });

  test.each([
    [{ name: 'x', schedule: 'whenever', durationMinutes: 10 }, /cron/],
    [{ name: 'x', schedule: '* * * * *', durationMinutes: 0 }, /durationMinutes/],
    [{ name: 'x', schedule: '* * * * *', durationMinutes: 10, timeZone: 'Mars/Olympus' }, /time zone/],
    [{ name: 'x', schedule: '* * * * *', durationMinutes: 99999999 }, /durationMinutes/],
  ])('the schema rejects %j', (window, message) => {
    expect(() => FreezeWindowSchema.parse(window)).toThrow(message);
  });

  test('property: a window is active exactly for durationMinutes after each start (UTC, daily)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 0, max: 24 * 60 - 1 }),
      (hour, minute, duration, offset) => {
        const window = { name: 'p', schedule: `${minute} ${hour} * * *`, durationMinutes: duration };
        const start = Date.UTC(2026, 2, 10, hour, minute);
        const now = new Date(start + offset * 60_000);
        const sinceStart = offset;
        const sincePreviousStart = offset + 24 * 60;
        const expected = sinceStart < duration || sincePreviousStart < duration;
        return isFreezeWindowActive(window, now) === expected;
      },
    ), { numRuns: 100 });
  });
});
