import {
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  XRayClient,
  type EdgeStatistics,
  type ErrorRootCause,
  type FaultRootCause,
  type ResponseTimeRootCause,
  type ServiceStatistics,
  type TraceSummary as SdkTraceSummary,
} from '@aws-sdk/client-xray';
import { toIso } from './convert';
import type {
  RequestStats,
  RootCause,
  ServiceGraphNode,
  ServiceGraphRequest,
  TraceReader,
  TraceSummariesRequest,
  TraceSummariesResult,
  TraceSummary,
} from '../../runtime/telemetry/ports';

export interface XRayTraceReaderOptions {
  /** Most pages read per call. Default 5. */
  readonly maxPages?: number;
}

type AnyRootCause = FaultRootCause | ErrorRootCause | ResponseTimeRootCause;

function rootCauses(kind: RootCause['kind'], causes: readonly AnyRootCause[] | undefined): RootCause[] {
  return (causes ?? []).flatMap((c): RootCause[] => {
    const services = c.Services ?? [];
    // The last service on the list is the one the cause was attributed to.
    const culprit = services[services.length - 1];
    if (!culprit) return [];
    const exceptions = services.flatMap((s) => (s.EntityPath ?? []).flatMap((e) =>
      ('Exceptions' in e ? e.Exceptions ?? [] : []).map((x) => [x.Name, x.Message].filter(Boolean).join(': '))));
    return [{
      kind,
      service: culprit.Name ?? culprit.Names?.[0] ?? 'unknown',
      serviceType: culprit.Type,
      path: (culprit.EntityPath ?? []).map((e) => e.Name ?? '?'),
      exceptions: [...new Set(exceptions.filter(Boolean))],
      clientImpacting: c.ClientImpacting,
    }];
  });
}

function traceOf(t: SdkTraceSummary): TraceSummary {
  return {
    id: t.Id ?? 'unknown',
    startTime: toIso(t.StartTime as Date | number | undefined),
    durationSeconds: t.Duration,
    responseTimeSeconds: t.ResponseTime,
    hasFault: t.HasFault ?? false,
    hasError: t.HasError ?? false,
    hasThrottle: t.HasThrottle ?? false,
    httpMethod: t.Http?.HttpMethod,
    httpUrl: t.Http?.HttpURL,
    httpStatus: t.Http?.HttpStatus,
    entryPoint: t.EntryPoint?.Name,
    rootCauses: [
      ...rootCauses('fault', t.FaultRootCauses),
      ...rootCauses('error', t.ErrorRootCauses),
      ...rootCauses('response-time', t.ResponseTimeRootCauses),
    ],
  };
}

function statsOf(s: ServiceStatistics | EdgeStatistics | undefined): RequestStats | undefined {
  if (!s) return undefined;
  return {
    total: s.TotalCount ?? 0,
    ok: s.OkCount ?? 0,
    errors: s.ErrorStatistics?.TotalCount ?? 0,
    throttles: s.ErrorStatistics?.ThrottleCount ?? 0,
    faults: s.FaultStatistics?.TotalCount ?? 0,
    totalResponseTimeSeconds: s.TotalResponseTime ?? 0,
  };
}

/**
 * TraceReader over AWS X-Ray `GetTraceSummaries` and `GetServiceGraph`.
 *
 * IAM: `xray:GetTraceSummaries`, `xray:GetServiceGraph` (see TELEMETRY_IAM_ACTIONS.traces).
 */
export class XRayTraceReader implements TraceReader {
  constructor(private readonly client: XRayClient, private readonly options: XRayTraceReaderOptions = {}) {}

  async summaries(request: TraceSummariesRequest): Promise<TraceSummariesResult> {
    const traces: TraceSummary[] = [];
    let processed: number | undefined;
    let nextToken: string | undefined;
    let page = 0;
    do {
      const out = await this.client.send(new GetTraceSummariesCommand({
        StartTime: new Date(request.window.start),
        EndTime: new Date(request.window.end),
        FilterExpression: request.filterExpression,
        Sampling: false,
        NextToken: nextToken,
      }));
      for (const t of out.TraceSummaries ?? []) if (traces.length < request.maxTraces) traces.push(traceOf(t));
      if (out.TracesProcessedCount !== undefined) processed = (processed ?? 0) + out.TracesProcessedCount;
      nextToken = out.NextToken;
      page++;
    } while (nextToken && traces.length < request.maxTraces && page < (this.options.maxPages ?? 5));
    return { traces, processedCount: processed };
  }

  async serviceGraph(request: ServiceGraphRequest): Promise<ServiceGraphNode[]> {
    const nodes: ServiceGraphNode[] = [];
    let nextToken: string | undefined;
    let page = 0;
    do {
      const out = await this.client.send(new GetServiceGraphCommand({
        StartTime: new Date(request.window.start),
        EndTime: new Date(request.window.end),
        GroupName: request.groupName,
        NextToken: nextToken,
      }));
      for (const s of out.Services ?? []) {
        if (s.ReferenceId === undefined) continue;
        nodes.push({
          referenceId: s.ReferenceId,
          name: s.Name ?? s.Names?.[0] ?? `service-${s.ReferenceId}`,
          type: s.Type,
          root: s.Root,
          stats: statsOf(s.SummaryStatistics),
          edges: (s.Edges ?? [])
            .filter((e) => e.ReferenceId !== undefined)
            .map((e) => ({ targetReferenceId: e.ReferenceId!, stats: statsOf(e.SummaryStatistics) })),
        });
      }
      nextToken = out.NextToken;
      page++;
    } while (nextToken && page < (this.options.maxPages ?? 5));
    return nodes;
  }
}
