import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { DetailType, RejectionAttribute, TriageEnv } from '../../src/hub/constants';
import type * as TriageLambda from '../../src/hub/triage.lambda';
import { readTriageConfig } from '../../src/runtime/config/triage';
import { DEFAULT_TRIAGE_RULES } from '../../src/runtime/triage';
import { createIncidentTable, startDynalite, type LocalDynamo } from '../support/dynalite';
import { loadFixture } from '../support/fixtures';

const NOW = new Date('2024-06-01T12:00:00.000Z');
const DLQ_URL = 'https://sqs.eu-west-1.amazonaws.com/111111111111/hub-dlq';
const TABLE = 'hub-incidents';

/** An SQS record as the Lambda event source mapping delivers it; the body is the EventBridge event the rule sent. */
function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(NOW.getTime()),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(NOW.getTime()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:111111111111:hub-ingest',
    awsRegion: 'eu-west-1',
  };
}

let eventBridge: AwsClientStub<EventBridgeClient>;
let sqs: AwsClientStub<SQSClient>;
let dynamo: LocalDynamo;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamo = await startDynalite();
  await createIncidentTable(dynamo.client, TABLE);
});

afterAll(async () => {
  await dynamo.stop();
});

beforeEach(() => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  process.env = {
    ...savedEnv,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    [TriageEnv.TABLE_NAME]: TABLE,
    [TriageEnv.EVENT_BUS_NAME]: 'ops-hub',
    [TriageEnv.DLQ_URL]: DLQ_URL,
    [TriageEnv.RULES_JSON]: '{"groupingWindowSeconds":600}',
    [TriageEnv.CLOSED_TTL_DAYS]: '90',
  };
});

afterEach(() => {
  jest.useRealTimers();
  process.env = { ...savedEnv };
});

/**
 * A fresh module, as in a new execution environment: the cold start reads the environment set above. The SDK
 * clients are mocked on the module registry the handler sees (isolateModules gives it its own SDK copies).
 */
function loadHandler(): typeof TriageLambda.handler {
  let mod: typeof TriageLambda | undefined;
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const eb = require('@aws-sdk/client-eventbridge') as typeof import('@aws-sdk/client-eventbridge');
    const sq = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
    eventBridge = mockClient(eb.EventBridgeClient);
    eventBridge.on(eb.PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, i) => ({ EventId: `event-${i}` })),
    }));
    sqs = mockClient(sq.SQSClient);
    sqs.on(sq.SendMessageCommand).resolves({ MessageId: 'dlq-message' });
    mod = require('../../src/hub/triage.lambda');
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return mod!.handler;
}

afterEach(() => {
  eventBridge?.restore();
  sqs?.restore();
});

describe('triage handler', () => {
  test('triages an SQS batch end to end: publishes incidents, dead-letters the malformed event', async () => {
    // GIVEN a batch with a real alarm state change and a truncated body
    const handler = loadHandler();
    const alarm = JSON.stringify(loadFixture('events/cloudwatch/alarm-state-change-composite-with-suppressor.json'));
    const event: SQSEvent = { Records: [sqsRecord('m-1', alarm), sqsRecord('m-2', alarm.slice(0, 50))] };

    // WHEN
    const response = await handler(event);

    // THEN
    expect(response).toEqual({ batchItemFailures: [] });
    expect(eventBridge.calls().map((c) => c.args[0].input)).toEqual([{
      Entries: [expect.objectContaining({ EventBusName: 'ops-hub', Source: 'cdk-aiops', DetailType: DetailType.INCIDENT_OPENED })],
    }]);
    expect(sqs.calls().map((c) => c.args[0].input)).toEqual([{
      QueueUrl: DLQ_URL,
      MessageBody: alarm.slice(0, 50),
      MessageAttributes: expect.objectContaining({
        [RejectionAttribute.CODE]: { DataType: 'String', StringValue: 'malformed' },
        [RejectionAttribute.INPUT]: { DataType: 'String', StringValue: 'm-2' },
      }),
    }]);
  });

  test('bad triage rules fail the cold start with the engine\'s message', async () => {
    process.env[TriageEnv.RULES_JSON] = '{"groupingWindowSeconds":-1}';
    const handler = loadHandler();
    await expect(handler({ Records: [] })).rejects.toThrow(/Invalid triage rules: groupingWindowSeconds/);
  });
});

describe('readTriageConfig', () => {
  test('names every missing variable', () => {
    expect(() => readTriageConfig({})).toThrow(/missing environment variable\(s\) AIOPS_INCIDENT_TABLE, AIOPS_EVENT_BUS_NAME, AIOPS_DLQ_URL/);
  });

  test('rejects a bad TTL and defaults the rules to {}', () => {
    const base = { [TriageEnv.TABLE_NAME]: 't', [TriageEnv.EVENT_BUS_NAME]: 'b', [TriageEnv.DLQ_URL]: 'q' };
    expect(() => readTriageConfig({ ...base, [TriageEnv.CLOSED_TTL_DAYS]: 'soon' })).toThrow(/AIOPS_CLOSED_TTL_DAYS must be a positive number of days/);
    expect(readTriageConfig(base)).toEqual({ tableName: 't', eventBusName: 'b', deadLetterQueueUrl: 'q', rules: DEFAULT_TRIAGE_RULES, closedTtlDays: undefined });
  });
});

describe('triage handler and the topology snapshot', () => {
  test('GIVEN the snapshot variables WHEN two batches arrive within the cache TTL THEN the snapshot is read from S3 once', async () => {
    process.env[TriageEnv.TOPOLOGY_BUCKET] = 'topology-bucket';
    process.env[TriageEnv.TOPOLOGY_KEY] = 'topology/v1/snapshot.json';
    process.env[TriageEnv.TOPOLOGY_CACHE_SECONDS] = '300';
    let s3: AwsClientStub<any> | undefined;
    let mod: typeof TriageLambda | undefined;
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const s3sdk = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
      s3 = mockClient(s3sdk.S3Client);
      const snapshot = { version: 1, generatedAt: new Date(NOW.getTime() - 60_000).toISOString(), resources: [], edges: [] };
      const body = { transformToByteArray: async () => new Uint8Array(Buffer.from(JSON.stringify(snapshot))) };
      s3.on(s3sdk.GetObjectCommand).resolves({ Body: body } as never);
      const eb = require('@aws-sdk/client-eventbridge') as typeof import('@aws-sdk/client-eventbridge');
      eventBridge = mockClient(eb.EventBridgeClient);
      eventBridge.on(eb.PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
      const sq = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
      sqs = mockClient(sq.SQSClient);
      mod = require('../../src/hub/triage.lambda');
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    const alarm = JSON.stringify(loadFixture('events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json'));

    expect(await mod!.handler({ Records: [sqsRecord('t-1', alarm)] })).toEqual({ batchItemFailures: [] });
    expect(await mod!.handler({ Records: [sqsRecord('t-2', alarm)] })).toEqual({ batchItemFailures: [] });

    expect(s3!.calls().map((c) => c.args[0].input)).toEqual([{ Bucket: 'topology-bucket', Key: 'topology/v1/snapshot.json' }]);
    s3!.restore();
  });
});
