import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { IncidentTableKeys, KeyPrefix, SortKey } from '../contract/table';
import { INCIDENT_STATUSES, type Incident } from '../runtime/model';
import type {
  CorrelationRecord, FingerprintRecord, IncidentStore, ListIncidentsQuery, StormBucket,
} from '../runtime/ports/incident-store';

export interface DynamoDbIncidentStoreProps {
  /** A document client, or a plain client (wrapped in a document client that drops undefined values). */
  readonly client: DynamoDBDocumentClient | DynamoDBClient;
  readonly tableName: string;
  /**
   * Days a resolved incident is kept before DynamoDB TTL deletes it.
   * @default 30
   */
  readonly closedTtlDays?: number;
}

const PK = IncidentTableKeys.PARTITION_KEY;
const SK = IncidentTableKeys.SORT_KEY;
const TTL = IncidentTableKeys.TTL_ATTRIBUTE;
const GSI_PK = IncidentTableKeys.STATUS_INDEX_PK;
const GSI_SK = IncidentTableKeys.STATUS_INDEX_SK;

/** Attributes of an item that belong to the table layout, not to the record stored in it. */
const LAYOUT_ATTRIBUTES = [PK, SK, GSI_PK, GSI_SK, 'itemType'] as const;

/**
 * The IncidentStore on one DynamoDB table (keys from `IncidentTableKeys`, `KeyPrefix` and `SortKey` in src/contract/table.ts), with single-item conditional writes only
 * (no transactions), strongly consistent reads, and TTL on everything that may be forgotten.
 *
 * | item | pk | sk | other attributes |
 * |---|---|---|---|
 * | incident | `INC#<id>` | `INCIDENT` | the Incident fields at top level; `gsi1pk` = `STATUS#<status>`, `gsi1sk` = `<openedAt>#<id>` (index `byStatus`, newest first); `expiresAt` = resolvedAt + closedTtlDays once resolved |
 * | fingerprint | `FP#<fingerprint>` | `FINGERPRINT` | the FingerprintRecord fields (`version`, `expiresAt` from signal time) |
 * | correlation key | `KEY#<key>` | `CORRELATION` | the CorrelationRecord fields (`incidentId`, `seed`, `context`, `version`, `expiresAt`) |
 * | storm bucket | `STORM#<scope>` | `BUCKET#<n>` | `members` (string set of signal ids, updated with ADD), `expiresAt` |
 *
 * Writes are conditional on `attribute_not_exists(pk)` (create) or `#version = :expected` (update);
 * ConditionalCheckFailedException becomes `false`.
 */
export class DynamoDbIncidentStore implements IncidentStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly closedTtlSeconds: number;
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(props: DynamoDbIncidentStoreProps) {
    this.doc = props.client instanceof DynamoDBDocumentClient
      ? props.client
      : DynamoDBDocumentClient.from(props.client, { marshallOptions: { removeUndefinedValues: true } });
    this.tableName = props.tableName;
    const days = props.closedTtlDays ?? 30;
    if (!Number.isFinite(days) || days <= 0) throw new Error(`closedTtlDays must be a positive number of days, got ${days}`);
    this.closedTtlSeconds = Math.round(days * 86400);
  }

  public async getFingerprint(fingerprint: string): Promise<FingerprintRecord | undefined> {
    return this.get<FingerprintRecord>(`${KeyPrefix.FINGERPRINT}${fingerprint}`, SortKey.FINGERPRINT);
  }

  public async putFingerprint(record: FingerprintRecord, expectedVersion: number | undefined): Promise<boolean> {
    return this.put({ [PK]: `${KeyPrefix.FINGERPRINT}${record.fingerprint}`, [SK]: SortKey.FINGERPRINT, itemType: 'fingerprint', ...record, [TTL]: record.expiresAt }, expectedVersion);
  }

  public async getCorrelation(key: string): Promise<CorrelationRecord | undefined> {
    return this.get<CorrelationRecord>(`${KeyPrefix.CORRELATION}${key}`, SortKey.CORRELATION);
  }

  public async putCorrelation(record: CorrelationRecord, expectedVersion: number | undefined): Promise<boolean> {
    return this.put({ [PK]: `${KeyPrefix.CORRELATION}${record.key}`, [SK]: SortKey.CORRELATION, itemType: 'correlation', ...record, [TTL]: record.expiresAt }, expectedVersion);
  }

  public async getIncident(id: string): Promise<Incident | undefined> {
    const item = await this.get<Incident & { [TTL]?: number }>(`${KeyPrefix.INCIDENT}${id}`, SortKey.INCIDENT);
    if (!item) return undefined;
    const { [TTL]: _ttl, ...incident } = item;
    return incident as Incident;
  }

  public async createIncident(incident: Incident): Promise<boolean> {
    return this.put(this.incidentItem(incident), undefined);
  }

  public async updateIncident(incident: Incident, expectedVersion: number): Promise<boolean> {
    return this.put(this.incidentItem(incident), expectedVersion);
  }

  public async listIncidents(query: ListIncidentsQuery = {}): Promise<Incident[]> {
    const statuses = query.status ? [query.status] : INCIDENT_STATUSES;
    const out: Incident[] = [];
    for (const status of statuses) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(new QueryCommand({
          TableName: this.tableName,
          IndexName: IncidentTableKeys.STATUS_INDEX,
          KeyConditionExpression: '#gpk = :status',
          ExpressionAttributeNames: { '#gpk': GSI_PK },
          ExpressionAttributeValues: { ':status': `${KeyPrefix.STATUS}${status}` },
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }));
        for (const item of page.Items ?? []) {
          const { [TTL]: _ttl, ...incident } = strip(item);
          out.push(incident as Incident);
        }
        start = page.LastEvaluatedKey;
      } while (start);
    }
    return out;
  }

  public async countStormSignal(bucket: StormBucket, signalId: string, cap: number): Promise<number> {
    try {
      const result = await this.doc.send(new UpdateCommand({
        TableName: this.tableName,
        Key: { [PK]: `${KeyPrefix.STORM}${bucket.scope}`, [SK]: `${SortKey.STORM_BUCKET_PREFIX}${bucket.bucket}` },
        UpdateExpression: 'ADD #members :id SET #ttl = if_not_exists(#ttl, :ttl), itemType = :type',
        ConditionExpression: 'attribute_not_exists(#members) OR size(#members) <= :cap',
        ExpressionAttributeNames: { '#members': 'members', '#ttl': TTL },
        ExpressionAttributeValues: { ':id': new Set([signalId]), ':ttl': bucket.expiresAt, ':cap': cap, ':type': 'storm' },
        ReturnValues: 'UPDATED_NEW',
      }));
      const members = result.Attributes?.members as Set<string> | undefined;
      return members?.size ?? 1;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return cap + 1;
      throw e;
    }
  }

  private incidentItem(incident: Incident): Record<string, unknown> {
    const item: Record<string, unknown> = {
      [PK]: `${KeyPrefix.INCIDENT}${incident.id}`,
      [SK]: SortKey.INCIDENT,
      itemType: 'incident',
      [GSI_PK]: `${KeyPrefix.STATUS}${incident.status}`,
      [GSI_SK]: `${incident.openedAt}#${incident.id}`,
      ...incident,
    };
    if (incident.status === 'resolved') {
      item[TTL] = Math.floor(Date.parse(incident.resolvedAt ?? incident.updatedAt) / 1000) + this.closedTtlSeconds;
    }
    return item;
  }

  /**
   * Strongly consistent GetItem. Concurrent reads of one item share one request (under a burst of deliveries of
   * one group, most reads are of the same few items): the shared answer may predate a write that finished while it
   * was in flight, which only costs the caller a lost conditional write and a retry.
   */
  private get<T>(pk: string, sk: string): Promise<T | undefined> {
    const name = `${pk}\u0000${sk}`;
    const pending = this.inflight.get(name);
    if (pending) return pending as Promise<T | undefined>;
    const read = this.doc.send(new GetCommand({ TableName: this.tableName, Key: { [PK]: pk, [SK]: sk }, ConsistentRead: true }))
      .then((result) => (result.Item ? strip(result.Item) as T : undefined))
      .finally(() => this.inflight.delete(name));
    this.inflight.set(name, read);
    return read;
  }

  private async put(item: Record<string, unknown>, expectedVersion: number | undefined): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({
        TableName: this.tableName,
        Item: dropUndefined(item),
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
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }
}

function isConditionalCheckFailed(e: unknown): boolean {
  return (e as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** The stored record without the table layout attributes. */
function strip(item: Record<string, unknown>): Record<string, unknown> {
  const out = { ...item };
  for (const name of LAYOUT_ATTRIBUTES) delete out[name];
  return out;
}

/** Deep copy without undefined values (a caller's document client may not be set to remove them). */
function dropUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropUndefined) as T;
  if (value && typeof value === 'object' && !(value instanceof Set)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = dropUndefined(v);
    return out as T;
  }
  return value;
}
