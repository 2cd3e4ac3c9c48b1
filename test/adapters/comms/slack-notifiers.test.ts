import { FakeSlack } from './fake-slack';
import {
  SlackApiError, SlackRateLimitedError, SlackResponseUrlResponder, SlackWebApiNotifier, SlackWebhookNotifier,
} from '../../../src/adapters/comms';
import { CachingSecretReader, formatIncidentUpdate, type SecretReader } from '../../../src/runtime/comms';
import { incident } from '../../runtime/approval/fixtures';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cdk-aiops/slack-AbCdEf';
const TOKEN = 'xoxb-1234-5678-s3cr3tT0k3nValue';
const ROTATED = 'xoxb-1234-5678-r0tat3dT0k3nValue';
const slack = new FakeSlack();
const message = formatIncidentUpdate(incident({ title: '<!channel> checkout & cart' }), { kind: 'opened' });

/** A secret store that counts reads and can rotate its value. */
class FakeSecrets implements SecretReader {
  reads = 0;
  constructor(public values: Record<string, unknown>) {}
  async readSecret(id: string): Promise<string> {
    if (id !== SECRET_ARN) throw new Error(`ResourceNotFoundException: ${id}`);
    this.reads++;
    return JSON.stringify(this.values);
  }
}

const waits: number[] = [];
const sleep = async (ms: number) => { waits.push(ms); };

function webApi(secrets: SecretReader, extra: Partial<ConstructorParameters<typeof SlackWebApiNotifier>[0]> = {}) {
  return new SlackWebApiNotifier({ secretArn: SECRET_ARN, secrets, baseUrl: `${slack.url}/api`, sleep, ...extra });
}

beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => { slack.reset(); waits.length = 0; });

describe('SlackWebApiNotifier against a local Slack', () => {
  test('GIVEN no thread THEN chat.postMessage starts one, with the bot token, escaped text and the blocks; the ts comes back', async () => {
    const posted = await webApi(new FakeSecrets({ botToken: TOKEN })).post({ channel: 'C0INCIDENT' }, message);
    expect(posted).toEqual({ channel: 'C0INCIDENT', ts: '1700000000.000001' });
    expect(slack.requests).toHaveLength(1);
    const req = slack.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/chat.postMessage');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = slack.json(0);
    expect(body.channel).toBe('C0INCIDENT');
    expect(body).not.toHaveProperty('thread_ts');
    expect(body.text).toContain('&lt;!channel&gt; checkout &amp; cart');
    expect(body.blocks).toEqual(message.blocks);
    expect(body.unfurl_links).toBe(false);
  });

  test('GIVEN the incident thread THEN the reply carries thread_ts', async () => {
    await webApi(new FakeSecrets({ botToken: TOKEN })).post({ channel: 'C0INCIDENT', threadTs: '1699999999.000100' }, message);
    expect(slack.json(0)).toMatchObject({ channel: 'C0INCIDENT', thread_ts: '1699999999.000100' });
  });

  test('GIVEN update THEN chat.update with channel and ts', async () => {
    await webApi(new FakeSecrets({ botToken: TOKEN })).update({ channel: 'C0INCIDENT', ts: '1700000000.000001' }, message);
    expect(slack.requests[0].path).toBe('/api/chat.update');
    expect(slack.json(0)).toMatchObject({ channel: 'C0INCIDENT', ts: '1700000000.000001', blocks: message.blocks });
  });

  test('GIVEN ok:false THEN SlackApiError with Slack\'s code, no retry', async () => {
    slack.script('/api/chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const error = await webApi(new FakeSecrets({ botToken: TOKEN })).post({ channel: 'C0GONE' }, message).catch((e) => e);
    expect(error).toBeInstanceOf(SlackApiError);
    expect(error).toMatchObject({ code: 'channel_not_found', operation: 'chat.postMessage' });
    expect(slack.requests).toHaveLength(1);
  });

  test('GIVEN 429 with Retry-After THEN it waits that long and retries, and the message is posted once', async () => {
    slack.script('/api/chat.postMessage',
      { status: 429, headers: { 'retry-after': '2' }, body: { ok: false, error: 'ratelimited' } },
      { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    const posted = await webApi(new FakeSecrets({ botToken: TOKEN })).post({ channel: 'C1', threadTs: '1.2' }, message);
    expect(posted.ts).toBeDefined();
    expect(waits).toEqual([2000, 1000]);
    expect(slack.requests).toHaveLength(3);
    expect(slack.requests.every((r) => JSON.parse(r.body).thread_ts === '1.2')).toBe(true);
  });

  test('GIVEN 429 beyond the retries or a Retry-After too long THEN SlackRateLimitedError', async () => {
    slack.script('/api/chat.postMessage', ...Array.from({ length: 3 }, () => ({ status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } })));
    await expect(webApi(new FakeSecrets({ botToken: TOKEN }), { maxRetries: 2 }).post({ channel: 'C1' }, message)).rejects.toBeInstanceOf(SlackRateLimitedError);
    expect(slack.requests).toHaveLength(3);
    slack.reset();
    slack.script('/api/chat.postMessage', { status: 429, headers: { 'retry-after': '120' }, body: { ok: false, error: 'ratelimited' } });
    await expect(webApi(new FakeSecrets({ botToken: TOKEN })).post({ channel: 'C1' }, message)).rejects.toThrow(/retry after 120 s/);
    expect(slack.requests).toHaveLength(1);
  });

  test('GIVEN the token was rotated (invalid_auth) THEN the secret is read again and the call retried once with the new token', async () => {
    const secrets = new FakeSecrets({ botToken: TOKEN });
    const cached = new CachingSecretReader(secrets);
    const notifier = webApi(cached);
    await notifier.post({ channel: 'C1' }, message);
    await notifier.post({ channel: 'C1' }, message);
    expect(secrets.reads).toBe(1);
    secrets.values = { botToken: ROTATED };
    slack.script('/api/chat.postMessage', { body: { ok: false, error: 'invalid_auth' } });
    await notifier.post({ channel: 'C1' }, message);
    expect(secrets.reads).toBe(2);
    expect(slack.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${ROTATED}`]);
  });

  test('GIVEN a non-JSON answer (a proxy error page) THEN SlackApiError unexpected_response', async () => {
    slack.script('/api/chat.postMessage', { status: 502, body: '<html>Bad gateway</html>' });
    await expect(webApi(new FakeSecrets({ botToken: TOKEN })).post({ channel: 'C1' }, message)).rejects.toMatchObject({ code: 'unexpected_response', status: 502 });
  });

  test('GIVEN a secret without a bot token THEN it fails before calling Slack', async () => {
    await expect(webApi(new FakeSecrets({ webhookUrl: `${slack.url}/hook` })).post({ channel: 'C1' }, message)).rejects.toThrow(/has no botToken/);
    expect(slack.requests).toHaveLength(0);
  });
});

describe('SlackWebhookNotifier against a local Slack', () => {
  const hook = () => `${slack.url}/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX`;

  test('GIVEN a post THEN the webhook URL from the secret gets text and blocks; no ts comes back', async () => {
    const notifier = new SlackWebhookNotifier({ secretArn: SECRET_ARN, secrets: new FakeSecrets({ webhookUrl: hook() }), sleep });
    await expect(notifier.post({ channel: 'ignored' }, message)).resolves.toEqual({});
    expect(slack.requests[0].path).toBe('/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX');
    expect(slack.json(0)).toEqual({ text: expect.stringContaining('&lt;!channel&gt;'), blocks: message.blocks });
    await notifier.update({ channel: 'C1', ts: '1.1' }, message);
    expect(slack.requests).toHaveLength(2);
  });

  test('GIVEN a webhook error THEN SlackApiError with the code, never the URL', async () => {
    slack.script('/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX', { status: 404, body: 'no_service' });
    const error = await new SlackWebhookNotifier({ secretArn: SECRET_ARN, secrets: new FakeSecrets({ webhookUrl: hook() }), sleep })
      .post({ channel: 'C1' }, message).catch((e) => e);
    expect(error).toMatchObject({ code: 'no_service', status: 404 });
    expect(String(error.message)).not.toContain('XXXXXXXX');
  });

  test('GIVEN 429 THEN it retries after Retry-After', async () => {
    slack.script('/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX', { status: 429, headers: { 'retry-after': '3' }, body: 'rate_limited' });
    await new SlackWebhookNotifier({ secretArn: SECRET_ARN, secrets: new FakeSecrets({ webhookUrl: hook() }), sleep }).post({ channel: 'C1' }, message);
    expect(waits).toEqual([3000]);
    expect(slack.requests).toHaveLength(2);
  });
});

describe('SlackResponseUrlResponder', () => {
  test('GIVEN an allowed origin THEN it posts the replacement', async () => {
    await new SlackResponseUrlResponder({ allowedOrigins: [slack.url] }).respond(`${slack.url}/actions/A1/1/abc`, { replace_original: true, text: 'done' });
    expect(slack.json(0)).toEqual({ replace_original: true, text: 'done' });
  });

  test('GIVEN any other origin THEN it refuses without a request', async () => {
    await expect(new SlackResponseUrlResponder().respond(`${slack.url}/actions/A1/1/abc`, { text: 'x' })).rejects.toThrow(/not allowed/);
    await expect(new SlackResponseUrlResponder().respond('not a url', { text: 'x' })).rejects.toThrow(/not a URL/);
    expect(slack.requests).toHaveLength(0);
  });
});

describe('secrets never leak', () => {
  test('GIVEN successes and every kind of failure THEN the token is in no log line, error, env var or serialised notifier', async () => {
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); }));
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => { logged.push(String(chunk)); return true; });
    try {
      const notifier = webApi(new CachingSecretReader(new FakeSecrets({ botToken: TOKEN, webhookUrl: `${slack.url}/services/SECRETHOOK` })));
      await notifier.post({ channel: 'C1' }, message);
      slack.script('/api/chat.postMessage', { body: { ok: false, error: 'not_in_channel' } }, { status: 500, body: `echo ${TOKEN}` });
      const errors = [
        await notifier.post({ channel: 'C1' }, message).catch((e) => e),
        await notifier.post({ channel: 'C1' }, message).catch((e) => e),
        await new SlackWebhookNotifier({ secretArn: SECRET_ARN, secrets: new FakeSecrets({ webhookUrl: 'http://127.0.0.1:1/services/SECRETHOOK' }), sleep, timeoutMs: 2000 })
          .post({ channel: 'C1' }, message).catch((e) => e),
      ];
      expect(errors.map((e) => e.name)).toEqual(['SlackApiError', 'SlackApiError', 'SlackNetworkError']);
      for (const e of errors) {
        expect(e).toHaveProperty('message');
        expect(`${e.message} ${e.stack} ${JSON.stringify(e)}`).not.toContain(TOKEN);
        expect(`${e.message} ${JSON.stringify(e)}`).not.toContain('SECRETHOOK');
      }
      expect(JSON.stringify(notifier)).not.toContain(TOKEN);
      expect(JSON.stringify(process.env)).not.toContain(TOKEN);
      expect(logged.join('\n')).not.toContain(TOKEN);
    } finally {
      spies.forEach((s) => s.mockRestore());
      stdout.mockRestore();
    }
  });
});
