import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { AwsStub } from 'aws-sdk-client-mock';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbIncidentStore } from '../../src/adapters/dynamodb-incident-store';
import { DynamoDbTokenLedger } from '../../src/adapters/dynamodb-token-ledger';
import { AgentDetailType, AgentEnv, AIOPS_EVENT_SOURCE } from '../../src/agents/constants';
import type * as FailureLambda from '../../src/agents/failure.lambda';
import type * as RecordLambda from '../../src/agents/record.lambda';
import type { RecordStepInput } from '../../src/runtime/agents/steps';
import { alarm, bundle, EC2, incident } from '../runtime/reasoning/helpers';
import { createIncidentTable, startDynalite, type LocalDynamo } from '../support/dynalite';

/* eslint-disable @typescript-eslint/no-require-imports */
const NOW = new Date('2026-03-10T02:05:00.000Z');
const TABLE = 'hub-incidents';
const RUN = 'arn:aws:states:eu-west-1:111111111111:execution:agents:run-1';
const savedEnv = { ...process.env };

let dynamo: LocalDynamo;
let eventBridge: AwsStub<any, any, any>;
let store: DynamoDbIncidentStore;
let ledger: DynamoDbTokenLedger;
let tableCounter = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

beforeEach(async () => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  const table = `${TABLE}-${++tableCounter}`;
  await createIncidentTable(dynamo.client, table);
  store = new DynamoDbIncidentStore({ client: dynamo.client, tableName: table });
  ledger = new DynamoDbTokenLedger({ client: dynamo.client, tableName: table });
  process.env = {
    ...savedEnv,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    [AgentEnv.TABLE_NAME]: table,
    [AgentEnv.EVENT_BUS_NAME]: 'ops-hub',
  };
});

afterEach(() => {
  jest.useRealTimers();
  process.env = { ...savedEnv };
  eventBridge?.restore();
});

/** A fresh handler module; EventBridge mocked on its registry, DynamoDB the real dynalite server. */
function load<T>(path: string, failEntries = 0): T {
  let mod: T | undefined;
  jest.isolateModules(() => {
    const eb = require('@aws-sdk/client-eventbridge') as typeof import('@aws-sdk/client-eventbridge');
    eventBridge = mockClient(eb.EventBridgeClient);
    let failures = failEntries;
    eventBridge.on(eb.PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => (failures-- > 0
      ? { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] }
      : { FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `event-${i}` })) }));
    mod = require(path);
  });
  return mod!;
}
/* eslint-enable @typescript-eslint/no-require-imports */

function published(): Array<{ detailType: string; source: string; bus: string; detail: any }> {
  return eventBridge.calls().flatMap((c) => c.args[0].input.Entries.map((e: PutEventsRequestEntry) => ({
    detailType: e.DetailType!, source: e.Source!, bus: e.EventBusName!, detail: JSON.parse(e.Detail!),
  })));
}

const cpu = alarm(EC2, 'CPUUtilization');
const theIncident = incident([cpu], { id: 'inc-rec' });

function recordInput(overrides: Partial<RecordStepInput> = {}): RecordStepInput {
  return {
    incident: { id: theIncident.id, title: theIncident.title, priority: theIncident.priority, services: theIncident.services },
    runId: RUN,
    telemetry: bundle([{ ref: `metrics:CPUUtilization:${EC2.id}`, summary: 'CPU 99%' }]),
    reasoning: {
      finding: {
        cause: 'A runaway process pins the CPU',
        evidence: [`metrics:CPUUtilization:${EC2.id}`],
        confidence: 0.7,
        reasoner: 'bedrock',
        runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } },
        usage: { inputTokens: 1500, outputTokens: 100 },
      },
      tokenUsage: { month: '2026-03', tokens: 1600 },
    },
    decision: { outcome: 'AUTO', reasons: ['low-risk runbook'], policies: ['auto-low-risk'], inputs: {} },
    ...overrides,
  };
}

describe('record handler (dynalite)', () => {
  test('GIVEN an open incident WHEN recorded THEN timeline, ledger and the Incident Decision event; a retry changes nothing twice', async () => {
    // GIVEN
    await store.createIncident(theIncident);
    const { handler } = load<typeof RecordLambda>('../../src/agents/record.lambda');

    // WHEN
    const out = await handler(recordInput());

    // THEN the incident carries the investigation
    expect(out).toEqual({ incidentId: 'inc-rec', outcome: 'AUTO', recorded: true, incidentFound: true });
    const stored = (await store.getIncident('inc-rec'))!;
    expect(stored.status).toBe('acknowledged');
    expect(stored.version).toBe(2);
    expect(stored.timeline.map((e) => e.type)).toEqual(['telemetry', 'finding', 'tokens', 'decision']);
    // AND the ledger counts the run
    expect(await ledger.getMonthlyUsage('2026-03')).toBe(1600);
    expect(await ledger.getIncidentUsage('inc-rec')).toBe(1600);
    // AND the decision is on the bus
    expect(published()).toEqual([{
      detailType: AgentDetailType.INCIDENT_DECISION,
      source: AIOPS_EVENT_SOURCE,
      bus: 'ops-hub',
      detail: expect.objectContaining({
        incidentId: 'inc-rec',
        runId: RUN,
        outcome: 'AUTO',
        priority: 'P2',
        tokens: 1600,
        finding: expect.objectContaining({ runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } } }),
      }),
    }]);

    // WHEN the state machine retries the step
    const again = await handler(recordInput());
    // THEN nothing is recorded twice (the event goes out again: at least once)
    expect(again.recorded).toBe(false);
    expect((await store.getIncident('inc-rec'))!.timeline).toHaveLength(4);
    expect(await ledger.getMonthlyUsage('2026-03')).toBe(1600);
    expect(published()).toHaveLength(2);
  });

  test('GIVEN the incident expired THEN the decision is still published', async () => {
    const { handler } = load<typeof RecordLambda>('../../src/agents/record.lambda');
    const out = await handler(recordInput());
    expect(out).toEqual(expect.objectContaining({ incidentFound: false, recorded: true }));
    expect(published().map((e) => e.detailType)).toEqual([AgentDetailType.INCIDENT_DECISION]);
  });

  test('GIVEN PutEvents keeps failing THEN the step fails with EventPublishError (retried by the state machine)', async () => {
    await store.createIncident(theIncident);
    const { handler } = load<typeof RecordLambda>('../../src/agents/record.lambda', 10);
    await expect(handler(recordInput())).rejects.toMatchObject({ name: 'EventPublishError' });
  });

  test('GIVEN an invalid decision THEN it is rejected before anything is written', async () => {
    await store.createIncident(theIncident);
    const { handler } = load<typeof RecordLambda>('../../src/agents/record.lambda');
    await expect(handler({ ...recordInput(), decision: { outcome: 'MAYBE' } })).rejects.toMatchObject({ name: 'ZodError' });
    expect((await store.getIncident('inc-rec'))!.version).toBe(1);
    expect(eventBridge.calls()).toHaveLength(0);
  });
});

describe('failure handler (dynalite)', () => {
  const state = {
    incident: theIncident,
    trigger: { eventId: 'e-1', detailType: 'Incident Opened', time: NOW.toISOString() },
    telemetry: bundle(),
    knowledge: { snippets: [] },
    error: { Error: 'Sandbox.Timedout', Cause: JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 90.00 seconds' }) },
  };

  test('GIVEN a step failed THEN the failure is on the timeline and an Agent Failure event is published', async () => {
    await store.createIncident(theIncident);
    const { handler } = load<typeof FailureLambda>('../../src/agents/failure.lambda');
    const out = await handler({ runId: RUN, state });
    expect(out).toEqual({ incidentId: 'inc-rec', failedStep: 'reasoning', error: 'Sandbox.Timedout', timelineUpdated: true });
    const stored = (await store.getIncident('inc-rec'))!;
    expect(stored.timeline).toEqual([expect.objectContaining({ type: 'agent-failure', message: 'investigation failed at reasoning: Sandbox.Timedout' })]);
    expect(stored.status).toBe('open');
    expect(published()).toEqual([{
      detailType: AgentDetailType.AGENT_FAILURE,
      source: AIOPS_EVENT_SOURCE,
      bus: 'ops-hub',
      detail: {
        incidentId: 'inc-rec',
        runId: RUN,
        failedStep: 'reasoning',
        error: 'Sandbox.Timedout',
        cause: 'Sandbox.Timedout: Task timed out after 90.00 seconds',
        timelineUpdated: true,
      },
    }]);
  });

  test('GIVEN no incident in the state THEN the event still goes out', async () => {
    const { handler } = load<typeof FailureLambda>('../../src/agents/failure.lambda');
    const out = await handler({ runId: RUN, state: { error: { Error: 'States.Runtime', Cause: 'bad path' } } });
    expect(out).toEqual({ failedStep: 'incident', error: 'States.Runtime', timelineUpdated: false });
    expect(published()).toHaveLength(1);
  });
});

describe('DynamoDbTokenLedger (dynalite)', () => {
  test('recordRun counts a run once, in the month and the incident', async () => {
    expect(await ledger.recordRun({ month: '2026-03', incidentId: 'inc-1', tokens: 500, runId: 'r1' })).toBe(true);
    expect(await ledger.recordRun({ month: '2026-03', incidentId: 'inc-1', tokens: 500, runId: 'r1' })).toBe(false);
    expect(await ledger.recordRun({ month: '2026-03', incidentId: 'inc-1', tokens: 250, runId: 'r2' })).toBe(true);
    await ledger.add('2026-03', 100, 'inc-2');
    expect(await ledger.getMonthlyUsage('2026-03')).toBe(850);
    expect(await ledger.getIncidentUsage('inc-1')).toBe(750);
    expect(await ledger.getIncidentUsage('inc-2')).toBe(100);
    expect(await ledger.getMonthlyUsage('2026-04')).toBe(0);
    await expect(ledger.add('March', 1, 'inc-1')).rejects.toThrow(/YYYY-MM/);
    // The counters share the incident partition without being read as incidents.
    expect(await store.getIncident('inc-1')).toBeUndefined();
    expect(await store.listIncidents()).toEqual([]);
  });
});
