import { runsPerMonth } from '../../../src/runtime/cost';

describe('runsPerMonth', () => {
  test.each([
    ['rate(5 minutes)', 8_640],
    ['rate(1 minute)', 43_200],
    ['rate(1 hour)', 720],
    ['rate(12 hours)', 60],
    ['rate(1 day)', 30],
    ['cron(0/15 * * * ? *)', 96 * 30],
    ['cron(0 9 * * ? *)', 30],
    ['cron(0 9 ? * MON-FRI *)', (5 * 30) / 7],
    ['cron(0 9 ? * 2,6 *)', (2 * 30) / 7],
    ['cron(0 9 ? * 1-7 *)', 30],
    ['cron(0 0 1,15 * ? *)', 2],
    ['cron(0 0 L * ? *)', 1],
    ['cron(0 0 ? * 6#3 *)', 1],
    ['cron(30 8 1 JAN,JUL ? *)', 2 / 12],
    ['at(2026-12-24T18:00:00)', 0],
  ])('%s runs %d times in a 30-day month', (expression, runs) => {
    expect(runsPerMonth(expression)).toBeCloseTo(runs, 9);
  });

  test.each(['rate(5 fortnights)', 'rate(0 minutes)', 'cron(0 9 * * *)', 'cron(61 * * * ? *)', 'every 5 minutes', ''])('%j is not understood', (expression) => {
    expect(runsPerMonth(expression)).toBeUndefined();
  });
});
