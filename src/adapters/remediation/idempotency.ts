import { createHash } from 'crypto';

/**
 * A UUID-shaped token derived from a request key (name-based, SHA-256, version 5 layout): the same key always gives
 * the same token, so a retried start is recognised by services that take a UUID client token (SSM Automation).
 */
export function uuidFromKey(key: string): string {
  const h = createHash('sha256').update(key, 'utf8').digest('hex');
  // RFC 4122 variant: the top two bits of this nibble are 10, so it is one of 8, 9, a, b.
  const variant = '89ab'[parseInt(h[16], 16) % 4];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An error's name and message, for a detail string. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}
