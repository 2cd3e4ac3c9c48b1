import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { IncidentTableKeys, ReplayCacheKeys } from '../../contract/table';
import type { ReplayCache } from '../../runtime/approval/ports';

export interface DynamoDbReplayCacheProps {
  readonly client: DynamoDBDocumentClient | DynamoDBClient;
  /** The hub's incident table (keys `pk`/`sk`, TTL attribute `expiresAt`). */
  readonly tableName: string;
}

export { ReplayCacheKeys };

/**
 * The ReplayCache on DynamoDB: one conditional PutItem per request (`attribute_not_exists(pk)`), so of two Lambdas
 * handling the same signature exactly one succeeds; the item carries `expiresAt` for TTL. TTL deletes late (hours),
 * but a lingering item is harmless: its signature binds a timestamp that is stale by then. IAM: `dynamodb:PutItem`
 * on the table.
 */
export class DynamoDbReplayCache implements ReplayCache {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly props: DynamoDbReplayCacheProps) {
    this.doc = props.client instanceof DynamoDBDocumentClient ? props.client : DynamoDBDocumentClient.from(props.client);
  }

  public async seen(key: string, expiresAt: number): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({
        TableName: this.props.tableName,
        Item: {
          [IncidentTableKeys.PARTITION_KEY]: `${ReplayCacheKeys.PREFIX}${key}`,
          [IncidentTableKeys.SORT_KEY]: ReplayCacheKeys.SORT_KEY,
          itemType: 'slack-signature',
          [IncidentTableKeys.TTL_ATTRIBUTE]: Math.ceil(expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': IncidentTableKeys.PARTITION_KEY },
      }));
      return false;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || (e as Error)?.name === 'ConditionalCheckFailedException') return true;
      throw e;
    }
  }
}
