import { buildEmfRecord, EmfError, kpiEmfRecords, type IncidentKpis } from '../../../src/runtime/kpi';

const AT = Date.parse('2024-05-01T10:05:00.000Z');

describe('buildEmfRecord', () => {
  test('GIVEN metrics, dimensions and properties THEN the EMF document: _aws metadata with one directive, every target member at the root', () => {
    const record = buildEmfRecord({
      timestamp: new Date(AT),
      dimensions: { service: 'cdk-aiops-agents' },
      metrics: [{ name: 'TimeToResolve', value: 260, unit: 'Seconds' }, { name: 'Pages', value: 0, unit: 'Count' }, { name: 'X', value: 1 }],
      properties: { incidentId: 'inc-1' },
    });
    expect(record).toEqual({
      _aws: {
        Timestamp: AT,
        CloudWatchMetrics: [{
          Namespace: 'cdk-aiops',
          Dimensions: [['service']],
          Metrics: [{ Name: 'TimeToResolve', Unit: 'Seconds' }, { Name: 'Pages', Unit: 'Count' }, { Name: 'X', Unit: 'None' }],
        }],
      },
      service: 'cdk-aiops-agents',
      TimeToResolve: 260,
      Pages: 0,
      X: 1,
      incidentId: 'inc-1',
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  test('GIVEN no dimensions THEN one empty dimension set (the metrics without dimensions)', () => {
    expect(buildEmfRecord({ timestamp: AT, metrics: [{ name: 'Pages', value: 1 }], namespace: 'custom' })._aws.CloudWatchMetrics).toEqual([
      { Namespace: 'custom', Dimensions: [[]], Metrics: [{ Name: 'Pages', Unit: 'None' }] },
    ]);
  });

  test.each([
    ['a non-finite value', { metrics: [{ name: 'Pages', value: NaN }] }, 'metric Pages has a non-finite value'],
    ['no metrics', { metrics: [] }, 'at least one metric is needed'],
    ['101 metrics', { metrics: Array.from({ length: 101 }, (_, i) => ({ name: `m${i}`, value: i })) }, 'at most 100 metrics, got 101'],
    ['31 dimensions', { metrics: [{ name: 'm', value: 1 }], dimensions: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`d${i}`, 'v'])) }, 'at most 30 dimensions'],
    ['a property named like a metric', { metrics: [{ name: 'Pages', value: 1 }], properties: { Pages: 'x' } }, 'property Pages clashes'],
    ['an empty dimension value', { metrics: [{ name: 'm', value: 1 }], dimensions: { service: '' } }, 'dimension service needs a non-empty string value'],
    ['a metric named _aws', { metrics: [{ name: '_aws', value: 1 }] }, 'metric name "_aws" is not allowed'],
  ])('GIVEN %s THEN EmfError', (_what, input, message) => {
    expect(() => buildEmfRecord({ timestamp: AT, ...(input as any) })).toThrow(EmfError);
    expect(() => buildEmfRecord({ timestamp: AT, ...(input as any) })).toThrow(message);
  });
});

describe('kpiEmfRecords', () => {
  const kpis: IncidentKpis = {
    incidentId: 'inc-1',
    timeToDetectSeconds: 120,
    timeToAcknowledgeSeconds: 30,
    timeToMitigateSeconds: 200,
    timeToResolveSeconds: 260,
    automationOutcome: 'AutoResolved',
    pages: 0,
    reasoningTokens: 1500,
    estimatedCostUsd: 0.0081,
  };

  test('GIVEN full KPIs THEN one record with the durations, pages, tokens and cost, and one AutomationOutcome = 1 with the Outcome dimension', () => {
    const [main, outcome, ...rest] = kpiEmfRecords(kpis, { timestamp: AT, dimensions: { service: 'cdk-aiops-agents' } });
    expect(rest).toEqual([]);
    expect(main._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'cdk-aiops',
      Dimensions: [['service']],
      Metrics: [
        { Name: 'TimeToDetect', Unit: 'Seconds' },
        { Name: 'TimeToAcknowledge', Unit: 'Seconds' },
        { Name: 'TimeToMitigate', Unit: 'Seconds' },
        { Name: 'TimeToResolve', Unit: 'Seconds' },
        { Name: 'Pages', Unit: 'Count' },
        { Name: 'ReasoningTokens', Unit: 'Count' },
        { Name: 'EstimatedCostUsd', Unit: 'None' },
      ],
    });
    expect(main).toMatchObject({ TimeToDetect: 120, TimeToAcknowledge: 30, TimeToMitigate: 200, TimeToResolve: 260, Pages: 0, ReasoningTokens: 1500, EstimatedCostUsd: 0.0081, incidentId: 'inc-1' });
    expect(outcome).toEqual({
      _aws: { Timestamp: AT, CloudWatchMetrics: [{ Namespace: 'cdk-aiops', Dimensions: [['service', 'Outcome']], Metrics: [{ Name: 'AutomationOutcome', Unit: 'Count' }] }] },
      service: 'cdk-aiops-agents',
      Outcome: 'AutoResolved',
      AutomationOutcome: 1,
      incidentId: 'inc-1',
    });
  });

  test('GIVEN KPIs without markers or outcome THEN only what is known, in one record', () => {
    const records = kpiEmfRecords({ incidentId: 'inc-2', timeToDetectSeconds: 0, pages: 1, reasoningTokens: 0 }, { timestamp: AT });
    expect(records).toHaveLength(1);
    expect(records[0]._aws.CloudWatchMetrics[0].Metrics.map((m) => m.Name)).toEqual(['TimeToDetect', 'Pages', 'ReasoningTokens']);
  });
});
