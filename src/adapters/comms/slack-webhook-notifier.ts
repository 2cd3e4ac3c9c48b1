import { postToSlack, SlackApiError, slackErrorCode, type SlackHttpOptions } from './slack-http';
import type { MessageRef, NotificationMessage, Notifier, PostedMessage, SecretReader, ThreadRef } from '../../runtime/comms/ports';
import { readSlackSecretField } from '../../runtime/comms/secrets';
import { escapeAndTruncate, SlackLimits } from '../../runtime/comms/slack-text';

export interface SlackWebhookNotifierProps extends SlackHttpOptions {
  /** ARN (or name) of the Secrets Manager secret holding `{ "webhookUrl": "https://hooks.slack.com/services/…" }`. */
  readonly secretArn: string;
  readonly secrets: SecretReader;
}

/**
 * The Notifier on a Slack incoming webhook: the simplest set-up (no app, no bot token), with its limits: it posts to
 * the channel the webhook was made for (`thread.channel` is ignored), answers `ok` with no `ts` (so it cannot start a
 * thread or edit: `update` posts a new message; `thread_ts` is passed along when the caller has one from elsewhere),
 * and cannot carry interactive approvals. The URL is a credential: it is read from the secret and never logged.
 *
 * @see https://api.slack.com/messaging/webhooks
 */
export class SlackWebhookNotifier implements Notifier {
  readonly #props: SlackWebhookNotifierProps;

  constructor(props: SlackWebhookNotifierProps) {
    this.#props = props;
  }

  public async post(thread: ThreadRef, message: NotificationMessage): Promise<PostedMessage> {
    await this.send({ ...(thread.threadTs ? { thread_ts: thread.threadTs } : {}), ...content(message) });
    return {};
  }

  public async update(_target: MessageRef, message: NotificationMessage): Promise<void> {
    await this.send(content(message));
  }

  private async send(payload: Record<string, unknown>): Promise<void> {
    const url = await readSlackSecretField(this.#props.secrets, this.#props.secretArn, 'webhookUrl');
    const { status, text } = await postToSlack('incoming webhook', url, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(payload), this.#props);
    if (status < 200 || status >= 300) throw new SlackApiError('incoming webhook', slackErrorCode(text), status);
  }
}

function content(message: NotificationMessage): Record<string, unknown> {
  return {
    text: escapeAndTruncate(message.text, SlackLimits.MESSAGE_TEXT),
    ...(message.blocks?.length ? { blocks: message.blocks.slice(0, SlackLimits.MESSAGE_BLOCKS) } : {}),
  };
}
