import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3SnapshotSource } from '../../../src/adapters/topology';
import { Topology, type TopologySnapshot } from '../../../src/runtime/topology';

const s3 = mockClient(S3Client);
const snapshot = (generatedAt: string, service: string): TopologySnapshot => ({
  version: 1, generatedAt, resources: [{ arn: 'arn:aws:s3:::b', tags: { service } }], edges: [],
});
const body = (json: unknown) => ({ Body: { transformToByteArray: async () => new Uint8Array(Buffer.from(JSON.stringify(json))) } as never });
const signal = { resource: { arn: 'arn:aws:s3:::b' } } as never;

beforeEach(() => s3.reset());

test('GIVEN a snapshot WHEN refreshed within the TTL THEN S3 is read once; after it THEN again; a failed read keeps the last good one', async () => {
  let now = Date.parse('2026-01-01T00:10:00Z');
  const warnings: string[] = [];
  const log = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (m: string, a?: Record<string, unknown>) => warnings.push(`${m} ${JSON.stringify(a)}`) };
  const source = new S3SnapshotSource({ client: new S3Client({}), bucket: 'b', key: 'k', cacheSeconds: 300, now: () => now, log });
  expect(source.current()).toBe(Topology.EMPTY);
  expect(source.ageSeconds()).toBeUndefined();

  s3.on(GetObjectCommand).resolves(body(snapshot('2026-01-01T00:00:00Z', 'one')));
  await source.refresh();
  expect(source.current().owner(signal).service).toBe('one');
  expect(source.ageSeconds()).toBe(600);

  now += 299_000;
  await source.refresh();
  expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);

  now += 1_000;
  s3.on(GetObjectCommand).rejects(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
  await source.refresh();
  expect(s3.commandCalls(GetObjectCommand)).toHaveLength(2);
  expect(source.current().owner(signal).service).toBe('one');

  now += 300_000;
  s3.on(GetObjectCommand).resolves(body({ version: 2 }));
  await source.refresh();
  expect(source.current().owner(signal).service).toBe('one');

  now += 300_000;
  s3.on(GetObjectCommand).resolves(body(snapshot('2026-01-01T00:20:00Z', 'two')));
  await source.refresh();
  expect(s3.commandCalls(GetObjectCommand)).toHaveLength(4);
  expect(warnings).toHaveLength(2);
  expect(warnings[0]).toMatch(/slow down/);
  expect(source.current().owner(signal).service).toBe('two');
});

test('GIVEN no snapshot yet WHEN refreshed THEN Topology.EMPTY', async () => {
  s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'none', $metadata: {} }));
  const source = new S3SnapshotSource({ client: new S3Client({}), bucket: 'b', key: 'k' });
  await source.refresh();
  expect(source.current()).toBe(Topology.EMPTY);
});
