import { resolvedWith } from './fixtures';
import { fingerprintsOf, learnedPairs, StoredLearnedCorrelation } from '../../../src/runtime/learning';
import type { LearnedRecord } from '../../../src/runtime/learning';
import { InMemoryLearningStore } from '../../../src/runtime/local';

const AT = Date.parse('2026-03-10T12:00:00.000Z');

describe('StoredLearnedCorrelation', () => {
  test('GIVEN three resolved incidents where A and B fired together WHEN partners(A) THEN B with confidence 1', async () => {
    const learning = new StoredLearnedCorrelation(new InMemoryLearningStore());
    for (const id of ['i1', 'i2', 'i3']) await learning.observe(resolvedWith(id, ['A', 'B']));
    expect(await learning.partners('A', AT, 5)).toEqual([{ fingerprint: 'B', confidence: 1 }]);
    expect(await learning.partners('B', AT, 5)).toEqual([{ fingerprint: 'A', confidence: 1 }]);
    expect(await learning.partners('A', AT, 0)).toEqual([]);
    expect(await learning.partners('unknown', AT, 5)).toEqual([]);
  });

  test('GIVEN a merge and later a split WHEN partners THEN confident after the merge, nothing after the split', async () => {
    const learning = new StoredLearnedCorrelation(new InMemoryLearningStore());
    await learning.recordMerge(['A'], ['B', 'C'], AT);
    expect(await learning.partners('C', AT, 5)).toEqual([{ fingerprint: 'A', confidence: 1 }]);
    await learning.recordSplit('A', ['B', 'C'], AT + 1000);
    expect(await learning.partners('A', AT + 1000, 5)).toEqual([]);
    expect(await learning.partners('B', AT + 1000, 5)).toEqual([]);
  });

  test('GIVEN a store that conflicts on every write THEN observe gives up after the attempts, without throwing', async () => {
    const store = new InMemoryLearningStore();
    let puts = 0;
    const conflicting = { get: (f: string) => store.get(f), put: async () => { puts++; return false; } };
    const warnings: string[] = [];
    const log = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (m: string) => { warnings.push(m); } };
    const learning = new StoredLearnedCorrelation(conflicting, { attempts: 3, log });
    await learning.observe(resolvedWith('i1', ['A', 'B']));
    expect(puts).toBe(6);
    expect(warnings).toEqual(['learning update lost to contention', 'learning update lost to contention']);
  });

  test('GIVEN a store that throws THEN partners is empty and observe resolves', async () => {
    const broken = { get: async (): Promise<LearnedRecord | undefined> => { throw new Error('throttled'); }, put: async () => true };
    const learning = new StoredLearnedCorrelation(broken);
    await expect(learning.partners('A', AT, 5)).resolves.toEqual([]);
    await expect(learning.observe(resolvedWith('i1', ['A', 'B']))).resolves.toBeUndefined();
  });

  test('fingerprintsOf reads root, correlation, samples, parents and firing, de-duplicated and capped', () => {
    const inc = { ...resolvedWith('i1', ['A', 'B', 'A']), parents: ['P'], firing: ['F', 'B'] };
    expect(fingerprintsOf(inc, 10)).toEqual(['A', 'B', 'P', 'F']);
    expect(fingerprintsOf(inc, 2)).toEqual(['A', 'B']);
  });

  test('learnedPairs lists each pair once, most confident first, and marks those triage would use', async () => {
    const store = new InMemoryLearningStore();
    const learning = new StoredLearnedCorrelation(store);
    for (const id of ['i1', 'i2', 'i3']) await learning.observe(resolvedWith(id, ['A', 'B']));
    for (const id of ['j1', 'j2', 'j3']) await learning.observe(resolvedWith(id, ['C', 'D']));
    for (const id of ['k1', 'k2', 'k3']) await learning.observe(resolvedWith(id, ['C']));
    const pairs = learnedPairs(await store.list(), AT);
    expect(pairs).toEqual([
      { fingerprint: 'A', partner: 'B', confidence: 1, support: 3, used: true },
      { fingerprint: 'D', partner: 'C', confidence: 1, support: 3, used: true },
    ]);
    expect(learnedPairs(await store.list(), AT, {}, 1)).toHaveLength(1);
  });
});
