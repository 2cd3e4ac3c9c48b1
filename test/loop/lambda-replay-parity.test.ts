/**
 * Lambda and replay write the same timeline. For one incident triaged from a real CloudWatch alarm event, the same
 * investigation (`runInvestigation`, deterministic reasoner) is carried two ways:
 *
 * - the Lambda way: the real handler modules (record, approval request, Slack callback, remediation, outcome) over
 *   the incident table on dynalite, with EventBridge, SSM, Secrets Manager and Step Functions mocked and Slack's Web
 *   API stubbed, called in the order the state machine calls them;
 * - the replay way: `simulateIncident` (what `cdk-aiops replay` runs), with the same SSM-backed runbook runner.
 *
 * Both timelines must hold the same entries (type, actor, message and data), ignoring timestamps and run ids, for an
 * approval nobody answers, a human's denial and a runbook that fails.
 */
import { createHmac } from 'crypto';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendTaskFailureCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetAutomationExecutionCommand, SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbIncidentStore } from '../../src/adapters/dynamodb-incident-store';
import { awsRunbookRunner } from '../../src/adapters/remediation';
import { AgentEnv } from '../../src/agents/constants';
import { handler as outcome } from '../../src/agents/outcome.lambda';
import { handler as record } from '../../src/agents/record.lambda';
import { handler as remediation } from '../../src/agents/remediation.lambda';
import { handler as requestApproval } from '../../src/comms/approval-request.lambda';
import { CommsEnv } from '../../src/comms/constants';
import { handler as slackCallback } from '../../src/comms/slack-callback.lambda';
import { runInvestigation, type InvestigationResult } from '../../src/runtime/agents';
import { ApprovalActionId } from '../../src/runtime/approval/message';
import { COMMS_THREAD_ENTRY_TYPE } from '../../src/runtime/comms/thread';
import { InMemoryIncidentStore } from '../../src/runtime/local';
import { deniesAfter, neverAnswers, simulateIncident, type ApproverPolicy } from '../../src/runtime/loop';
import type { Incident, TimelineEntry } from '../../src/runtime/model';
import { normaliseEvent } from '../../src/runtime/normalise';
import { BUILTIN_RUNBOOKS, RunbookRegistry } from '../../src/runtime/runbooks';
import { Triage } from '../../src/runtime/triage';
import { blockActionsPayload } from '../runtime/approval/fixtures';
import { createIncidentTable, startDynalite, type LocalDynamo } from '../support/dynalite';
import { loadFixture } from '../support/fixtures';

const TABLE = 'parity-incidents';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:slack-AbCdEf';
const SIGNING_SECRET = 'parity-signing-secret-0123456789';
const CHANNEL = 'C0123ABCD';
const APPROVER = { id: 'U0APPROVER', name: 'Ada Lovelace' };
const ROLE = 'arn:aws:iam::111111111111:role/automation';
const TTL_MINUTES = 60;
const AUTO_RESTART = `@id("auto-restart-ec2") @reason("restarting an instance is safe in this account")
permit (principal, action == Aiops::Action::"AutoRemediate", resource == Aiops::Runbook::"aws-restart-ec2-instance");`;

const eventBridge = mockClient(EventBridgeClient);
const ssm = mockClient(SSMClient);
const secrets = mockClient(SecretsManagerClient);
const sfn = mockClient(SFNClient);
const registry = new RunbookRegistry([...BUILTIN_RUNBOOKS]);
let dynamo: LocalDynamo;
let store: DynamoDbIncidentStore;
let seq = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
  await createIncidentTable(dynamo.client, TABLE);
  store = new DynamoDbIncidentStore({ client: dynamo.client, tableName: TABLE });
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    [AgentEnv.TABLE_NAME]: TABLE,
    [AgentEnv.EVENT_BUS_NAME]: 'ops-hub',
    [AgentEnv.AUTOMATION_ROLE_ARN]: ROLE,
    [CommsEnv.SLACK_SECRET_ARN]: SECRET_ARN,
    [CommsEnv.SLACK_CHANNEL_ID]: CHANNEL,
    [CommsEnv.APPROVAL_TTL_SECONDS]: String(TTL_MINUTES * 60),
    [CommsEnv.APPROVER_ALLOW_LIST]: JSON.stringify([APPROVER.id]),
  });
}, 30_000);

afterAll(async () => {
  await dynamo?.stop();
});

beforeEach(() => {
  for (const mock of [eventBridge, ssm, secrets, sfn]) mock.reset();
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ botToken: 'xoxb-1-2-abc', signingSecret: SIGNING_SECRET }) });
  sfn.on(SendTaskFailureCommand).resolves({});
  ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: 'exec-parity-1' });
  const fixture = loadFixture('api/ssm/GetAutomationExecution.json');
  ssm.on(GetAutomationExecutionCommand).resolves({
    AutomationExecution: { ...fixture.AutomationExecution, AutomationExecutionStatus: 'Failed', FailureMessage: 'Step fails when it is stopping instances' },
  });
  let ts = 1;
  jest.spyOn(globalThis, 'fetch').mockImplementation((async (url: string) => new Response(JSON.stringify(
    url.includes('chat.postMessage') ? { ok: true, channel: CHANNEL, ts: `1700000000.${String(ts++).padStart(6, '0')}` } : { ok: true },
  ), { status: 200, headers: { 'content-type': 'application/json' } })) as any);
});

afterEach(() => jest.restoreAllMocks());

/** A fresh incident, triaged from the real EC2 CPU alarm event, with its signals attached as triage attaches them. */
async function triagedIncident(): Promise<Incident> {
  const event = loadFixture('events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json');
  const normalised = normaliseEvent(event);
  if (!normalised.ok) throw new Error('the fixture did not normalise');
  const result = await new Triage(new InMemoryIncidentStore()).process(normalised.signals[0]);
  return { ...result.incident!, id: `${result.incident!.id}-${++seq}`, samples: normalised.signals } as Incident;
}

async function investigate(incident: Incident, extraPolicies?: string): Promise<InvestigationResult> {
  return runInvestigation({ incident }, {
    telemetry: { collectors: {} },
    reasoning: { disabled: true },
    risk: { extraPolicies },
    registry,
    now: new Date(incident.openedAt),
  });
}

/**
 * The entries as a reader compares them: no time, no run or approval id; times inside messages masked. The Slack
 * thread bookkeeping entry (`comms-thread`) is left out: replay posts to no Slack.
 */
function comparable(entries: readonly TimelineEntry[]) {
  const time = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
  return entries.filter((e) => e.type !== COMMS_THREAD_ENTRY_TYPE).map(({ at: _at, ...e }) => {
    const { runId: _r, approvalId: _a, ...data } = e.data ?? {};
    return { ...e, message: e.message.replace(time, '<time>'), data };
  });
}

/** What the Lambdas wrote after triage. */
async function lambdaTimeline(incident: Incident): Promise<TimelineEntry[]> {
  return (await store.getIncident(incident.id))!.timeline.slice(incident.timeline.length);
}

/** What replay writes after triage, with the SSM runner the remediation Lambda uses. */
async function replayTimeline(incident: Incident, investigation: InvestigationResult, approver: ApproverPolicy): Promise<TimelineEntry[]> {
  const result = await simulateIncident({ incident, signals: incident.samples as never }, {
    investigate: () => ({ finding: investigation.reasoning.finding, decision: investigation.decision, telemetry: investigation.telemetry }),
    runbooks: registry,
    approver,
    runner: () => awsRunbookRunner(
      { ssm: new SSMClient({}), lambda: new LambdaClient({}), codebuild: new CodeBuildClient({}) },
      { automationAssumeRole: ROLE },
    ),
  });
  return result.timeline.slice(incident.timeline.length);
}

/** The record step, as the state machine calls it after telemetry → knowledge → reasoning → risk. */
async function recorded(incident: Incident, investigation: InvestigationResult, runId: string): Promise<void> {
  await store.createIncident(incident);
  await record({ incident, runId, telemetry: investigation.telemetry, reasoning: investigation.reasoning, decision: investigation.decision });
}

async function approvalRequested(incident: Incident, investigation: InvestigationResult, taskToken: string): Promise<string> {
  const out = await requestApproval({ taskToken, incident, finding: investigation.reasoning.finding, decision: investigation.decision });
  return out.approvalId;
}

function denyClick(approvalId: string): LambdaFunctionURLEvent {
  const payload = blockActionsPayload({ actionId: ApprovalActionId.DENY, value: approvalId, userId: APPROVER.id, userName: APPROVER.name });
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`, 'utf8').digest('hex')}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    isBase64Encoded: false,
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
    requestContext: { http: { method: 'POST', path: '/' } } as never,
  };
}

describe('Lambda handlers and replay write the same timeline', () => {
  test('GIVEN an APPROVE decision and nobody answers THEN the same request, timeout and escalation', async () => {
    // GIVEN
    const incident = await triagedIncident();
    const investigation = await investigate(incident);
    expect(investigation.decision.outcome).toBe('APPROVE');
    const runbookId = investigation.reasoning.finding.runbook!.id;

    // WHEN the state machine's path: record, ask, the wait times out (States.Timeout), the outcome step
    const runId = `run-timeout-${seq}`;
    await recorded(incident, investigation, runId);
    await approvalRequested(incident, investigation, `token-timeout-${seq}`);
    await outcome({ action: 'expired', runId, incident: { id: incident.id }, runbookId, error: { Error: 'States.Timeout', Cause: 'timed out' } });
    const lambda = await lambdaTimeline(incident);
    const replay = await replayTimeline(incident, investigation, neverAnswers(TTL_MINUTES));

    // THEN
    expect(comparable(lambda).map((e) => e.type)).toEqual(['telemetry', 'finding', 'decision', 'approval-requested', 'approval-timed-out', 'escalated-to-human']);
    expect(comparable(replay)).toEqual(comparable(lambda));
  });

  test('GIVEN an APPROVE decision and the approver denies in Slack THEN the same denial, in the approver\'s name', async () => {
    // GIVEN
    const incident = await triagedIncident();
    const investigation = await investigate(incident);
    const runbookId = investigation.reasoning.finding.runbook!.id;

    // WHEN record, ask, a signed Deny click (SendTaskFailure Denied), the state machine's Catch hands the error to the outcome step
    const runId = `run-deny-${seq}`;
    await recorded(incident, investigation, runId);
    const approvalId = await approvalRequested(incident, investigation, `token-deny-${seq}`);
    expect((await slackCallback(denyClick(approvalId))).statusCode).toBe(200);
    const failure = sfn.commandCalls(SendTaskFailureCommand)[0].args[0].input;
    await outcome({ action: 'denied', runId, incident: { id: incident.id }, runbookId, error: { Error: failure.error, Cause: failure.cause } });
    const lambda = await lambdaTimeline(incident);
    const replay = await replayTimeline(incident, investigation, deniesAfter(4, 'not now', TTL_MINUTES, APPROVER));

    // THEN
    expect(comparable(lambda).map((e) => e.type)).toEqual(['telemetry', 'finding', 'decision', 'approval-requested', 'approval']);
    expect(lambda[lambda.length - 1]).toMatchObject({ data: { actorType: 'human', outcome: 'denied', runbookId }, message: expect.stringContaining(`${APPROVER.name} (${APPROVER.id})`) });
    expect(comparable(replay)).toEqual(comparable(lambda));
  });

  test('GIVEN an AUTO decision and the SSM Automation execution fails THEN the same run, failure and escalation', async () => {
    // GIVEN
    const incident = await triagedIncident();
    const investigation = await investigate(incident, AUTO_RESTART);
    expect(investigation.decision.outcome).toBe('AUTO');

    // WHEN record, then the remediation loop one step per invocation until done, then the outcome step
    const runId = `run-fail-${seq}`;
    await recorded(incident, investigation, runId);
    let step = await remediation({ action: 'plan', runId, incident, finding: investigation.reasoning.finding, approval: { automatic: true } });
    for (let i = 0; i < 5 && step.next.action !== 'done'; i++) step = await remediation({ action: 'step', incident, remediation: step });
    expect(step.next).toMatchObject({ action: 'done', outcome: 'failed', escalate: true });
    await outcome({ action: 'remediated', runId, incident: { id: incident.id }, remediation: step });
    const lambda = await lambdaTimeline(incident);
    const replay = await replayTimeline(incident, investigation, neverAnswers(TTL_MINUTES));

    // THEN
    expect(lambda.map((e) => e.type)).toEqual([
      'telemetry', 'finding', 'decision', 'runbook-started', 'runbook-failed', 'escalated-to-human', 'remediation-finished',
    ]);
    expect(comparable(replay)).toEqual(comparable(lambda));
  });
});
