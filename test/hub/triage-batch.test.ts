import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import * as fc from 'fast-check';
import { DynamoDbIncidentStore } from '../../src/adapters/dynamodb-incident-store';
import { EventBridgeIncidentPublisher, PUT_EVENTS_MAX_BYTES, SqsRejectionSink, sqsSafe, truncateUtf8 } from '../../src/adapters/triage';
import { AIOPS_EVENT_SOURCE, DetailType, RejectionAttribute, TriageMetric } from '../../src/hub/constants';
import { IncidentSchema, type Incident } from '../../src/runtime/model';
import { normaliseEvent } from '../../src/runtime/normalise';
import { resolveTriageRules, Triage, type IncidentStore } from '../../src/runtime/triage';
import { parseEventBridgeBody, processBatch, type IngestRecord, type TriageBatchDeps } from '../../src/runtime/triage/batch';
import { createIncidentTable, startDynalite, type LocalDynamo } from '../support/dynalite';
import { loadFixture } from '../support/fixtures';

const NOW = new Date('2024-06-01T12:00:00.000Z');
const REGION = 'eu-west-1';
const DLQ_URL = 'https://sqs.eu-west-1.amazonaws.com/111111111111/hub-dlq';

// Real EventBridge events from ../shared/fixtures. Each becomes the body of one SQS record: that wrapping is the
// harness (an EventBridge rule delivers the event JSON as the SQS message body), not a fake AWS payload.
const ALARM = 'events/cloudwatch/alarm-state-change-metric-math-ec2-network-insufficient-to-alarm.json';
const CANARY = 'events/synthetics/canary-testrun-failure.json';
const INSIGHT = 'events/devops-guru/new-insight-open-apigateway-5xx.json';
const BUILD = 'events/codebuild/build-state-change-succeeded.json';
const ALARM_CONFIG = 'events/cloudwatch/alarm-configuration-change-metric-alarm-updated.json';

function record(messageId: string, body: string): IngestRecord {
  return { messageId, body };
}

function fixtureRecord(messageId: string, fixture: string): IngestRecord {
  return record(messageId, JSON.stringify(loadFixture(fixture)));
}

const eventBridge = mockClient(EventBridgeClient);
const sqs = mockClient(SQSClient);
let dynamo: LocalDynamo;
let tableCount = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

beforeEach(() => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  eventBridge.reset();
  sqs.reset();
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, i) => ({ EventId: `event-${i}` })),
  }));
  sqs.on(SendMessageCommand).resolves({ MessageId: 'dlq-message' });
});

afterEach(() => {
  jest.useRealTimers();
});

interface Harness {
  readonly deps: TriageBatchDeps;
  readonly store: DynamoDbIncidentStore;
  readonly counts: Map<string, number>;
  readonly logs: { level: string; message: string; attributes?: Record<string, unknown> }[];
}

async function harness(options: { wrapStore?: (store: IncidentStore) => IncidentStore; putEventsAttempts?: number } = {}): Promise<Harness> {
  const tableName = `incidents-${++tableCount}`;
  await createIncidentTable(dynamo.client, tableName);
  const store = new DynamoDbIncidentStore({ client: dynamo.client, tableName, closedTtlDays: 90 });
  const counts = new Map<string, number>();
  const logs: Harness['logs'] = [];
  const logAt = (level: string) => (message: string, attributes?: Record<string, unknown>) => logs.push({ level, message, attributes });
  const deps: TriageBatchDeps = {
    triage: new Triage(options.wrapStore ? options.wrapStore(store) : store, { rules: resolveTriageRules({}) }),
    publisher: new EventBridgeIncidentPublisher({
      client: new EventBridgeClient({ region: REGION }),
      eventBusName: 'ops-hub',
      maxAttempts: options.putEventsAttempts,
      sleep: async () => undefined,
    }),
    rejections: new SqsRejectionSink({ client: new SQSClient({ region: REGION }), queueUrl: DLQ_URL }),
    log: { debug: logAt('debug'), info: logAt('info'), warn: logAt('warn'), error: logAt('error') },
    counters: { count: (metric, value) => counts.set(metric, (counts.get(metric) ?? 0) + value) },
  };
  return { deps, store, counts, logs };
}

function publishedEntries(): PutEventsRequestEntry[] {
  return eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);
}

function deadLettered(): { body: string; code?: string; reason?: string; input?: string; originalBytes?: string }[] {
  return sqs.commandCalls(SendMessageCommand).map((call) => {
    const input = call.args[0].input;
    const attrs = input.MessageAttributes ?? {};
    return {
      body: input.MessageBody ?? '',
      code: attrs[RejectionAttribute.CODE]?.StringValue,
      reason: attrs[RejectionAttribute.REASON]?.StringValue,
      input: attrs[RejectionAttribute.INPUT]?.StringValue,
      originalBytes: attrs[RejectionAttribute.ORIGINAL_BYTES]?.StringValue,
    };
  });
}

describe('processBatch', () => {
  test('a mixed batch: valid events triaged and published, bad ones dead-lettered with their reasons, no failures', async () => {
    // GIVEN a batch of real events and four bad bodies
    const { deps, store, counts } = await harness();
    const alarm = loadFixture(ALARM);
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x7b, 0x22, 0x01, 0xc3, 0x28, 0x0a]).toString('latin1');
    const fiveMegabytes = JSON.stringify({ ...alarm, detail: { ...alarm.detail, padding: 'x'.repeat(5 * 1024 * 1024) } });
    const records = [
      fixtureRecord('m-alarm', ALARM),
      record('m-garbage', garbage),
      fixtureRecord('m-canary', CANARY),
      record('m-truncated', JSON.stringify(alarm).slice(0, 120)),
      record('m-null-detail', JSON.stringify({ ...alarm, detail: null })),
      fixtureRecord('m-insight', INSIGHT),
      record('m-huge', fiveMegabytes),
      fixtureRecord('m-build', BUILD),
    ];

    // WHEN
    const result = await processBatch(records, deps);

    // THEN nothing is retried
    expect(result.batchItemFailures).toEqual([]);
    expect(result.results.map((r) => r.status)).toEqual(['triaged', 'rejected', 'triaged', 'rejected', 'rejected', 'triaged', 'rejected', 'triaged']);

    // the three problems opened three incidents, each published once as Incident Opened; the build is context only
    const entries = publishedEntries();
    expect(entries.map((e) => e.DetailType)).toEqual([DetailType.INCIDENT_OPENED, DetailType.INCIDENT_OPENED, DetailType.INCIDENT_OPENED]);
    for (const entry of entries) {
      expect(entry).toEqual(expect.objectContaining({ Source: AIOPS_EVENT_SOURCE, EventBusName: 'ops-hub' }));
      const incident = IncidentSchema.parse(JSON.parse(entry.Detail!));
      expect(await store.getIncident(incident.id)).toEqual(expect.objectContaining({ id: incident.id, status: 'open' }));
    }
    expect(JSON.parse(entries[0].Detail!).title).toMatch(/TotalNetworkTrafficTooHigh/);
    expect((await store.listIncidents({ status: 'open' }))).toHaveLength(3);

    // the bad ones are in the dead-letter queue, in order, with code, reason and the record they came from
    const dlq = deadLettered();
    expect(dlq.map((m) => [m.input, m.code])).toEqual([
      ['m-garbage', 'malformed'],
      ['m-truncated', 'malformed'],
      ['m-null-detail', 'malformed'],
      ['m-huge', 'too-large'],
    ]);
    expect(dlq[0].reason).toMatch(/not JSON/);
    expect(dlq[1].reason).toMatch(/not JSON/);
    expect(dlq[2].reason).toMatch(/detail.*null|null.*detail/i);
    expect(dlq[3].reason).toMatch(/bytes/);
    // the body is kept (cleaned of characters SQS refuses), the 5 MB one truncated to fit 256 KiB with its size noted
    expect(dlq[0].body).not.toMatch(/[\u0000\u0001]/);
    expect(dlq[1].body).toBe(JSON.stringify(alarm).slice(0, 120));
    expect(Buffer.byteLength(dlq[3].body)).toBeLessThanOrEqual(256 * 1024);
    expect(Buffer.byteLength(dlq[3].body)).toBeGreaterThan(250 * 1024);
    expect(dlq[3].originalBytes).toBe(String(Buffer.byteLength(fiveMegabytes)));

    // and counted
    expect(Object.fromEntries(counts)).toEqual(expect.objectContaining({
      [TriageMetric.EVENTS_RECEIVED]: 8,
      [TriageMetric.EVENTS_REJECTED]: 4,
      [TriageMetric.SIGNALS]: 4,
      [TriageMetric.INCIDENTS_OPENED]: 3,
      [TriageMetric.SIGNALS_SUPPRESSED]: 1,
    }));
  });

  test('an unexpected store error fails only its own record', async () => {
    // GIVEN a store that fails for the canary's fingerprint only
    const canary = normaliseEvent(loadFixture(CANARY));
    if (!canary.ok) throw new Error('fixture should normalise');
    const failing = canary.signals[0].fingerprint;
    const { deps, logs } = await harness({
      wrapStore: (store) => new Proxy(store, {
        get: (target, prop, receiver) => (prop === 'getFingerprint'
          ? async (fingerprint: string) => {
            if (fingerprint === failing) throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' });
            return target.getFingerprint(fingerprint);
          }
          : Reflect.get(target, prop, receiver)),
      }),
    });

    // WHEN
    const result = await processBatch([fixtureRecord('m-alarm', ALARM), fixtureRecord('m-canary', CANARY), fixtureRecord('m-insight', INSIGHT)], deps);

    // THEN only the canary record is redelivered; the others are triaged and published
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-canary' }]);
    expect(publishedEntries()).toHaveLength(2);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(logs).toContainEqual(expect.objectContaining({
      level: 'error',
      attributes: expect.objectContaining({ messageId: 'm-canary', error: expect.stringMatching(/ProvisionedThroughputExceededException/) }),
    }));
  });

  test('a redelivered record changes and publishes nothing more', async () => {
    // GIVEN an alarm already triaged
    const { deps } = await harness();
    await processBatch([fixtureRecord('m-1', ALARM)], deps);
    eventBridge.resetHistory();
    // WHEN SQS delivers it again
    const result = await processBatch([fixtureRecord('m-1', ALARM)], deps);
    // THEN
    expect(result.batchItemFailures).toEqual([]);
    expect(eventBridge).not.toHaveReceivedCommand(PutEventsCommand);
  });

  test('events triage deliberately ignores are counted, neither dead-lettered nor published', async () => {
    const { deps, counts } = await harness();
    const result = await processBatch([fixtureRecord('m-config', ALARM_CONFIG)], deps);
    expect(result.results[0].status).toBe('ignored');
    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(eventBridge).not.toHaveReceivedCommand(PutEventsCommand);
    expect(counts.get(TriageMetric.EVENTS_IGNORED)).toBe(1);
  });

  test('PutEvents entry failures are retried, and fail the record when they persist', async () => {
    // GIVEN PutEvents that fails every entry
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] });
    const { deps } = await harness({ putEventsAttempts: 3 });
    // WHEN
    const result = await processBatch([fixtureRecord('m-alarm', ALARM), fixtureRecord('m-build', BUILD)], deps);
    // THEN the alarm record is redelivered after three attempts; the build (nothing to publish) is fine
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 3);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-alarm' }]);
    expect(result.results[0]).toEqual({ status: 'failed', error: expect.stringMatching(/IncidentPublishError: .*InternalFailure \(try again\)/) });
  });

  test('a PutEvents entry failure that clears on retry does not fail the record', async () => {
    eventBridge.on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    const { deps } = await harness();
    const result = await processBatch([fixtureRecord('m-alarm', ALARM)], deps);
    expect(result.batchItemFailures).toEqual([]);
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 2);
  });

  test('a dead-letter write that fails fails the record, so the event is not lost', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('Access denied to the key'), { name: 'KmsAccessDenied' }));
    const { deps } = await harness();
    const result = await processBatch([record('m-garbage', '{not json')], deps);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-garbage' }]);
  });
});

describe('EventBridgeIncidentPublisher', () => {
  function incident(id: string, extra: Partial<Incident> = {}): Incident {
    return {
      id,
      key: 'service:checkout',
      title: `Incident ${id}`,
      priority: 'P2',
      status: 'open',
      severity: 'high',
      storm: false,
      signalIds: ['s-1'],
      firing: ['f-1'],
      services: ['checkout'],
      resources: [],
      sources: ['cloudwatch-alarm'],
      suppressedCount: 0,
      openedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      timeline: [],
      version: 1,
      ...extra,
    };
  }
  const publisher = () => new EventBridgeIncidentPublisher({ client: new EventBridgeClient({ region: REGION }), eventBusName: 'ops-hub', sleep: async () => undefined });

  test('sends at most 10 entries per request, mapping each event type to its detail-type', async () => {
    // GIVEN 23 events
    const events = Array.from({ length: 23 }, (_, i) => ({ type: (['opened', 'updated', 'escalated', 'resolved'] as const)[i % 4], incident: incident(`i-${i}`) }));
    // WHEN
    await publisher().publish(events);
    // THEN
    const calls = eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!.length);
    expect(calls).toEqual([10, 10, 3]);
    expect(publishedEntries().slice(0, 4).map((e) => e.DetailType)).toEqual([
      DetailType.INCIDENT_OPENED, DetailType.INCIDENT_UPDATED, DetailType.INCIDENT_ESCALATED, DetailType.INCIDENT_RESOLVED,
    ]);
  });

  test('keeps each request under 256 KiB and trims an oversized incident\'s oldest timeline entries', async () => {
    // GIVEN two incidents of ~200 KB each (long timelines)
    const timeline = Array.from({ length: 200 }, (_, i) => ({ at: NOW.toISOString(), type: 'signal', message: `${i}:${'y'.repeat(1000)}` }));
    const big = [incident('i-a', { timeline }), incident('i-b', { timeline })];
    const huge = incident('i-c', { timeline: timeline.map((t) => ({ ...t, message: t.message + 'z'.repeat(1000) })) });
    // WHEN
    await publisher().publish([...big, huge].map((i) => ({ type: 'updated' as const, incident: i })));
    // THEN each request fits, and the huge one kept its newest entries and still parses as an Incident
    for (const call of eventBridge.commandCalls(PutEventsCommand)) {
      const size = call.args[0].input.Entries!
        .reduce((n, e) => n + Buffer.byteLength(e.Source!) + Buffer.byteLength(e.DetailType!) + Buffer.byteLength(e.Detail!), 0);
      expect(size).toBeLessThanOrEqual(PUT_EVENTS_MAX_BYTES);
    }
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 3);
    const trimmed = IncidentSchema.parse(JSON.parse(publishedEntries()[2].Detail!));
    expect(trimmed.timeline.length).toBeLessThan(200);
    expect(trimmed.timeline.at(-1)!.message).toMatch(/^199:/);
  });
});

describe('body parsing and dead-letter encoding', () => {
  test('parseEventBridgeBody never throws, whatever the body', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), (body) => {
      const parsed = parseEventBridgeBody({ messageId: 'm', body }, 1024);
      expect(typeof parsed.ok).toBe('boolean');
    }));
  });

  test('parseEventBridgeBody rejects JSON that is not an EventBridge event', () => {
    expect(parseEventBridgeBody({ messageId: 'm', body: '[1,2]' }, 1024))
      .toEqual({ ok: false, rejection: expect.objectContaining({ code: 'malformed', input: 'm' }) });
    expect(parseEventBridgeBody({ messageId: 'm', body: '{"source":"aws.ecs"}' }, 1024)).toEqual({ ok: false, rejection: expect.objectContaining({ code: 'malformed' }) });
    expect(parseEventBridgeBody({ messageId: 'm', body: '"€€€€"' }, 5)).toEqual({ ok: false, rejection: expect.objectContaining({ code: 'too-large' }) });
  });

  test('truncateUtf8 keeps a prefix within the byte budget, on a character boundary', () => {
    // It is applied after sqsSafe, so to strings without lone surrogates.
    fc.assert(fc.property(fc.string({ unit: 'binary' }).map(sqsSafe), fc.nat(200), (value, max) => {
      const cut = truncateUtf8(value, max);
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(Math.max(max, 0));
      expect(value.startsWith(cut)).toBe(true);
    }));
  });

  test('sqsSafe leaves only characters SQS accepts', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (value) => {
      expect(sqsSafe(value)).toMatch(/^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u);
    }));
    expect(sqsSafe('a\u0000b\uD800c')).toBe('a\uFFFDb\uFFFDc');
  });
});
