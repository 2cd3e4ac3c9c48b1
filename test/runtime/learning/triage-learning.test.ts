import { fingerprintsOf, learnedPairs, StoredLearnedCorrelation } from '../../../src/runtime/learning';
import { InMemoryIncidentStore, InMemoryLearningStore } from '../../../src/runtime/local';
import { Triage } from '../../../src/runtime/triage';
import { signal, T0, transition } from '../triage/signal-factory';

/** The port as triage uses it: learned from what triage resolves, consulted for signals no owner or edge links. */
describe('StoredLearnedCorrelation under Triage', () => {
  test('GIVEN a human merged two fingerprints WHEN both fire again on unrelated owners THEN the second joins the first by learning', async () => {
    const learning = new StoredLearnedCorrelation(new InMemoryLearningStore());
    const a = signal({ id: 'a1', service: 'checkout', resource: 'i-1' });
    const b = signal({ id: 'b1', service: 'payments', resource: 'i-2', at: 30 });

    // WITHOUT feedback: two incidents
    const alone = new Triage(new InMemoryIncidentStore(), { learning });
    const first = await alone.process(a);
    expect((await alone.process(b)).incident!.id).not.toBe(first.incident!.id);

    // WITH a merge recorded: one
    await learning.recordMerge([b.fingerprint], [a.fingerprint], T0);
    const triage = new Triage(new InMemoryIncidentStore(), { learning });
    const opened = await triage.process({ ...a, id: 'a2' });
    const joined = await triage.process({ ...b, id: 'b2' });
    expect(joined.incident!.id).toBe(opened.incident!.id);
    expect(joined.incident!.correlation).toEqual([expect.objectContaining({ rule: 'learned', fingerprint: b.fingerprint, confidence: 1 })]);
  });

  test('GIVEN incidents triage resolves THEN their fingerprints are learned together, once per incident', async () => {
    const store = new InMemoryLearningStore();
    const learning = new StoredLearnedCorrelation(store);
    const triage = new Triage(new InMemoryIncidentStore(), { learning });
    for (let round = 0; round < 3; round++) {
      const base = round * 7200;
      const a = signal({ id: `a-${round}`, resource: 'i-1', at: base });
      const b = signal({ id: `b-${round}`, resource: 'i-2', at: base + 10 });
      const opened = await triage.process(a);
      await triage.process(b);
      await triage.process(transition(a, 'resolved', base + 600));
      const resolved = await triage.process(transition(b, 'resolved', base + 610));
      expect(resolved.incident!.status).toBe('resolved');
      expect(fingerprintsOf(resolved.incident!, 10)).toEqual(expect.arrayContaining([a.fingerprint, b.fingerprint]));
      expect(opened.incident!.id).toBe(resolved.incident!.id);
    }
    const pairs = learnedPairs(await store.list(), T0 + 3 * 7200);
    expect(pairs).toEqual([expect.objectContaining({ support: 3, used: true })]);
    expect([pairs[0].fingerprint, pairs[0].partner].sort()).toEqual(['metric-alarm:i-1', 'metric-alarm:i-2']);
  });
});
