import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ApprovalTableKeys, IncidentTableKeys } from '../../contract/table';
import {
  ApprovalRecordSchema, type ApprovalDecisionRecord, type ApprovalRecord, type ApprovalStore,
} from '../../runtime/approval/ports';

export interface DynamoDbApprovalStoreProps {
  readonly client: DynamoDBDocumentClient | DynamoDBClient;
  /** The hub's incident table (keys `pk`/`sk`, TTL attribute `expiresAt`). */
  readonly tableName: string;
  /**
   * Days a request is kept after it expires (the audit trail of who decided), before DynamoDB TTL deletes it.
   * @default 30
   */
  readonly retentionDays?: number;
}

export { ApprovalTableKeys };

const PK = IncidentTableKeys.PARTITION_KEY;
const SK = IncidentTableKeys.SORT_KEY;
const TTL = IncidentTableKeys.TTL_ATTRIBUTE;

function isConditionalFailure(e: unknown): boolean {
  return e instanceof ConditionalCheckFailedException || (e as Error)?.name === 'ConditionalCheckFailedException';
}

/**
 * The ApprovalStore on the hub's incident table: one item per request, `pk` = `APPROVAL#<id>`, `sk` = `APPROVAL`,
 * the record's fields at top level, except its ISO `expiresAt`, stored as `requestExpiresAt` because `expiresAt` is the
 * table's TTL attribute (epoch seconds: the request's expiry plus `retentionDays`). Every write is conditional:
 * create on `attribute_not_exists(pk)`, claim on `attribute_exists(pk) AND attribute_not_exists(decision)`, release on
 * the decision being the one claimed. Reads are strongly consistent. IAM: GetItem, PutItem, UpdateItem on the table.
 */
export class DynamoDbApprovalStore implements ApprovalStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly retentionSeconds: number;

  constructor(private readonly props: DynamoDbApprovalStoreProps) {
    this.doc = props.client instanceof DynamoDBDocumentClient
      ? props.client
      : DynamoDBDocumentClient.from(props.client, { marshallOptions: { removeUndefinedValues: true } });
    const days = props.retentionDays ?? 30;
    if (!Number.isFinite(days) || days < 0) throw new Error(`retentionDays must be zero or more, got ${days}`);
    this.retentionSeconds = Math.round(days * 86400);
  }

  private key(approvalId: string) {
    return { [PK]: `${ApprovalTableKeys.PREFIX}${approvalId}`, [SK]: ApprovalTableKeys.SORT_KEY };
  }

  public async create(record: ApprovalRecord): Promise<boolean> {
    const { expiresAt, ...rest } = ApprovalRecordSchema.parse(record);
    try {
      await this.doc.send(new PutCommand({
        TableName: this.props.tableName,
        Item: {
          ...this.key(record.approvalId),
          itemType: 'approval',
          ...rest,
          requestExpiresAt: expiresAt,
          [TTL]: Math.ceil(Date.parse(expiresAt) / 1000) + this.retentionSeconds,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PK },
      }));
      return true;
    } catch (e) {
      if (isConditionalFailure(e)) return false;
      throw e;
    }
  }

  public async get(approvalId: string): Promise<ApprovalRecord | undefined> {
    const res = await this.doc.send(new GetCommand({ TableName: this.props.tableName, Key: this.key(approvalId), ConsistentRead: true }));
    if (!res.Item) return undefined;
    const { [PK]: _pk, [SK]: _sk, [TTL]: _ttl, itemType: _type, requestExpiresAt, ...rest } = res.Item;
    return ApprovalRecordSchema.parse({ ...rest, expiresAt: requestExpiresAt });
  }

  public async attachMessage(approvalId: string, message: { channel: string; ts: string }): Promise<void> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.props.tableName,
        Key: this.key(approvalId),
        UpdateExpression: 'SET #message = :message',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#message': 'message', '#pk': PK },
        ExpressionAttributeValues: { ':message': { channel: message.channel, ts: message.ts } },
      }));
    } catch (e) {
      if (!isConditionalFailure(e)) throw e;
    }
  }

  public async claimDecision(approvalId: string, decision: ApprovalDecisionRecord): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.props.tableName,
        Key: this.key(approvalId),
        UpdateExpression: 'SET #decision = :decision',
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#decision)',
        ExpressionAttributeNames: { '#decision': 'decision', '#pk': PK },
        ExpressionAttributeValues: { ':decision': decision },
      }));
      return true;
    } catch (e) {
      if (isConditionalFailure(e)) return false;
      throw e;
    }
  }

  public async releaseDecision(approvalId: string, decision: ApprovalDecisionRecord): Promise<void> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.props.tableName,
        Key: this.key(approvalId),
        UpdateExpression: 'REMOVE #decision',
        ConditionExpression: '#decision.#outcome = :outcome AND #decision.#by.#id = :by AND #decision.#at = :at',
        ExpressionAttributeNames: { '#decision': 'decision', '#outcome': 'outcome', '#by': 'by', '#id': 'id', '#at': 'at' },
        ExpressionAttributeValues: { ':outcome': decision.outcome, ':by': decision.by.id, ':at': decision.at },
      }));
    } catch (e) {
      if (!isConditionalFailure(e)) throw e;
    }
  }
}
