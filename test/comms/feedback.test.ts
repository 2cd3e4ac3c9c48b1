/**
 * The Merge into… and Split… buttons end to end: the real notify and Slack callback handler modules, incidents,
 * learned records and the channel's recent threads on dynalite (started by this test), Secrets Manager mocked,
 * Slack's Web API and response URLs through a stubbed `fetch`. Every click is a block_actions payload shaped like
 * Slack's documented one, form-encoded and signed here with node:crypto like the approval tests sign theirs.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbIncidentStore } from '../../src/adapters/dynamodb-incident-store';
import { DynamoDbLearningStore } from '../../src/adapters/dynamodb-learning-store';
import { DynamoDbRecentThreads } from '../../src/adapters/dynamodb-recent-threads';
import { CommsEnv } from '../../src/comms/constants';
import { handler as notify } from '../../src/comms/notify.lambda';
import { handler as slackCallback } from '../../src/comms/slack-callback.lambda';
import { FEEDBACK_BLOCK_ID, FeedbackActionId } from '../../src/runtime/comms/feedback-message';
import { StoredLearnedCorrelation } from '../../src/runtime/learning';
import type { Incident, Signal } from '../../src/runtime/model';
import { blockActionsPayload, formBody, incident, signedHeaders } from '../runtime/approval/fixtures';
import { signal } from '../runtime/triage/signal-factory';
import { createIncidentTable, startDynalite, type LocalDynamo } from '../support/dynalite';

const TABLE = 'incidents';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:slack-AbCdEf';
const SIGNING_SECRET = 'feedback-signing-secret-0123456789abcdef';
const CHANNEL = 'CBR2V3XEX'; // the channel of the documented payload's container
const APPROVER = 'U0APPROVER';
const TEAM = 'T9TK3CUKW';

const secrets = mockClient(SecretsManagerClient);
let dynamo: LocalDynamo;
let incidents: DynamoDbIncidentStore;
let learned: StoredLearnedCorrelation;
let recent: DynamoDbRecentThreads;
const slackCalls: Array<{ url: string; body: any }> = [];
let nextTs = 1;

beforeAll(async () => {
  dynamo = await startDynalite();
  await createIncidentTable(dynamo.client, TABLE);
  incidents = new DynamoDbIncidentStore({ client: dynamo.client, tableName: TABLE });
  learned = new StoredLearnedCorrelation(new DynamoDbLearningStore({ client: dynamo.client, tableName: TABLE }));
  recent = new DynamoDbRecentThreads({ client: dynamo.client, tableName: TABLE });
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    [CommsEnv.TABLE_NAME]: TABLE,
    [CommsEnv.SLACK_SECRET_ARN]: SECRET_ARN,
    [CommsEnv.SLACK_CHANNEL_ID]: CHANNEL,
    [CommsEnv.APPROVER_ALLOW_LIST]: JSON.stringify([APPROVER]),
    [CommsEnv.SLACK_TEAM_ID]: TEAM,
  });
}, 30_000);

afterAll(async () => {
  await dynamo?.stop();
});

beforeEach(() => {
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN })
    .resolves({ SecretString: JSON.stringify({ botToken: 'xoxb-1111-2222-abcdefABCDEF', signingSecret: SIGNING_SECRET }) });
  slackCalls.length = 0;
  jest.spyOn(globalThis, 'fetch').mockImplementation((async (url: string, init: { body: string }) => {
    slackCalls.push({ url, body: JSON.parse(init.body) });
    const body = url.includes('chat.postMessage') ? { ok: true, channel: CHANNEL, ts: `1700000000.${String(nextTs++).padStart(6, '0')}` } : { ok: true };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as any);
});

afterEach(() => jest.restoreAllMocks());

let seconds = Math.floor(Date.now() / 1000);
/** A signed click as Slack's function URL request; each gets its own timestamp (a new signature, never a replay). */
function click(actionId: string, value: string, userId = APPROVER): LambdaFunctionURLEvent {
  const body = formBody(blockActionsPayload({ actionId, value, userId, userName: 'Ada Lovelace', teamId: TEAM }));
  return { headers: signedHeaders(SIGNING_SECRET, ++seconds, body), body, isBase64Encoded: false } as unknown as LambdaFunctionURLEvent;
}

function sample(id: string, fingerprint: string, service: string): Signal {
  return signal({ id, fingerprint, service, title: `${service} errors` });
}

/** GIVEN an open incident whose thread the notify handler started (so it is in the channel's recent threads). */
async function openIncident(id: string, fingerprints: string[], service: string): Promise<Incident> {
  const now = new Date().toISOString();
  const inc = incident({
    id,
    key: `service:${service}`,
    title: `${service}: errors`,
    status: 'open',
    services: [service],
    resources: [],
    timeline: [],
    firing: fingerprints,
    signalIds: fingerprints.map((f) => `${f}-sig`),
    signalCount: fingerprints.length,
    samples: fingerprints.map((f) => sample(`${f}-sig`, f, service)),
    openedAt: now,
    updatedAt: now,
    lastSignalAt: now,
    version: 1,
  });
  await incidents.createIncident(inc);
  await notify({ incident: inc, step: { kind: 'escalated', reason: 'nobody has it yet' } });
  return inc;
}

/** The buttons of the last message posted to the response URL. */
function lastMenuButtons(): Array<{ action_id: string; value: string }> {
  const reply = slackCalls.filter((c) => c.url.startsWith('https://hooks.slack.com')).at(-1)!.body;
  return reply.blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements);
}

describe('the Merge into… button', () => {
  test('GIVEN two open incidents in the channel WHEN an approver merges one into the other THEN the incidents change once and learning has the pair', async () => {
    const target = await openIncident('inc-fb-checkout', ['fp-checkout-5xx'], 'checkout');
    const source = await openIncident('inc-fb-payments', ['fp-payments-latency'], 'payments');
    // the first post of each thread carries the feedback buttons
    const first = slackCalls.filter((c) => c.url.endsWith('/chat.postMessage'))[0].body;
    expect(first.blocks.find((b: any) => b.block_id === FEEDBACK_BLOCK_ID).elements.map((e: any) => [e.action_id, e.value]))
      .toEqual([[FeedbackActionId.MERGE_MENU, target.id], [FeedbackActionId.SPLIT_MENU, target.id]]);
    expect((await recent.list(CHANNEL)).map((t) => t.incidentId)).toEqual(expect.arrayContaining([target.id, source.id]));

    // WHEN the approver opens the merge menu of the source THEN the target is offered
    const menu = await slackCallback(click(FeedbackActionId.MERGE_MENU, source.id));
    expect(menu.statusCode).toBe(200);
    const choice = lastMenuButtons().find((b) => JSON.parse(b.value).target === target.id)!;
    expect(JSON.parse(choice.value)).toEqual({ source: source.id, target: target.id });

    // AND picks it
    const merged = await slackCallback(click(choice.action_id, choice.value));
    expect(merged.statusCode).toBe(200);
    const s = (await incidents.getIncident(source.id))!;
    const t = (await incidents.getIncident(target.id))!;
    expect(s).toMatchObject({ status: 'resolved', mergedInto: target.id, firing: [] });
    expect(t.firing).toEqual(['fp-checkout-5xx', 'fp-payments-latency']);
    expect(t.services).toEqual(['checkout', 'payments']);
    expect(t.correlation).toEqual([expect.objectContaining({ rule: 'manual', fingerprint: 'fp-payments-latency', signalId: 'fp-payments-latency-sig' })]);
    expect(await learned.partners('fp-payments-latency', Date.now(), 5)).toEqual([{ fingerprint: 'fp-checkout-5xx', confidence: 1 }]);
    expect(await learned.partners('fp-checkout-5xx', Date.now(), 5)).toEqual([{ fingerprint: 'fp-payments-latency', confidence: 1 }]);

    // WHEN the same request is replayed THEN 401; WHEN clicked again THEN nothing changes twice
    const replay = click(choice.action_id, choice.value);
    expect((await slackCallback(replay)).statusCode).toBe(200);
    expect((await slackCallback(replay)).statusCode).toBe(401);
    expect((await incidents.getIncident(target.id))!.version).toBe(t.version);
    expect((await incidents.getIncident(source.id))!.version).toBe(s.version);
    const pair = (await new DynamoDbLearningStore({ client: dynamo.client, tableName: TABLE }).get('fp-payments-latency'))!;
    expect(pair.version).toBe(1);
  });

  test('GIVEN someone not on the approvers list WHEN they merge THEN 403 and nothing changes', async () => {
    const target = await openIncident('inc-fb-cart', ['fp-cart'], 'cart');
    const source = await openIncident('inc-fb-search', ['fp-search'], 'search');
    const value = JSON.stringify({ source: source.id, target: target.id });
    const refused = await slackCallback(click(`${FeedbackActionId.MERGE_INTO_PREFIX}0`, value, 'U0INTRUDER'));
    expect(refused.statusCode).toBe(403);
    expect(slackCalls.at(-1)!.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/approvers/) });
    expect((await incidents.getIncident(source.id))!.status).toBe('open');
    expect((await incidents.getIncident(target.id))!.version).toBe(target.version + 1); // the thread only
    expect(await learned.partners('fp-search', Date.now(), 5)).toEqual([]);
  });

  test('GIVEN a forged signature THEN 401 before anything is read', async () => {
    const event = click(FeedbackActionId.MERGE_MENU, 'inc-fb-checkout');
    const forged = { ...event, headers: { ...event.headers, 'x-slack-signature': `v0=${'0'.repeat(64)}` } };
    expect((await slackCallback(forged as LambdaFunctionURLEvent)).statusCode).toBe(401);
    expect(slackCalls).toHaveLength(0);
  });
});

describe('the Split… button', () => {
  test('GIVEN an incident with two fingerprints WHEN an approver splits one out THEN it stops firing there and learning vetoes the pair', async () => {
    const inc = await openIncident('inc-fb-split', ['fp-orders-5xx', 'fp-batch-lag'], 'orders');
    await learned.recordMerge(['fp-orders-5xx'], ['fp-batch-lag'], Date.now());
    expect(await learned.partners('fp-orders-5xx', Date.now(), 5)).toHaveLength(1);

    expect((await slackCallback(click(FeedbackActionId.SPLIT_MENU, inc.id))).statusCode).toBe(200);
    const buttons = lastMenuButtons();
    expect(buttons.map((b) => JSON.parse(b.value).fingerprint)).toEqual(['fp-orders-5xx', 'fp-batch-lag']);
    const out = buttons[1];
    const split = await slackCallback(click(out.action_id, out.value));
    expect(split.statusCode).toBe(200);
    const after = (await incidents.getIncident(inc.id))!;
    expect(after.firing).toEqual(['fp-orders-5xx']);
    expect(after.timeline.at(-1)).toMatchObject({ type: 'split', actor: `slack:${APPROVER}`, data: { fingerprint: 'fp-batch-lag' } });
    expect(await learned.partners('fp-orders-5xx', Date.now(), 5)).toEqual([]);
    expect(await learned.partners('fp-batch-lag', Date.now(), 5)).toEqual([]);

    // a second click changes nothing
    expect((await slackCallback(click(out.action_id, out.value))).statusCode).toBe(200);
    expect((await incidents.getIncident(inc.id))!.version).toBe(after.version);
  });
});
