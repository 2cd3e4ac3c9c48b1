/**
 * AWS adapters of the triage handler's ports: incident events to EventBridge, rejected events to SQS.
 * Runtime world: AWS SDK v3, never aws-cdk-lib.
 */
// Runtime devDependencies: esbuild bundles this file into assets/ with the handler; the jsii entry point never imports it.
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, type MessageAttributeValue, type SQSClient } from '@aws-sdk/client-sqs';
import { AIOPS_EVENT_SOURCE, DetailType, RejectionAttribute } from '../contract/events';
import type { Rejection } from '../runtime/model';
import type { IncidentEvent } from '../runtime/triage';
import { incidentDetail, type IncidentPublisher, type IngestRecord, type RejectionSink } from '../runtime/triage/batch';

/** EventBridge PutEvents limits: 10 entries and 256 KiB per request. */
export const PUT_EVENTS_MAX_ENTRIES = 10;
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;
/** SQS message limit used for dead-lettered events, body and attributes together (the classic 256 KiB). */
export const SQS_MAX_MESSAGE_BYTES = 256 * 1024;
/** Longest rejection reason kept in a message attribute, in characters. */
export const REJECTION_REASON_MAX_CHARS = 1024;

const DETAIL_TYPES: Readonly<Record<IncidentEvent['type'], string>> = {
  opened: DetailType.INCIDENT_OPENED,
  updated: DetailType.INCIDENT_UPDATED,
  escalated: DetailType.INCIDENT_ESCALATED,
  resolved: DetailType.INCIDENT_RESOLVED,
};

/** Thrown when entries were still failing after every attempt; the record is then redelivered by SQS. */
export class IncidentPublishError extends Error {
  public readonly failures: readonly { readonly detailType: string; readonly errorCode: string; readonly errorMessage?: string }[];
  constructor(failures: IncidentPublishError['failures']) {
    super(`PutEvents failed for ${failures.length} incident event(s): ${[...new Set(failures.map((f) => `${f.errorCode}${f.errorMessage ? ` (${f.errorMessage})` : ''}`))].join(', ')}`);
    this.name = 'IncidentPublishError';
    this.failures = failures;
  }
}

export interface EventBridgeIncidentPublisherProps {
  readonly client: EventBridgeClient;
  /** Name or ARN of the hub bus. */
  readonly eventBusName: string;
  /**
   * Attempts per entry (PutEvents reports per-entry failures, which the SDK does not retry).
   * @default 3
   */
  readonly maxAttempts?: number;
  /** @default - exponential back-off from 100 ms */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Publishes incident events (`source: cdk-aiops`, detail-type `Incident Opened/Updated/Escalated/Resolved`,
 * detail: the Incident) in requests of at most 10 entries and 256 KiB, retrying failed entries.
 */
export class EventBridgeIncidentPublisher implements IncidentPublisher {
  private readonly client: EventBridgeClient;
  private readonly eventBusName: string;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(props: EventBridgeIncidentPublisherProps) {
    this.client = props.client;
    this.eventBusName = props.eventBusName;
    this.maxAttempts = Math.max(1, props.maxAttempts ?? 3);
    this.sleep = props.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  public async publish(events: readonly IncidentEvent[]): Promise<void> {
    const sized = events.map((event) => this.entry(event));
    let batch: PutEventsRequestEntry[] = [];
    let bytes = 0;
    for (const { entry, size } of sized) {
      if (batch.length === PUT_EVENTS_MAX_ENTRIES || (batch.length > 0 && bytes + size > PUT_EVENTS_MAX_BYTES)) {
        await this.send(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(entry);
      bytes += size;
    }
    if (batch.length > 0) await this.send(batch);
  }

  private entry(event: IncidentEvent): { entry: PutEventsRequestEntry; size: number } {
    const detailType = DETAIL_TYPES[event.type];
    // AWS counts Source, DetailType and Detail in UTF-8 bytes (no Time, no Resources here).
    const overhead = Buffer.byteLength(AIOPS_EVENT_SOURCE, 'utf8') + Buffer.byteLength(detailType, 'utf8');
    const detail = incidentDetail(event.incident, PUT_EVENTS_MAX_BYTES - overhead);
    return {
      entry: { EventBusName: this.eventBusName, Source: AIOPS_EVENT_SOURCE, DetailType: detailType, Detail: detail },
      size: overhead + Buffer.byteLength(detail, 'utf8'),
    };
  }

  private async send(entries: PutEventsRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      const out = await this.client.send(new PutEventsCommand({ Entries: pending }));
      if (!out.FailedEntryCount) return;
      // Result entries are in request order; an entry with an ErrorCode failed.
      const results = out.Entries ?? [];
      const failed = pending
        .map((entry, i) => ({ entry, result: results[i] }))
        .filter(({ result }) => !result || result.ErrorCode !== undefined);
      if (attempt >= this.maxAttempts) {
        throw new IncidentPublishError(failed.map(({ entry, result }) => ({
          detailType: entry.DetailType ?? '?',
          errorCode: result?.ErrorCode ?? 'Unknown',
          errorMessage: result?.ErrorMessage,
        })));
      }
      pending = failed.map(({ entry }) => entry);
      await this.sleep(100 * 2 ** (attempt - 1));
    }
  }
}

export interface SqsRejectionSinkProps {
  readonly client: SQSClient;
  readonly queueUrl: string;
  /** @default SQS_MAX_MESSAGE_BYTES */
  readonly maxMessageBytes?: number;
}

/**
 * Sends a rejected event to the dead-letter queue: the original body (cleaned of characters SQS refuses,
 * truncated to fit) with the rejection as message attributes (`RejectionAttribute`).
 */
export class SqsRejectionSink implements RejectionSink {
  private readonly client: SQSClient;
  private readonly queueUrl: string;
  private readonly maxMessageBytes: number;

  constructor(props: SqsRejectionSinkProps) {
    this.client = props.client;
    this.queueUrl = props.queueUrl;
    this.maxMessageBytes = props.maxMessageBytes ?? SQS_MAX_MESSAGE_BYTES;
  }

  public async reject(record: IngestRecord, rejection: Rejection): Promise<void> {
    const originalBytes = Buffer.byteLength(record.body, 'utf8');
    const attributes: Record<string, MessageAttributeValue> = {
      [RejectionAttribute.CODE]: text(rejection.code),
      [RejectionAttribute.REASON]: text(sqsSafe(rejection.reason).slice(0, REJECTION_REASON_MAX_CHARS)),
      [RejectionAttribute.INPUT]: text(sqsSafe(record.messageId)),
      [RejectionAttribute.ORIGINAL_BYTES]: { DataType: 'Number', StringValue: String(originalBytes) },
    };
    // SQS counts each attribute's name, type and value towards the message size.
    const attributeBytes = Object.entries(attributes)
      .reduce((n, [name, a]) => n + Buffer.byteLength(name) + Buffer.byteLength(a.DataType ?? '') + Buffer.byteLength(a.StringValue ?? ''), 0);
    const body = truncateUtf8(sqsSafe(record.body), this.maxMessageBytes - attributeBytes);
    await this.client.send(new SendMessageCommand({
      QueueUrl: this.queueUrl,
      MessageBody: body === '' ? '(empty body)' : body,
      MessageAttributes: attributes,
    }));
  }
}

function text(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value === '' ? '-' : value };
}

/** Characters SQS accepts in a message: #x9 #xA #xD, #x20-#xD7FF, #xE000-#xFFFD, #x10000-#x10FFFF. Others become U+FFFD. */
export function sqsSafe(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

/** At most `maxBytes` bytes of UTF-8, cut on a character boundary. */
export function truncateUtf8(value: string, maxBytes: number): string {
  if (Buffer.byteLength(value, 'utf8') <= maxBytes) return value;
  // Cutting mid-character makes the decoder emit one U+FFFD (3 bytes): leave room for it, then drop it.
  const cut = Buffer.from(value, 'utf8').subarray(0, Math.max(0, maxBytes - 3)).toString('utf8');
  return cut.endsWith('\uFFFD') && !value.startsWith(cut) ? cut.slice(0, -1) : cut;
}
