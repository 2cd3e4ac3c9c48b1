import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { IncidentTableKeys, TokenLedgerKeys } from '../contract/table';
import type { TokenRun, TokenRunRecorder } from '../runtime/agents/deferred-ledger';
import type { TokenLedger } from '../runtime/reasoning/budget';

export interface DynamoDbTokenLedgerProps {
  /** A document client, or a plain client (wrapped in a document client). */
  readonly client: DynamoDBDocumentClient | DynamoDBClient;
  /** The incident table. */
  readonly tableName: string;
  /** Days a month's counter is kept after the month. @default 400 */
  readonly monthRetentionDays?: number;
  /** Days an incident's counter is kept after its last spend. @default 90 */
  readonly incidentRetentionDays?: number;
  /** The clock, for TTLs. @default Date.now */
  readonly now?: () => number;
}

export type { TokenRun };

const PK = IncidentTableKeys.PARTITION_KEY;
const SK = IncidentTableKeys.SORT_KEY;
const TTL = IncidentTableKeys.TTL_ATTRIBUTE;

/**
 * The token ledger in the incident table: one counter item per month and one per incident, updated with `ADD`.
 *
 * | item | pk | sk | attributes |
 * |---|---|---|---|
 * | month | `TOKENS#<YYYY-MM>` | `MONTH` | `tokens` (number), `runs` (string set, only for `recordRun`), `expiresAt` |
 * | incident | `INC#<id>` | `TOKENS` | `tokens`, `runs` (string set of the runs counted), `monthRuns` (string set), `expiresAt` |
 *
 * The incident counter shares the incident's partition but not its sort key, so it is neither read as an incident
 * nor listed by the status index. Reads are `GetItem` only: the reasoning step's read-only role can read it.
 */
export class DynamoDbTokenLedger implements TokenLedger, TokenRunRecorder {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly monthRetentionSeconds: number;
  private readonly incidentRetentionSeconds: number;
  private readonly now: () => number;

  constructor(props: DynamoDbTokenLedgerProps) {
    this.doc = props.client instanceof DynamoDBDocumentClient
      ? props.client
      : DynamoDBDocumentClient.from(props.client, { marshallOptions: { removeUndefinedValues: true } });
    this.tableName = props.tableName;
    this.monthRetentionSeconds = Math.round((props.monthRetentionDays ?? 400) * 86400);
    this.incidentRetentionSeconds = Math.round((props.incidentRetentionDays ?? 90) * 86400);
    this.now = props.now ?? Date.now;
  }

  public async getMonthlyUsage(month: string): Promise<number> {
    return this.tokens(monthKey(month));
  }

  public async getIncidentUsage(incidentId: string): Promise<number> {
    return this.tokens(incidentKey(incidentId));
  }

  /** Adds tokens to the month and the incident (not idempotent: use `recordRun` where a call may be retried). */
  public async add(month: string, tokens: number, incidentId: string): Promise<void> {
    checkTokens(tokens);
    await this.addTo(monthKey(month), tokens, this.monthTtl(month));
    await this.addTo(incidentKey(incidentId), tokens, this.incidentTtl());
  }

  /**
   * Adds what one run spent, at most once per `runId` even when retried: the incident counter remembers the runs it
   * counted (`runs`) and the runs it has added to the month (`monthRuns`). A crash between the month's ADD and the
   * `monthRuns` mark counts the run twice in the month on retry: the error is on the side of the cap.
   * @returns false when the run had been recorded already.
   */
  public async recordRun(entry: TokenRun): Promise<boolean> {
    checkTokens(entry.tokens);
    if (entry.tokens === 0) return false;
    const key = incidentKey(entry.incidentId);
    const first = await this.addOnce(key, 'runs', entry.tokens, entry.runId, this.incidentTtl());
    const item = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const monthRuns = item.Item?.monthRuns as Set<string> | undefined;
    if (monthRuns?.has(entry.runId)) return first;
    await this.addTo(monthKey(entry.month), entry.tokens, this.monthTtl(entry.month));
    await this.doc.send(new UpdateCommand({
      TableName: this.tableName,
      Key: key,
      UpdateExpression: 'ADD #monthRuns :run',
      ExpressionAttributeNames: { '#monthRuns': 'monthRuns' },
      ExpressionAttributeValues: { ':run': new Set([entry.runId]) },
    }));
    return first;
  }

  private async tokens(key: Record<string, string>): Promise<number> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ProjectionExpression: 'tokens', ConsistentRead: true }));
    const value = out.Item?.tokens;
    return typeof value === 'number' ? value : 0;
  }

  private async addTo(key: Record<string, string>, tokens: number, ttl: number): Promise<void> {
    await this.doc.send(new UpdateCommand({
      TableName: this.tableName,
      Key: key,
      UpdateExpression: 'ADD #tokens :n SET #ttl = :ttl',
      ExpressionAttributeNames: { '#tokens': 'tokens', '#ttl': TTL },
      ExpressionAttributeValues: { ':n': tokens, ':ttl': ttl },
    }));
  }

  /** ADD tokens and the run id, unless the set already holds the run. */
  private async addOnce(key: Record<string, string>, set: string, tokens: number, runId: string, ttl: number): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD #tokens :n, #set :run SET #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#set) OR NOT contains(#set, :runId)',
        ExpressionAttributeNames: { '#tokens': 'tokens', '#set': set, '#ttl': TTL },
        ExpressionAttributeValues: { ':n': tokens, ':run': new Set([runId]), ':runId': runId, ':ttl': ttl },
      }));
      return true;
    } catch (e) {
      if ((e as { name?: string })?.name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  private monthTtl(month: string): number {
    const [year, m] = month.split('-').map(Number);
    const endOfMonth = Date.UTC(year, m, 1) / 1000;
    return Math.floor(endOfMonth + this.monthRetentionSeconds);
  }

  private incidentTtl(): number {
    return Math.floor(this.now() / 1000 + this.incidentRetentionSeconds);
  }
}

function monthKey(month: string): Record<string, string> {
  if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`month must be YYYY-MM, got '${month}'`);
  return { [PK]: `${TokenLedgerKeys.MONTH_PREFIX}${month}`, [SK]: TokenLedgerKeys.MONTH_SK };
}

function incidentKey(incidentId: string): Record<string, string> {
  return { [PK]: `${TokenLedgerKeys.INCIDENT_PREFIX}${incidentId}`, [SK]: TokenLedgerKeys.INCIDENT_SK };
}

function checkTokens(tokens: number): void {
  if (!Number.isInteger(tokens) || tokens < 0) throw new Error(`tokens must be a non-negative whole number, got ${tokens}`);
}
