import type { AlertStream } from '../../scripts/bench/generator';
import { modelRealTime, type AmPlan } from '../../scripts/bench/run-alertmanager';

const MIN = 60_000;

/** A stream of alert transitions in one or more groups: [alert key, group, firing?, minute]. */
function plan(rows: readonly (readonly [string, string, boolean, number])[], truth?: string[]): { stream: AlertStream; plan: AmPlan } {
  const stream = { name: 't', description: '', seed: 0, events: rows.map(() => ({}) as never), truth: truth ?? rows.map(() => 'inc:1') };
  return {
    stream,
    plan: {
      firing: [],
      resolving: [],
      keyOf: rows.map((r) => r[0]),
      groupOf: rows.map((r) => r[1]),
      firingOf: rows.map((r) => r[2]),
      timeOf: rows.map((r) => r[3] * MIN),
    },
  };
}

describe('modelRealTime (Alertmanager dispatcher rules over the timeline)', () => {
  test('one alert that fires and clears 10 minutes later: one page', () => {
    const p = plan([['a', 'g', true, 0], ['a', 'g', false, 10]]);
    expect(modelRealTime(p.stream, p.plan).pages).toBe(1);
  });

  test('a duplicate inside group_wait joins the first notification', () => {
    const p = plan([['a', 'g', true, 0], ['a', 'g', true, 0.1], ['a', 'g', false, 10]]);
    expect(modelRealTime(p.stream, p.plan).pages).toBe(1);
  });

  test('a new alert after the first flush pages again at the next group_interval', () => {
    // flush at 0:30 notifies {a}; b arrives at 2:00; flush at 5:30 notifies {a, b}
    const p = plan([['a', 'g', true, 0], ['b', 'g', true, 2], ['a', 'g', false, 20], ['b', 'g', false, 20]]);
    expect(modelRealTime(p.stream, p.plan).pages).toBe(2);
  });

  test('an alert that clears within group_wait never pages, and its incident is missed', () => {
    const p = plan([['a', 'g', true, 0], ['a', 'g', false, 0.25]]);
    const m = modelRealTime(p.stream, p.plan);
    expect(m.pages).toBe(0);
    expect(m.coverage.missed).toBe(1);
  });

  test('resolve then fire again after the group is gone: a new group, a new page', () => {
    const p = plan([['a', 'g', true, 0], ['a', 'g', false, 1], ['a', 'g', true, 60], ['a', 'g', false, 70]]);
    expect(modelRealTime(p.stream, p.plan).pages).toBe(2);
  });

  test('a firing group re-notifies after repeat_interval (4 h): a repeat, not a page', () => {
    const p = plan([['a', 'g', true, 0], ['a', 'g', false, 5 * 60]]);
    expect(modelRealTime(p.stream, p.plan)).toMatchObject({ pages: 1, repeats: 1 });
  });

  test('groups are independent, and fed all at once it is one page per group', () => {
    const p = plan([['a', 'g1', true, 0], ['b', 'g1', true, 0], ['c', 'g2', true, 0], ['d', 'g3', true, 0]]);
    expect(modelRealTime(p.stream, p.plan).pages).toBe(3);
  });
});
