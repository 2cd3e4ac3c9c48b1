import * as z from 'zod';
import type { SecretReader } from './ports';

export interface CachingSecretReaderOptions {
  /** How long a value is reused before it is read again. @default 300_000 (5 minutes) */
  readonly ttlMs?: number;
  /** Clock (injected in tests). @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * A SecretReader that keeps each value for `ttlMs`, so a warm Lambda does not call Secrets Manager per message,
 * and concurrent reads of one secret share one call. Failed reads are not cached. Values live in an ES private
 * field: they do not show in `JSON.stringify`, `util.inspect` or a logged object.
 */
export class CachingSecretReader implements SecretReader {
  readonly #inner: SecretReader;
  readonly #ttlMs: number;
  readonly #now: () => Date;
  readonly #cache = new Map<string, { value: Promise<string>; expiresAt: number }>();

  constructor(inner: SecretReader, options: CachingSecretReaderOptions = {}) {
    this.#inner = inner;
    this.#ttlMs = options.ttlMs ?? 300_000;
    this.#now = options.now ?? (() => new Date());
  }

  public readSecret(secretId: string): Promise<string> {
    const now = this.#now().getTime();
    const hit = this.#cache.get(secretId);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = this.#inner.readSecret(secretId);
    const entry = { value, expiresAt: now + this.#ttlMs };
    this.#cache.set(secretId, entry);
    value.catch(() => {
      if (this.#cache.get(secretId) === entry) this.#cache.delete(secretId);
    });
    return value;
  }

  public invalidate(secretId: string): void {
    this.#cache.delete(secretId);
    this.#inner.invalidate?.(secretId);
  }
}

/**
 * The Slack secret's value: a JSON object in one Secrets Manager secret. Each adapter needs only its own field.
 *
 * ```json
 * { "botToken": "xoxb-…", "signingSecret": "…", "webhookUrl": "https://hooks.slack.com/services/…" }
 * ```
 */
export const SlackSecretSchema = z.object({
  /** Bot token for the Web API (`chat.postMessage`, `chat.update`). */
  botToken: z.string().regex(/^xox[bpe]-[A-Za-z0-9-]+$/).optional(),
  /** The app's signing secret, to verify interaction callbacks. */
  signingSecret: z.string().min(8).optional(),
  /** An incoming webhook URL. */
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type SlackSecret = z.infer<typeof SlackSecretSchema>;

/** Thrown when a secret cannot be used. Its message names the secret and the fields at fault, never the value. */
export class SecretFormatError extends Error {
  constructor(secretId: string, problem: string) {
    super(`secret ${secretId}: ${problem}`);
    this.name = 'SecretFormatError';
  }
}

/** Read the Slack secret and return the one field a caller needs; SecretFormatError (without the value) otherwise. */
export async function readSlackSecretField<K extends keyof SlackSecret>(
  reader: SecretReader,
  secretId: string,
  field: K,
): Promise<NonNullable<SlackSecret[K]>> {
  const raw = await reader.readSecret(secretId);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new SecretFormatError(secretId, 'is not a JSON object');
  }
  const parsed = SlackSecretSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))];
    throw new SecretFormatError(secretId, `invalid field(s) ${fields.join(', ')}`);
  }
  const value = parsed.data[field];
  if (value === undefined) throw new SecretFormatError(secretId, `has no ${String(field)}`);
  return value as NonNullable<SlackSecret[K]>;
}
