import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { IncidentTableKeys, RecentThreadsTableKeys } from '../contract/table';
import { RECENT_THREADS_TTL_SECONDS, withRecentThread, type RecentThread, type RecentThreads } from '../runtime/comms/recent-threads';

export interface DynamoDbRecentThreadsProps {
  /** A document client, or a plain client. */
  readonly client: DynamoDBDocumentClient | DynamoDBClient;
  readonly tableName: string;
  /** Attempts of the read-modify-write under concurrent openings. @default 5 */
  readonly attempts?: number;
}

const PK = IncidentTableKeys.PARTITION_KEY;
const SK = IncidentTableKeys.SORT_KEY;

/**
 * RecentThreads on the incident table: one item per channel, `THREADS#<channel>` / `THREADS`, holding `threads`
 * (a list of `{ incidentId, at }`, newest first, at most RECENT_THREADS_MAX), `version` and `expiresAt` (a day after
 * the newest thread). Updates are conditional on the version read and re-read on conflict; after `attempts` conflicts
 * the addition is dropped (the incident is only missing from the merge menu).
 */
export class DynamoDbRecentThreads implements RecentThreads {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly attempts: number;

  constructor(props: DynamoDbRecentThreadsProps) {
    this.doc = props.client instanceof DynamoDBDocumentClient ? props.client : DynamoDBDocumentClient.from(props.client);
    this.tableName = props.tableName;
    this.attempts = Math.max(1, props.attempts ?? 5);
  }

  public async add(channel: string, incidentId: string, at: number): Promise<void> {
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      const current = await this.read(channel);
      const threads = withRecentThread(current?.threads ?? [], incidentId, at);
      if (!threads) return;
      try {
        await this.doc.send(new PutCommand({
          TableName: this.tableName,
          Item: {
            [PK]: this.pk(channel),
            [SK]: RecentThreadsTableKeys.SORT_KEY,
            itemType: 'threads',
            threads,
            version: (current?.version ?? 0) + 1,
            // a day after the newest thread, whichever write lands last
            [IncidentTableKeys.TTL_ATTRIBUTE]: Math.floor(threads[0].at / 1000) + RECENT_THREADS_TTL_SECONDS,
          },
          ...(current
            ? { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': current.version } }
            : { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } }),
        }));
        return;
      } catch (e) {
        if ((e as { name?: string })?.name !== 'ConditionalCheckFailedException') throw e;
      }
    }
  }

  public async list(channel: string): Promise<readonly RecentThread[]> {
    return (await this.read(channel))?.threads ?? [];
  }

  private pk(channel: string): string {
    return `${RecentThreadsTableKeys.PREFIX}${channel}`;
  }

  private async read(channel: string): Promise<{ threads: RecentThread[]; version: number } | undefined> {
    const result = await this.doc.send(new GetCommand({
      TableName: this.tableName, Key: { [PK]: this.pk(channel), [SK]: RecentThreadsTableKeys.SORT_KEY }, ConsistentRead: true,
    }));
    return result.Item ? { threads: result.Item.threads as RecentThread[], version: result.Item.version as number } : undefined;
  }
}
