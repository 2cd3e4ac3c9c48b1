import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { StepFunctionsTaskCallback } from '../../../src/adapters/approval';
import { SecretReadError, SecretsManagerSecretReader, SnsEmailNotifier, snsSubject, type SecretsManagerGetClient, type SnsPublishClient } from '../../../src/adapters/comms';
import { formatFinalSummary, formatIncidentUpdate } from '../../../src/runtime/comms';
import { incident } from '../../runtime/approval/fixtures';

const sfn = mockClient(SFNClient);
beforeEach(() => sfn.reset());

describe('StepFunctionsTaskCallback', () => {
  const callback = () => new StepFunctionsTaskCallback({ client: new SFNClient({ region: 'eu-west-1' }) });

  test('GIVEN succeed THEN SendTaskSuccess with the JSON output', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    await expect(callback().succeed('token-1', { approved: true })).resolves.toEqual({ delivered: true });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'token-1', output: '{"approved":true}' });
  });

  test('GIVEN fail THEN SendTaskFailure with error and cause cut to the API limits', async () => {
    sfn.on(SendTaskFailureCommand).resolves({});
    await callback().fail('token-1', 'E'.repeat(300), 'c'.repeat(40_000));
    const input = sfn.commandCalls(SendTaskFailureCommand)[0].args[0].input;
    expect(input.error).toHaveLength(256);
    expect(input.cause).toHaveLength(32_768);
  });

  test.each([
    ['TaskTimedOut', 'task-timed-out'],
    ['TaskDoesNotExist', 'task-does-not-exist'],
    ['InvalidToken', 'invalid-token'],
  ])('GIVEN %s THEN not delivered (%s), no throw', async (name, reason) => {
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error(name), { name }));
    await expect(callback().succeed('token-1', {})).resolves.toEqual({ delivered: false, reason });
  });

  test('GIVEN throttling or access denied THEN it throws', async () => {
    sfn.on(SendTaskFailureCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(callback().fail('token-1', 'Denied', 'x')).rejects.toThrow('Rate exceeded');
  });
});

describe('SnsEmailNotifier', () => {
  function fakeSns() {
    const published: Array<{ TopicArn: string; Subject?: string; Message: string }> = [];
    const client: SnsPublishClient = { publish: async (input) => { published.push(input); return { MessageId: `m-${published.length}` }; } };
    return { client, published };
  }
  const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:aiops-incidents';

  test('GIVEN an update THEN one email: ASCII subject under 100 characters, plain body without Slack markup', async () => {
    const { client, published } = fakeSns();
    const notifier = new SnsEmailNotifier({ client, topicArn: TOPIC });
    const m = formatIncidentUpdate(incident({ title: 'Café <checkout> latency & errors\non two lines' }), { kind: 'opened' });
    await expect(notifier.post({ channel: 'ignored' }, m)).resolves.toEqual({ messageId: 'm-1' });
    expect(published[0].TopicArn).toBe(TOPIC);
    expect(published[0].Subject).toBe('[cdk-aiops] [P1] Cafe <checkout> latency & errors on two lines: opened');
    expect(published[0].Message).toContain('Incident opened on checkout: Café <checkout> latency & errors');
    expect(published[0].Message).not.toMatch(/&lt;|&amp;|\*|:rotating_light:/);
  });

  test('GIVEN update THEN another email marked as an update', async () => {
    const { client, published } = fakeSns();
    await new SnsEmailNotifier({ client, topicArn: TOPIC }).update({ channel: 'C', ts: '1' }, formatFinalSummary(incident(), { kpis: { timeToResolveSeconds: 600 } }));
    expect(published[0].Subject).toMatch(/^\[cdk-aiops\] Update: \[P1\]/);
    expect(published[0].Message).toContain('Time to resolve: 10m 00s');
  });

  test('GIVEN a huge body THEN it is cut under 256 KB', async () => {
    const { client, published } = fakeSns();
    await new SnsEmailNotifier({ client, topicArn: TOPIC }).post({ channel: '' }, { subject: 's', text: 'é'.repeat(300_000) });
    expect(Buffer.byteLength(published[0].Message, 'utf8')).toBeLessThanOrEqual(256 * 1024);
    expect(published[0].Message).toMatch(/cut to fit/);
  });

  test.each([
    ['', 'cdk-aiops notification'],
    ['\n\t', 'cdk-aiops notification'],
    ['x'.repeat(300), 'x'.repeat(99)],
    ['🔥 fire', 'fire'],
  ])('snsSubject(%j)', (input, expected) => {
    expect(snsSubject(input)).toBe(expected);
  });
});

describe('SecretsManagerSecretReader', () => {
  const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack-AbCdEf';

  test('GIVEN a string secret THEN its value, asked for the current version', async () => {
    const calls: unknown[] = [];
    const client: SecretsManagerGetClient = { getSecretValue: async (input) => { calls.push(input); return { SecretString: '{"botToken":"xoxb-1"}' }; } };
    await expect(new SecretsManagerSecretReader({ client }).readSecret(ARN)).resolves.toBe('{"botToken":"xoxb-1"}');
    expect(calls).toEqual([{ SecretId: ARN, VersionStage: 'AWSCURRENT' }]);
  });

  test('GIVEN a binary secret THEN it is decoded as UTF-8', async () => {
    const client: SecretsManagerGetClient = { getSecretValue: async () => ({ SecretBinary: new Uint8Array(Buffer.from('{"a":1}')) }) };
    await expect(new SecretsManagerSecretReader({ client }).readSecret(ARN)).resolves.toBe('{"a":1}');
  });

  test('GIVEN an AWS error or no value THEN SecretReadError naming the secret and the error only', async () => {
    const denied: SecretsManagerGetClient = { getSecretValue: async () => { throw Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }); } };
    await expect(new SecretsManagerSecretReader({ client: denied }).readSecret(ARN)).rejects.toThrow(new SecretReadError(ARN, 'AccessDeniedException'));
    const empty: SecretsManagerGetClient = { getSecretValue: async () => ({}) };
    await expect(new SecretsManagerSecretReader({ client: empty }).readSecret(ARN)).rejects.toThrow(/has no value/);
  });
});
