import { InMemoryIncidentStore } from '../../../src/runtime/local/in-memory-incident-store';
import { resolveTriageRules, Triage } from '../../../src/runtime/triage';
import { describeIncidentStoreContract } from '../../adapters/incident-store-contract';
import { signal, transition } from '../triage/signal-factory';

describeIncidentStoreContract('InMemoryIncidentStore', { newStore: async () => new InMemoryIncidentStore() });

describe('InMemoryIncidentStore memory', () => {
  test('forgets resolved incidents beyond retainResolved', async () => {
    const store = new InMemoryIncidentStore({ retainResolved: 2 });
    // five services failing within 40 s would be a storm: counted apart here, this test is about retention
    const triage = new Triage(store, { rules: resolveTriageRules({ storm: { maxIncidents: 100 } }) });
    for (let i = 0; i < 5; i++) {
      const s = signal({ id: `s${i}`, service: `svc-${i}`, resource: `r${i}`, at: i * 10 });
      await triage.process(s);
      await triage.process(transition(s, 'resolved', i * 10 + 5));
    }
    const open = signal({ id: 'still-open', service: 'other', at: 100 });
    await triage.process(open);
    expect((await store.listIncidents({ status: 'resolved' })).map((i) => i.key)).toEqual(['service:svc-3@123456789012/eu-west-1', 'service:svc-4@123456789012/eu-west-1']);
    expect(await store.listIncidents({ status: 'open' })).toHaveLength(1);
  });

  test('forgets expired fingerprint records once signal time has moved past them', async () => {
    const store = new InMemoryIncidentStore({ retainResolved: 10 });
    const triage = new Triage(store);
    // 3000 alarms that fire and resolve, one every 10 s over ~8 hours of signal time
    for (let i = 0; i < 3000; i++) {
      const s = signal({ id: `f${i}`, service: `svc-${i % 50}`, resource: `r${i}`, at: i * 10 });
      await triage.process(s);
      await triage.process(transition(s, 'resolved', i * 10 + 1));
    }
    const size = store.size;
    expect(size.incidents).toBeLessThanOrEqual(10 + 50);
    // resolved fingerprints are kept about dedup horizon (1 h) + 1 h: well under 3000
    expect(size.fingerprints).toBeLessThan(2000);
  });
});
