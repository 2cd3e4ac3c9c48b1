import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describeIncidentStoreContract } from './incident-store-contract';
import { DynamoDbIncidentStore } from '../../src/adapters/dynamodb-incident-store';
import { IncidentTableKeys } from '../../src/contract';
import { Triage } from '../../src/runtime/triage';
import { signal, transition } from '../runtime/triage/signal-factory';
import { createIncidentTable, startDynalite, type LocalDynamo } from '../support/dynalite';

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.stop();
});

async function newTable(): Promise<string> {
  const name = `incidents-${++tables}`;
  await createIncidentTable(dynamo.client, name);
  return name;
}

describeIncidentStoreContract('DynamoDbIncidentStore', {
  newStore: async () => new DynamoDbIncidentStore({ client: dynamo.client, tableName: await newTable() }),
});

describe('DynamoDbIncidentStore items', () => {
  test('a resolved incident gets the TTL attribute, an open one does not', async () => {
    // GIVEN
    const tableName = await newTable();
    const store = new DynamoDbIncidentStore({ client: DynamoDBDocumentClient.from(dynamo.client), tableName, closedTtlDays: 2 });
    const triage = new Triage(store);
    const fire = signal({ id: 'ttl-1' });
    // WHEN
    const opened = await triage.process(fire);
    const raw = async () => (await dynamo.client.send(new GetCommand({
      TableName: tableName,
      Key: { [IncidentTableKeys.PARTITION_KEY]: `INC#${opened.incident!.id}`, [IncidentTableKeys.SORT_KEY]: 'INCIDENT' },
    }))).Item!;
    // THEN
    expect((await raw())[IncidentTableKeys.TTL_ATTRIBUTE]).toBeUndefined();
    expect((await raw())[IncidentTableKeys.STATUS_INDEX_PK]).toBe('STATUS#open');
    const resolved = await triage.process(transition(fire, 'resolved', 600));
    expect(resolved.action).toBe('resolved');
    const item = await raw();
    expect(item[IncidentTableKeys.TTL_ATTRIBUTE]).toBe(Math.floor(Date.parse(resolved.incident!.resolvedAt!) / 1000) + 2 * 86400);
    expect(item[IncidentTableKeys.STATUS_INDEX_PK]).toBe('STATUS#resolved');
    // the fingerprint record carries a TTL derived from signal time
    const fp = (await dynamo.client.send(new GetCommand({
      TableName: tableName,
      Key: { [IncidentTableKeys.PARTITION_KEY]: `FP#${fire.fingerprint}`, [IncidentTableKeys.SORT_KEY]: 'FINGERPRINT' },
    }))).Item!;
    expect(fp[IncidentTableKeys.TTL_ATTRIBUTE]).toBeGreaterThan(Date.parse(fire.time) / 1000);
  });

  test('rejects a non-positive closedTtlDays', () => {
    expect(() => new DynamoDbIncidentStore({ client: dynamo.client, tableName: 't', closedTtlDays: 0 })).toThrow(/closedTtlDays/);
  });
});
