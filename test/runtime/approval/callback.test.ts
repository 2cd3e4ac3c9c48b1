import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  blockActionsPayload, formBody, LONG_TASK_TOKEN, NOW, NOW_SECONDS, sign, signedHeaders, SIGNING_SECRET,
} from './fixtures';
import { StepFunctionsTaskCallback } from '../../../src/adapters/approval/step-functions-task-callback';
import { ApprovalActionId, approvalIdFor, handleSlackCallback, type ApprovalRecord, type SlackCallbackDeps, type SlackResponder } from '../../../src/runtime/approval';
import { InMemoryApprovalStore, InMemoryReplayCache } from '../../../src/runtime/local';

const sfn = mockClient(SFNClient);
const APPROVER = 'UA8RXUSPL';
const OTHER_APPROVER = 'U0SECOND1';
const OUTSIDER = 'U0OUTSIDE';
const approvalId = approvalIdFor(LONG_TASK_TOKEN);

let approvals: InMemoryApprovalStore;
let responses: Array<{ url: string; message: unknown }>;

function record(overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    approvalId,
    incidentId: 'inc-1',
    taskToken: LONG_TASK_TOKEN,
    runbookId: 'ecs-rollback-deployment',
    createdAt: '2026-03-10T11:55:00.000Z',
    expiresAt: '2026-03-10T12:55:00.000Z',
    ...overrides,
  };
}

function deps(overrides: Partial<SlackCallbackDeps> = {}): SlackCallbackDeps {
  const responder: SlackResponder = { respond: async (url, message) => { responses.push({ url, message }); } };
  return {
    signingSecret: SIGNING_SECRET,
    replayCache: new InMemoryReplayCache({ now: () => NOW }),
    allowList: [APPROVER, OTHER_APPROVER],
    approvals,
    callback: new StepFunctionsTaskCallback({ client: new SFNClient({ region: 'eu-west-1' }) }),
    now: NOW,
    responder,
    ...overrides,
  };
}

/** A click as Slack sends it: form body, signed at `ts` (default: now). */
function click(opts: { action?: 'approve' | 'deny'; user?: string; ts?: number; id?: string; secret?: string } = {}) {
  const body = formBody(blockActionsPayload({
    actionId: opts.action === 'deny' ? ApprovalActionId.DENY : ApprovalActionId.APPROVE,
    value: opts.id ?? approvalId,
    userId: opts.user ?? APPROVER,
    userName: opts.user === OTHER_APPROVER ? 'Second Person' : 'jtorrance',
  }));
  const ts = opts.ts ?? NOW_SECONDS;
  return { headers: signedHeaders(opts.secret ?? SIGNING_SECRET, ts, body), body };
}

beforeEach(async () => {
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
  approvals = new InMemoryApprovalStore();
  responses = [];
  await approvals.create(record());
});

describe('handleSlackCallback', () => {
  test('GIVEN a valid approve from a listed approver WHEN handled THEN SendTaskSuccess once with who approved, 200 with the replaced message', async () => {
    const res = await handleSlackCallback(click(), deps());

    expect(res.statusCode).toBe(200);
    expect(res.outcome).toBe('approved');
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskFailureCommand, 0);
    const sent = sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input;
    expect(sent.taskToken).toBe(LONG_TASK_TOKEN);
    expect(JSON.parse(sent.output!)).toEqual({
      approved: true,
      approvedBy: { id: APPROVER, name: 'jtorrance' },
      approvedAt: NOW.toISOString(),
      approvalId,
      incidentId: 'inc-1',
      runbookId: 'ecs-rollback-deployment',
    });
    const body = JSON.parse(res.body);
    expect(body.replace_original).toBe(true);
    expect(body.text).toMatch(/Approved: runbook ecs-rollback-deployment by jtorrance \(UA8RXUSPL\)/);
    expect(JSON.stringify(body.blocks)).not.toMatch(/"actions"/);
    expect(responses).toEqual([{ url: 'https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209', message: body }]);
    expect((await approvals.get(approvalId))?.decision).toEqual({ outcome: 'approved', by: { id: APPROVER, name: 'jtorrance' }, at: NOW.toISOString() });
  });

  test('GIVEN a base64-encoded body (as API Gateway may send it) THEN it verifies and approves', async () => {
    const c = click();
    const res = await handleSlackCallback({ headers: c.headers, body: Buffer.from(c.body).toString('base64'), isBase64Encoded: true }, deps());
    expect(res.outcome).toBe('approved');
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });

  test('GIVEN a deny THEN SendTaskFailure Denied naming who, once, and no success', async () => {
    const res = await handleSlackCallback(click({ action: 'deny' }), deps());
    expect(res).toMatchObject({ statusCode: 200, outcome: 'denied' });
    expect(sfn).toHaveReceivedCommandTimes(SendTaskFailureCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: LONG_TASK_TOKEN,
      error: 'Denied',
      cause: `denied by jtorrance (${APPROVER}) at ${NOW.toISOString()}`,
    });
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 0);
  });

  test('GIVEN a forged signature THEN 401 and no Step Functions call, nothing stored', async () => {
    const res = await handleSlackCallback(click({ secret: 'not-the-secret' }), deps());
    expect(res).toMatchObject({ statusCode: 401, outcome: 'bad-signature' });
    expect(sfn.calls()).toHaveLength(0);
    expect((await approvals.get(approvalId))?.decision).toBeUndefined();
  });

  test('GIVEN a forged deny body with a real approve signature THEN 401', async () => {
    const real = click();
    const forged = click({ action: 'deny' });
    const res = await handleSlackCallback({ headers: real.headers, body: forged.body }, deps());
    expect(res.statusCode).toBe(401);
    expect(sfn.calls()).toHaveLength(0);
  });

  test('GIVEN a stale request (captured 10 minutes ago) THEN 401 and no call', async () => {
    const res = await handleSlackCallback(click({ ts: NOW_SECONDS - 600 }), deps());
    expect(res).toMatchObject({ statusCode: 401, outcome: 'stale' });
    expect(sfn.calls()).toHaveLength(0);
  });

  test('GIVEN missing signature headers THEN 401', async () => {
    const res = await handleSlackCallback({ headers: {}, body: click().body }, deps());
    expect(res).toMatchObject({ statusCode: 401, outcome: 'missing-headers' });
  });

  test('GIVEN the same signed request replayed THEN the replay gets 401 and Step Functions is called once', async () => {
    const d = deps();
    const c = click();
    expect((await handleSlackCallback(c, d)).statusCode).toBe(200);
    const replay = await handleSlackCallback(c, d);
    expect(replay).toMatchObject({ statusCode: 401, outcome: 'replayed' });
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });

  test('GIVEN an approver not on the allow-list THEN 403, no call, no decision, and an ephemeral note', async () => {
    for (const action of ['approve', 'deny'] as const) {
      const res = await handleSlackCallback(click({ user: OUTSIDER, action }), deps());
      expect(res).toMatchObject({ statusCode: 403, outcome: 'not-allowed' });
    }
    expect(sfn.calls()).toHaveLength(0);
    expect((await approvals.get(approvalId))?.decision).toBeUndefined();
    expect(responses.every((r) => (r.message as { response_type?: string }).response_type === 'ephemeral')).toBe(true);
    // The request is still pending: a listed approver can still decide.
    expect((await handleSlackCallback(click({ ts: NOW_SECONDS - 1 }), deps())).outcome).toBe('approved');
  });

  test('GIVEN an empty allow-list THEN nobody can decide (fail closed)', async () => {
    const res = await handleSlackCallback(click(), deps({ allowList: [] }));
    expect(res.statusCode).toBe(403);
    expect(sfn.calls()).toHaveLength(0);
  });

  test('GIVEN a click from another workspace when teamId is set THEN 403', async () => {
    const res = await handleSlackCallback(click(), deps({ teamId: 'T0THEIRS' }));
    expect(res).toMatchObject({ statusCode: 403, outcome: 'not-allowed' });
    expect(sfn.calls()).toHaveLength(0);
  });

  test('GIVEN a double click (two distinct signed requests) THEN the second is a 200 no-op saying who decided', async () => {
    const first = await handleSlackCallback(click(), deps());
    const second = await handleSlackCallback(click({ ts: NOW_SECONDS + 1 }), deps());
    expect(first.outcome).toBe('approved');
    expect(second).toMatchObject({ statusCode: 200, outcome: 'already-decided' });
    expect(JSON.parse(second.body).text).toMatch(/Approved: .* by jtorrance/);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });

  test('GIVEN approve and deny by two approvers at the same moment THEN exactly one callback is sent', async () => {
    const results = await Promise.all([
      handleSlackCallback(click(), deps()),
      handleSlackCallback(click({ user: OTHER_APPROVER, action: 'deny', ts: NOW_SECONDS - 2 }), deps()),
      handleSlackCallback(click({ ts: NOW_SECONDS - 3 }), deps()),
    ]);
    expect(results.filter((r) => r.outcome === 'already-decided')).toHaveLength(2);
    expect(sfn.commandCalls(SendTaskSuccessCommand).length + sfn.commandCalls(SendTaskFailureCommand).length).toBe(1);
  });

  test('GIVEN a click after the request expired THEN 410 and the wait is failed with ApprovalExpired, once; never a success', async () => {
    approvals = new InMemoryApprovalStore();
    await approvals.create(record({ expiresAt: '2026-03-10T11:59:59.000Z' }));
    const res = await handleSlackCallback(click(), deps());
    expect(res).toMatchObject({ statusCode: 410, outcome: 'expired' });
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 0);
    expect(sfn).toHaveReceivedCommandTimes(SendTaskFailureCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, { error: 'ApprovalExpired' });
    const again = await handleSlackCallback(click({ ts: NOW_SECONDS - 5 }), deps());
    expect(again.outcome).toBe('already-decided');
    expect(sfn).toHaveReceivedCommandTimes(SendTaskFailureCommand, 1);
  });

  test('GIVEN an unknown approval id THEN 410 and no call', async () => {
    const res = await handleSlackCallback(click({ id: 'unknown-approval-0001' }), deps());
    expect(res).toMatchObject({ statusCode: 410, outcome: 'unknown-approval' });
    expect(sfn.calls()).toHaveLength(0);
  });

  test.each([
    ['a JSON body', () => JSON.stringify({ type: 'block_actions' })],
    ['a payload that is not JSON', () => 'payload=%7Bnot-json'],
    ['a view_submission', () => formBody({ type: 'view_submission', user: { id: APPROVER } })],
    ['another button', () => formBody(blockActionsPayload({ actionId: 'something-else', value: approvalId }))],
    ['a button value that is not an approval id', () => formBody(blockActionsPayload({ actionId: ApprovalActionId.APPROVE, value: '<script>' }))],
    ['an empty body', () => ''],
  ])('GIVEN a signed request with %s THEN 400 and no call', async (_label, makeBody) => {
    const body = makeBody();
    const res = await handleSlackCallback({ headers: signedHeaders(SIGNING_SECRET, NOW_SECONDS, body), body }, deps());
    expect(res).toMatchObject({ statusCode: 400, outcome: 'malformed' });
    expect(sfn.calls()).toHaveLength(0);
  });

  test('GIVEN the wait already timed out in Step Functions THEN 410 task-gone, decision kept', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' }));
    const res = await handleSlackCallback(click(), deps());
    expect(res).toMatchObject({ statusCode: 410, outcome: 'task-gone', error: 'task-timed-out' });
    expect((await approvals.get(approvalId))?.decision?.outcome).toBe('approved');
  });

  test('GIVEN Step Functions throttles THEN 503, the decision is released, and the next click succeeds once', async () => {
    sfn.on(SendTaskSuccessCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })).resolves({});
    const first = await handleSlackCallback(click(), deps());
    expect(first).toMatchObject({ statusCode: 503, outcome: 'callback-error', error: 'ThrottlingException' });
    expect((await approvals.get(approvalId))?.decision).toBeUndefined();
    const second = await handleSlackCallback(click({ ts: NOW_SECONDS + 2 }), deps());
    expect(second.outcome).toBe('approved');
    expect(sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 2);
  });

  test('GIVEN a responder that fails THEN the decision still stands', async () => {
    const res = await handleSlackCallback(click(), deps({ responder: { respond: async () => { throw new Error('response_url expired'); } } }));
    expect(res.outcome).toBe('approved');
  });

  test('the task token and the signing secret never appear in any response', async () => {
    const all = [
      await handleSlackCallback(click({ user: OUTSIDER }), deps()),
      await handleSlackCallback(click({ secret: 'x' }), deps()),
      await handleSlackCallback(click(), deps()),
      await handleSlackCallback(click({ ts: NOW_SECONDS + 3 }), deps()),
    ];
    for (const res of all) {
      const text = JSON.stringify(res);
      expect(text).not.toContain(LONG_TASK_TOKEN.slice(0, 40));
      expect(text).not.toContain(SIGNING_SECRET);
    }
    expect(JSON.stringify(responses)).not.toContain(LONG_TASK_TOKEN.slice(0, 40));
  });

  test('a signature header alone cannot be reused on another body even within the window', async () => {
    const c = click();
    const other = formBody(blockActionsPayload({ actionId: ApprovalActionId.APPROVE, value: approvalId, userId: OTHER_APPROVER }));
    const res = await handleSlackCallback({ headers: { ...c.headers, 'x-slack-signature': sign(SIGNING_SECRET, NOW_SECONDS, c.body) }, body: other }, deps());
    expect(res.statusCode).toBe(401);
  });
});
