import {
  BURN_RATE_ROWS, burnRateFactor, errorBudgetFraction, errorRatioThreshold, fullOutageDetectionMinutes, minimumRequestsFor,
  parseSloAlarmName, sloAlarmName,
} from '../../src/contract/burn-rate';

/*
 * The SRE workbook, "Alerting on SLOs", table 5-8 (recommended parameters for a 99.9 % SLO over 30 days):
 * severity, long window, short window, burn rate, error budget consumed.
 */
const WORKBOOK: ReadonlyArray<[string, number, number, number, number]> = [
  ['page', 60, 5, 14.4, 0.02],
  ['page', 360, 30, 6, 0.05],
  ['ticket', 1440, 120, 3, 0.1],
  ['ticket', 4320, 360, 1, 0.1],
];

describe('the burn-rate table', () => {
  test.each(WORKBOOK.map((row, i) => [i, ...row] as const))('row %i is the workbook\'s %s row %i min / %i min at %dx, %d of the budget', (i, action, long, short, factor, consumed) => {
    const row = BURN_RATE_ROWS[i];
    expect(row).toMatchObject({ action, longWindowMinutes: long, shortWindowMinutes: short, factor30Days: factor, budgetConsumed: consumed });
    expect(burnRateFactor(row, 30)).toBe(factor);
    // The short window is a twelfth of the long one.
    expect(row.shortWindowMinutes * 12).toBe(row.longWindowMinutes);
    // Budget consumed = factor × long window / SLO window.
    expect((factor * long) / (30 * 24 * 60)).toBeCloseTo(consumed, 12);
  });

  test('thresholds are factor × (1 − target), without binary noise', () => {
    expect(BURN_RATE_ROWS.map((row) => errorRatioThreshold(row, 99.9, 30))).toEqual([0.0144, 0.006, 0.003, 0.001]);
    expect(BURN_RATE_ROWS.map((row) => errorRatioThreshold(row, 99, 30))).toEqual([0.144, 0.06, 0.03, 0.01]);
    expect(errorRatioThreshold(BURN_RATE_ROWS[0], 99.99, 30)).toBe(0.00144);
    expect(errorBudgetFraction(99.999)).toBe(0.00001);
  });

  test('a 28-day window keeps the budget consumed per row, so the factors scale by 28/30', () => {
    expect(BURN_RATE_ROWS.map((row) => burnRateFactor(row, 28))).toEqual([13.44, 5.6, 2.8, 0.9333333333]);
  });

  test('the minimum-traffic guard is the fewest requests for which one error stays under the threshold', () => {
    expect(minimumRequestsFor(0.0144)).toBe(70);
    expect(1 / 70).toBeLessThan(0.0144);
    expect(1 / 69).toBeGreaterThan(0.0144);
    expect(minimumRequestsFor(0.001)).toBe(1001);
  });

  test('a full outage trips a window after threshold × window minutes', () => {
    expect(fullOutageDetectionMinutes(60, 0.0144)).toBeCloseTo(0.864, 9);
    expect(fullOutageDetectionMinutes(5, 2)).toBe(5);
  });
});

describe('SLO alarm names', () => {
  test('round-trip, composites told apart from window alarms', () => {
    expect(parseSloAlarmName(sloAlarmName('checkout', 'checkout-availability', 'page'))).toEqual({
      service: 'checkout', sloName: 'checkout-availability', suffix: 'page', composite: true,
    });
    expect(parseSloAlarmName(sloAlarmName('checkout', 'a', 'page-1h-short'))?.composite).toBe(false);
    expect(parseSloAlarmName('checkout/HighErrors')).toBeUndefined();
    expect(parseSloAlarmName('checkout/slo:x:PAGE')).toBeUndefined();
  });
});
