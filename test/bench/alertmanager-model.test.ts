import { modelDispatch, type AmPlan } from '../../scripts/bench/run-alertmanager';

const MIN = 60_000;

/** Rows: [alert name, service, firing?, minute, source]. */
function plan(rows: readonly (readonly [string, string, boolean, number, string?])[]): AmPlan {
  const labels = rows.map(([alertname, service, , , source]) => ({ alertname, service, source: source ?? 'cloudwatch-alarm' }));
  return {
    labels,
    keyOf: rows.map(([a, s]) => `alertname=${a},service=${s}`),
    firingOf: rows.map((r) => r[2]),
    timeOf: rows.map((r) => r[3] * MIN),
    inhibitorOf: labels.map((l) => l.source === 'synthetics'),
    inhibitableOf: labels.map((l) => l.source === 'cloudwatch-alarm' || l.source === 'kubernetes'),
  };
}
const BY_SERVICE = ['service'];
const BY_NAME = ['alertname', 'service'];

describe('modelDispatch (Alertmanager dispatcher rules over the timeline)', () => {
  test('one alert that fires and clears 10 minutes later: one page', () => {
    expect(modelDispatch(plan([['a', 's', true, 0], ['a', 's', false, 10]]), BY_SERVICE).pages).toBe(1);
  });

  test('alerts of one service within group_wait share one page by service, one each by alertname', () => {
    const p = plan([['a', 's', true, 0], ['b', 's', true, 0.2], ['a', 's', false, 10], ['b', 's', false, 10]]);
    expect(modelDispatch(p, BY_SERVICE).pages).toBe(1);
    expect(modelDispatch(p, BY_NAME).pages).toBe(2);
  });

  test('a new alert after the first flush pages again at the next group_interval', () => {
    const p = plan([['a', 's', true, 0], ['b', 's', true, 2], ['a', 's', false, 20], ['b', 's', false, 20]]);
    expect(modelDispatch(p, BY_SERVICE).pages).toBe(2);
  });

  test('an alert that clears within group_wait never pages', () => {
    const d = modelDispatch(plan([['a', 's', true, 0], ['a', 's', false, 0.25]]), BY_SERVICE);
    expect(d.pages).toBe(0);
    expect(d.group).toEqual([undefined, undefined]);
  });

  test('resolve then fire again after the group is gone: a new group, a new page', () => {
    const d = modelDispatch(plan([['a', 's', true, 0], ['a', 's', false, 1], ['a', 's', true, 60], ['a', 's', false, 70]]), BY_SERVICE);
    expect(d.pages).toBe(2);
    expect(d.group[0]).not.toEqual(d.group[2]);
  });

  test('a firing group re-notifies after repeat_interval (4 h): a repeat, not a page', () => {
    expect(modelDispatch(plan([['a', 's', true, 0], ['a', 's', false, 5 * 60]]), BY_SERVICE)).toMatchObject({ pages: 1, repeats: 1 });
  });

  test('a failing canary inhibits the alarms of its service, not of another service', () => {
    const p = plan([
      ['CanaryFailed', 's', true, 0, 'synthetics'], ['a', 's', true, 6], ['b', 'other', true, 6],
      ['a', 's', false, 20], ['b', 'other', false, 20], ['CanaryFailed', 's', false, 30, 'synthetics'],
    ]);
    // s: the canary pages at 0:30; alarm a arrives later but is inhibited, so no second page. other: one page.
    expect(modelDispatch(p, BY_SERVICE).pages).toBe(2);
    // without the canary, a would page again at the next group_interval
    const q = plan([['c', 's', true, 0], ['a', 's', true, 6], ['b', 'other', true, 6], ['a', 's', false, 20], ['b', 'other', false, 20], ['c', 's', false, 30]]);
    expect(modelDispatch(q, BY_SERVICE).pages).toBe(3);
  });

  test('a pod Warning that is never resolved ends after resolve_timeout, and the group closes', () => {
    const d = modelDispatch(plan([['KubePodCrashLooping', 's', true, 0, 'kubernetes'], ['KubePodCrashLooping', 's', true, 60, 'kubernetes']]), BY_SERVICE);
    expect(d.pages).toBe(2);
  });
});
