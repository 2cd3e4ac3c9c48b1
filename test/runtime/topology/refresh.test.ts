import { refreshTopology, type SnapshotStore, type TopologySnapshot } from '../../../src/runtime/topology';

const NOW = new Date('2026-01-01T00:00:00.000Z');

function memoryStore(previous?: TopologySnapshot): SnapshotStore & { writes: TopologySnapshot[] } {
  const writes: TopologySnapshot[] = [];
  return {
    writes,
    read: async () => previous,
    write: async (s) => {
      writes.push(s);
      return { key: 'k', bytes: 1 };
    },
  };
}

async function* endless(): AsyncIterable<unknown> {
  for (let i = 0; ; i++) yield { ResourceTagMappingList: [{ ResourceARN: `arn:aws:s3:::b${i}`, Tags: [{ Key: 'service', Value: 's' }] }] };
}

describe('refreshTopology', () => {
  test('GIVEN an inventory that never ends WHEN refreshed THEN it stops at the page bound and says so', async () => {
    const store = memoryStore();
    const report = await refreshTopology({ store, inventory: { pages: endless }, now: () => NOW, limits: { inventoryPages: 3 } });
    expect(report.resources).toBe(3);
    expect(report.sources).toContainEqual({ source: 'tags', status: 'ok', items: 3, reason: 'stopped after 3 pages' });
  });

  test('GIVEN only declared edges WHEN refreshed THEN a snapshot with them is written and every other source is skipped', async () => {
    const store = memoryStore();
    const report = await refreshTopology({ store, declared: [{ from: 'a', to: 'b', source: 'declared' }], now: () => NOW });
    expect(store.writes[0].edges).toEqual([{ from: 'a', to: 'b', source: 'declared' }]);
    expect(report.sources.map((s) => s.status)).toEqual(['ok', 'skipped', 'skipped', 'skipped', 'skipped']);
  });

  test('GIVEN a malformed graph page WHEN refreshed THEN that source failed with the place, the inventory still counts', async () => {
    const store = memoryStore();
    const report = await refreshTopology({
      store,
      inventory: { pages: async function* () { yield { ResourceTagMappingList: [{ ResourceARN: 'arn:aws:s3:::x' }] }; } },
      xray: { pages: async function* () { yield { Services: [{ ReferenceId: 0, Name: 'a', Edges: [{ ReferenceId: 4 }] }] }; } },
      now: () => NOW,
    });
    expect(report.written).toBe(true);
    expect(report.sources).toContainEqual({ source: 'xray', status: 'failed', items: 0, reason: 'TopologyInputError: $[0].Services[0].Edges[0].ReferenceId: names no node of Services' });
    expect(report.resources).toBe(1);
  });

  test('GIVEN the previous snapshot cannot be read WHEN every source fails THEN a snapshot is still written (nothing to keep)', async () => {
    const store = memoryStore();
    store.read = async () => {
      throw new Error('denied');
    };
    const report = await refreshTopology({ store, inventory: { pages: async function* () { throw new Error('boom'); } }, now: () => NOW });
    expect(report.written).toBe(true);
    expect(store.writes).toHaveLength(1);
  });
});
