import { inspect } from 'util';
import { CachingSecretReader, readSlackSecretField, SecretFormatError, type SecretReader } from '../../../src/runtime/comms';

const TOKEN = 'xoxb-1111-2222-secretvalue';

function counting(value: () => Promise<string>) {
  const calls: string[] = [];
  const reader: SecretReader = { readSecret: async (id) => { calls.push(id); return value(); } };
  return { reader, calls };
}

describe('CachingSecretReader', () => {
  test('GIVEN reads within the TTL THEN one call; after it THEN another', async () => {
    let now = 0;
    const { reader, calls } = counting(async () => JSON.stringify({ botToken: TOKEN }));
    const cached = new CachingSecretReader(reader, { ttlMs: 1000, now: () => new Date(now) });
    await cached.readSecret('arn:1');
    now = 999;
    await cached.readSecret('arn:1');
    expect(calls).toHaveLength(1);
    now = 1000;
    await cached.readSecret('arn:1');
    expect(calls).toHaveLength(2);
  });

  test('GIVEN concurrent reads THEN they share one call', async () => {
    const { reader, calls } = counting(async () => 'v');
    const cached = new CachingSecretReader(reader);
    await Promise.all(Array.from({ length: 10 }, () => cached.readSecret('arn:1')));
    expect(calls).toHaveLength(1);
  });

  test('GIVEN a failed read THEN it is not cached', async () => {
    let fail = true;
    const { reader, calls } = counting(async () => { if (fail) throw new Error('AccessDenied'); return 'v'; });
    const cached = new CachingSecretReader(reader);
    await expect(cached.readSecret('arn:1')).rejects.toThrow('AccessDenied');
    fail = false;
    await expect(cached.readSecret('arn:1')).resolves.toBe('v');
    expect(calls).toHaveLength(2);
  });

  test('GIVEN invalidate THEN the next read goes to the source', async () => {
    const { reader, calls } = counting(async () => 'v');
    const cached = new CachingSecretReader(reader);
    await cached.readSecret('arn:1');
    cached.invalidate('arn:1');
    await cached.readSecret('arn:1');
    expect(calls).toHaveLength(2);
  });

  test('the cached value does not show when the reader is logged or serialised', async () => {
    const cached = new CachingSecretReader(counting(async () => TOKEN).reader);
    await cached.readSecret('arn:1');
    expect(inspect(cached, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(cached)).not.toContain(TOKEN);
  });
});

describe('readSlackSecretField', () => {
  test('GIVEN the JSON secret THEN the field', async () => {
    const { reader } = counting(async () => JSON.stringify({ botToken: TOKEN, signingSecret: 'abcdefgh12345678' }));
    await expect(readSlackSecretField(reader, 'arn:1', 'botToken')).resolves.toBe(TOKEN);
    await expect(readSlackSecretField(reader, 'arn:1', 'signingSecret')).resolves.toBe('abcdefgh12345678');
  });

  test.each([
    ['not JSON', TOKEN, /is not a JSON object/],
    ['a wrong token shape', JSON.stringify({ botToken: `Bearer ${TOKEN}` }), /invalid field\(s\) botToken/],
    ['no such field', JSON.stringify({ signingSecret: 'abcdefgh12345678' }), /has no botToken/],
  ])('GIVEN %s THEN SecretFormatError that never shows the value', async (_label, value, message) => {
    const { reader } = counting(async () => value);
    const error = await readSlackSecretField(reader, 'arn:1', 'botToken').catch((e) => e);
    expect(error).toBeInstanceOf(SecretFormatError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('secretvalue');
    expect(error.message).not.toContain('abcdefgh12345678');
  });
});
