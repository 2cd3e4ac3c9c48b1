import type { Incident } from '../../src/runtime/model';
import type { CorrelationRecord, FingerprintRecord, IncidentStore } from '../../src/runtime/ports/incident-store';
import { Triage, type TriageOutcome } from '../../src/runtime/triage';
import { signal, transition } from '../runtime/triage/signal-factory';

/** What a store test suite provides: a fresh, empty store per test. */
export interface StoreHarness {
  readonly newStore: () => Promise<IncidentStore>;
}

function fingerprintRecord(overrides: Partial<FingerprintRecord> = {}): FingerprintRecord {
  return { fingerprint: 'fp-1', state: 'firing', lastAt: 1_000, recent: [{ id: 's1', at: 1_000, firing: true }], flips: [], incidentId: 'inc-1', version: 1, expiresAt: 100, ...overrides };
}

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    key: 'service:checkout',
    title: 'High latency',
    priority: 'P2',
    status: 'open',
    severity: 'high',
    storm: false,
    signalIds: ['s1'],
    signalCount: 1,
    firing: ['fp-1'],
    services: ['checkout'],
    resources: ['AWS::EC2::Instance/i-1'],
    sources: ['cloudwatch-alarm'],
    suppressedCount: 0,
    openedAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    lastSignalAt: '2025-01-01T00:00:00.000Z',
    parents: [],
    timeline: [{ at: '2025-01-01T00:00:00.000Z', type: 'opened', message: 'High latency', signalId: 's1', actor: 'triage', data: { n: 1 } }],
    // nested signals (optional fields, labels, raw) must round-trip too
    samples: [{ ...signal({ id: 's1', at: 0 }), labels: { metric: 'Latency', namespace: 'AWS/ApplicationELB' }, description: 'p99 above 2 s' }],
    version: 1,
    ...overrides,
  };
}

/** Deterministic shuffle (LCG), so a failing order can be replayed. */
function shuffle<T>(items: T[], seed = 42): T[] {
  const out = items.slice();
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The IncidentStore contract, run against every implementation. */
export function describeIncidentStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name}: IncidentStore contract`, () => {
    let store: IncidentStore;
    beforeEach(async () => {
      store = await harness.newStore();
    });

    test('fingerprint records round-trip and are written only at the expected version', async () => {
      const v1 = fingerprintRecord();
      expect(await store.getFingerprint('fp-1')).toBeUndefined();
      expect(await store.putFingerprint(v1, undefined)).toBe(true);
      expect(await store.getFingerprint('fp-1')).toEqual(v1);
      // GIVEN a record exists, WHEN a second writer creates it, THEN it loses
      expect(await store.putFingerprint({ ...v1, lastAt: 2 }, undefined)).toBe(false);
      const v2 = { ...v1, state: 'resolved' as const, version: 2 };
      expect(await store.putFingerprint(v2, 0)).toBe(false);
      expect(await store.putFingerprint(v2, 1)).toBe(true);
      expect(await store.putFingerprint({ ...v2, version: 3 }, 1)).toBe(false);
      expect(await store.getFingerprint('fp-1')).toEqual(v2);
    });

    test('correlation records round-trip with seed and context, and conflict on a stale version', async () => {
      const seed = incident();
      const claim: CorrelationRecord = {
        key: 'service:checkout', incidentId: seed.id, seed, context: [{ signalId: 'd1', at: 5, kind: 'deployment', title: 'Deploy' }], version: 1, expiresAt: 99,
      };
      expect(await store.putCorrelation(claim, undefined)).toBe(true);
      expect(await store.getCorrelation('service:checkout')).toEqual(claim);
      expect(await store.putCorrelation({ ...claim, incidentId: 'other', version: 1 }, undefined)).toBe(false);
      const released: CorrelationRecord = { key: claim.key, context: [], version: 2, expiresAt: 100 };
      expect(await store.putCorrelation(released, 1)).toBe(true);
      expect(await store.getCorrelation('service:checkout')).toEqual(released);
    });

    test('incidents are created once, updated at the expected version, and listed by status', async () => {
      const v1 = incident();
      expect(await store.createIncident(v1)).toBe(true);
      expect(await store.createIncident({ ...v1, title: 'other' })).toBe(false);
      expect(await store.getIncident(v1.id)).toEqual(v1);
      expect(await store.updateIncident({ ...v1, id: 'missing', version: 2 }, 1)).toBe(false);
      expect(await store.updateIncident({ ...v1, title: 'stale', version: 2 }, 0)).toBe(false);
      const v2 = { ...v1, status: 'resolved' as const, resolvedAt: '2025-01-01T01:00:00.000Z', firing: [], version: 2 };
      expect(await store.updateIncident(v2, 1)).toBe(true);
      expect(await store.getIncident(v1.id)).toEqual(v2);
      expect(await store.createIncident(incident({ id: 'inc-2' }))).toBe(true);
      expect((await store.listIncidents({ status: 'open' })).map((i) => i.id)).toEqual(['inc-2']);
      expect((await store.listIncidents({ status: 'resolved' })).map((i) => i.id)).toEqual(['inc-1']);
      expect((await store.listIncidents()).map((i) => i.id).sort()).toEqual(['inc-1', 'inc-2']);
    });

    test('storm buckets count distinct signal ids, idempotently, up to the cap', async () => {
      const bucket = { scope: '123456789012/eu-west-1', bucket: 7, expiresAt: 1000 };
      expect(await store.countStormSignal(bucket, 'a', 3)).toBe(1);
      expect(await store.countStormSignal(bucket, 'a', 3)).toBe(1);
      expect(await store.countStormSignal(bucket, 'b', 3)).toBe(2);
      expect(await store.countStormSignal({ ...bucket, bucket: 8 }, 'c', 3)).toBe(1);
      expect(await store.countStormSignal(bucket, 'c', 3)).toBe(3);
      expect(await store.countStormSignal(bucket, 'd', 3)).toBe(4);
      expect(await store.countStormSignal(bucket, 'e', 3)).toBeGreaterThan(3);
    });

    test('concurrent, repeated delivery: one incident per group, exact counts, no lost update', async () => {
      // GIVEN 20 signals in 2 groups (10 alarms on 10 resources of each service, within a minute)
      const groups = { checkout: [] as ReturnType<typeof signal>[], payments: [] as ReturnType<typeof signal>[] };
      for (const service of ['checkout', 'payments'] as const) {
        for (let i = 0; i < 10; i++) {
          groups[service].push(signal({ id: `${service}-fire-${i}`, service, resource: `${service}-i-${i}`, at: i * 5 }));
        }
      }
      const all = [...groups.checkout, ...groups.payments];
      // WHEN each is delivered 10 times, all 200 at once, each through its own Triage sharing the store
      const outcomes = await Promise.all(shuffle(all.flatMap((s) => Array.from({ length: 10 }, () => s)))
        .map((s) => new Triage(store).process(s)));

      // THEN exactly one incident per group, holding exactly its 10 signals once
      const open = await store.listIncidents({ status: 'open' });
      expect(open).toHaveLength(2);
      for (const service of ['checkout', 'payments'] as const) {
        const inc = open.find((i) => i.key === `service:${service}@123456789012/eu-west-1`)!;
        expect([...inc.signalIds].sort()).toEqual(groups[service].map((s) => s.id).sort());
        expect(inc.signalCount).toBe(10);
        expect([...inc.firing].sort()).toEqual(groups[service].map((s) => s.fingerprint).sort());
        expect(inc.suppressedCount).toBe(0);
        expect(inc.version).toBe(10);
      }
      const count = (pred: (o: TriageOutcome) => boolean) => outcomes.filter(pred).length;
      expect(count((o) => o.action === 'opened')).toBe(2);
      expect(count((o) => (o.action === 'attached' || o.action === 'escalated') && o.suppression === 'grouped')).toBe(18);
      expect(count((o) => o.action === 'suppressed' && o.suppression === 'duplicate')).toBe(180);
      expect(outcomes.flatMap((o) => o.published).filter((e) => e.type === 'opened')).toHaveLength(2);
      for (const s of all) expect((await store.getFingerprint(s.fingerprint))?.recent.map((r) => r.id)).toEqual([s.id]);

      // WHEN every resolution is delivered 5 times concurrently
      const resolutions = all.map((s) => transition(s, 'resolved', 120));
      const resolvedOutcomes = await Promise.all(shuffle(resolutions.flatMap((s) => Array.from({ length: 5 }, () => s)), 7)
        .map((s) => new Triage(store).process(s)));
      // THEN both incidents resolve exactly once
      expect(resolvedOutcomes.filter((o) => o.action === 'resolved')).toHaveLength(2);
      expect(await store.listIncidents({ status: 'open' })).toHaveLength(0);
      const resolved = await store.listIncidents({ status: 'resolved' });
      expect(resolved).toHaveLength(2);
      for (const inc of resolved) {
        expect(inc.signalCount).toBe(20);
        expect(inc.firing).toEqual([]);
        expect(inc.resolvedAt).toBe(new Date(Date.parse('2025-01-01T00:00:00.000Z') + 120_000).toISOString());
      }
    });

    test('a first signal raced by another first signal of its group attaches to the winner', async () => {
      const a = signal({ id: 'race-a', resource: 'a' });
      const b = signal({ id: 'race-b', resource: 'b' });
      const outcomes = await Promise.all([new Triage(store).process(a), new Triage(store).process(b)]);
      expect(outcomes.map((o) => o.action).sort()).toEqual(['attached', 'opened']);
      expect(outcomes.filter((o) => o.action === 'opened')).toHaveLength(1);
      const open = await store.listIncidents({ status: 'open' });
      expect(open).toHaveLength(1);
      expect([...open[0].signalIds].sort()).toEqual(['race-a', 'race-b']);
    });
  });
}
