/** Powertools Logger and Metrics behind the runtime's `Log` and `Counters` ports. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Counters, Log } from '../runtime/ports/observability';

/** The Logger as a `Log`. */
export function powertoolsLog(logger: Logger): Log {
  return {
    debug: (message, attributes) => logger.debug(message, attributes ?? {}),
    info: (message, attributes) => logger.info(message, attributes ?? {}),
    warn: (message, attributes) => logger.warn(message, attributes ?? {}),
    error: (message, attributes) => logger.error(message, attributes ?? {}),
  };
}

/** Metrics as `Counters`: a count with dimensions goes out as its own single metric. */
export function powertoolsCounters(metrics: Metrics): Counters {
  return {
    count: (metric, value, dimensions) => {
      if (!dimensions) {
        metrics.addMetric(metric, MetricUnit.Count, value);
        return;
      }
      const single = metrics.singleMetric();
      for (const [name, dim] of Object.entries(dimensions)) single.addDimension(name, dim);
      single.addMetric(metric, MetricUnit.Count, value);
    },
  };
}

/** Metrics in `namespace` with the hub bus as default dimension. */
export function busMetrics(namespace: string, serviceName: string, dimension: string, eventBusName: string): Metrics {
  return new Metrics({ namespace, serviceName, defaultDimensions: { [dimension]: eventBusName } });
}

/** Runs `work`, then flushes what it counted (also when it throws). */
export async function flushingMetrics<T>(metrics: Metrics, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    metrics.publishStoredMetrics();
  }
}
