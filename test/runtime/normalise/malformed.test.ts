import { outcomeProblem } from './arbitraries';
import { fixtureCopy, normalise, oneSignal, rejectionOf } from './helpers';
import { DEFAULT_MAX_BYTES, normaliseEvent } from '../../../src/runtime/normalise';

const ALARM = 'events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json';

describe('inputs that are not events', () => {
  test.each([
    [null, 'the input must be an event object; got null'],
    [undefined, 'expected a JSON event object; got undefined'],
    [42, 'the input must be an event object; got 42'],
    [true, 'the input must be an event object; got true'],
    ['hello', 'the input is a string that is not JSON: "hello"'],
    ['', 'the input is a string that is not JSON: ""'],
    ['"just a string"', 'the input must be an event object; got "just a string"'],
    [[], 'the input is an array of 0; expected one event object (pass each entry separately)'],
    [() => 1, 'expected a JSON event object; got function'],
    [Symbol('x'), 'expected a JSON event object; got symbol'],
    [10n, 'the input is a BigInt, which is not JSON'],
    [NaN, 'the input must be an event object; got null'],
  ])('%p → malformed', (input, reason) => {
    expect(rejectionOf(input)).toEqual({ code: 'malformed', reason });
  });

  test('an object of unknown shape is unsupported, naming its keys', () => {
    expect(rejectionOf({ hello: 'world', n: 1 }, { input: 'in.json#3' })).toEqual({
      code: 'unsupported',
      input: 'in.json#3',
      reason: expect.stringMatching(/^the input is not a recognised event: .* got an object with keys "hello", "n"$/),
    });
  });

  test('a JSON string of an event is read as the event', () => {
    expect(oneSignal(JSON.stringify(fixtureCopy(ALARM))).fingerprint).toBe('cloudwatch-alarm:123456789012:us-east-1:ServerCpuTooHigh');
  });

  test('odd options fall back to defaults', () => {
    const event = fixtureCopy(ALARM);
    expect(normalise(event, { maxBytes: -1 }).ok).toBe(true);
    expect(normalise(event, { maxBytes: Number.NaN }).ok).toBe(true);
    expect(normalise(event, { input: 42 as unknown as string }).ok).toBe(true);
    expect(normalise(event, null as unknown as undefined).ok).toBe(true);
  });
});

describe('known events with bad fields', () => {
  test.each([
    [(e: any) => { e.detail = null; }, 'malformed', 'CloudWatch Alarm State Change: detail must be an object; got null'],
    [(e: any) => { delete e.detail; }, 'malformed', 'CloudWatch Alarm State Change: detail must be an object; got nothing'],
    [(e: any) => { e.detail = 'ALARM'; }, 'malformed', 'CloudWatch Alarm State Change: detail must be an object; got "ALARM"'],
    [(e: any) => { e.detail.alarmName = 42; }, 'malformed', 'CloudWatch Alarm State Change: detail.alarmName must be a string; got 42'],
    [(e: any) => { e.detail.alarmName = ''; }, 'malformed', 'CloudWatch Alarm State Change: detail.alarmName must not be empty; got ""'],
    [(e: any) => { e.detail.state = 'ALARM'; }, 'malformed', 'CloudWatch Alarm State Change: detail.state must be an object; got "ALARM"'],
    [(e: any) => { delete e.detail.state; }, 'malformed', 'CloudWatch Alarm State Change: detail.state is required'],
    [(e: any) => { e.detail.state.timestamp = 'yesterday'; e.time = 'soon'; }, 'malformed',
      'CloudWatch Alarm State Change: no usable time (state timestamp and envelope time are missing or not dates)'],
    [(e: any) => { e['detail-type'] = 'EC2 Instance State-change Notification'; e.source = 'aws.ec2'; }, 'unsupported',
      'no normaliser for source "aws.ec2" with detail-type "EC2 Instance State-change Notification"'],
    [(e: any) => { e.source = 42; }, 'malformed', 'EventBridge event: source and detail-type must be non-empty strings; got number and "CloudWatch Alarm State Change"'],
    [(e: any) => { e.source = 'aws.synthetics'; }, 'unsupported',
      'detail-type "CloudWatch Alarm State Change" is expected from source "aws.cloudwatch", not "aws.synthetics"'],
  ])('%s', (edit, code, reason) => {
    const event = fixtureCopy(ALARM);
    edit(event);
    expect(rejectionOf(event)).toMatchObject({ code, reason });
  });

  test('optional fields of the wrong type are dropped, not fatal', () => {
    const event = fixtureCopy(ALARM);
    event.detail.configuration.description = { not: 'a string' };
    event.detail.previousState = 7;
    event.resources = 'nope';
    const signal = oneSignal(event);
    expect(signal.labels?.previousState).toBeUndefined();
    expect(signal.state).toBe('firing');
  });

  test('over-long optional text is truncated, never rejected', () => {
    const event = fixtureCopy(ALARM);
    event.detail.alarmName = `ServerCpuTooHigh-${'é'.repeat(5000)}`;
    event.detail.configuration.description = '🔥'.repeat(20_000);
    event.detail.state.reason = 'r'.repeat(50_000);
    const signal = oneSignal(event);
    expect(signal.title.length).toBeLessThanOrEqual(512);
    expect(signal.title.endsWith('…')).toBe(true);
    expect(signal.description!.length).toBeLessThanOrEqual(4096);
    expect(Object.values(signal.labels ?? {}).every((v) => v.length <= 256)).toBe(true);
    expect(signal.raw.excerpt.length).toBeLessThanOrEqual(2048);
  });

  test('unicode, RTL and lone surrogates in names survive', () => {
    const event = fixtureCopy(ALARM);
    event.detail.alarmName = 'עומס-CPU-🔥-\ud800-名前';
    const signal = oneSignal(event);
    expect(signal.fingerprint).toBe('cloudwatch-alarm:123456789012:us-east-1:עומס-CPU-🔥-\ud800-名前');
  });

  test('a Lambda SNS event without records, or with a non-SNS record, is rejected', () => {
    expect(rejectionOf({ Records: [] })).toMatchObject({ code: 'malformed', reason: 'Records is empty: no SNS record to normalise' });
    expect(rejectionOf({ Records: [{ eventSource: 'aws:sqs', body: '{}' }] })).toMatchObject({
      code: 'unsupported', reason: 'Records[0] is not an SNS record (eventSource "aws:sqs"); only Lambda SNS events are read from Records',
    });
  });

  test('an SNS message that is plain text, or JSON of no known shape', () => {
    expect(rejectionOf({ Type: 'Notification', MessageId: 'm', Message: 'hello there' })).toMatchObject({
      code: 'unsupported', reason: expect.stringContaining('Message must be a JSON document; got "hello there"'),
    });
    expect(rejectionOf({ Type: 'Notification', MessageId: 'm', Message: '{"a":1}' })).toMatchObject({
      code: 'unsupported', reason: expect.stringMatching(/^Message is not a recognised event/),
    });
    expect(rejectionOf({ Type: 'Notification', MessageId: 'm', Message: 12 })).toMatchObject({
      code: 'malformed', reason: 'SNS notification: Message must be a JSON string or an object; got number',
    });
  });

  test('a PutEvents entry whose Detail is not JSON', () => {
    expect(rejectionOf({ Source: 'x', DetailType: 'AWS Health Event', Detail: '{nope' })).toMatchObject({
      code: 'malformed', reason: 'PutEvents entry: Detail must be a JSON document; got "{nope"', eventSource: 'x', detailType: 'AWS Health Event',
    });
  });
});

describe('size, depth, cycles and hostile objects', () => {
  test('a 5 MB event is too-large, without serialising it', () => {
    const event = fixtureCopy(ALARM);
    event.detail.configuration.description = 'x'.repeat(5 * 1024 * 1024);
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      expect(rejectionOf(event)).toEqual({
        code: 'too-large', reason: `the event is more than ${DEFAULT_MAX_BYTES} bytes of JSON; the limit is ${DEFAULT_MAX_BYTES} bytes`,
      });
      expect(stringify).not.toHaveBeenCalledWith(event);
    } finally {
      stringify.mockRestore();
    }
  });

  test('5 MB of many small fields is too-large, the walk stops early', () => {
    const event = fixtureCopy(ALARM);
    event.detail.configuration.metrics = Array.from({ length: 100_000 }, (_, i) => ({ id: `m${i}`, returnData: false, label: 'l'.repeat(40) }));
    expect(rejectionOf(event).code).toBe('too-large');
  });

  test('a 5 MB JSON string is too-large before parsing', () => {
    const text = JSON.stringify({ ...fixtureCopy(ALARM), pad: 'p'.repeat(5 * 1024 * 1024) });
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(rejectionOf(text).code).toBe('too-large');
      expect(parse).not.toHaveBeenCalledWith(text);
    } finally {
      parse.mockRestore();
    }
  });

  test('maxBytes applies, with the exact size in the reason once measured', () => {
    const event = fixtureCopy(ALARM);
    expect(rejectionOf(event, { maxBytes: 100 }).reason).toBe('the event is more than 100 bytes of JSON; the limit is 100 bytes');
    const bytes = oneSignal(event).raw.bytes;
    expect(normalise(event, { maxBytes: bytes }).ok).toBe(true);
    expect(rejectionOf(event, { maxBytes: bytes - 1 }).code).toBe('too-large');
  });

  test('deep nesting is rejected, in objects and in JSON carried by strings', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const event = fixtureCopy(ALARM);
    event.detail.configuration = deep;
    expect(rejectionOf(event)).toMatchObject({ code: 'too-large', reason: expect.stringMatching(/^detail\.configuration(\.d)+ is nested more than 64 levels deep/) });

    const sns = fixtureCopy('events/cloudwatch/sns-wrapped-alarm-single-metric.json');
    sns.Records[0].Sns.Message = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect(rejectionOf(sns)).toMatchObject({ code: 'too-large', reason: expect.stringContaining('Records[0].Sns.Message: nested more than 64 levels deep') });
  });

  test('a cyclic object is malformed, naming where the cycle is', () => {
    const event = fixtureCopy(ALARM);
    event.detail.configuration.self = event.detail;
    expect(rejectionOf(event)).toEqual({
      code: 'malformed', reason: 'detail.configuration.self refers back to an enclosing object (a cycle), which is not JSON',
    });
  });

  test('a shared (non-cyclic) object is fine', () => {
    const event = fixtureCopy(ALARM);
    const shared = { InstanceId: 'i-12345678901234567' };
    event.detail.configuration.metrics[0].metricStat.metric.dimensions = shared;
    event.detail.configuration.other = shared;
    expect(oneSignal(event).resource.id).toBe('i-12345678901234567');
  });

  test('getters, proxies and toJSON that throw become rejections', () => {
    const event = fixtureCopy(ALARM);
    Object.defineProperty(event.detail, 'alarmName', { enumerable: true, get() { throw new Error('boom'); } });
    expect(rejectionOf(event)).toEqual({ code: 'malformed', reason: 'detail.alarmName could not be read: boom' });

    const proxy = new Proxy({}, { ownKeys() { throw new Error('no keys'); } });
    expect(rejectionOf(proxy)).toEqual({ code: 'malformed', reason: 'the input could not be read as JSON: no keys' });

    const hostile = { toJSON() { throw new Error('nope'); } };
    expect(rejectionOf(hostile)).toEqual({ code: 'malformed', reason: 'the input could not be read as JSON: nope' });

    const weird = { toJSON() { return { toJSON() { throw Object.create(null); } }; } };
    expect(rejectionOf(weird).code).toBe('malformed');
  });

  test('binary data is malformed', () => {
    expect(rejectionOf({ detail: new Uint8Array(10) })).toEqual({ code: 'malformed', reason: 'detail is binary data, not JSON' });
  });

  test('normaliseEvent itself never throws on these', () => {
    const inputs: unknown[] = [null, undefined, {}, [], Object.create(null), new Map(), new Date(0), /re/, new Error('e'), globalThis];
    for (const input of inputs) {
      expect(() => normaliseEvent(input)).not.toThrow();
      expect(outcomeProblem(normaliseEvent(input))).toBeUndefined();
    }
  });
});
