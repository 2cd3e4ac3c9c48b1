import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery as SdkMetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { chunks, toIso } from './convert';
import type { MetricDataRequest, MetricReader, MetricSeries } from '../../runtime/telemetry/ports';

export interface CloudWatchMetricReaderOptions {
  /** Most GetMetricData pages read per batch of queries. Default 5. */
  readonly maxPages?: number;
}

/** GetMetricData allows 500 queries per call. */
const MAX_QUERIES_PER_CALL = 500;

/**
 * MetricReader over CloudWatch `GetMetricData`.
 *
 * IAM: `cloudwatch:GetMetricData` (see TELEMETRY_IAM_ACTIONS.metrics).
 */
export class CloudWatchMetricReader implements MetricReader {
  constructor(private readonly client: CloudWatchClient, private readonly options: CloudWatchMetricReaderOptions = {}) {}

  async getMetricData(request: MetricDataRequest): Promise<MetricSeries[]> {
    const merged = new Map<string, { label?: string; timestamps: string[]; values: number[]; status: string; messages: string[] }>();
    for (const batch of chunks(request.queries, MAX_QUERIES_PER_CALL)) {
      const queries: SdkMetricDataQuery[] = batch.map((q) => ({
        Id: q.id,
        MetricStat: {
          Metric: {
            Namespace: q.metric.namespace,
            MetricName: q.metric.metricName,
            Dimensions: Object.entries(q.metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
          },
          Period: q.metric.periodSeconds,
          Stat: q.metric.stat,
        },
        ReturnData: true,
      }));
      let nextToken: string | undefined;
      let page = 0;
      do {
        const out = await this.client.send(new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(request.window.start),
          EndTime: new Date(request.window.end),
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }));
        for (const r of out.MetricDataResults ?? []) {
          if (!r.Id) continue;
          const entry = merged.get(r.Id) ?? { label: r.Label, timestamps: [], values: [], status: r.StatusCode ?? 'Complete', messages: [] };
          const ts = r.Timestamps ?? [];
          const vs = r.Values ?? [];
          ts.forEach((t, i) => {
            const iso = toIso(t as Date | string);
            if (iso !== undefined && typeof vs[i] === 'number') {
              entry.timestamps.push(iso);
              entry.values.push(vs[i]);
            }
          });
          // The last page read is authoritative: PartialData there means pages were left unread.
          if (r.StatusCode) entry.status = r.StatusCode;
          for (const m of r.Messages ?? []) if (m.Value) entry.messages.push(`${m.Code ?? ''} ${m.Value}`.trim());
          merged.set(r.Id, entry);
        }
        nextToken = out.NextToken;
        page++;
      } while (nextToken && page < (this.options.maxPages ?? 5));
    }
    return [...merged.entries()].map(([id, e]) => ({
      id,
      label: e.label,
      timestamps: e.timestamps,
      values: e.values,
      status: e.status,
      messages: e.messages.length ? e.messages : undefined,
    }));
  }
}
