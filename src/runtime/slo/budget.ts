/**
 * The error budget of the ServiceLevelObjectives granted to the Telemetry agent (`AgentEnv.SLO_DEFINITIONS`), as the
 * `slo` collector's budget reports, so it reaches the Risk agent as `errorBudgetRemaining`:
 * - an Application Signals SLO is read from its own budget report (by name);
 * - a metric-math SLO is computed here: `bad` and `total` summed over the SLO window with GetMetricData (daily
 *   periods), budget = (1 − target) × total, remaining = budget − bad.
 * Pure over the ports: no SDK, the clock comes in the request.
 */
import * as z from 'zod';
import { errorBudgetFraction, type SloDefinition, type SloMetricTerm } from '../../contract/burn-rate';
import type { Collectors, MetricReader, MetricSeries, SloBudgetReport, SloBudgetRequest, SloBudgetResult, SloReader } from '../telemetry/ports';

const TermSchema = z.object({
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  dimensions: z.record(z.string(), z.string()),
  stat: z.string().min(1),
  sign: z.union([z.literal(1), z.literal(-1)]),
});

/** `AgentEnv.SLO_DEFINITIONS`, as the ServiceLevelObjective construct writes it. */
export const SloDefinitionsSchema = z.array(z.object({
  name: z.string().min(1),
  service: z.string().min(1),
  targetPercent: z.number().min(0).max(100),
  windowDays: z.number().int().positive().max(90),
  kind: z.enum(['metric-math', 'application-signals']),
  bad: z.array(TermSchema).max(10).optional(),
  total: z.array(TermSchema).min(1).max(10).optional(),
}).refine((d) => d.kind !== 'metric-math' || (d.bad?.length && d.total?.length), { message: 'a metric-math SLO needs bad and total metrics' })).max(50);

/** Budget at or under this fraction is WARNING, as Application Signals' default warning threshold (30 %). */
const WARNING_FRACTION = 0.3;
const DAY_SECONDS = 86_400;

/** A budget report for a metric-math SLO from its bad and total sums over the window. */
export function metricMathReport(definition: SloDefinition, bad: number, total: number): SloBudgetReport {
  const budget = errorBudgetFraction(definition.targetPercent) * total;
  const remaining = budget - Math.max(0, bad);
  const fraction = budget > 0 ? remaining / budget : undefined;
  const status = total <= 0 || fraction === undefined ? 'INSUFFICIENT_DATA' : fraction <= 0 ? 'BREACHED' : fraction <= WARNING_FRACTION ? 'WARNING' : 'OK';
  return {
    arn: `metric-math:slo:${definition.name}`,
    name: definition.name,
    status,
    evaluationType: 'RequestBased',
    ...(total > 0 ? { attainment: Number(((1 - Math.max(0, bad) / total) * 100).toFixed(6)) } : {}),
    goal: definition.targetPercent,
    ...(total > 0 ? { totalBudgetRequests: budget, budgetRequestsRemaining: remaining } : {}),
  };
}

function pick(term: SloMetricTerm): Omit<SloMetricTerm, 'sign'> {
  return { namespace: term.namespace, metricName: term.metricName, dimensions: term.dimensions, stat: term.stat };
}

function sum(series: MetricSeries | undefined): number {
  return (series?.values ?? []).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
}

/** Reads the sums of every term of the metric-math definitions in one GetMetricData request per definition. */
export async function metricMathReports(definitions: readonly SloDefinition[], metrics: MetricReader, at: string): Promise<SloBudgetResult> {
  const reports: SloBudgetReport[] = [];
  const errors: Array<{ id: string; code: string; message?: string }> = [];
  const end = new Date(at);
  for (const definition of definitions) {
    const terms: Array<{ id: string; term: SloMetricTerm; role: 'bad' | 'total' }> = [
      ...(definition.bad ?? []).map((term, i) => ({ id: `bad${i}`, term, role: 'bad' as const })),
      ...(definition.total ?? []).map((term, i) => ({ id: `total${i}`, term, role: 'total' as const })),
    ];
    const start = new Date(end.getTime() - definition.windowDays * DAY_SECONDS * 1000);
    try {
      const series = await metrics.getMetricData({
        queries: terms.map(({ id, term }) => ({
          id,
          metric: { ...pick(term), periodSeconds: DAY_SECONDS },
        })),
        window: { start: start.toISOString(), end: end.toISOString() },
      });
      const byId = new Map(series.map((s) => [s.id, s]));
      const total = (role: 'bad' | 'total') => terms.filter((t) => t.role === role).reduce((acc, t) => acc + t.term.sign * sum(byId.get(t.id)), 0);
      reports.push(metricMathReport(definition, total('bad'), total('total')));
    } catch (error) {
      errors.push({ id: definition.name, code: (error as Error).name ?? 'Error', message: (error as Error).message });
    }
  }
  return { reports, errors };
}

/**
 * An SloReader over the granted definitions: those of the incident's services (or named by its signals) are
 * reported, metric-math ones computed from `metrics`, Application Signals ones asked of `applicationSignals` by name
 * along with whatever the incident named. Without definitions it is `applicationSignals` itself.
 */
export class SloDefinitionsReader implements SloReader {
  public constructor(
    private readonly definitions: readonly SloDefinition[],
    private readonly metrics?: MetricReader,
    private readonly applicationSignals?: SloReader,
  ) {}

  public async budgetReports(request: SloBudgetRequest): Promise<SloBudgetResult> {
    const services = new Set(request.services);
    const ids = new Set(request.sloIds);
    const relevant = this.definitions.filter((d) => services.has(d.service) || ids.has(d.name));
    const mathNames = new Set(this.definitions.filter((d) => d.kind === 'metric-math').map((d) => d.name));
    const math = relevant.filter((d) => d.kind === 'metric-math');
    const asked: SloBudgetRequest = {
      ...request,
      sloIds: [...new Set([...request.sloIds.filter((id) => !mathNames.has(id)), ...relevant.filter((d) => d.kind === 'application-signals').map((d) => d.name)])],
    };
    const [fromApplicationSignals, computed] = await Promise.all([
      this.applicationSignals && (asked.sloIds.length || asked.services.length) ? this.applicationSignals.budgetReports(asked) : undefined,
      math.length === 0 ? undefined
        : this.metrics ? metricMathReports(math, this.metrics, request.at)
          : { reports: [], errors: math.map((d) => ({ id: d.name, code: 'NotConfigured', message: 'the metrics collector is off' })) },
    ]);
    return {
      reports: [...(fromApplicationSignals?.reports ?? []), ...(computed?.reports ?? [])],
      errors: [...(fromApplicationSignals?.errors ?? []), ...(computed?.errors ?? [])],
    };
  }
}

/** The collectors with the `slo` port answering for the granted definitions too (unchanged without any). */
export function withSloDefinitions(collectors: Partial<Collectors>, definitions: readonly SloDefinition[]): Partial<Collectors> {
  if (definitions.length === 0) return collectors;
  return { ...collectors, slo: new SloDefinitionsReader(definitions, collectors.metrics, collectors.slo) };
}
