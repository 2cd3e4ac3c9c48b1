import type { SlackBlock } from './slack-text';

/**
 * One message, written once for every medium: `subject` and `text` are plain text (email, SMS, push; the Slack
 * adapters escape `text` before using it as the notification fallback), `blocks` are Slack Block Kit whose text is
 * already escaped. Media without blocks use `subject` and `text` only.
 */
export interface NotificationMessage {
  /** One line, plain (email subject). Adapters cut it to their medium's limit. */
  readonly subject: string;
  /** Plain text, several lines: the email body, and Slack's notification fallback. */
  readonly text: string;
  /** Slack Block Kit, text already escaped and cut to Slack's limits. */
  readonly blocks?: readonly SlackBlock[];
}

/**
 * Where a message goes. Slack: the channel id, and the incident thread's root `ts` once there is one (no `threadTs`:
 * the message starts the thread). Media without channels or threads ignore the fields.
 */
export interface ThreadRef {
  readonly channel: string;
  readonly threadTs?: string;
}

/** What a post returned: the message's `ts` where the medium has one (Slack Web API), nothing otherwise. */
export interface PostedMessage {
  readonly channel?: string;
  readonly ts?: string;
  /** A medium's own id for the message (SNS MessageId). */
  readonly messageId?: string;
}

/** A message posted earlier, to be replaced. */
export interface MessageRef {
  readonly channel: string;
  readonly ts: string;
}

/**
 * The communications port: post in an incident's thread (or start it), and replace a message posted earlier (the
 * approval request once it is decided). Implementations: SlackWebApiNotifier (threads, edits), SlackWebhookNotifier
 * (no threads, no edits: `update` posts a new message), SnsEmailNotifier (email: `update` sends another email).
 *
 * Both throw when the message could not be delivered; they never log message contents or credentials.
 */
export interface Notifier {
  post(thread: ThreadRef, message: NotificationMessage): Promise<PostedMessage>;
  update(target: MessageRef, message: NotificationMessage): Promise<void>;
}

/**
 * Reads a secret's current value by ARN or name. Credentials (Slack bot token, signing secret, webhook URL) are only
 * ever read through this port, never from environment values: the environment carries the secret's ARN.
 */
export interface SecretReader {
  readSecret(secretId: string): Promise<string>;
  /** Forget a cached value (after the service said the credential is no longer valid: it may have been rotated). */
  invalidate?(secretId: string): void;
}
