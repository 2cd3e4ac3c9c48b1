/**
 * Verifying that a request comes from Slack: `X-Slack-Signature` is `v0=` + hex HMAC-SHA256, keyed with the app's
 * signing secret, of `v0:{X-Slack-Request-Timestamp}:{raw body}`. Requests whose timestamp is more than
 * `toleranceSeconds` away from now (either way) are stale; a signature seen before is a replay.
 *
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmac, timingSafeEqual } from 'crypto';
import type { ReplayCache } from './ports';

export const SLACK_SIGNATURE_HEADER = 'x-slack-signature';
export const SLACK_TIMESTAMP_HEADER = 'x-slack-request-timestamp';
export const SLACK_SIGNATURE_VERSION = 'v0';

/** Slack's recommended window: five minutes. */
export const SLACK_DEFAULT_TOLERANCE_SECONDS = 300;

/** Request headers as Lambda (API Gateway, function URL) or Node hand them over; names are matched case-insensitively. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type SlackVerificationFailure = 'missing-headers' | 'stale' | 'bad-signature' | 'replayed' | 'malformed';

export type SlackVerification =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: SlackVerificationFailure };

export interface VerifySlackRequestInput {
  readonly headers: RequestHeaders;
  /** The body exactly as received (bytes, or the string before any parsing). */
  readonly rawBody: string | Uint8Array;
  readonly signingSecret: string;
  readonly now: Date;
  /** @default 300 */
  readonly toleranceSeconds?: number;
  /** Without one, a valid request can be replayed within the window. */
  readonly replayCache?: ReplayCache;
}

/** The header's value (the first one when repeated), matching the name case-insensitively. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`: what Slack sends in X-Slack-Signature. */
export function computeSlackSignature(signingSecret: string, timestamp: string, rawBody: string | Uint8Array): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`${SLACK_SIGNATURE_VERSION}:${timestamp}:`, 'utf8');
  hmac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  return `${SLACK_SIGNATURE_VERSION}=${hmac.digest('hex')}`;
}

const SIGNATURE_PATTERN = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP_PATTERN = /^\d{1,12}$/;

/**
 * Check a request's Slack signature: headers present and well-formed, timestamp within `toleranceSeconds` of `now`
 * in both directions, HMAC equal in constant time, and (with a replay cache) the signature not seen before.
 * The replay cache is consulted last, so forged and stale requests never fill it.
 */
export async function verifySlackRequest(input: VerifySlackRequestInput): Promise<SlackVerification> {
  const tolerance = input.toleranceSeconds ?? SLACK_DEFAULT_TOLERANCE_SECONDS;
  const signature = headerValue(input.headers, SLACK_SIGNATURE_HEADER)?.trim();
  const timestamp = headerValue(input.headers, SLACK_TIMESTAMP_HEADER)?.trim();
  if (!signature || !timestamp) return { ok: false, reason: 'missing-headers' };
  if (!TIMESTAMP_PATTERN.test(timestamp) || !SIGNATURE_PATTERN.test(signature.toLowerCase())) return { ok: false, reason: 'malformed' };
  if (!input.signingSecret) throw new Error('verifySlackRequest: signingSecret is empty');

  const ts = Number(timestamp);
  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  if (Math.abs(nowSeconds - ts) > tolerance) return { ok: false, reason: 'stale' };

  const expected = Buffer.from(computeSlackSignature(input.signingSecret, timestamp, input.rawBody), 'utf8');
  const received = Buffer.from(signature.toLowerCase(), 'utf8');
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return { ok: false, reason: 'bad-signature' };

  if (input.replayCache && await input.replayCache.seen(signature.toLowerCase(), ts + tolerance)) return { ok: false, reason: 'replayed' };
  return { ok: true };
}
