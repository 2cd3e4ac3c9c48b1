/**
 * HTTP to Slack with the behaviour every Slack adapter needs: an injected `fetch` (Node's global by default), a
 * timeout, and 429 handling that waits for `Retry-After` (seconds) before trying again. Errors name the method and
 * Slack's error code, never a URL that carries a secret, nor a token.
 *
 * @see https://api.slack.com/apis/rate-limits
 */

/** The `fetch` this module calls: Node 20's global one, or any function with its shape (tests, proxies). */
export type FetchLike = (url: string, init: {
  method: string;
  headers: Record<string, string>;
  body: string;
  signal?: AbortSignal;
}) => Promise<Pick<Response, 'status' | 'headers' | 'text'>>;

export interface SlackHttpOptions {
  /** @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Waits between attempts (injected in tests). @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Retries after a 429. @default 3 */
  readonly maxRetries?: number;
  /** Longest Retry-After honoured; a longer one fails at once (the caller's own retry takes over). @default 30 */
  readonly maxRetryAfterSeconds?: number;
  /** Per-attempt timeout. @default 10_000 */
  readonly timeoutMs?: number;
}

/** Slack kept answering 429, or asked to wait longer than `maxRetryAfterSeconds`. */
export class SlackRateLimitedError extends Error {
  constructor(readonly operation: string, readonly retryAfterSeconds: number) {
    super(`Slack ${operation}: rate limited (retry after ${retryAfterSeconds} s)`);
    this.name = 'SlackRateLimitedError';
  }
}

/** Slack answered `ok: false` (Web API) or a non-2xx status (webhooks, response URLs). */
export class SlackApiError extends Error {
  constructor(readonly operation: string, readonly code: string, readonly status: number) {
    super(`Slack ${operation} failed: ${code} (HTTP ${status})`);
    this.name = 'SlackApiError';
  }
}

/** The request did not get an answer (DNS, connection, timeout). Names the operation and the error code, never the URL. */
export class SlackNetworkError extends Error {
  constructor(readonly operation: string, readonly code: string) {
    super(`Slack ${operation}: no response (${code})`);
    this.name = 'SlackNetworkError';
  }
}

function networkCode(e: unknown): string {
  const err = e as { name?: string; code?: string; cause?: { code?: string; name?: string } } | undefined;
  const code = err?.cause?.code ?? err?.code ?? err?.cause?.name ?? err?.name ?? 'Error';
  return /^[A-Za-z0-9_]{1,64}$/.test(code) ? code : 'Error';
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterOf(headers: Pick<Headers, 'get'>): number {
  const value = Number(headers.get('retry-after'));
  return Number.isFinite(value) && value >= 0 ? Math.ceil(value) : 1;
}

/** Slack error codes are short snake_case words; anything else in a body is not echoed. */
export function slackErrorCode(text: string): string {
  const trimmed = text.trim();
  return /^[a-z0-9_]{1,64}$/.test(trimmed) ? trimmed : 'unexpected_response';
}

/** POST `body` to `url`, retrying on 429 after Retry-After. `operation` names the call in errors (never the URL). */
export async function postToSlack(
  operation: string,
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SlackHttpOptions = {},
): Promise<{ status: number; text: string }> {
  const fetchImpl: FetchLike = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const sleep = options.sleep ?? defaultSleep;
  const maxRetries = options.maxRetries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 30;
  for (let attempt = 0; ; attempt++) {
    let response: Awaited<ReturnType<FetchLike>>;
    let text: string;
    try {
      response = await fetchImpl(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      text = await response.text();
    } catch (e) {
      // Node's errors may carry the URL (and a webhook URL is a credential): keep only the code.
      throw new SlackNetworkError(operation, networkCode(e));
    }
    if (response.status !== 429) return { status: response.status, text };
    const wait = retryAfterOf(response.headers);
    if (attempt >= maxRetries || wait > maxWait) throw new SlackRateLimitedError(operation, wait);
    await sleep(wait * 1000);
  }
}
