import * as fc from 'fast-check';
import {
  applyLearning, confidentPartners, decayFactor, decayRecord, DEFAULT_LEARNING_OPTIONS, emptyRecord, resolveLearningOptions,
  type LearnedRecord, type LearningEvent,
} from '../../../src/runtime/learning';

const O = resolveLearningOptions();
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

function apply(record: LearnedRecord, ...events: LearningEvent[]): LearnedRecord {
  return events.reduce((r, e) => applyLearning(r, e, O) ?? r, record);
}

function observe(id: string, partners: string[], at = T0): LearningEvent {
  return { kind: 'observe', incidentId: id, partners, at };
}

describe('the co-occurrence model', () => {
  test('GIVEN A fired with B in 3 of 4 incidents WHEN asked at once THEN confidence 0.75 and B is a partner', () => {
    const a = apply(emptyRecord('A', T0), observe('i1', ['A', 'B']), observe('i2', ['A', 'B']), observe('i3', ['A', 'B']), observe('i4', ['A']));
    expect(a.occurrences).toBeCloseTo(4);
    expect(confidentPartners(a, T0, O)).toEqual([{ fingerprint: 'B', confidence: 0.75 }]);
  });

  test('GIVEN two coincidences only THEN no confidence at all (the support count is 3)', () => {
    const a = apply(emptyRecord('A', T0), observe('i1', ['A', 'B']), observe('i2', ['A', 'B']));
    expect(confidentPartners(a, T0, O, 0)).toEqual([]);
  });

  test('GIVEN the same incident observed twice THEN it counts once', () => {
    const once = apply(emptyRecord('A', T0), observe('i1', ['A', 'B']));
    expect(applyLearning(once, observe('i1', ['A', 'B']), O)).toBeUndefined();
  });

  test('GIVEN a pair below the threshold THEN it is not returned', () => {
    const a = apply(emptyRecord('A', T0), ...[1, 2, 3].map((i) => observe(`j${i}`, ['A', 'B'])), ...[4, 5, 6].map((i) => observe(`j${i}`, ['A'])));
    expect(confidentPartners(a, T0, O)).toEqual([]);
    expect(confidentPartners(a, T0, O, 0.4)).toEqual([{ fingerprint: 'B', confidence: 0.5 }]);
  });

  test('GIVEN old co-occurrences and recent solo incidents THEN decay weighs the recent ones more', () => {
    const old = [1, 2, 3].map((i) => observe(`o${i}`, ['A', 'B'], T0));
    const solo = [4, 5].map((i) => observe(`s${i}`, ['A'], T0 + 28 * DAY));
    const a = apply(emptyRecord('A', T0), ...old, ...solo);
    // 3 joint at 2 half-lives ago = 0.75, solo 2: 0.75 / 2.75
    expect(confidentPartners(a, T0 + 28 * DAY, O, 0)[0].confidence).toBeCloseTo(0.75 / 2.75);
  });

  test('GIVEN an event older than the record THEN its increment is decayed, never the record back in time', () => {
    const a = apply(emptyRecord('A', T0), observe('new', ['A'], T0 + 14 * DAY), observe('old', ['A'], T0));
    expect(a.at).toBe(T0 + 14 * DAY);
    expect(a.occurrences).toBeCloseTo(1.5);
  });

  test('GIVEN one human merge THEN the pair is confident at once; GIVEN a split after it THEN it has none', () => {
    const merged = apply(emptyRecord('A', T0), { kind: 'merge', partners: ['B'], at: T0 });
    expect(confidentPartners(merged, T0, O)).toEqual([{ fingerprint: 'B', confidence: 1 }]);
    const split = apply(merged, { kind: 'split', partners: ['B'], at: T0 + DAY });
    expect(confidentPartners(split, T0 + DAY, O, 0)).toEqual([]);
    // three fresh joint incidents after the split are not enough to outweigh the veto
    const again = apply(split, ...[1, 2, 3].map((i) => observe(`k${i}`, ['A', 'B'], T0 + DAY)));
    expect(confidentPartners(again, T0 + DAY, O, 0)).toEqual([]);
  });

  test('GIVEN a new record THEN its TTL is ttlDays after the update', () => {
    const a = apply(emptyRecord('A', T0), observe('i1', ['A']));
    expect(a.expiresAt).toBe(T0 / 1000 + 90 * 86400);
    expect(a.version).toBe(1);
  });

  test('rejects bad options by name', () => {
    expect(() => resolveLearningOptions({ threshold: 0 })).toThrow(/threshold/);
    expect(() => resolveLearningOptions({ halfLifeDays: -1 })).toThrow(/halfLifeDays/);
    expect(() => resolveLearningOptions({ maxPartners: 1.5 })).toThrow(/maxPartners/);
    expect(resolveLearningOptions({ threshold: undefined })).toEqual(DEFAULT_LEARNING_OPTIONS);
  });
});

const fingerprint = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H');
const eventArb: fc.Arbitrary<LearningEvent> = fc.oneof(
  fc.record({
    kind: fc.constant('observe' as const),
    incidentId: fc.string({ minLength: 1, maxLength: 4 }),
    partners: fc.array(fingerprint, { maxLength: 6 }),
    at: fc.integer({ min: T0, max: T0 + 200 * DAY }),
  }),
  fc.record({
    kind: fc.constantFrom('merge' as const, 'split' as const),
    partners: fc.array(fingerprint, { maxLength: 4 }),
    at: fc.integer({ min: T0, max: T0 + 200 * DAY }),
  }),
);

describe('the model under arbitrary events', () => {
  test('confidence is always in [0, 1] and partners stay bounded', () => {
    const small = resolveLearningOptions({ maxPartners: 3 });
    fc.assert(fc.property(fc.array(eventArb, { maxLength: 40 }), fc.integer({ min: 0, max: 400 * DAY }), (events, later) => {
      const r = events.reduce((acc, e) => applyLearning(acc, e, small) ?? acc, emptyRecord('A', T0));
      expect(r.partners.length).toBeLessThanOrEqual(3);
      expect(r.incidents.length).toBeLessThanOrEqual(20);
      expect(r.partners.every((p) => p.fingerprint !== 'A')).toBe(true);
      for (const p of confidentPartners(r, r.at + later, small, Number.MIN_VALUE)) {
        expect(p.confidence).toBeGreaterThan(0);
        expect(p.confidence).toBeLessThanOrEqual(1);
      }
    }));
  });

  test('decay is monotone: occurrences and weights never grow in magnitude as time passes', () => {
    fc.assert(fc.property(fc.array(eventArb, { maxLength: 30 }), fc.nat(100 * DAY), fc.nat(100 * DAY), (events, d1, d2) => {
      const r = events.reduce((acc, e) => applyLearning(acc, e, O) ?? acc, emptyRecord('A', T0));
      const first = decayRecord(r, r.at + d1, O);
      const second = decayRecord(r, r.at + d1 + d2, O);
      expect(second.occurrences).toBeLessThanOrEqual(first.occurrences + 1e-12);
      first.partners.forEach((p, i) => expect(Math.abs(second.partners[i].weight)).toBeLessThanOrEqual(Math.abs(p.weight) + 1e-12));
    }));
    expect(decayFactor(T0, T0 + 14 * DAY, 14)).toBeCloseTo(0.5);
    expect(decayFactor(T0, T0 - DAY, 14)).toBe(1);
  });
});
