import { classifyError, collectTelemetry } from '../../../src/runtime/telemetry/collect';
import type { Collectors } from '../../../src/runtime/telemetry/ports';
import { TelemetryBundleSchema, type CollectorResult } from '../../../src/runtime/telemetry/types';
import { devopsGuruInsightSignal, ec2CpuAlarmSignal, incident, signal } from '../../support/telemetry-builders';

const NOW = new Date('2019-10-02T17:20:00.000Z');
const awsError = (name: string, message = name, httpStatusCode = 400) =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } });

function byName(results: readonly CollectorResult[]): Record<string, CollectorResult> {
  return Object.fromEntries(results.map((r) => [r.collector, r]));
}

describe('classifyError', () => {
  test.each([
    ['AccessDeniedException', 'skipped', 'not permitted (AccessDeniedException)'],
    ['UnauthorizedOperation', 'skipped', 'not permitted (UnauthorizedOperation)'],
    ['ThrottlingException', 'error', 'throttled (ThrottlingException)'],
    ['LimitExceededException', 'error', 'throttled (LimitExceededException)'],
    ['ResourceNotFoundException', 'skipped', 'not applicable (ResourceNotFoundException: gone)'],
    ['ValidationException', 'error', 'ValidationException: gone'],
  ])('%s', (name, status, reason) => {
    expect(classifyError(awsError(name, name === 'ResourceNotFoundException' || name === 'ValidationException' ? 'gone' : name))).toEqual({ status, reason });
  });

  test('an HTTP 403 without a known name is not permitted, a 429 is throttled; strings and odd values do not throw', () => {
    expect(classifyError(awsError('SomethingNew', 'x', 403)).status).toBe('skipped');
    expect(classifyError(awsError('SomethingElse', 'x', 429))).toEqual({ status: 'error', reason: 'throttled (SomethingElse)' });
    expect(classifyError('boom')).toEqual({ status: 'error', reason: 'Error: boom' });
    expect(classifyError(undefined).status).toBe('error');
  });
});

describe('collectTelemetry', () => {
  const alarm = ec2CpuAlarmSignal();
  const request = { incident: incident([alarm]), signals: [alarm] };

  test('a missing port is skipped as not configured, an inapplicable one says why', async () => {
    const bundle = await collectTelemetry(request, {
      'metrics': { getMetricData: async () => [] },
      'logs': { run: jest.fn() },
      'devops-guru': { anomalies: jest.fn(), recommendations: jest.fn() },
    }, { now: NOW });
    const r = byName(bundle.results);
    expect(r.metrics).toMatchObject({ status: 'ok' });
    expect(r.logs).toMatchObject({ status: 'skipped', reason: 'not applicable: no log group known for the resources' });
    expect(r['devops-guru']).toMatchObject({ status: 'skipped', reason: 'not applicable: no DevOps Guru insight among the signals' });
    for (const name of ['traces', 'slo', 'config']) expect(r[name]).toMatchObject({ status: 'skipped', reason: 'not configured', evidence: [] });
    expect(bundle.results.map((x) => x.collector)).toEqual(['metrics', 'logs', 'traces', 'devops-guru', 'slo', 'config']);
    expect(TelemetryBundleSchema.parse(bundle)).toEqual(bundle);
  });

  test('AccessDenied → skipped with the code, throttling → error, other failures → error; never throws', async () => {
    const bundle = await collectTelemetry(request, {
      metrics: { getMetricData: () => Promise.reject(awsError('AccessDeniedException', 'User is not authorized', 403)) },
      config: { byResource: () => Promise.reject(awsError('ThrottlingException', 'Rate exceeded')) },
      slo: { budgetReports: () => { throw new TypeError('synchronous bug'); } },
      traces: { summaries: () => Promise.reject('a string'), serviceGraph: () => Promise.reject(awsError('AccessDeniedException')) },
    }, { now: NOW });
    const r = byName(bundle.results);
    expect(r.metrics).toMatchObject({ status: 'skipped', reason: 'not permitted (AccessDeniedException)' });
    expect(r.config).toMatchObject({ status: 'error', reason: 'throttled (ThrottlingException)' });
    expect(r.slo).toMatchObject({ status: 'error', reason: 'TypeError: synchronous bug' });
    expect(r.traces).toMatchObject({ status: 'error', reason: 'Error: a string' });
    expect(bundle.nonCompliantResources).toBeUndefined();
  });

  test('a collector that hangs is reported as timed out while the others finish', async () => {
    const bundle = await collectTelemetry(request, {
      metrics: { getMetricData: () => new Promise(() => undefined) },
      config: { byResource: async () => [{ type: 'AWS::EC2::Instance', id: alarm.resource.id, compliance: 'NON_COMPLIANT', rules: [] }] },
    }, { now: NOW, timeouts: { metrics: 20 } });
    const r = byName(bundle.results);
    expect(r.metrics).toMatchObject({ status: 'error', reason: 'timed out after 20 ms' });
    expect(r.config).toMatchObject({ status: 'ok' });
    expect(bundle.nonCompliantResources).toEqual(['AWS::EC2::Instance/i-12345678901234567']);
  });

  test('one half of the traces collector failing keeps the other half, with a note', async () => {
    const bundle = await collectTelemetry(request, {
      traces: {
        summaries: async () => ({ traces: [] }),
        serviceGraph: () => Promise.reject(awsError('ThrottlingException')),
      },
    }, { now: NOW });
    expect(byName(bundle.results).traces).toMatchObject({
      status: 'ok',
      reason: 'service graph: throttled (ThrottlingException)',
      evidence: [{ ref: 'traces:stats', summary: 'No traces in the window' }],
    });
  });

  test('passes the plan to the ports: window, queries, bounded wait, insight ids, SLO time', async () => {
    const insight = devopsGuruInsightSignal();
    const fn = signal({ id: 'fn', time: '2019-10-02T17:00:00.000Z', resource: { type: 'AWS::Lambda::Function', id: 'checkout' }, service: 'checkout' });
    const ports = {
      'metrics': { getMetricData: jest.fn(async () => []) },
      'logs': { run: jest.fn(async () => ({ status: 'Complete' as const, rows: [] })) },
      'devops-guru': { anomalies: jest.fn(async () => []), recommendations: jest.fn(async () => []) },
      'slo': { budgetReports: jest.fn(async () => ({ reports: [{ arn: 'a', name: 'checkout-availability', status: 'WARNING', totalBudgetSeconds: 100, budgetSecondsRemaining: 20 }], errors: [] })) },
    } satisfies Partial<Collectors>;
    const bundle = await collectTelemetry({ incident: incident([fn, insight]), signals: [fn, insight] }, ports, { now: NOW, logsMaxWaitMs: 1234 });
    const window = { start: '2019-10-02T16:30:00.000Z', end: '2019-10-02T17:20:00.000Z' };
    expect(bundle.window).toEqual(window);
    expect(ports.metrics.getMetricData).toHaveBeenCalledWith(expect.objectContaining({ window, queries: expect.arrayContaining([expect.objectContaining({ id: 'm0' })]) }));
    expect(ports.logs.run).toHaveBeenCalledWith(expect.objectContaining({ logGroups: ['/aws/lambda/checkout'], window }), { maxWaitMs: 1234 });
    expect(ports['devops-guru'].anomalies).toHaveBeenCalledWith(insight.labels!.insightId);
    expect(ports.slo.budgetReports).toHaveBeenCalledWith({ sloIds: [], services: ['checkout'], at: NOW.toISOString() });
    expect(bundle.errorBudgetRemaining).toBe(0.2);
  });

  test('a Logs Insights timeout is kept as partial evidence, a failed query is an error', async () => {
    const fn = signal({ id: 'fn', resource: { type: 'AWS::Lambda::Function', id: 'checkout' } });
    const req = { incident: incident([fn]), signals: [fn] };
    const partial = await collectTelemetry(req, { logs: { run: async () => ({ status: 'Timeout', rows: [{ '@message': 'ERROR boom' }] }) } }, { now: NOW });
    expect(byName(partial.results).logs).toMatchObject({ status: 'ok', reason: 'partial: query stopped after the bounded wait' });
    expect(byName(partial.results).logs.evidence[1].summary).toBe('1× ERROR boom');
    const failed = await collectTelemetry(req, { logs: { run: async () => ({ status: 'Failed', rows: [] }) } }, { now: NOW });
    expect(byName(failed.results).logs).toMatchObject({ status: 'error', reason: 'Logs Insights query failed' });
  });

  test('the Logs Insights wait ends before the logs collector times out', async () => {
    const fn = signal({ id: 'fn', resource: { type: 'AWS::Lambda::Function', id: 'checkout' } });
    const run = jest.fn(async () => ({ status: 'Complete' as const, rows: [] }));
    const options = { now: NOW, timeouts: { logs: 5000 }, logsMaxWaitMs: 60_000 };
    await collectTelemetry({ incident: incident([fn]), signals: [fn] }, { logs: { run } }, options);
    expect(run).toHaveBeenCalledWith(expect.anything(), { maxWaitMs: 3000 });
  });

  test('disabled collectors are skipped without being called', async () => {
    const getMetricData = jest.fn();
    const bundle = await collectTelemetry(request, { metrics: { getMetricData } }, { now: NOW, disabled: ['metrics'] });
    expect(byName(bundle.results).metrics).toMatchObject({ status: 'skipped', reason: 'disabled' });
    expect(getMetricData).not.toHaveBeenCalled();
  });

  test('the bundle stays within the configured budget however much the ports return', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => ({ '@message': `ERROR distinct failure kind ${'abcdefghij'[i % 10]}${'k'.repeat(i % 37)} ${'x'.repeat(300)}` }));
    const fn = signal({ id: 'fn', resource: { type: 'AWS::Lambda::Function', id: 'checkout' } });
    const bundle = await collectTelemetry({ incident: incident([fn]), signals: [fn] }, {
      logs: { run: async () => ({ status: 'Complete', rows: lines }) },
      config: { byResource: async (rs) => rs.map((r) => ({ ...r, compliance: 'NON_COMPLIANT', rules: [] })) },
    }, { now: NOW, tokenBudget: 800 });
    expect(bundle.tokenBudget).toBe(800);
    expect(bundle.tokenEstimate).toBeLessThanOrEqual(800);
    expect(byName(bundle.results).logs.truncated).toBe(true);
    expect(byName(bundle.results).config.truncated).toBe(false);
  });
});
