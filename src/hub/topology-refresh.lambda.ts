/**
 * The hub's topology refresher, on a schedule: tags, service graphs and the app's own topology → one snapshot in S3.
 * Thin (STYLE §2): read the environment, build the readers, run `refreshTopology`, emit its counts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { flushingMetrics, powertoolsLog } from '../adapters/powertools';
import {
  ApplicationSignalsGraphReader,
  S3SnapshotStore,
  SsmAppTopologyReader,
  TaggingInventoryReader,
  XRayServiceGraphReader,
} from '../adapters/topology';
import { METRIC_NAMESPACE, TOPOLOGY_SERVICE_NAME, TopologyMetric, TriageMetricDimension } from '../contract/metrics';
import { readTopologyRefreshConfig } from '../runtime/config/topology';
import { refreshTopology, type RefreshReport } from '../runtime/topology/refresh';

const logger = new Logger({ serviceName: TOPOLOGY_SERVICE_NAME });

export async function handler(): Promise<RefreshReport> {
  const config = readTopologyRefreshConfig(process.env);
  const metrics = new Metrics({
    namespace: METRIC_NAMESPACE,
    serviceName: TOPOLOGY_SERVICE_NAME,
    ...(config.eventBusName ? { defaultDimensions: { [TriageMetricDimension.EVENT_BUS_NAME]: config.eventBusName } } : {}),
  });
  return flushingMetrics(metrics, async () => {
    const report = await refreshTopology({
      store: new S3SnapshotStore({ bucket: config.bucket, key: config.key, gzip: config.key.endsWith('.gz') }),
      inventory: new TaggingInventoryReader(),
      xray: config.xray ? new XRayServiceGraphReader() : undefined,
      applicationSignals: config.applicationSignals ? new ApplicationSignalsGraphReader() : undefined,
      appTopology: config.appTopologyParameter ? new SsmAppTopologyReader(config.appTopologyParameter) : undefined,
      declared: config.declared,
      lookbackHours: config.lookbackHours,
      now: () => new Date(),
      log: powertoolsLog(logger),
    });
    if (report.ageSeconds !== undefined) metrics.addMetric(TopologyMetric.SNAPSHOT_AGE, MetricUnit.Seconds, report.ageSeconds);
    metrics.addMetric(TopologyMetric.RESOURCES, MetricUnit.Count, report.resources);
    metrics.addMetric(TopologyMetric.EDGES, MetricUnit.Count, report.edges);
    metrics.addMetric(TopologyMetric.SOURCES_FAILED, MetricUnit.Count, report.sources.filter((s) => s.status === 'failed').length);
    return report;
  });
}
