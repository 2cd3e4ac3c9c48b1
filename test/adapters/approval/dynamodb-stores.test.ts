import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbApprovalStore, DynamoDbReplayCache } from '../../../src/adapters/approval';
import { type ApprovalDecisionRecord, type ApprovalRecord, type ApprovalStore } from '../../../src/runtime/approval';
import { InMemoryApprovalStore } from '../../../src/runtime/local';
import { createIncidentTable, startDynalite, type LocalDynamo } from '../../support/dynalite';

const TABLE = 'aiops-incidents';
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
  await createIncidentTable(dynamo.client, TABLE);
}, 30_000);
afterAll(() => dynamo?.stop());

describe('DynamoDbReplayCache on dynalite', () => {
  test('GIVEN a new signature THEN not seen and stored with a TTL; GIVEN it again THEN seen', async () => {
    const cache = new DynamoDbReplayCache({ client: dynamo.client, tableName: TABLE });
    await expect(cache.seen('v0=aaaa', 1_773_144_300)).resolves.toBe(false);
    await expect(cache.seen('v0=aaaa', 1_773_144_300)).resolves.toBe(true);
    await expect(cache.seen('v0=bbbb', 1_773_144_300)).resolves.toBe(false);
    const item = await DynamoDBDocumentClient.from(dynamo.client).send(new GetCommand({ TableName: TABLE, Key: { pk: 'SLACKSIG#v0=aaaa', sk: 'REPLAY' } }));
    expect(item.Item).toEqual({ pk: 'SLACKSIG#v0=aaaa', sk: 'REPLAY', itemType: 'slack-signature', expiresAt: 1_773_144_300 });
  });

  test('GIVEN 25 concurrent deliveries of one signature THEN exactly one is not a replay', async () => {
    const cache = new DynamoDbReplayCache({ client: dynamo.client, tableName: TABLE });
    const results = await Promise.all(Array.from({ length: 25 }, () => cache.seen('v0=concurrent', 1_773_144_300)));
    expect(results.filter((seen) => !seen)).toHaveLength(1);
  });

  test('GIVEN another error THEN it propagates (never treated as seen or unseen)', async () => {
    const cache = new DynamoDbReplayCache({ client: dynamo.client, tableName: 'no-such-table' });
    await expect(cache.seen('v0=x', 1)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

const record = (id: string): ApprovalRecord => ({
  approvalId: id,
  incidentId: 'inc-1',
  taskToken: `AQCE${'t'.repeat(1500)}`,
  runbookId: 'ecs-rollback-deployment',
  createdAt: '2026-03-10T12:00:00.000Z',
  expiresAt: '2026-03-10T13:00:00.000Z',
});
const approve = (id: string, at = '2026-03-10T12:05:00.000Z'): ApprovalDecisionRecord => ({ outcome: 'approved', by: { id, name: `name of ${id}` }, at });

/** The same contract, on DynamoDB and in memory. */
describe.each([
  ['DynamoDbApprovalStore on dynalite', () => new DynamoDbApprovalStore({ client: dynamo.client, tableName: TABLE })],
  ['InMemoryApprovalStore', () => new InMemoryApprovalStore()],
] as Array<[string, () => ApprovalStore]>)('%s', (_name, make) => {
  let n = 0;
  const id = () => `approval-${_name.length}-${++n}-abcdefgh`;

  test('create stores once; get returns the record as given', async () => {
    const store = make();
    const r = record(id());
    await expect(store.create(r)).resolves.toBe(true);
    await expect(store.create({ ...r, incidentId: 'other' })).resolves.toBe(false);
    await expect(store.get(r.approvalId)).resolves.toEqual(r);
    await expect(store.get('missing-approval')).resolves.toBeUndefined();
  });

  test('claimDecision succeeds once; later claims fail and leave the first decision', async () => {
    const store = make();
    const r = record(id());
    await store.create(r);
    await expect(store.claimDecision(r.approvalId, approve('U1'))).resolves.toBe(true);
    await expect(store.claimDecision(r.approvalId, { ...approve('U2'), outcome: 'denied' })).resolves.toBe(false);
    expect((await store.get(r.approvalId))?.decision).toEqual(approve('U1'));
  });

  test('claimDecision on a missing request fails', async () => {
    await expect(make().claimDecision('never-created-1', approve('U1'))).resolves.toBe(false);
  });

  test('20 concurrent claims: exactly one wins', async () => {
    const store = make();
    const r = record(id());
    await store.create(r);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claimDecision(r.approvalId, approve(`U${i}`))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  test('releaseDecision removes only the decision it is given', async () => {
    const store = make();
    const r = record(id());
    await store.create(r);
    await store.claimDecision(r.approvalId, approve('U1'));
    await store.releaseDecision(r.approvalId, approve('U2'));
    expect((await store.get(r.approvalId))?.decision).toEqual(approve('U1'));
    await store.releaseDecision(r.approvalId, approve('U1'));
    expect((await store.get(r.approvalId))?.decision).toBeUndefined();
    await expect(store.claimDecision(r.approvalId, approve('U3'))).resolves.toBe(true);
  });

  test('attachMessage records where the request was posted', async () => {
    const store = make();
    const r = record(id());
    await store.create(r);
    await store.attachMessage(r.approvalId, { channel: 'C1', ts: '1700000000.000100' });
    expect((await store.get(r.approvalId))?.message).toEqual({ channel: 'C1', ts: '1700000000.000100' });
    await expect(store.attachMessage('never-created-2', { channel: 'C1', ts: '1' })).resolves.toBeUndefined();
  });
});

describe('DynamoDbApprovalStore item layout', () => {
  test('keys, TTL = expiry + retention, expiry kept apart from the TTL attribute', async () => {
    const store = new DynamoDbApprovalStore({ client: dynamo.client, tableName: TABLE, retentionDays: 1 });
    await store.create(record('layout-approval-1'));
    const { Item } = await DynamoDBDocumentClient.from(dynamo.client).send(new GetCommand({ TableName: TABLE, Key: { pk: 'APPROVAL#layout-approval-1', sk: 'APPROVAL' } }));
    expect(Item).toMatchObject({
      itemType: 'approval',
      requestExpiresAt: '2026-03-10T13:00:00.000Z',
      expiresAt: Date.parse('2026-03-10T13:00:00.000Z') / 1000 + 86400,
    });
  });
});
