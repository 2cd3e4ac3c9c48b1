import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';

export interface EventBridgeEventPublisherProps {
  readonly client: EventBridgeClient;
  /** Name or ARN of the bus. */
  readonly eventBusName: string;
  /** EventBridge `source` of every event. */
  readonly source: string;
  /** Attempts (PutEvents reports per-entry failures, which the SDK does not retry). @default 3 */
  readonly maxAttempts?: number;
  /** @default - exponential back-off from 100 ms */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Thrown when the entry still failed after every attempt. */
export class EventPublishError extends Error {
  constructor(readonly detailType: string, readonly errorCode: string, errorMessage?: string) {
    super(`PutEvents failed for '${detailType}': ${errorCode}${errorMessage ? ` (${errorMessage})` : ''}`);
    this.name = 'EventPublishError';
  }
}

/** Publishes one event at a time (an agent publishes one per step), retrying a failed entry. */
export class EventBridgeEventPublisher {
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly props: EventBridgeEventPublisherProps) {
    this.maxAttempts = Math.max(1, props.maxAttempts ?? 3);
    this.sleep = props.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  public async publish(detailType: string, detail: unknown, resources: readonly string[] = []): Promise<void> {
    const entry = {
      EventBusName: this.props.eventBusName,
      Source: this.props.source,
      DetailType: detailType,
      Detail: JSON.stringify(detail),
      ...(resources.length > 0 ? { Resources: [...resources] } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      const out = await this.props.client.send(new PutEventsCommand({ Entries: [entry] }));
      const result = out.Entries?.[0];
      if (!out.FailedEntryCount && !result?.ErrorCode) return;
      if (attempt >= this.maxAttempts) throw new EventPublishError(detailType, result?.ErrorCode ?? 'Unknown', result?.ErrorMessage);
      await this.sleep(100 * 2 ** (attempt - 1));
    }
  }
}
