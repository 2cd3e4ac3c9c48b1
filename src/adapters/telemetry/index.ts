/**
 * AWS adapters of the Telemetry agent's ports, and `awsCollectors` to build them all for a handler:
 *
 * ```ts
 * const bundle = await collectTelemetry(request, awsCollectors({ region }), { now: new Date() });
 * ```
 *
 * The IAM actions each one needs are in `TELEMETRY_IAM_ACTIONS` (`src/runtime/telemetry/permissions.ts`).
 */
import { ApplicationSignalsClient } from '@aws-sdk/client-application-signals';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DevOpsGuruClient } from '@aws-sdk/client-devops-guru';
import { XRayClient } from '@aws-sdk/client-xray';
import { ApplicationSignalsSloReader, type ApplicationSignalsSloReaderOptions } from './application-signals-slo-reader';
import { CloudWatchMetricReader } from './cloudwatch-metric-reader';
import { ConfigComplianceReader, type ConfigComplianceReaderOptions } from './config-compliance-reader';
import { DevOpsGuruInsightReader } from './devops-guru-insight-reader';
import { LogsInsightsQuery, type LogsInsightsQueryOptions } from './logs-insights-query';
import { XRayTraceReader } from './xray-trace-reader';
import type { Collectors } from '../../runtime/telemetry/ports';
import { COLLECTOR_NAMES, type CollectorName } from '../../runtime/telemetry/types';

export * from './cloudwatch-metric-reader';
export * from './logs-insights-query';
export * from './xray-trace-reader';
export * from './devops-guru-insight-reader';
export * from './application-signals-slo-reader';
export * from './config-compliance-reader';

export interface AwsCollectorsConfig {
  /** Region of the clients. Default: the SDK's (AWS_REGION in Lambda). */
  readonly region?: string;
  /** Collectors to build. Default: all of them. */
  readonly enabled?: readonly CollectorName[];
  /**
   * Attempts per SDK call, first included. Low by default so a throttled collector reports an error within the
   * collector timeout instead of retrying through it. Default 2.
   */
  readonly maxAttempts?: number;
  /** Pre-built clients (tests, custom credentials); the missing ones are created. */
  readonly clients?: {
    readonly cloudWatch?: CloudWatchClient;
    readonly logs?: CloudWatchLogsClient;
    readonly xray?: XRayClient;
    readonly devopsGuru?: DevOpsGuruClient;
    readonly applicationSignals?: ApplicationSignalsClient;
    readonly config?: ConfigServiceClient;
  };
  readonly logs?: LogsInsightsQueryOptions;
  readonly slo?: ApplicationSignalsSloReaderOptions;
  readonly config?: ConfigComplianceReaderOptions;
}

/** Build the AWS adapter of every enabled collector. */
export function awsCollectors(config: AwsCollectorsConfig = {}): Partial<Collectors> {
  const enabled = new Set(config.enabled ?? COLLECTOR_NAMES);
  const clientConfig = { region: config.region, maxAttempts: config.maxAttempts ?? 2 };
  const c = config.clients ?? {};
  const out: { -readonly [K in keyof Collectors]?: Collectors[K] } = {};
  if (enabled.has('metrics')) out.metrics = new CloudWatchMetricReader(c.cloudWatch ?? new CloudWatchClient(clientConfig));
  if (enabled.has('logs')) out.logs = new LogsInsightsQuery(c.logs ?? new CloudWatchLogsClient(clientConfig), config.logs);
  if (enabled.has('traces')) out.traces = new XRayTraceReader(c.xray ?? new XRayClient(clientConfig));
  if (enabled.has('devops-guru')) out['devops-guru'] = new DevOpsGuruInsightReader(c.devopsGuru ?? new DevOpsGuruClient(clientConfig));
  if (enabled.has('slo')) out.slo = new ApplicationSignalsSloReader(c.applicationSignals ?? new ApplicationSignalsClient(clientConfig), config.slo);
  if (enabled.has('config')) out.config = new ConfigComplianceReader(c.config ?? new ConfigServiceClient(clientConfig), config.config);
  return out;
}
