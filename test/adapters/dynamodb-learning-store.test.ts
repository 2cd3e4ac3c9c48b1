import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbLearningStore } from '../../src/adapters/dynamodb-learning-store';
import { DynamoDbRecentThreads } from '../../src/adapters/dynamodb-recent-threads';
import { IncidentTableKeys, LearnedTableKeys } from '../../src/contract';
import { emptyRecord, StoredLearnedCorrelation, type LearnedRecord } from '../../src/runtime/learning';
import { resolvedWith } from '../runtime/learning/fixtures';
import { createIncidentTable, startDynalite, type LocalDynamo } from '../support/dynalite';

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite({ maxAttempts: 3 });
}, 30_000);
afterAll(async () => {
  await dynamo?.stop();
});

async function newStore(): Promise<{ store: DynamoDbLearningStore; tableName: string }> {
  const tableName = `learning-${++tables}`;
  await createIncidentTable(dynamo.client, tableName);
  return { store: new DynamoDbLearningStore({ client: dynamo.client, tableName }), tableName };
}

const AT = Date.parse('2026-03-10T12:00:00.000Z');

function record(version: number): LearnedRecord {
  return { ...emptyRecord('fp/a:b', AT), occurrences: 2, partners: [{ fingerprint: 'fp/c', weight: 1.5, count: 2 }], incidents: ['i1'], version, expiresAt: 1_800_000_000 };
}

describe('DynamoDbLearningStore', () => {
  test('GIVEN a new record WHEN put twice as new THEN the second is a conflict; updates need the version read', async () => {
    const { store } = await newStore();
    expect(await store.get('fp/a:b')).toBeUndefined();
    expect(await store.put(record(1), undefined)).toBe(true);
    expect(await store.put(record(1), undefined)).toBe(false);
    expect(await store.get('fp/a:b')).toEqual(record(1));
    expect(await store.put(record(2), 0)).toBe(false);
    expect(await store.put(record(2), 1)).toBe(true);
    expect((await store.get('fp/a:b'))?.version).toBe(2);
  });

  test('the item is LEARN#<fingerprint> / LEARNED with the TTL attribute', async () => {
    const { store, tableName } = await newStore();
    await store.put(record(1), undefined);
    const item = (await dynamo.client.send(new GetCommand({
      TableName: tableName,
      Key: { [IncidentTableKeys.PARTITION_KEY]: `${LearnedTableKeys.PREFIX}fp/a:b`, [IncidentTableKeys.SORT_KEY]: LearnedTableKeys.SORT_KEY },
    }))).Item!;
    expect(item[IncidentTableKeys.TTL_ATTRIBUTE]).toBe(1_800_000_000);
    expect(item.itemType).toBe('learned');
  });

  test('GIVEN 24 incidents holding A and B observed 4 at a time WHEN done THEN every one is counted exactly once', async () => {
    const { store } = await newStore();
    const learning = new StoredLearnedCorrelation(store);
    const incidents = Array.from({ length: 24 }, (_, i) => resolvedWith(`inc-${i}`, i % 3 === 0 ? ['A', 'B', 'C'] : ['A', 'B']));
    // Batches of 4: within a batch every conflict on a record means another batch member wrote it, so each member
    // needs at most 4 attempts per record (fewer than the default 8): convergence does not depend on timing.
    for (let i = 0; i < incidents.length; i += 4) {
      await Promise.all(incidents.slice(i, i + 4).map((inc) => learning.observe(inc)));
    }
    // a re-delivered batch changes nothing (records remember the latest 20 incidents learned from)
    await Promise.all(incidents.slice(-4).map((inc) => learning.observe(inc)));
    const a = (await store.get('A'))!;
    expect(a.version).toBe(24);
    expect(a.occurrences).toBeCloseTo(24);
    expect(a.partners).toEqual([{ fingerprint: 'B', weight: 24, count: 24 }, { fingerprint: 'C', weight: 8, count: 8 }]);
    expect((await store.get('C'))!.version).toBe(8);
    expect(await learning.partners('A', AT, 5)).toEqual([{ fingerprint: 'B', confidence: 1 }]);
    expect(await learning.partners('C', AT, 5)).toEqual([{ fingerprint: 'A', confidence: 1 }, { fingerprint: 'B', confidence: 1 }]);
  }, 60_000);
});

describe('DynamoDbRecentThreads', () => {
  test('GIVEN 4 threads started at once on a channel THEN all are listed, newest first, once each, with a TTL', async () => {
    const { tableName } = await newStore();
    const recent = new DynamoDbRecentThreads({ client: dynamo.client, tableName });
    // 4 concurrent writers, 5 attempts each: every conflict means another writer landed, so all of them land.
    await Promise.all([1, 2, 3, 4].map((n) => recent.add('C0123', `inc-${n}`, AT + n * 1000)));
    await recent.add('C0123', 'inc-2', AT + 9000);
    expect((await recent.list('C0123')).map((t) => t.incidentId)).toEqual(['inc-4', 'inc-3', 'inc-2', 'inc-1']);
    expect(await recent.list('C0OTHER')).toEqual([]);
    const item = (await dynamo.client.send(new GetCommand({
      TableName: tableName,
      Key: { [IncidentTableKeys.PARTITION_KEY]: 'THREADS#C0123', [IncidentTableKeys.SORT_KEY]: 'THREADS' },
    }))).Item!;
    expect(item[IncidentTableKeys.TTL_ATTRIBUTE]).toBe(Math.floor((AT + 4000) / 1000) + 86_400);
  });
});
