import type { MessageRef, NotificationMessage, Notifier, PostedMessage, ThreadRef } from '../../runtime/comms/ports';

/**
 * The one SNS call this adapter makes, typed structurally: `new SNS({})` from `@aws-sdk/client-sns` (the aggregated
 * client) fits as is, and so does `{ publish: (input) => snsClient.send(new PublishCommand(input)) }`.
 */
export interface SnsPublishClient {
  publish(input: { TopicArn: string; Subject?: string; Message: string }): Promise<{ MessageId?: string }>;
}

export interface SnsEmailNotifierProps {
  readonly client: SnsPublishClient;
  readonly topicArn: string;
  /** Put before every subject. @default '[cdk-aiops] ' */
  readonly subjectPrefix?: string;
}

/** SNS limits: Subject under 100 ASCII characters, Message up to 256 KB. */
export const SNS_SUBJECT_MAX = 99;
export const SNS_MESSAGE_MAX_BYTES = 256 * 1024;

/**
 * An email subject SNS accepts: ASCII only (accents stripped, other characters replaced), no line breaks or control
 * characters, starting with a letter, digit or punctuation, under 100 characters.
 */
export function snsSubject(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, ' ');
  const clean = ascii.replace(/\s+/g, ' ').trim();
  return (clean || 'cdk-aiops notification').slice(0, SNS_SUBJECT_MAX).trimEnd();
}

/** Cut a message to `maxBytes` of UTF-8 without splitting a character. */
function cutBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let size = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > maxBytes - 64) break;
    out += ch;
    size += n;
  }
  return `${out}\n\n[message cut to fit SNS's size limit]`;
}

/**
 * The Notifier on an SNS topic with email subscriptions: `subject` becomes the email subject, `text` the plain body.
 * Email has no threads and no edits: the thread is ignored and `update` sends another email marked as an update.
 *
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
export class SnsEmailNotifier implements Notifier {
  private readonly prefix: string;

  constructor(private readonly props: SnsEmailNotifierProps) {
    this.prefix = props.subjectPrefix ?? '[cdk-aiops] ';
  }

  public async post(_thread: ThreadRef, message: NotificationMessage): Promise<PostedMessage> {
    return this.publish(message.subject, message.text);
  }

  public async update(_target: MessageRef, message: NotificationMessage): Promise<void> {
    await this.publish(`Update: ${message.subject}`, message.text);
  }

  private async publish(subject: string, text: string): Promise<PostedMessage> {
    const body = cutBytes(`${text}\n\n--\nSent by cdk-aiops.`, SNS_MESSAGE_MAX_BYTES);
    const res = await this.props.client.publish({ TopicArn: this.props.topicArn, Subject: snsSubject(`${this.prefix}${subject}`), Message: body });
    return res.MessageId ? { messageId: res.MessageId } : {};
  }
}
