import { z } from 'zod';
import { ConfigError, EnvReader } from '../../../src/runtime/config';

describe('EnvReader', () => {
  const r = (env: Record<string, string>) => new EnvReader(env, 'test handler');

  test('a missing variable is a ConfigError naming it', () => {
    expect(() => r({}).required('X')).toThrow(new ConfigError('test handler: missing environment variable X', ['X']));
    expect(() => r({ A: '1' }).requireAll(['A', 'B', 'C'])).toThrow(expect.objectContaining({ name: 'ConfigError', variables: ['B', 'C'] }));
    expect(r({ X: '' }).optional('X')).toBeUndefined();
  });

  test('typed values, with the variable and the value in the message', () => {
    expect(r({ N: '3' }).positiveInt('N')).toBe(3);
    expect(() => r({ N: '0' }).positiveInt('N')).toThrow("test handler: N must be a positive whole number, got '0'");
    expect(r({}).oneOf('B', ['true', 'false'], 'true')).toBe('true');
    expect(() => r({ B: 'yes' }).oneOf('B', ['true', 'false'], 'true')).toThrow("B must be 'true' or 'false', got 'yes'");
    expect(r({ J: '["a"]' }).json('J', z.array(z.string()), [])).toEqual(['a']);
    expect(() => r({ J: '{' }).json('J', z.array(z.string()), [])).toThrow('test handler: J is not valid JSON');
    expect(() => r({ J: '[1]' }).json('J', z.array(z.string()), [])).toThrow(/J is invalid: 0: /);
  });
});
