import type { SloDefinition } from '../../../src/contract/burn-rate';
import { AgentEnv } from '../../../src/contract/env';
import { readTelemetryConfig } from '../../../src/runtime/agents/config';
import { decideOnFinding } from '../../../src/runtime/agents/risk-step';
import { gatherTelemetry } from '../../../src/runtime/agents/telemetry-step';
import { BUILTIN_RUNBOOKS, RunbookRegistry } from '../../../src/runtime/runbooks';
import { metricMathReport, SloDefinitionsReader, withSloDefinitions } from '../../../src/runtime/slo/budget';
import type { MetricDataRequest, MetricReader, MetricSeries, SloBudgetRequest, SloReader } from '../../../src/runtime/telemetry/ports';
import { EC2, alarm, incident, NOW } from '../reasoning/helpers';

const LAMBDA_TERM = (metricName: string, sign = 1) => ({ namespace: 'AWS/Lambda', metricName, dimensions: { FunctionName: 'checkout' }, stat: 'Sum', sign });

const CHECKOUT: SloDefinition = {
  name: 'checkout-availability',
  service: 'checkout',
  targetPercent: 99.9,
  windowDays: 30,
  kind: 'metric-math',
  bad: [LAMBDA_TERM('Errors')],
  total: [LAMBDA_TERM('Invocations')],
};

/** A MetricReader answering daily values per metric name, recording the requests. */
function metrics(daily: Record<string, number[]>): MetricReader & { requests: MetricDataRequest[] } {
  const requests: MetricDataRequest[] = [];
  return {
    requests,
    async getMetricData(request) {
      requests.push(request);
      return request.queries.map((q): MetricSeries => ({
        id: q.id, status: 'Complete', values: daily[q.metric.metricName] ?? [], timestamps: (daily[q.metric.metricName] ?? []).map(() => NOW),
      }));
    },
  };
}

describe('metric-math budget', () => {
  test('remaining = (1 - target) x total - bad, as a request-based report', () => {
    expect(metricMathReport(CHECKOUT, 250, 1_000_000)).toEqual({
      arn: 'metric-math:slo:checkout-availability',
      name: 'checkout-availability',
      status: 'OK',
      evaluationType: 'RequestBased',
      attainment: 99.975,
      goal: 99.9,
      totalBudgetRequests: 1000,
      budgetRequestsRemaining: 750,
    });
    expect(metricMathReport(CHECKOUT, 800, 1_000_000).status).toBe('WARNING');
    expect(metricMathReport(CHECKOUT, 1200, 1_000_000)).toMatchObject({ status: 'BREACHED', budgetRequestsRemaining: -200 });
    expect(metricMathReport(CHECKOUT, 0, 0).status).toBe('INSUFFICIENT_DATA');
  });

  test('sums each term over the SLO window at daily periods; a good-count SLI subtracts', async () => {
    const reader = metrics({ Errors: [10, 20], Invocations: [50_000, 50_000], Good: [99_950] });
    const custom: SloDefinition = { ...CHECKOUT, name: 'custom', bad: [LAMBDA_TERM('Invocations'), LAMBDA_TERM('Good', -1)] };
    const result = await new SloDefinitionsReader([CHECKOUT, custom], reader).budgetReports({ sloIds: [], services: ['checkout'], at: NOW });
    expect(result.reports.map((r) => [r.name, r.budgetRequestsRemaining])).toEqual([['checkout-availability', 70], ['custom', 50]]);
    expect(reader.requests[0].window).toEqual({ start: '2026-02-08T02:00:00.000Z', end: NOW });
    expect(reader.requests[0].queries.map((q) => [q.id, q.metric.periodSeconds])).toEqual([['bad0', 86_400], ['total0', 86_400]]);
  });

  test('only the incident\'s services; Application Signals SLOs go to its reader by name, never the metric-math names', async () => {
    const asked: SloBudgetRequest[] = [];
    const applicationSignals: SloReader = { async budgetReports(r) { asked.push(r); return { reports: [], errors: [] }; } };
    const app: SloDefinition = { name: 'checkout-latency', service: 'checkout', targetPercent: 99, windowDays: 28, kind: 'application-signals' };
    const other: SloDefinition = { ...CHECKOUT, name: 'orders', service: 'orders' };
    const reader = metrics({ Errors: [1], Invocations: [1000] });
    const result = await new SloDefinitionsReader([CHECKOUT, app, other], reader, applicationSignals)
      .budgetReports({ sloIds: ['checkout-availability', 'arn:slo'], services: ['checkout'], at: NOW });
    expect(result.reports.map((r) => r.name)).toEqual(['checkout-availability']);
    expect(asked[0].sloIds).toEqual(['arn:slo', 'checkout-latency']);
  });

  test('a failing read is an error of that SLO, not of the collector', async () => {
    const reader: MetricReader = { async getMetricData() { throw Object.assign(new Error('slow down'), { name: 'Throttling' }); } };
    const result = await new SloDefinitionsReader([CHECKOUT], reader).budgetReports({ sloIds: [], services: ['checkout'], at: NOW });
    expect(result).toEqual({ reports: [], errors: [{ id: 'checkout-availability', code: 'Throttling', message: 'slow down' }] });
  });
});

describe('the budget reaches the Risk agent', () => {
  const registry = new RunbookRegistry(BUILTIN_RUNBOOKS);
  const signal = alarm(EC2, 'CPUUtilization', { service: 'checkout' });
  const inc = incident([signal], { services: ['checkout'] });
  const finding = { runbook: { id: 'aws-restart-ec2-instance', parameters: {} } };

  async function decide(daily: Record<string, number[]>) {
    const collectors = withSloDefinitions({ metrics: metrics(daily) }, [CHECKOUT]);
    const telemetry = await gatherTelemetry(inc, { collectors, now: new Date(NOW) }, [signal]);
    return { telemetry, decision: decideOnFinding({ incident: inc, finding, telemetry }, { registry, tags: { environment: 'prod' }, now: new Date(NOW) }) };
  }

  test('budget left in prod: a low-risk runbook runs on its own', async () => {
    const { telemetry, decision } = await decide({ Errors: [100], Invocations: [1_000_000] });
    expect(telemetry.errorBudgetRemaining).toBeCloseTo(0.9, 6);
    expect(decision.outcome).toBe('AUTO');
  });

  test('budget spent: a human approves', async () => {
    const { telemetry, decision } = await decide({ Errors: [5000], Invocations: [1_000_000] });
    expect(telemetry.errorBudgetRemaining).toBe(0);
    expect(decision.outcome).toBe('APPROVE');
    expect(decision.reasons.join(' ')).toMatch(/error budget is exhausted/);
  });

  test('the Telemetry agent reads the definitions from AIOPS_SLO_DEFINITIONS and refuses a malformed list', () => {
    expect(readTelemetryConfig({ [AgentEnv.SLO_DEFINITIONS]: JSON.stringify([CHECKOUT]) }).sloDefinitions).toEqual([CHECKOUT]);
    expect(readTelemetryConfig({}).sloDefinitions).toEqual([]);
    expect(() => readTelemetryConfig({ [AgentEnv.SLO_DEFINITIONS]: JSON.stringify([{ ...CHECKOUT, bad: [] }]) })).toThrow(/AIOPS_SLO_DEFINITIONS/);
  });

  test('without definitions the collectors are untouched', () => {
    const collectors = { metrics: metrics({}) };
    expect(withSloDefinitions(collectors, [])).toBe(collectors);
  });
});
