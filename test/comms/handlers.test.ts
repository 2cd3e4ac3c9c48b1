/**
 * The three comms handlers end to end: real handler modules, the approval store, replay cache and incident store on
 * dynalite (started by this test), Step Functions, Secrets Manager and SNS mocked with aws-sdk-client-mock, Slack's
 * Web API and response URLs through a stubbed `fetch`. Slack requests are signed here with node:crypto.
 */
import { createHmac } from 'crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DynamoDbApprovalStore } from '../../src/adapters/approval';
import { DynamoDbIncidentStore } from '../../src/adapters/dynamodb-incident-store';
import { handler as requestApproval } from '../../src/comms/approval-request.lambda';
import { CommsEnv } from '../../src/comms/constants';
import { handler as notify } from '../../src/comms/notify.lambda';
import { handler as slackCallback } from '../../src/comms/slack-callback.lambda';
import { approvalIdFor, ApprovalActionId } from '../../src/runtime/approval/message';
import { commsThreadOf } from '../../src/runtime/comms/thread';
import { blockActionsPayload, DECISION, finding, incident } from '../runtime/approval/fixtures';
import { createIncidentTable, startDynalite, type LocalDynamo } from '../support/dynalite';

const TABLE = 'incidents';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:slack-AbCdEf';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:summaries';
const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';
const BOT_TOKEN = 'xoxb-1111-2222-abcdefABCDEF';
const CHANNEL = 'C0123ABCD';
const APPROVER = 'U0APPROVER';
const TEAM = 'T9TK3CUKW';

const sfn = mockClient(SFNClient);
const secrets = mockClient(SecretsManagerClient);
const snsMock = mockClient(SNSClient);

let dynamo: LocalDynamo;
let incidents: DynamoDbIncidentStore;
let approvals: DynamoDbApprovalStore;
const slackCalls: Array<{ url: string; body: any; auth?: string }> = [];
let nextTs = 1;

beforeAll(async () => {
  dynamo = await startDynalite();
  await createIncidentTable(dynamo.client, TABLE);
  incidents = new DynamoDbIncidentStore({ client: dynamo.client, tableName: TABLE });
  approvals = new DynamoDbApprovalStore({ client: dynamo.client, tableName: TABLE });
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    [CommsEnv.TABLE_NAME]: TABLE,
    [CommsEnv.SLACK_SECRET_ARN]: SECRET_ARN,
    [CommsEnv.SLACK_CHANNEL_ID]: CHANNEL,
    [CommsEnv.APPROVAL_TTL_SECONDS]: '3600',
    [CommsEnv.APPROVER_ALLOW_LIST]: JSON.stringify([APPROVER]),
    [CommsEnv.SLACK_TEAM_ID]: TEAM,
    [CommsEnv.NOTIFY_TOPIC_ARN]: TOPIC_ARN,
  });
}, 30_000);

afterAll(async () => {
  await dynamo?.stop();
});

beforeEach(() => {
  sfn.reset();
  secrets.reset();
  snsMock.reset();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN })
    .resolves({ SecretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }) });
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
  snsMock.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });
  slackCalls.length = 0;
  jest.spyOn(globalThis, 'fetch').mockImplementation((async (url: string, init: { body: string; headers: Record<string, string> }) => {
    slackCalls.push({ url, body: JSON.parse(init.body), auth: init.headers.authorization });
    const body = url.includes('chat.postMessage')
      ? { ok: true, channel: CHANNEL, ts: `1700000000.${String(nextTs++).padStart(6, '0')}` }
      : { ok: true };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as any);
});

afterEach(() => jest.restoreAllMocks());

/** Sign like Slack: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the app's signing secret. */
function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`, 'utf8').digest('hex')}`;
}

/** A Lambda function URL event (payload format 2.0) as Slack's POST arrives, optionally base64-encoded. */
function functionUrlEvent(body: string, headers: Record<string, string>, base64 = false): LambdaFunctionURLEvent {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { 'host': 'abc123.lambda-url.us-east-1.on.aws', 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc123',
      domainName: 'abc123.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc123',
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'Slackbot 1.0' },
      requestId: `req-${now}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: base64,
  };
}

function click(opts: { approvalId: string; action?: 'approve' | 'deny'; userId?: string; teamId?: string; timestamp?: number; secret?: string; base64?: boolean }) {
  const payload = blockActionsPayload({
    actionId: opts.action === 'deny' ? ApprovalActionId.DENY : ApprovalActionId.APPROVE,
    value: opts.approvalId,
    userId: opts.userId ?? APPROVER,
    userName: 'Ada Lovelace',
    teamId: opts.teamId ?? TEAM,
  });
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return functionUrlEvent(body, {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(opts.secret ?? SIGNING_SECRET, timestamp, body),
  }, opts.base64);
}

let seq = 0;
/** GIVEN an open incident in the store and an approval request posted for it by the request handler. */
async function pendingApproval() {
  const inc = incident({ id: `inc-e2e-${++seq}` });
  await incidents.createIncident(inc);
  const taskToken = `AQCEAAAAKgAAAAMAAAAA-token-${seq}-${'x'.repeat(600)}`;
  const result = await requestApproval({ taskToken, incident: inc, finding: finding(), decision: DECISION });
  return { inc, taskToken, approvalId: result.approvalId };
}

describe('approval request handler', () => {
  test('GIVEN an incident without a thread WHEN a request is made THEN the token is stored, the request posted once, the thread recorded', async () => {
    const { inc, taskToken, approvalId } = await pendingApproval();
    expect(approvalId).toBe(approvalIdFor(taskToken));
    const stored = await approvals.get(approvalId);
    expect(stored).toMatchObject({ incidentId: inc.id, taskToken, runbookId: 'ecs-rollback-deployment', message: { channel: CHANNEL } });
    const posts = slackCalls.filter((c) => c.url.endsWith('/chat.postMessage'));
    expect(posts).toHaveLength(1);
    expect(posts[0].auth).toBe(`Bearer ${BOT_TOKEN}`);
    expect(posts[0].body.channel).toBe(CHANNEL);
    expect(JSON.stringify(posts[0].body)).not.toContain(taskToken);
    expect(JSON.stringify(posts[0].body)).toContain(approvalId);
    expect(commsThreadOf((await incidents.getIncident(inc.id))!, CHANNEL)).toEqual({ channel: CHANNEL, threadTs: stored!.message!.ts });

    // WHEN the task retries THEN nothing is posted again
    const again = await requestApproval({ taskToken, incident: inc, finding: finding(), decision: DECISION });
    expect(again).toMatchObject({ approvalId, posted: false });
    expect(slackCalls.filter((c) => c.url.endsWith('/chat.postMessage'))).toHaveLength(1);
  });

  test('GIVEN a payload that is not an APPROVE decision THEN it throws', async () => {
    await expect(requestApproval({ taskToken: 't', incident: incident(), finding: finding(), decision: { ...DECISION, outcome: 'AUTO' } }))
      .rejects.toThrow(/not APPROVE/);
    await expect(requestApproval({ incident: incident() })).rejects.toThrow();
  });
});

describe('Slack callback handler (function URL)', () => {
  test('GIVEN a correctly signed approve click WHEN handled THEN SendTaskSuccess once with the token, decision stored, message replaced', async () => {
    const { taskToken, approvalId, inc } = await pendingApproval();
    const res = await slackCallback(click({ approvalId }));
    expect(res).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(res.body as string)).toMatchObject({ replace_original: true });
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    const input = sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input;
    expect(input.taskToken).toBe(taskToken);
    expect(JSON.parse(input.output!)).toMatchObject({ approvalId, incidentId: inc.id, runbookId: 'ecs-rollback-deployment' });
    expect((await approvals.get(approvalId))!.decision).toMatchObject({ outcome: 'approved', by: { id: APPROVER } });
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN });
    expect(slackCalls.some((c) => c.url.startsWith('https://hooks.slack.com/actions/'))).toBe(true);
  });

  test('GIVEN the same signed request replayed THEN 401 and no second task response', async () => {
    const { approvalId } = await pendingApproval();
    const event = click({ approvalId });
    expect((await slackCallback(event)).statusCode).toBe(200);
    const replay = await slackCallback(event);
    expect(replay.statusCode).toBe(401);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });

  test('GIVEN a second, freshly signed click after the decision THEN 200 "already decided" and no second task response', async () => {
    const { approvalId } = await pendingApproval();
    await slackCallback(click({ approvalId }));
    const second = await slackCallback(click({ approvalId, action: 'deny', timestamp: Math.floor(Date.now() / 1000) - 1 }));
    expect(second.statusCode).toBe(200);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
  });

  test('GIVEN a base64-encoded body (as function URLs may send) THEN it is verified on the decoded bytes', async () => {
    const { approvalId } = await pendingApproval();
    expect((await slackCallback(click({ approvalId, action: 'deny', base64: true }))).statusCode).toBe(200);
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, { error: 'Denied' });
    expect((await approvals.get(approvalId))!.decision!.outcome).toBe('denied');
  });

  test.each([
    ['a wrong signing secret', { secret: 'not-the-signing-secret-at-all' }, 401],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 600 }, 401],
    ['a user not on the allow-list', { userId: 'U0STRANGER' }, 403],
    ['another workspace', { teamId: 'T0OTHER' }, 403],
  ])('GIVEN %s THEN %s-class refusal, no task response, no decision', async (_name, opts, status) => {
    const { approvalId } = await pendingApproval();
    const res = await slackCallback(click({ approvalId, ...opts }));
    expect(res.statusCode).toBe(status);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
    expect((await approvals.get(approvalId))!.decision).toBeUndefined();
  });

  test('GIVEN no signature headers THEN 401 before the store is read', async () => {
    const res = await slackCallback(functionUrlEvent('payload=%7B%7D', { 'content-type': 'application/x-www-form-urlencoded' }));
    expect(res.statusCode).toBe(401);
  });

  test('GIVEN Step Functions throttles THEN 503 and the decision is released so the person can click again', async () => {
    const { approvalId } = await pendingApproval();
    sfn.on(SendTaskSuccessCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })).resolves({});
    expect((await slackCallback(click({ approvalId }))).statusCode).toBe(503);
    expect((await approvals.get(approvalId))!.decision).toBeUndefined();
    expect((await slackCallback(click({ approvalId, timestamp: Math.floor(Date.now() / 1000) - 2 }))).statusCode).toBe(200);
  });
});

describe('notify handler', () => {
  test('GIVEN a step THEN it is posted in the incident thread (started and recorded on the first post), never emailed', async () => {
    const inc = incident({ id: 'inc-notify-1' });
    await incidents.createIncident(inc);
    const first = await notify({ incident: inc, step: { kind: 'opened' } });
    expect(first.ts).toBeDefined();
    const thread = commsThreadOf((await incidents.getIncident(inc.id))!, CHANNEL);
    expect(thread).toEqual({ channel: CHANNEL, threadTs: first.ts });

    // The state's copy of the incident has no thread; the handler reads the stored one.
    await notify({ incident: inc, step: { kind: 'escalated', reason: 'no answer within 1 hour' } });
    const posts = slackCalls.filter((c) => c.url.endsWith('/chat.postMessage'));
    expect(posts).toHaveLength(2);
    expect(posts[0].body.thread_ts).toBeUndefined();
    expect(posts[1].body.thread_ts).toBe(first.ts);
    expect(snsMock).not.toHaveReceivedCommand(PublishCommand);
  });

  test('GIVEN the resolved step THEN the final summary goes to the thread and to the email topic', async () => {
    const inc = incident({ id: 'inc-notify-2', status: 'resolved', resolvedAt: '2026-03-10T12:30:00.000Z' });
    await incidents.createIncident(inc);
    const out = await notify({ incident: inc, step: { kind: 'resolved' } });
    expect(out).toMatchObject({ incidentId: inc.id, kind: 'resolved', emailMessageId: 'sns-message-1' });
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC_ARN });
    const message = snsMock.commandCalls(PublishCommand)[0].args[0].input.Message!;
    expect(message).toContain('Time to resolve');
  });

  test('GIVEN an unknown step kind THEN it throws (validation), posting nothing', async () => {
    await expect(notify({ incident: incident(), step: { kind: 'exploded' } })).rejects.toThrow();
    expect(slackCalls).toHaveLength(0);
  });
});
