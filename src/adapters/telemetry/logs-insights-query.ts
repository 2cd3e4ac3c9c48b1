import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  type GetQueryResultsResponse,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogsQuery, LogsQueryOptions, LogsQueryRequest, LogsQueryResult } from '../../runtime/telemetry/ports';

export interface LogsInsightsQueryOptions {
  /** Time between GetQueryResults polls. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Waits between polls (injected in tests). Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch (injected in tests). Default `Date.now`. */
  readonly now?: () => number;
}

const FINISHED = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout']);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function rowsOf(out: GetQueryResultsResponse | undefined): Array<Record<string, string>> {
  return (out?.results ?? []).map((fields) => {
    const row: Record<string, string> = {};
    for (const f of fields) if (f.field && f.field !== '@ptr' && f.value !== undefined) row[f.field] = f.value;
    return row;
  });
}

function resultOf(out: GetQueryResultsResponse | undefined, status: LogsQueryResult['status']): LogsQueryResult {
  return {
    status,
    rows: rowsOf(out),
    recordsMatched: out?.statistics?.recordsMatched,
    recordsScanned: out?.statistics?.recordsScanned,
    bytesScanned: out?.statistics?.bytesScanned,
  };
}

/**
 * LogsQuery over CloudWatch Logs Insights: `StartQuery`, then `GetQueryResults` every `pollIntervalMs` until the
 * query finishes or `maxWaitMs` runs out; then `StopQuery` and the partial rows of the last poll are returned
 * with status `Timeout`.
 *
 * IAM: `logs:StartQuery` (on the log groups), `logs:GetQueryResults`, `logs:StopQuery` (see TELEMETRY_IAM_ACTIONS.logs).
 */
export class LogsInsightsQuery implements LogsQuery {
  constructor(private readonly client: CloudWatchLogsClient, private readonly options: LogsInsightsQueryOptions = {}) {}

  async run(query: LogsQueryRequest, options: LogsQueryOptions): Promise<LogsQueryResult> {
    const now = this.options.now ?? Date.now;
    const sleep = this.options.sleep ?? defaultSleep;
    const poll = this.options.pollIntervalMs ?? 1000;
    const deadline = now() + Math.max(0, options.maxWaitMs);
    const byArn = query.logGroups.some((g) => g.startsWith('arn:'));
    const started = await this.client.send(new StartQueryCommand({
      ...(byArn ? { logGroupIdentifiers: [...query.logGroups] } : { logGroupNames: [...query.logGroups] }),
      startTime: Math.floor(Date.parse(query.window.start) / 1000),
      endTime: Math.ceil(Date.parse(query.window.end) / 1000),
      queryString: query.queryString,
      limit: query.limit,
    }));
    const queryId = started.queryId;
    if (!queryId) throw new Error('StartQuery returned no queryId');

    let last: GetQueryResultsResponse | undefined;
    for (;;) {
      last = await this.client.send(new GetQueryResultsCommand({ queryId }));
      const status = last.status ?? 'Unknown';
      if (FINISHED.has(status)) return resultOf(last, status as LogsQueryResult['status']);
      if (now() + poll > deadline) break;
      await sleep(poll);
    }
    try {
      await this.client.send(new StopQueryCommand({ queryId }));
    } catch {
      // The query may have finished in between, or StopQuery may not be permitted; the partial rows still count.
    }
    return resultOf(last, 'Timeout');
  }
}
