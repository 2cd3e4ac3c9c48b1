/**
 * The one way handlers read their configuration: a small, pure reader over an environment record (`process.env` in
 * Lambda, a plain object in tests). Every reader throws a `ConfigError` naming the variable, so a misconfigured
 * function fails at its cold start, loudly. Variable names come from the constants modules, never from here.
 */
import type { z } from 'zod';

/** An environment: `process.env` or a plain record. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A variable is missing or invalid. `variables` names every one at fault; the message never quotes a secret. */
export class ConfigError extends Error {
  constructor(message: string, public readonly variables: readonly string[]) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads typed values from `env`; `who` starts every message (`agent handler: missing environment variable X`). */
export class EnvReader {
  constructor(private readonly env: Env, private readonly who: string) {}

  /** The raw value; undefined when unset or empty. */
  public optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  public required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw new ConfigError(`${this.who}: missing environment variable ${name}`, [name]);
    return value;
  }

  /** Checks several at once, naming every missing one. */
  public requireAll(names: readonly string[]): void {
    const missing = names.filter((name) => this.optional(name) === undefined);
    if (missing.length > 0) throw new ConfigError(`${this.who}: missing environment variable(s) ${missing.join(', ')}`, missing);
  }

  /** A whole number ≥ 1, or undefined when unset. */
  public positiveInt(name: string, what = 'a positive whole number'): number | undefined {
    return this.number(name, (v) => Number.isInteger(v) && v >= 1, `must be ${what}`);
  }

  /** A number passing `valid`, or undefined when unset. */
  public number(name: string, valid: (value: number) => boolean, rule: string): number | undefined {
    const text = this.optional(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || !valid(value)) throw this.invalid(name, `${rule}, got '${text}'`);
    return value;
  }

  /** One of `choices`, or `fallback` when unset. */
  public oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const text = this.env[name] ?? fallback;
    if (!(choices as readonly string[]).includes(text)) throw this.invalid(name, `must be ${choices.map((c) => `'${c}'`).join(' or ')}, got '${text}'`);
    return text as T;
  }

  /** JSON validated by `schema`, or `fallback` when unset. */
  public json<T>(name: string, schema: z.ZodType<T>, fallback: T): T {
    const text = this.optional(name);
    if (text === undefined) return fallback;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw this.invalid(name, 'is not valid JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw this.invalid(name, `is invalid: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    return parsed.data;
  }

  /** An error for `name`, worded `${who}: ${name} ${rule}`. */
  public invalid(name: string, rule: string): ConfigError {
    return new ConfigError(`${this.who}: ${name} ${rule}`, [name]);
  }
}
