import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { IncidentTableKeys, LearnedTableKeys } from '../contract/table';
import type { LearnedRecord } from '../runtime/learning/model';
import type { LearningStore } from '../runtime/learning/ports';

export interface DynamoDbLearningStoreProps {
  /** A document client, or a plain client (wrapped in a document client that drops undefined values). */
  readonly client: DynamoDBDocumentClient | DynamoDBClient;
  readonly tableName: string;
}

const PK = IncidentTableKeys.PARTITION_KEY;
const SK = IncidentTableKeys.SORT_KEY;
const TTL = IncidentTableKeys.TTL_ATTRIBUTE;

/**
 * The LearningStore on the incident table, beside the DynamoDbIncidentStore's items:
 *
 * | item | pk | sk | other attributes |
 * |---|---|---|---|
 * | learned record | `LEARN#<fingerprint>` | `LEARNED` | the LearnedRecord fields (`partners` a list of maps, `version`); `expiresAt` = the record's (last update + ttlDays) |
 *
 * Strongly consistent reads; writes conditional on `attribute_not_exists(pk)` (create) or `#version = :expected`
 * (update), a ConditionalCheckFailedException becoming `false`.
 */
export class DynamoDbLearningStore implements LearningStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(props: DynamoDbLearningStoreProps) {
    this.doc = props.client instanceof DynamoDBDocumentClient
      ? props.client
      : DynamoDBDocumentClient.from(props.client, { marshallOptions: { removeUndefinedValues: true } });
    this.tableName = props.tableName;
  }

  public async get(fingerprint: string): Promise<LearnedRecord | undefined> {
    const result = await this.doc.send(new GetCommand({
      TableName: this.tableName,
      Key: { [PK]: `${LearnedTableKeys.PREFIX}${fingerprint}`, [SK]: LearnedTableKeys.SORT_KEY },
      ConsistentRead: true,
    }));
    if (!result.Item) return undefined;
    // `expiresAt` is both a record field and the table's TTL attribute.
    const { [PK]: _pk, [SK]: _sk, itemType: _type, ...record } = result.Item;
    return record as LearnedRecord;
  }

  public async put(record: LearnedRecord, expectedVersion: number | undefined): Promise<boolean> {
    const item = {
      [PK]: `${LearnedTableKeys.PREFIX}${record.fingerprint}`,
      [SK]: LearnedTableKeys.SORT_KEY,
      itemType: 'learned',
      ...record,
      partners: record.partners.map((p) => ({ fingerprint: p.fingerprint, weight: p.weight, count: p.count })),
      incidents: [...record.incidents],
      [TTL]: record.expiresAt,
    };
    try {
      await this.doc.send(new PutCommand({
        TableName: this.tableName,
        Item: item,
        ...(expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } }
          : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
      }));
      return true;
    } catch (e) {
      if ((e as { name?: string })?.name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }
}
