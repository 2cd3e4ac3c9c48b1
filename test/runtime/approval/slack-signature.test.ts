import * as fc from 'fast-check';
import {
  blockActionsPayload, formBody, NOW, NOW_SECONDS, sign, SIGNING_SECRET, SLACK_DOC_BODY, SLACK_DOC_SECRET,
  SLACK_DOC_SIGNATURE, SLACK_DOC_TIMESTAMP,
} from './fixtures';
import { computeSlackSignature, headerValue, verifySlackRequest, type ReplayCache } from '../../../src/runtime/approval';
import { ApprovalActionId } from '../../../src/runtime/approval/message';
import { InMemoryReplayCache } from '../../../src/runtime/local';

const body = formBody(blockActionsPayload({ actionId: ApprovalActionId.APPROVE, value: 'appr_0123456789abcdef' }));

function request(overrides: { ts?: number; secret?: string; rawBody?: string | Buffer; signedBody?: string } = {}) {
  const ts = overrides.ts ?? NOW_SECONDS;
  return {
    headers: {
      'X-Slack-Request-Timestamp': String(ts),
      'X-Slack-Signature': sign(overrides.secret ?? SIGNING_SECRET, ts, overrides.signedBody ?? body),
    },
    rawBody: overrides.rawBody ?? body,
    signingSecret: SIGNING_SECRET,
    now: NOW,
  };
}

describe('computeSlackSignature', () => {
  test("GIVEN Slack's documented example THEN the documented signature", () => {
    expect(computeSlackSignature(SLACK_DOC_SECRET, SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY)).toBe(SLACK_DOC_SIGNATURE);
  });

  test("GIVEN Slack's documented example at its own time THEN verified", async () => {
    await expect(verifySlackRequest({
      headers: { 'x-slack-signature': SLACK_DOC_SIGNATURE, 'x-slack-request-timestamp': SLACK_DOC_TIMESTAMP },
      rawBody: SLACK_DOC_BODY,
      signingSecret: SLACK_DOC_SECRET,
      now: new Date(Number(SLACK_DOC_TIMESTAMP) * 1000 + 30_000),
    })).resolves.toEqual({ ok: true });
  });
});

describe('verifySlackRequest', () => {
  test('GIVEN a valid block_actions request THEN ok', async () => {
    await expect(verifySlackRequest(request())).resolves.toEqual({ ok: true });
  });

  test('GIVEN the body as bytes (a base64-decoded body) THEN ok', async () => {
    await expect(verifySlackRequest(request({ rawBody: Buffer.from(body, 'utf8') }))).resolves.toEqual({ ok: true });
  });

  test('GIVEN a signature made with another secret (forged) THEN bad-signature', async () => {
    await expect(verifySlackRequest(request({ secret: 'attacker-guess' }))).resolves.toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('GIVEN the right signature checked with the wrong secret THEN bad-signature', async () => {
    await expect(verifySlackRequest({ ...request(), signingSecret: `${SIGNING_SECRET}x` })).resolves.toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('GIVEN a tampered body (deny turned into approve) THEN bad-signature', async () => {
    const tampered = body.replace(encodeURIComponent(ApprovalActionId.APPROVE), encodeURIComponent(ApprovalActionId.DENY));
    expect(tampered).not.toBe(body);
    await expect(verifySlackRequest(request({ rawBody: tampered }))).resolves.toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('GIVEN a body with one byte appended THEN bad-signature', async () => {
    await expect(verifySlackRequest(request({ rawBody: `${body}&` }))).resolves.toEqual({ ok: false, reason: 'bad-signature' });
  });

  test('GIVEN a random well-formed signature THEN bad-signature', async () => {
    const r = request();
    await expect(verifySlackRequest({ ...r, headers: { ...r.headers, 'X-Slack-Signature': `v0=${'ab'.repeat(32)}` } }))
      .resolves.toEqual({ ok: false, reason: 'bad-signature' });
  });

  test.each([
    ['301 s old', -301, 'stale'],
    ['an hour old', -3600, 'stale'],
    ['301 s in the future', 301, 'stale'],
    ['a day in the future', 86400, 'stale'],
    ['exactly 300 s old', -300, 'ok'],
    ['exactly 300 s ahead', 300, 'ok'],
  ])('GIVEN a timestamp %s THEN %s', async (_label, offset, expected) => {
    const result = await verifySlackRequest(request({ ts: NOW_SECONDS + offset }));
    expect(result).toEqual(expected === 'ok' ? { ok: true } : { ok: false, reason: expected });
  });

  test('GIVEN a tighter tolerance THEN it applies', async () => {
    await expect(verifySlackRequest({ ...request({ ts: NOW_SECONDS - 61 }), toleranceSeconds: 60 })).resolves.toEqual({ ok: false, reason: 'stale' });
  });

  test('GIVEN a stale request signed correctly, re-signed with a new timestamp by someone without the secret THEN bad-signature', async () => {
    const old = request({ ts: NOW_SECONDS - 3600 });
    await expect(verifySlackRequest({ ...old, headers: { ...old.headers, 'X-Slack-Request-Timestamp': String(NOW_SECONDS) } }))
      .resolves.toEqual({ ok: false, reason: 'bad-signature' });
  });

  test.each([
    ['no signature', { 'X-Slack-Request-Timestamp': String(NOW_SECONDS) }],
    ['no timestamp', { 'X-Slack-Signature': sign(SIGNING_SECRET, NOW_SECONDS, body) }],
    ['no headers', {}],
    ['empty values', { 'X-Slack-Request-Timestamp': '', 'X-Slack-Signature': '' }],
  ])('GIVEN %s THEN missing-headers', async (_label, headers) => {
    await expect(verifySlackRequest({ ...request(), headers })).resolves.toEqual({ ok: false, reason: 'missing-headers' });
  });

  test.each([
    ['a non-numeric timestamp', { 'X-Slack-Request-Timestamp': 'yesterday', 'X-Slack-Signature': sign(SIGNING_SECRET, NOW_SECONDS, body) }],
    ['a fractional timestamp', { 'X-Slack-Request-Timestamp': `${NOW_SECONDS}.5`, 'X-Slack-Signature': sign(SIGNING_SECRET, NOW_SECONDS, body) }],
    ['a v1 signature', { 'X-Slack-Request-Timestamp': String(NOW_SECONDS), 'X-Slack-Signature': sign(SIGNING_SECRET, NOW_SECONDS, body).replace('v0=', 'v1=') }],
    ['a short signature', { 'X-Slack-Request-Timestamp': String(NOW_SECONDS), 'X-Slack-Signature': 'v0=abc' }],
    ['a non-hex signature', { 'X-Slack-Request-Timestamp': String(NOW_SECONDS), 'X-Slack-Signature': `v0=${'zz'.repeat(32)}` }],
  ])('GIVEN %s THEN malformed', async (_label, headers) => {
    await expect(verifySlackRequest({ ...request(), headers })).resolves.toEqual({ ok: false, reason: 'malformed' });
  });

  test('GIVEN header names in any case and repeated values THEN the first value is used', async () => {
    const r = request();
    const headers = { 'x-SLACK-request-TIMESTAMP': [r.headers['X-Slack-Request-Timestamp'], '0'], 'X-SLACK-SIGNATURE': r.headers['X-Slack-Signature'] };
    expect(headerValue(headers, 'x-slack-request-timestamp')).toBe(String(NOW_SECONDS));
    await expect(verifySlackRequest({ ...r, headers })).resolves.toEqual({ ok: true });
  });

  test('GIVEN an empty signing secret THEN it throws (a configuration error, never a pass)', async () => {
    await expect(verifySlackRequest({ ...request(), signingSecret: '' })).rejects.toThrow(/signingSecret/);
  });
});

describe('verifySlackRequest with a replay cache', () => {
  test('GIVEN the same valid request twice THEN the second is replayed', async () => {
    const replayCache = new InMemoryReplayCache({ now: () => NOW });
    await expect(verifySlackRequest({ ...request(), replayCache })).resolves.toEqual({ ok: true });
    await expect(verifySlackRequest({ ...request(), replayCache })).resolves.toEqual({ ok: false, reason: 'replayed' });
  });

  test('GIVEN the same request replayed concurrently 20 times THEN exactly one passes', async () => {
    const replayCache = new InMemoryReplayCache({ now: () => NOW });
    const results = await Promise.all(Array.from({ length: 20 }, () => verifySlackRequest({ ...request(), replayCache })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'replayed')).toHaveLength(19);
  });

  test('GIVEN forged and stale requests THEN the cache is never consulted (they cannot fill it)', async () => {
    const seen = jest.fn<Promise<boolean>, [string, number]>(async () => false);
    const replayCache: ReplayCache = { seen };
    await verifySlackRequest({ ...request({ secret: 'wrong' }), replayCache });
    await verifySlackRequest({ ...request({ ts: NOW_SECONDS - 1000 }), replayCache });
    await verifySlackRequest({ ...request(), headers: {}, replayCache });
    expect(seen).not.toHaveBeenCalled();
    await verifySlackRequest({ ...request(), replayCache });
    expect(seen).toHaveBeenCalledWith(sign(SIGNING_SECRET, NOW_SECONDS, body), NOW_SECONDS + 300);
  });

  test('GIVEN two different valid requests THEN both pass', async () => {
    const replayCache = new InMemoryReplayCache({ now: () => NOW });
    await expect(verifySlackRequest({ ...request(), replayCache })).resolves.toEqual({ ok: true });
    await expect(verifySlackRequest({ ...request({ ts: NOW_SECONDS - 1 }), replayCache })).resolves.toEqual({ ok: true });
  });

  test('GIVEN the in-memory cache past its capacity THEN expired keys go first and it stays bounded', async () => {
    let now = NOW;
    const cache = new InMemoryReplayCache({ now: () => now, maxEntries: 3 });
    await cache.seen('a', NOW_SECONDS + 10);
    now = new Date(NOW.getTime() + 60_000);
    for (const k of ['b', 'c', 'd']) await expect(cache.seen(k, NOW_SECONDS + 600)).resolves.toBe(false);
    await expect(cache.seen('a', NOW_SECONDS + 600)).resolves.toBe(false); // expired: forgotten
    await expect(cache.seen('d', NOW_SECONDS + 600)).resolves.toBe(true);
  });
});

describe('verifySlackRequest properties', () => {
  test('any body signed with the secret verifies; any one-byte change to it does not', async () => {
    await fc.assert(fc.asyncProperty(
      fc.uint8Array({ minLength: 1, maxLength: 512 }),
      fc.string({ minLength: 8, maxLength: 64 }),
      fc.nat(),
      async (bytes, secret, index) => {
        const raw = Buffer.from(bytes);
        const headers = { 'x-slack-request-timestamp': String(NOW_SECONDS), 'x-slack-signature': sign(secret, NOW_SECONDS, raw) };
        expect(await verifySlackRequest({ headers, rawBody: raw, signingSecret: secret, now: NOW })).toEqual({ ok: true });
        const changed = Buffer.from(raw);
        changed[index % changed.length] = (changed[index % changed.length] + 1) % 256;
        expect(await verifySlackRequest({ headers, rawBody: changed, signingSecret: secret, now: NOW })).toEqual({ ok: false, reason: 'bad-signature' });
      },
    ), { numRuns: 200 });
  });

  test('arbitrary header values never throw and never pass', async () => {
    await fc.assert(fc.asyncProperty(fc.string(), fc.string(), async (ts, sig) => {
      const result = await verifySlackRequest({ headers: { 'x-slack-request-timestamp': ts, 'x-slack-signature': sig }, rawBody: body, signingSecret: SIGNING_SECRET, now: NOW });
      expect(result.ok).toBe(false);
    }), { numRuns: 300 });
  });
});
