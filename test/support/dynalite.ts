import { spawn, type ChildProcess } from 'child_process';
import { Agent } from 'http';
import * as path from 'path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IncidentTableKeys } from '../../src/contract';

/** A DynamoDB-compatible server (dynalite, in memory) on 127.0.0.1 at a free port, started by the test itself. */
export interface LocalDynamoOptions {
  /**
   * SDK attempts per request. The default 1 makes a lost request visible to the test; concurrency tests pass 3, the
   * SDK's own default in Lambda, so a transport error (a reset socket on a loaded machine) is retried as in production.
   * @default 1
   */
  readonly maxAttempts?: number;
  /** Sockets the client keeps open at most. @default 256 */
  readonly maxSockets?: number;
}

export interface LocalDynamo {
  readonly endpoint: string;
  /** A client for it: dummy credentials, no SDK retries, keep-alive with enough sockets for concurrency tests. */
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

// keepAliveTimeout: Node's 5 s default closes idle sockets that a client is about to reuse (ECONNRESET, "socket hang
// up" under load); headersTimeout must stay above it.
const SERVER_SCRIPT = "const d = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });"
  + 'd.keepAliveTimeout = 120000; d.headersTimeout = 121000;'
  + "d.listen(0, '127.0.0.1', (err) => { if (err) throw err; console.log(d.address().port); });"
  + "process.on('disconnect', () => process.exit(0));";

/**
 * Start dynalite in a child process (so the server does not share the test's thread: concurrency tests put
 * hundreds of requests in flight) and return a client for it. Call `stop()` in `afterAll`.
 */
export async function startDynalite(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const server: ChildProcess = spawn(process.execPath, ['-e', SERVER_SCRIPT], {
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
    server.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString('utf8').trim())));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler: {
      httpAgent: new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 }),
      socketAcquisitionWarningTimeout: 60_000,
    },
  });
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    },
  };
}

/** Create the incident table with the key schema the CDK construct uses (IncidentTableKeys). */
export async function createIncidentTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const k = IncidentTableKeys;
  await client.send(new CreateTableCommand({
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: k.PARTITION_KEY, AttributeType: 'S' },
      { AttributeName: k.SORT_KEY, AttributeType: 'S' },
      { AttributeName: k.STATUS_INDEX_PK, AttributeType: 'S' },
      { AttributeName: k.STATUS_INDEX_SK, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: k.PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: k.SORT_KEY, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [{
      IndexName: k.STATUS_INDEX,
      KeySchema: [
        { AttributeName: k.STATUS_INDEX_PK, KeyType: 'HASH' },
        { AttributeName: k.STATUS_INDEX_SK, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }],
  }));
  await untilActive(client, tableName);
}

/**
 * dynalite answers CreateTable with CREATING and turns the table ACTIVE on a timer: on a loaded machine the next
 * request can arrive first and get ResourceNotFoundException. Wait for ACTIVE as a deployment would (bounded).
 */
async function untilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE' && (Table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE')) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
