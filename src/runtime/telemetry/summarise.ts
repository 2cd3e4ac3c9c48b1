/**
 * Per-collector summarisers: turn what a port returned into a few lines of Evidence a model can read.
 * Pure functions over plain data. Each returns evidence most-telling first, because the budget keeps a prefix.
 */
import type { LogsPlan, PlannedMetric } from './plan';
import type { LogsQueryResult, MetricSeries, RequestStats, RootCause, ServiceGraphNode, TraceSummariesResult } from './ports';
import { clip, fmt, pct, QUOTE_MAX_CHARS, round, shortTime } from './summarise-format';
import type { Evidence } from './types';

export { clip, fmt, QUOTE_MAX_CHARS } from './summarise-format';
export * from './summarise-signals';

// ---------------------------------------------------------------- metrics

export interface SeriesStats {
  readonly points: number;
  readonly min: number;
  readonly max: number;
  readonly avg: number;
  readonly last: number;
  readonly lastAt: string;
  /** Mean before the anchor (the signal time) and from it on, when both sides have points. */
  readonly before?: number;
  readonly after?: number;
  /** Split that best separates the series into two means (least squares), when there are 4+ points. */
  readonly changePoint?: { readonly at: string; readonly before: number; readonly after: number };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Statistics of one series, sorted by time, relative to the anchor time. */
export function seriesStats(timestamps: readonly string[], values: readonly number[], anchor: string): SeriesStats | undefined {
  const points = timestamps
    .map((t, i) => ({ t: Date.parse(t), v: values[i] }))
    .filter((p) => Number.isFinite(p.t) && typeof p.v === 'number' && Number.isFinite(p.v))
    .sort((a, b) => a.t - b.t);
  if (!points.length) return undefined;
  const vs = points.map((p) => p.v);
  const anchorMs = Date.parse(anchor);
  const beforeVs = points.filter((p) => p.t < anchorMs).map((p) => p.v);
  const afterVs = points.filter((p) => p.t >= anchorMs).map((p) => p.v);

  let changePoint: SeriesStats['changePoint'];
  if (points.length >= 4) {
    // Maximise n1*n2/n * (m1-m2)^2 over splits with at least 2 points each side.
    const prefix = [0];
    for (const v of vs) prefix.push(prefix[prefix.length - 1] + v);
    const n = vs.length;
    let best = 0;
    for (let k = 2; k <= n - 2; k++) {
      const m1 = prefix[k] / k;
      const m2 = (prefix[n] - prefix[k]) / (n - k);
      const score = ((k * (n - k)) / n) * (m1 - m2) ** 2;
      if (score > best) {
        best = score;
        changePoint = { at: new Date(points[k].t).toISOString(), before: round(m1), after: round(m2) };
      }
    }
  }
  const last = points[points.length - 1];
  return {
    points: points.length,
    min: round(Math.min(...vs)),
    max: round(Math.max(...vs)),
    avg: round(mean(vs)),
    last: round(last.v),
    lastAt: new Date(last.t).toISOString(),
    before: beforeVs.length && afterVs.length ? round(mean(beforeVs)) : undefined,
    after: beforeVs.length && afterVs.length ? round(mean(afterVs)) : undefined,
    changePoint,
  };
}

function relativeChange(before: number, after: number): number {
  const base = Math.max(Math.abs(before), 1e-9);
  return (after - before) / base;
}

function describeMetric(p: PlannedMetric): string {
  const dims = Object.entries(p.metric.dimensions).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${p.metric.namespace} ${p.metric.metricName}${dims ? ` (${dims})` : ''} ${p.metric.stat}/${p.metric.periodSeconds}s`;
}

/** Metric series → one evidence per series with data (alarm metrics first, then the largest changes), one for the rest. */
export function summariseMetrics(planned: readonly PlannedMetric[], series: readonly MetricSeries[], anchor: string): Evidence[] {
  const byId = new Map(series.map((s) => [s.id, s]));
  const withData: Array<{ evidence: Evidence; score: number }> = [];
  const empty: string[] = [];
  for (const p of planned) {
    const s = byId.get(p.id);
    const stats = s ? seriesStats(s.timestamps, s.values, anchor) : undefined;
    if (!s || !stats) {
      empty.push(`${p.metric.metricName}${s && s.status !== 'Complete' ? ` (${s.status})` : ''}`);
      continue;
    }
    const parts = [
      `${describeMetric(p)}${p.role === 'alarm' ? ` [alarm${p.alarmName ? ` ${p.alarmName}` : ''}]` : p.golden ? ` [${p.golden}]` : ''}:`,
      `last ${fmt(stats.last)} at ${shortTime(stats.lastAt)}, min ${fmt(stats.min)}, max ${fmt(stats.max)}, avg ${fmt(stats.avg)} over ${stats.points} points`,
    ];
    let score = 0;
    if (stats.before !== undefined && stats.after !== undefined) {
      const rel = relativeChange(stats.before, stats.after);
      score = Math.abs(rel);
      parts.push(`; around the signal ${fmt(stats.before)} → ${fmt(stats.after)} (${rel >= 0 ? '+' : ''}${fmt(rel * 100)}%)`);
    }
    if (stats.changePoint) {
      score = Math.max(score, Math.abs(relativeChange(stats.changePoint.before, stats.changePoint.after)));
      parts.push(`; change point ${shortTime(stats.changePoint.at)}: ${fmt(stats.changePoint.before)} → ${fmt(stats.changePoint.after)}`);
    }
    if (s.status !== 'Complete') parts.push(` (${s.status})`);
    withData.push({
      score: p.role === 'alarm' ? Number.POSITIVE_INFINITY : score,
      evidence: {
        ref: p.ref,
        summary: parts.join(' ').replace(/ ;/g, ';'),
        facts: {
          min: stats.min,
          max: stats.max,
          avg: stats.avg,
          last: stats.last,
          points: stats.points,
          before: stats.before ?? null,
          after: stats.after ?? null,
          changeAt: stats.changePoint?.at ?? null,
        },
      },
    });
  }
  const out = withData.sort((a, b) => b.score - a.score).map((x) => x.evidence);
  if (empty.length) {
    out.push({ ref: 'metrics:no-data', summary: `No datapoints in the window for: ${empty.join(', ')}`, facts: { series: empty.length } });
  }
  return out;
}

// ---------------------------------------------------------------- logs

/** Mask the parts of a log line that vary between occurrences (ids, numbers, times) to group repeats. */
export function logPattern(line: string): string {
  return line
    .replace(/\d{4}-\d{2}-\d{2}[T ][\d:.,]+(Z|[+-]\d{2}:?\d{2})?/g, '<time>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}\b/g, '<ip>')
    .replace(/\b(0x)?[0-9a-f]{8,}\b/gi, '<hex>')
    .replace(/\d+(\.\d+)?/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Logs Insights rows → a header, then the most frequent distinct lines with counts. */
export function summariseLogs(result: LogsQueryResult, plan: LogsPlan, maxLines = 15): Evidence[] {
  const groups = new Map<string, { count: number; sample: string; first: string; last: string; logs: Set<string> }>();
  for (const row of result.rows) {
    const message = (row['@message'] ?? Object.entries(row).filter(([k]) => !k.startsWith('@')).map(([, v]) => v).join(' ')).trim();
    if (!message) continue;
    const key = logPattern(message);
    const at = row['@timestamp'] ?? '';
    const g = groups.get(key);
    if (g) {
      g.count++;
      if (at && (!g.first || at < g.first)) g.first = at;
      if (at && (!g.last || at > g.last)) g.last = at;
      if (row['@log']) g.logs.add(row['@log']);
    } else {
      groups.set(key, { count: 1, sample: message, first: at, last: at, logs: new Set(row['@log'] ? [row['@log']] : []) });
    }
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count || (b.last > a.last ? 1 : -1));
  const status = result.status === 'Complete' ? 'complete' : `${result.status.toLowerCase()}, results partial`;
  const header: Evidence = {
    ref: 'logs:query',
    summary: `Logs Insights over ${plan.logGroups.length} log group(s) (${clip(plan.logGroups.join(', '), 200)}): `
      + `${result.rows.length} matching line(s), ${groups.size} distinct; query ${status}`,
    facts: {
      rows: result.rows.length,
      distinct: groups.size,
      status: result.status,
      recordsMatched: result.recordsMatched ?? null,
      recordsScanned: result.recordsScanned ?? null,
    },
  };
  return [
    header,
    ...sorted.slice(0, maxLines).map((g, i): Evidence => ({
      ref: `logs:${i + 1}`,
      summary: `${g.count}× ${clip(g.sample.replace(/\s+/g, ' '), QUOTE_MAX_CHARS)}`,
      facts: {
        count: g.count,
        first: g.first || null,
        last: g.last || null,
        logGroup: g.logs.size === 1 ? [...g.logs][0] : g.logs.size ? `${g.logs.size} groups` : null,
      },
    })),
  ];
}

// ---------------------------------------------------------------- traces

function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

function rootCauseKey(rc: RootCause): string {
  return `${rc.kind}|${rc.service}|${rc.path.join('>')}|${rc.exceptions.join(',')}`;
}

/** Trace summaries → fault/error/throttle counts and latency, the most frequent root causes, the slowest traces. */
export function summariseTraces(result: TraceSummariesResult, maxRootCauses = 5, maxSlowest = 3): Evidence[] {
  const traces = result.traces;
  const faults = traces.filter((t) => t.hasFault).length;
  const errors = traces.filter((t) => t.hasError).length;
  const throttles = traces.filter((t) => t.hasThrottle).length;
  const rts = traces.map((t) => t.responseTimeSeconds ?? t.durationSeconds).filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
  const out: Evidence[] = [{
    ref: 'traces:stats',
    summary: traces.length
      ? `${traces.length} trace(s) sampled${result.processedCount !== undefined ? ` of ${result.processedCount} processed` : ''}: `
        + `${faults} fault (${pct(faults, traces.length)}), ${errors} error (${pct(errors, traces.length)}), ${throttles} throttle; `
        + `response time p50 ${fmt(quantile(rts, 0.5))}s, p95 ${fmt(quantile(rts, 0.95))}s, max ${fmt(quantile(rts, 1))}s`
      : 'No traces in the window',
    facts: {
      traces: traces.length,
      faults,
      errors,
      throttles,
      p50: rts.length ? round(quantile(rts, 0.5)) : null,
      p95: rts.length ? round(quantile(rts, 0.95)) : null,
      max: rts.length ? round(quantile(rts, 1)) : null,
    },
  }];

  const causes = new Map<string, { rc: RootCause; count: number }>();
  for (const t of traces) {
    for (const rc of t.rootCauses) {
      const key = rootCauseKey(rc);
      const c = causes.get(key);
      if (c) c.count++;
      else causes.set(key, { rc, count: 1 });
    }
  }
  const kindRank = { 'fault': 0, 'error': 1, 'response-time': 2 } as const;
  [...causes.values()]
    .sort((a, b) => b.count - a.count || kindRank[a.rc.kind] - kindRank[b.rc.kind])
    .slice(0, maxRootCauses)
    .forEach(({ rc, count }, i) => out.push({
      ref: `traces:root-cause:${i + 1}`,
      summary: `${rc.kind} root cause in ${count} trace(s): ${rc.service}${rc.serviceType ? ` (${rc.serviceType})` : ''}`
        + `${rc.path.length ? ` via ${rc.path.join(' > ')}` : ''}${rc.exceptions.length ? `: ${clip(rc.exceptions.join('; '), QUOTE_MAX_CHARS)}` : ''}`,
      facts: { kind: rc.kind, service: rc.service, count, clientImpacting: rc.clientImpacting ?? null },
    }));

  [...traces]
    .filter((t) => typeof (t.responseTimeSeconds ?? t.durationSeconds) === 'number')
    .sort((a, b) => (b.responseTimeSeconds ?? b.durationSeconds ?? 0) - (a.responseTimeSeconds ?? a.durationSeconds ?? 0))
    .slice(0, maxSlowest)
    .forEach((t, i) => out.push({
      ref: `traces:slowest:${i + 1}`,
      summary: `${fmt(t.responseTimeSeconds ?? t.durationSeconds ?? 0)}s ${t.httpMethod ?? ''} ${clip(t.httpUrl ?? t.entryPoint ?? '', 200)}`.replace(/\s+/g, ' ').trim()
        + `${t.httpStatus ? ` → ${t.httpStatus}` : ''}${t.hasFault ? ' fault' : t.hasError ? ' error' : ''} (trace ${t.id})`,
      facts: { traceId: t.id, seconds: t.responseTimeSeconds ?? t.durationSeconds ?? null, status: t.httpStatus ?? null },
    }));
  return out;
}

function failureRate(s: RequestStats | undefined): number {
  return s && s.total > 0 ? (s.faults + s.errors) / s.total : 0;
}

/** Service graph → edges (caller → callee) with error and fault rates, failing first; services named by the incident first. */
export function summariseServiceGraph(nodes: readonly ServiceGraphNode[], serviceNames: readonly string[] = [], maxEdges = 8): Evidence[] {
  const byRef = new Map(nodes.map((n) => [n.referenceId, n]));
  const wanted = new Set(serviceNames.map((s) => s.toLowerCase()));
  const edges = nodes.flatMap((from) => from.edges.map((e) => ({ from, to: byRef.get(e.targetReferenceId), stats: e.stats })))
    .filter((e) => e.to && e.stats && e.stats.total > 0);
  const relevant = (e: (typeof edges)[number]) =>
    wanted.has(e.from.name.toLowerCase()) || wanted.has(e.to!.name.toLowerCase()) ? 1 : 0;
  const sorted = edges.sort((a, b) =>
    (relevant(b) - relevant(a)) || (failureRate(b.stats) - failureRate(a.stats)) || (b.stats!.total - a.stats!.total));
  const out: Evidence[] = sorted.slice(0, maxEdges).map((e, i) => {
    const s = e.stats!;
    return {
      ref: `traces:edge:${i + 1}`,
      summary: `${e.from.name} → ${e.to!.name}${e.to!.type ? ` (${e.to!.type})` : ''}: ${s.total} call(s), `
        + `${pct(s.faults, s.total)} fault, ${pct(s.errors, s.total)} error${s.throttles ? ` (${s.throttles} throttled)` : ''}, `
        + `avg ${fmt(s.totalResponseTimeSeconds / s.total)}s`,
      facts: { from: e.from.name, to: e.to!.name, calls: s.total, faults: s.faults, errors: s.errors, throttles: s.throttles },
    };
  });
  if (edges.length > maxEdges) {
    out.push({ ref: 'traces:edges-omitted', summary: `${edges.length - maxEdges} more edge(s) with fewer failures`, facts: { omitted: edges.length - maxEdges } });
  }
  return out;
}
