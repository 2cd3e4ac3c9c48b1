import { readFileSync } from 'fs';
import * as path from 'path';
import type { PlannedMetric } from '../../../src/runtime/telemetry/plan';
import type { TraceSummary } from '../../../src/runtime/telemetry/ports';
import {
  clip,
  logPattern,
  seriesStats,
  summariseCompliance,
  summariseInsight,
  summariseLogs,
  summariseMetrics,
  summariseServiceGraph,
  summariseSlo,
  summariseTraces,
} from '../../../src/runtime/telemetry/summarise';
import { FIXTURES_DIR } from '../../support/fixtures';

/** A slice of a NAB series (real CloudWatch CPU of an ASG, known cause: misconfiguration), as timestamps and values. */
function nabSlice(file: string, from: string, to: string): { timestamps: string[]; values: number[] } {
  const rows = readFileSync(path.join(FIXTURES_DIR, 'datasets/nab/data', file), 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(','))
    .filter(([t]) => t >= from && t <= to);
  return { timestamps: rows.map(([t]) => `${t.replace(' ', 'T')}Z`), values: rows.map(([, v]) => Number(v)) };
}

const cpu = (id: string, role: PlannedMetric['role'] = 'golden'): PlannedMetric => ({
  id,
  ref: `metrics:CPUUtilization:${id}`,
  role,
  golden: role === 'golden' ? 'saturation' : undefined,
  alarmName: role === 'alarm' ? 'HighCpu' : undefined,
  metric: { namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: { InstanceId: id }, stat: 'Average', periodSeconds: 300 },
});

describe('metrics', () => {
  test('finds the level shift of a real CloudWatch series (NAB cpu_utilization_asg_misconfiguration, 2014-07-12)', () => {
    // The CPU of the group sits near 30% until about 01:04, then near 60% (the labelled anomaly window opens 2014-07-10).
    const s = nabSlice('realKnownCause/cpu_utilization_asg_misconfiguration.csv', '2014-07-12 00:19', '2014-07-12 03:00');
    const stats = seriesStats(s.timestamps, s.values, '2014-07-12T01:09:00Z')!;
    expect(stats.points).toBe(s.values.length);
    const at = Date.parse(stats.changePoint!.at);
    expect(Math.abs(at - Date.parse('2014-07-12T01:09:00Z'))).toBeLessThanOrEqual(15 * 60_000);
    expect(stats.changePoint!.before).toBeLessThan(35);
    expect(stats.changePoint!.after).toBeGreaterThan(55);
    expect(stats.before).toBeLessThan(stats.after!);
    expect(stats.max).toBe(100);
  });

  test('sorts unsorted points and ignores non-finite values', () => {
    const stats = seriesStats(['2024-01-01T00:02:00Z', '2024-01-01T00:00:00Z', 'bad', '2024-01-01T00:01:00Z'], [3, 1, 9, NaN], '2024-01-01T00:01:30Z')!;
    expect(stats).toMatchObject({ points: 2, min: 1, max: 3, last: 3, before: 1, after: 3 });
    expect(stats.changePoint).toBeUndefined();
    expect(seriesStats([], [], '2024-01-01T00:00:00Z')).toBeUndefined();
  });

  test('alarm metrics first, then the largest change; empty series folded into one line', () => {
    const t = ['2024-01-01T00:00:00Z', '2024-01-01T00:05:00Z', '2024-01-01T00:10:00Z', '2024-01-01T00:15:00Z'];
    const evidence = summariseMetrics(
      [cpu('i-flat'), cpu('i-jump'), cpu('i-alarm', 'alarm'), cpu('i-empty')],
      [
        { id: 'i-flat', timestamps: t, values: [10, 10, 11, 10], status: 'Complete' },
        { id: 'i-jump', timestamps: t, values: [10, 10, 90, 95], status: 'Complete' },
        { id: 'i-alarm', timestamps: t, values: [50, 50, 50, 50], status: 'PartialData' },
        { id: 'i-empty', timestamps: [], values: [], status: 'Complete' },
      ],
      '2024-01-01T00:10:00Z',
    );
    expect(evidence.map((e) => e.ref)).toEqual([
      'metrics:CPUUtilization:i-alarm', 'metrics:CPUUtilization:i-jump', 'metrics:CPUUtilization:i-flat', 'metrics:no-data',
    ]);
    expect(evidence[0].summary).toContain('[alarm HighCpu]');
    expect(evidence[0].summary).toContain('(PartialData)');
    expect(evidence[1].summary).toContain('around the signal 10 → 92.5 (+825%)');
    expect(evidence[1].facts).toMatchObject({ min: 10, max: 95, last: 95, points: 4, before: 10, after: 92.5 });
    expect(evidence[3].summary).toBe('No datapoints in the window for: CPUUtilization');
  });
});

describe('logs', () => {
  test('masks ids, numbers and times so repeats group together', () => {
    expect(logPattern('2024-01-01T10:00:00.123Z ERROR order 1234 failed for 10.0.0.1 req 3f2504e0-4f89-11d3-9a0c-0305e82c3301'))
      .toBe('<time> ERROR order <n> failed for <ip> req <uuid>');
  });

  test('groups repeated lines with counts, most frequent first, behind a header', () => {
    const row = (m: string, t: string, log = '/aws/lambda/checkout') => ({ '@timestamp': t, '@message': m, '@log': `123:${log}` });
    const evidence = summariseLogs({
      status: 'Complete',
      rows: [
        row('ERROR timeout calling payments after 3001 ms', '2024-01-01 10:00:03'),
        row('ERROR timeout calling payments after 3004 ms', '2024-01-01 10:00:01'),
        row('ERROR timeout calling payments after 2999 ms', '2024-01-01 10:00:02'),
        row('WARN retrying order 17', '2024-01-01 10:00:04'),
      ],
      recordsMatched: 4,
      recordsScanned: 1000,
    }, { logGroups: ['/aws/lambda/checkout'], queryString: 'q', limit: 200 });
    expect(evidence.map((e) => e.ref)).toEqual(['logs:query', 'logs:1', 'logs:2']);
    expect(evidence[0].summary).toContain('4 matching line(s), 2 distinct; query complete');
    expect(evidence[1].summary).toBe('3× ERROR timeout calling payments after 3001 ms');
    expect(evidence[1].facts).toMatchObject({ count: 3, first: '2024-01-01 10:00:01', last: '2024-01-01 10:00:03', logGroup: '123:/aws/lambda/checkout' });
  });

  test('says when the rows are partial', () => {
    const [header] = summariseLogs({ status: 'Timeout', rows: [] }, { logGroups: ['/a'], queryString: 'q', limit: 1 });
    expect(header.summary).toContain('query timeout, results partial');
  });
});

describe('traces', () => {
  const trace = (id: string, rt: number, flags: Partial<TraceSummary> = {}): TraceSummary =>
    ({ id, responseTimeSeconds: rt, hasFault: false, hasError: false, hasThrottle: false, rootCauses: [], ...flags });

  test('counts faults, errors, throttles and ranks root causes by frequency', () => {
    const db = { kind: 'fault' as const, service: 'orders-db', serviceType: 'AWS::DynamoDB::Table', path: ['checkout', 'PutItem'], exceptions: ['ProvisionedThroughputExceededException'] };
    const evidence = summariseTraces({
      traces: [
        trace('1-a', 0.1),
        trace('1-b', 3.2, { hasFault: true, rootCauses: [db], httpMethod: 'POST', httpUrl: 'https://shop/checkout', httpStatus: 502 }),
        trace('1-c', 2.0, { hasFault: true, rootCauses: [db] }),
        trace('1-d', 0.3, { hasError: true, hasThrottle: true, rootCauses: [{ kind: 'error', service: 'api', path: [], exceptions: [] }] }),
      ],
      processedCount: 40,
    });
    expect(evidence[0]).toMatchObject({ ref: 'traces:stats', facts: { traces: 4, faults: 2, errors: 1, throttles: 1, max: 3.2 } });
    expect(evidence[0].summary).toContain('4 trace(s) sampled of 40 processed: 2 fault (50%)');
    expect(evidence[1]).toMatchObject({ ref: 'traces:root-cause:1', facts: { kind: 'fault', service: 'orders-db', count: 2 } });
    expect(evidence[1].summary).toContain('via checkout > PutItem: ProvisionedThroughputExceededException');
    expect(evidence.find((e) => e.ref === 'traces:slowest:1')!.summary).toBe('3.2s POST https://shop/checkout → 502 fault (trace 1-b)');
  });

  test('no traces is said plainly', () => {
    expect(summariseTraces({ traces: [] })[0].summary).toBe('No traces in the window');
  });

  test('service graph edges: the incident\'s services first, then by failure rate', () => {
    const stats = (total: number, faults: number) =>
      ({ total, ok: total - faults, errors: 0, throttles: 0, faults, totalResponseTimeSeconds: total * 0.1 });
    const evidence = summariseServiceGraph([
      { referenceId: 0, name: 'client', edges: [{ targetReferenceId: 1, stats: stats(100, 1) }] },
      { referenceId: 1, name: 'web', edges: [{ targetReferenceId: 2, stats: stats(10, 5) }, { targetReferenceId: 3, stats: stats(50, 0) }] },
      { referenceId: 2, name: 'db', type: 'AWS::DynamoDB::Table', edges: [] },
      { referenceId: 3, name: 'cache', edges: [{ targetReferenceId: 4, stats: stats(5, 5) }] },
      { referenceId: 4, name: 'redis', edges: [] },
    ], ['web'], 3);
    // Edges touching `web` come first (by failure rate), cache → redis (100% fault, unrelated) is left out.
    expect(evidence.map((e) => e.facts?.to ?? e.ref)).toEqual(['db', 'web', 'cache', 'traces:edges-omitted']);
    expect(evidence[0].summary).toBe('web → db (AWS::DynamoDB::Table): 10 call(s), 50% fault, 0% error, avg 0.1s');
  });
});

describe('DevOps Guru, SLOs, Config', () => {
  test('anomalies by severity, then recommendations', () => {
    const evidence = summariseInsight('ins-1', [
      { id: 'a1', kind: 'reactive', severity: 'LOW', metrics: [], resources: [] },
      { id: 'a2', kind: 'reactive', severity: 'HIGH', status: 'ONGOING', name: '5XXError anomalous', metrics: [{ namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'shop' } }], resources: ['AWS::ApiGateway::RestApi/shop'], start: '2021-11-01T17:00:00Z' },
    ], [{ name: 'Roll back the deployment', description: 'A deployment preceded the anomaly', reason: 'errors started after it', link: 'https://x', relatedAnomalyIds: ['a2'], relatedMetrics: ['AWS/ApiGateway/5XXError'] }]);
    expect(evidence.map((e) => e.ref)).toEqual(['devops-guru:anomaly:1', 'devops-guru:anomaly:2', 'devops-guru:recommendation:1']);
    expect(evidence[0].summary).toBe('HIGH reactive anomaly (ongoing): 5XXError anomalous; metrics AWS/ApiGateway 5XXError (ApiName=shop); from 2021-11-01T17:00Z');
    expect(evidence[2].summary).toBe('Recommendation: Roll back the deployment — A deployment preceded the anomaly (why: errors started after it)');
    expect(summariseInsight('ins-2', [], [])[0].summary).toContain('no anomalies or recommendations');
  });

  test('SLO reports breached first; the lowest remaining budget is clamped to 0..1', () => {
    const out = summariseSlo({
      reports: [
        { arn: 'arn:1', name: 'ok', status: 'OK', attainment: 100, goal: 99, totalBudgetSeconds: 6048, budgetSecondsRemaining: 6048 },
        { arn: 'arn:2', name: 'burnt', status: 'BREACHED', attainment: 97.39583275, goal: 99.9, totalBudgetSeconds: 86, budgetSecondsRemaining: -2154 },
        { arn: 'arn:3', name: 'requests', status: 'WARNING', totalBudgetRequests: 1000, budgetRequestsRemaining: 400 },
      ],
      errors: [{ id: 'arn:4', code: 'ResourceNotFound', message: 'gone' }],
    });
    expect(out.evidence.map((e) => e.ref)).toEqual(['slo:burnt', 'slo:requests', 'slo:ok', 'slo:error:1']);
    expect(out.evidence[0].summary).toBe('SLO "burnt" BREACHED: attainment 97.396% vs goal 99.9%; budget -2154s of 86s left (-2504.651%)');
    expect(out.errorBudgetRemaining).toBe(0);
    expect(summariseSlo({ reports: [{ arn: 'a', name: 'n', status: 'WARNING', totalBudgetRequests: 1000, budgetRequestsRemaining: 400 }], errors: [] })
      .errorBudgetRemaining).toBe(0.4);
    expect(summariseSlo({ reports: [{ arn: 'a', name: 'n', status: 'INSUFFICIENT_DATA' }], errors: [] }).errorBudgetRemaining).toBeUndefined();
  });

  test('compliance: non-compliant first, with the rules violated', () => {
    const out = summariseCompliance([
      { type: 'AWS::EC2::Instance', id: 'i-ok', compliance: 'COMPLIANT', rules: [] },
      { type: 'AWS::EC2::Instance', id: 'i-bad', compliance: 'NON_COMPLIANT', nonCompliantRuleCount: 2, rules: [{ rule: 'InstanceTypesAreT2micro', compliance: 'NON_COMPLIANT' }] },
    ]);
    expect(out.nonCompliantResources).toEqual(['AWS::EC2::Instance/i-bad']);
    expect(out.evidence[0]).toMatchObject({ ref: 'config:AWS::EC2::Instance/i-bad', summary: 'AWS::EC2::Instance i-bad: NON_COMPLIANT (2 rule(s): InstanceTypesAreT2micro)' });
    expect(out.evidence[1].summary).toBe('AWS::EC2::Instance i-ok: COMPLIANT');
  });
});

test('clip marks the cut', () => {
  expect(clip('abcdef', 4)).toBe('abc…');
  expect(clip('abc', 4)).toBe('abc');
});
