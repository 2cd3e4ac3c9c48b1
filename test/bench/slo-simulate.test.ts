import { Rng } from '../../scripts/bench/rng';
import { profiles, WARMUP_MINUTES } from '../../scripts/bench/slo/profiles';
import { poisson, simulate, windowAlarms, type TrafficProfile } from '../../scripts/bench/slo/simulate';

const DAY = 1440;
const OPTIONS = { targetPercent: 99.9, windowDays: 30, warmupMinutes: WARMUP_MINUTES };

function profile(name: string): TrafficProfile {
  return profiles(99.9).find((p) => p.name === name)!;
}

test('the simulated window alarms are the construct\'s: eight, thresholds factor x (1 - target)', () => {
  const alarms = windowAlarms({ targetPercent: 99.9, windowDays: 30 });
  expect(alarms.map((a) => [a.row, a.minutes, a.threshold])).toEqual([
    ['page-1h', 60, 0.0144], ['page-1h', 5, 0.0144], ['page-6h', 360, 0.006], ['page-6h', 30, 0.006],
    ['ticket-1d', 1440, 0.003], ['ticket-1d', 120, 0.003], ['ticket-3d', 4320, 0.001], ['ticket-3d', 360, 0.001],
  ]);
});

test('a full outage pages as soon as the 1-hour window holds 0.864 minutes of errors, plus the ingestion lag', () => {
  expect(simulate(profile('step: full outage'), { ...OPTIONS, ingestionLagMinutes: 1 }).page.detectionMinutes).toBe(2);
  expect(simulate(profile('step: full outage'), { ...OPTIONS, ingestionLagMinutes: 3 }).page.detectionMinutes).toBe(4);
});

test('20x the budget rate pages once the 1-hour window averages 14.4x: after about 43 minutes', () => {
  const detection = simulate(profile('step: 20x budget'), OPTIONS).page.detectionMinutes!;
  expect(detection).toBeGreaterThanOrEqual(43);
  expect(detection).toBeLessThanOrEqual(47);
});

test('steady errors within budget never page or ticket; 2x budget tickets but does not page', () => {
  for (const name of ['steady: half the budget', 'steady: 90% of the budget']) {
    const r = simulate(profile(name), OPTIONS);
    expect([r.page.alarms, r.ticket.alarms]).toEqual([0, 0]);
  }
  const slow = simulate(profile('slow burn: 2x budget'), OPTIONS);
  expect(slow.page.alarms).toBe(0);
  expect(slow.ticket.detectionMinutes).toBeGreaterThan(DAY);
});

test('the minimum-traffic guard keeps a quiet service from paging on single errors', () => {
  expect(simulate(profile('quiet service'), OPTIONS).page.alarms).toBe(0);
  expect(simulate(profile('quiet service'), { ...OPTIONS, minimumRequests: false }).page.falseAlarms).toBeGreaterThan(0);
});

test('the simulation is deterministic for a seed and the Poisson draw has the right mean', () => {
  expect(simulate(profile('flapping'), { ...OPTIONS, seed: 3 })).toEqual(simulate(profile('flapping'), { ...OPTIONS, seed: 3 }));
  const rng = new Rng(1);
  for (const mean of [0.1, 5, 6000]) {
    const draws = Array.from({ length: 4000 }, () => poisson(rng, mean));
    const average = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(average - mean) / mean).toBeLessThan(0.1);
  }
});
