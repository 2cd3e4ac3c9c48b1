import { EPOCH_MS, generateStorm, isNoise, materialise, stormScenario, STORM_SCENARIOS } from '../../scripts/bench/generator';
import { Rng } from '../../scripts/bench/rng';
import { normaliseEvent } from '../../src/runtime/normalise';

describe('Rng', () => {
  test('same seed, same sequence; other seed, other sequence', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generateStorm', () => {
  test('is reproducible from its seed, down to the payload bytes', () => {
    const one = stormScenario('mixed', 500, 11);
    const two = stormScenario('mixed', 500, 11);
    expect(two.truth).toEqual(one.truth);
    expect(JSON.stringify(two.events.map(materialise))).toEqual(JSON.stringify(one.events.map(materialise)));
    const other = stormScenario('mixed', 500, 12);
    expect(JSON.stringify(other.events.map(materialise))).not.toEqual(JSON.stringify(one.events.map(materialise)));
  });

  test.each(Object.keys(STORM_SCENARIOS))('%s: at least the asked alerts, in time order, each with a ground-truth id', (name) => {
    const s = stormScenario(name, 800, 3);
    expect(s.events.length).toBeGreaterThanOrEqual(800);
    expect(s.truth).toHaveLength(s.events.length);
    for (let i = 1; i < s.events.length; i++) expect(s.events[i].time).toBeGreaterThanOrEqual(s.events[i - 1].time);
    expect(s.truth.every((id) => /^(inc|noise):\d+$/.test(id))).toBe(true);
    expect(s.events[0].time).toBeGreaterThanOrEqual(EPOCH_MS);
  });

  test('noise episodes are one ALARM and its OK on one alarm; incidents end with every alarm back to OK', () => {
    const s = stormScenario('mixed', 2000, 5);
    const byTruth = new Map<string, typeof s.events[number][]>();
    s.events.forEach((e, i) => byTruth.set(s.truth[i], [...(byTruth.get(s.truth[i]) ?? []), e]));
    expect([...byTruth.keys()].some(isNoise)).toBe(true);
    for (const [id, events] of byTruth) {
      const last = new Map<string, string>();
      for (const e of events) if (e.type === 'alarm') last.set(e.alarm.name, e.to);
      expect([...last.values()].every((state) => state === 'OK')).toBe(true);
      if (isNoise(id)) {
        expect(events.map((e) => (e.type === 'alarm' ? `${e.from}>${e.to}` : e.type))).toEqual(['OK>ALARM', 'ALARM>OK']);
      }
    }
  });

  test('a cascade reaches beyond its root service within minutes', () => {
    const s = generateStorm({ name: 'c', description: '', seed: 9, alerts: 50, mix: { cascade: 1 } });
    const first = s.truth[0];
    const events = s.events.filter((_, i) => s.truth[i] === first);
    const alarmsFiring = events.filter((e) => e.type === 'alarm' && e.to === 'ALARM');
    expect(alarmsFiring.length).toBeGreaterThan(1);
    expect(alarmsFiring[alarmsFiring.length - 1].time - alarmsFiring[0].time).toBeLessThan(15 * 60_000);
  });

  test('every generated payload is accepted by normaliseEvent as production input', () => {
    const s = stormScenario('mixed', 1500, 8);
    const rejected = s.events.map(materialise).map((e) => normaliseEvent(e)).filter((o) => !o.ok);
    expect(rejected).toEqual([]);
  });
});
