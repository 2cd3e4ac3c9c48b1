import { postToSlack, SlackApiError, type SlackHttpOptions } from './slack-http';
import type { MessageRef, NotificationMessage, Notifier, PostedMessage, SecretReader, ThreadRef } from '../../runtime/comms/ports';
import { readSlackSecretField } from '../../runtime/comms/secrets';
import { escapeAndTruncate, SlackLimits } from '../../runtime/comms/slack-text';

export interface SlackWebApiNotifierProps extends SlackHttpOptions {
  /** ARN (or name) of the Secrets Manager secret holding `{ "botToken": "xoxb-…" }`. */
  readonly secretArn: string;
  /** Reads the secret; wrap it in CachingSecretReader so a warm Lambda reads it once every few minutes. */
  readonly secrets: SecretReader;
  /** @default 'https://slack.com/api' */
  readonly baseUrl?: string;
}

/** Slack errors after which the token is read again (it may have been rotated) and the call tried once more. */
const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);

interface SlackApiResponse {
  readonly ok?: boolean;
  readonly error?: string;
  readonly channel?: string;
  readonly ts?: string;
}

/**
 * The Notifier on Slack's Web API: `chat.postMessage` (with `thread_ts` for the incident's thread) and
 * `chat.update`. The bot token is read from Secrets Manager through the SecretReader, per call (the reader caches it),
 * never from the environment and never kept on this object. `ok: false` throws SlackApiError with Slack's code; 429
 * waits for Retry-After; an authentication error re-reads the secret and tries once more.
 *
 * @see https://api.slack.com/methods/chat.postMessage
 * @see https://api.slack.com/methods/chat.update
 */
export class SlackWebApiNotifier implements Notifier {
  readonly #props: SlackWebApiNotifierProps;
  readonly #baseUrl: string;

  constructor(props: SlackWebApiNotifierProps) {
    this.#props = props;
    this.#baseUrl = (props.baseUrl ?? 'https://slack.com/api').replace(/\/+$/, '');
  }

  public async post(thread: ThreadRef, message: NotificationMessage): Promise<PostedMessage> {
    const res = await this.call('chat.postMessage', {
      channel: thread.channel,
      ...(thread.threadTs ? { thread_ts: thread.threadTs } : {}),
      ...this.content(message),
      unfurl_links: false,
      unfurl_media: false,
    });
    return { channel: res.channel ?? thread.channel, ts: res.ts };
  }

  public async update(target: MessageRef, message: NotificationMessage): Promise<void> {
    await this.call('chat.update', { channel: target.channel, ts: target.ts, ...this.content(message) });
  }

  private content(message: NotificationMessage): { text: string; blocks?: NotificationMessage['blocks'] } {
    return {
      text: escapeAndTruncate(message.text, SlackLimits.MESSAGE_TEXT),
      ...(message.blocks?.length ? { blocks: message.blocks.slice(0, SlackLimits.MESSAGE_BLOCKS) } : {}),
    };
  }

  private async call(method: string, payload: Record<string, unknown>): Promise<SlackApiResponse> {
    const body = JSON.stringify(payload);
    for (let attempt = 0; ; attempt++) {
      const token = await readSlackSecretField(this.#props.secrets, this.#props.secretArn, 'botToken');
      const { status, text } = await postToSlack(method, `${this.#baseUrl}/${method}`, {
        'authorization': `Bearer ${token}`,
        'content-type': 'application/json; charset=utf-8',
      }, body, this.#props);
      let json: SlackApiResponse;
      try {
        json = JSON.parse(text) as SlackApiResponse;
      } catch {
        throw new SlackApiError(method, 'unexpected_response', status);
      }
      if (json.ok === true) return json;
      const code = typeof json.error === 'string' && /^[a-z0-9_]{1,64}$/.test(json.error) ? json.error : 'unexpected_response';
      if (attempt === 0 && AUTH_ERRORS.has(code) && this.#props.secrets.invalidate) {
        this.#props.secrets.invalidate(this.#props.secretArn);
        continue;
      }
      throw new SlackApiError(method, code, status);
    }
  }
}
