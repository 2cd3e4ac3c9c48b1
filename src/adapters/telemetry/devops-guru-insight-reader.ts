import {
  DevOpsGuruClient,
  ListAnomaliesForInsightCommand,
  ListRecommendationsCommand,
  type AnomalyResource,
  type AnomalySourceDetails,
} from '@aws-sdk/client-devops-guru';
import { dimensionRecord, toIso } from './convert';
import type { InsightAnomaly, InsightReader, InsightRecommendation, MetricRef } from '../../runtime/telemetry/ports';

export interface DevOpsGuruInsightReaderOptions {
  /** Most pages read per call. Default 3. */
  readonly maxPages?: number;
}

function metricsOf(source: AnomalySourceDetails | undefined): MetricRef[] {
  return (source?.CloudWatchMetrics ?? []).map((m) => ({
    namespace: m.Namespace,
    metricName: m.MetricName,
    dimensions: dimensionRecord(m.Dimensions),
    stat: m.Stat,
  }));
}

function resourcesOf(resources: AnomalyResource[] | undefined): string[] {
  return (resources ?? []).map((r) => `${r.Type ?? 'unknown'}/${r.Name ?? '?'}`);
}

/**
 * InsightReader over Amazon DevOps Guru `ListAnomaliesForInsight` and `ListRecommendations`.
 *
 * IAM: `devops-guru:ListAnomaliesForInsight`, `devops-guru:ListRecommendations` (see TELEMETRY_IAM_ACTIONS['devops-guru']).
 */
export class DevOpsGuruInsightReader implements InsightReader {
  constructor(private readonly client: DevOpsGuruClient, private readonly options: DevOpsGuruInsightReaderOptions = {}) {}

  async anomalies(insightId: string): Promise<InsightAnomaly[]> {
    const out: InsightAnomaly[] = [];
    let nextToken: string | undefined;
    let page = 0;
    do {
      const res = await this.client.send(new ListAnomaliesForInsightCommand({ InsightId: insightId, MaxResults: 50, NextToken: nextToken }));
      for (const a of res.ReactiveAnomalies ?? []) {
        out.push({
          id: a.Id ?? 'unknown',
          kind: 'reactive',
          severity: a.Severity,
          status: a.Status,
          name: a.Name,
          description: a.Description,
          start: toIso(a.AnomalyTimeRange?.StartTime as Date | number | undefined),
          end: toIso(a.AnomalyTimeRange?.EndTime as Date | number | undefined),
          metrics: metricsOf(a.SourceDetails),
          resources: resourcesOf(a.AnomalyResources),
        });
      }
      for (const a of res.ProactiveAnomalies ?? []) {
        out.push({
          id: a.Id ?? 'unknown',
          kind: 'proactive',
          severity: a.Severity,
          status: a.Status,
          description: a.Description,
          start: toIso(a.AnomalyTimeRange?.StartTime as Date | number | undefined),
          end: toIso(a.AnomalyTimeRange?.EndTime as Date | number | undefined),
          metrics: metricsOf(a.SourceDetails),
          resources: resourcesOf(a.AnomalyResources),
        });
      }
      nextToken = res.NextToken;
      page++;
    } while (nextToken && page < (this.options.maxPages ?? 3));
    return out;
  }

  async recommendations(insightId: string): Promise<InsightRecommendation[]> {
    const out: InsightRecommendation[] = [];
    let nextToken: string | undefined;
    let page = 0;
    do {
      const res = await this.client.send(new ListRecommendationsCommand({ InsightId: insightId, NextToken: nextToken }));
      for (const r of res.Recommendations ?? []) {
        out.push({
          name: r.Name,
          description: r.Description,
          reason: r.Reason,
          link: r.Link,
          category: r.Category,
          relatedAnomalyIds: (r.RelatedAnomalies ?? []).map((a) => a.AnomalyId).filter((x): x is string => !!x),
          relatedMetrics: [...new Set((r.RelatedAnomalies ?? []).flatMap((a) => (a.SourceDetails ?? [])
            .flatMap((d) => (d.CloudWatchMetrics ?? []).map((m) => `${m.Namespace ?? '?'}/${m.MetricName ?? '?'}`))))],
        });
      }
      nextToken = res.NextToken;
      page++;
    } while (nextToken && page < (this.options.maxPages ?? 3));
    return out;
  }
}
