import type { AwsStub } from 'aws-sdk-client-mock';
import { mockClient } from 'aws-sdk-client-mock';
import { AgentEnv } from '../../src/agents/constants';
import type * as TelemetryLambda from '../../src/agents/telemetry.lambda';
import { TelemetryBundleSchema } from '../../src/runtime/telemetry/types';
import { loadFixture } from '../support/fixtures';
import { devopsGuruInsightSignal, ec2CpuAlarmSignal, incident, signal } from '../support/telemetry-builders';

/* eslint-disable @typescript-eslint/no-require-imports */
const NOW = new Date('2019-10-02T17:20:00.000Z');
const SLO2 = 'arn:aws:application-signals:us-east-1:123456789101:slo/SLOName2';
const savedEnv = { ...process.env };

type Stubs = Record<'cw' | 'logs' | 'xray' | 'guru' | 'appSignals' | 'config', AwsStub<any, any, any>>;
let stubs: Stubs;

/**
 * A fresh handler module, as in a new execution environment, with every SDK client mocked on the module registry it
 * sees, answering with the real API responses of ../shared/fixtures/api (as test/adapters/telemetry does).
 */
function loadHandler(): typeof TelemetryLambda.handler {
  let mod: typeof TelemetryLambda | undefined;
  jest.isolateModules(() => {
    const cw = require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch');
    const logs = require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');
    const xray = require('@aws-sdk/client-xray') as typeof import('@aws-sdk/client-xray');
    const guru = require('@aws-sdk/client-devops-guru') as typeof import('@aws-sdk/client-devops-guru');
    const appSignals = require('@aws-sdk/client-application-signals') as typeof import('@aws-sdk/client-application-signals');
    const config = require('@aws-sdk/client-config-service') as typeof import('@aws-sdk/client-config-service');
    stubs = {
      cw: mockClient(cw.CloudWatchClient),
      logs: mockClient(logs.CloudWatchLogsClient),
      xray: mockClient(xray.XRayClient),
      // client-devops-guru is on @smithy/types v2 here, which aws-sdk-client-mock's typings reject: typed loosely.
      guru: mockClient(guru.DevOpsGuruClient as never),
      appSignals: mockClient(appSignals.ApplicationSignalsClient),
      config: mockClient(config.ConfigServiceClient),
    };
    const metricData = loadFixture('api/cloudwatch/GetMetricData-1.json');
    stubs.cw.on(cw.GetMetricDataCommand).callsFake((input: { MetricDataQueries: Array<{ Id: string }> }) => ({
      ...metricData,
      MetricDataResults: input.MetricDataQueries.map((q) => ({ ...metricData.MetricDataResults[0], Id: q.Id })),
    }));
    // No GetQueryResults sample exists: the documented shape with the real events of api/logs/GetLogEvents.json.
    const events: Array<{ timestamp: number; message: string }> = loadFixture('api/logs/GetLogEvents.json').events;
    stubs.logs.on(logs.StartQueryCommand).resolves({ queryId: 'q-1' });
    stubs.logs.on(logs.GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: events.map((e) => [{ field: '@timestamp', value: String(e.timestamp) }, { field: '@message', value: e.message }]),
    });
    stubs.xray.on(xray.GetTraceSummariesCommand).resolves(loadFixture('api/xray/GetTraceSummaries.json'));
    stubs.xray.on(xray.GetServiceGraphCommand).resolves(loadFixture('api/xray/GetServiceGraph.json'));
    // No DevOps Guru API samples exist: empty lists, the documented shape with nothing in it.
    stubs.guru.on(guru.ListAnomaliesForInsightCommand as never).resolves({ ReactiveAnomalies: [], ProactiveAnomalies: [] });
    stubs.guru.on(guru.ListRecommendationsCommand as never).resolves({ Recommendations: [] });
    stubs.appSignals.on(appSignals.ListServiceLevelObjectivesCommand).resolves(loadFixture('api/application-signals/ListServiceLevelObjectives.json'));
    stubs.appSignals.on(appSignals.BatchGetServiceLevelObjectiveBudgetReportCommand)
      .resolves(loadFixture('api/application-signals/BatchGetServiceLevelObjectiveBudgetReport-ok-and-breached.json'));
    stubs.config.on(config.DescribeComplianceByResourceCommand).resolves(loadFixture('api/config/DescribeComplianceByResource.json'));
    stubs.config.on(config.GetComplianceDetailsByResourceCommand).resolves(loadFixture('api/config/GetComplianceDetailsByConfigRule.json'));
    mod = require('../../src/agents/telemetry.lambda');
  });
  return mod!.handler;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** The incident event detail as triage publishes it, with its representative firing signals as `samples`. */
function theIncident() {
  const alarm = ec2CpuAlarmSignal();
  const fn = signal({ id: 'fn', time: '2019-10-02T17:02:00.000Z', resource: { type: 'AWS::Lambda::Function', id: 'scorekeep' }, service: 'scorekeep' });
  const insight = { ...devopsGuruInsightSignal(), time: '2019-10-02T17:03:00.000Z' };
  const slo = signal({
    id: 'slo',
    source: 'application-signals',
    kind: 'slo-budget',
    time: '2019-10-02T17:04:00.000Z',
    resource: { type: 'AWS::ApplicationSignals::ServiceLevelObjective', id: 'test', arn: SLO2 },
    labels: { sloArn: SLO2 },
  });
  const signals = [alarm, fn, insight, slo];
  return { ...incident(signals, { resources: [...incident(signals).resources, 'AWS::EC2::Instance/i-1a2b3c4d'] }), samples: signals };
}

beforeEach(() => {
  // Real timers for the Logs Insights poll; only the clock is frozen.
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  process.env = { ...savedEnv, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', POWERTOOLS_LOG_LEVEL: 'SILENT' };
});

afterEach(() => {
  jest.useRealTimers();
  process.env = { ...savedEnv };
  Object.values(stubs ?? {}).forEach((s) => s.restore());
});

describe('telemetry handler', () => {
  test('GIVEN an incident with samples WHEN invoked THEN every collector reports from the real responses, within the budget', async () => {
    // GIVEN
    process.env[AgentEnv.TELEMETRY_TOKEN_BUDGET] = '3000';
    const handler = loadHandler();
    // WHEN
    const bundle = await handler({ incident: theIncident() });
    // THEN
    expect(TelemetryBundleSchema.parse(bundle)).toEqual(bundle);
    expect(bundle.results.map((r) => [r.collector, r.status])).toEqual([
      ['metrics', 'ok'], ['logs', 'ok'], ['traces', 'ok'], ['devops-guru', 'ok'], ['slo', 'ok'], ['config', 'ok'],
    ]);
    expect(bundle.incidentId).toBe('inc-1');
    expect(bundle.tokenBudget).toBe(3000);
    expect(bundle.tokenEstimate).toBeLessThanOrEqual(3000);
    expect(bundle.errorBudgetRemaining).toBe(0);
    expect(bundle.nonCompliantResources).toEqual(['AWS::EC2::Instance/i-1a2b3c4d']);
    // The inferred log group of the Lambda function is queried (no log group configured).
    expect(stubs.logs.calls()[0].args[0].input).toEqual(expect.objectContaining({ logGroupNames: ['/aws/lambda/scorekeep'] }));
  });

  test('GIVEN disabled collectors and configured log groups THEN those collectors are not called and only the configured groups are queried', async () => {
    // GIVEN
    process.env[AgentEnv.TELEMETRY_DISABLED_COLLECTORS] = '["traces","devops-guru"]';
    process.env[AgentEnv.TELEMETRY_LOG_GROUPS] = '["/app/web"]';
    const handler = loadHandler();
    // WHEN
    const bundle = await handler({ incident: theIncident() });
    // THEN
    const status = Object.fromEntries(bundle.results.map((r) => [r.collector, [r.status, r.reason]]));
    expect(status.traces).toEqual(['skipped', 'disabled']);
    expect(status['devops-guru']).toEqual(['skipped', 'disabled']);
    expect(stubs.xray.calls()).toHaveLength(0);
    expect(stubs.guru.calls()).toHaveLength(0);
    // The planner adds /aws/lambda/scorekeep; the role may not query it, so it is dropped before the call.
    expect(stubs.logs.calls()[0].args[0].input).toEqual(expect.objectContaining({ logGroupNames: ['/app/web'] }));
    expect(status.logs[0]).toBe('ok');
  });

  test('GIVEN a throttled collector THEN it is reported, and the others still answer', async () => {
    const handler = loadHandler();
    stubs.cw.reset();
    stubs.cw.rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const bundle = await handler({ incident: theIncident() });
    const metrics = bundle.results.find((r) => r.collector === 'metrics')!;
    expect(metrics).toEqual(expect.objectContaining({ status: 'error', reason: 'throttled (ThrottlingException)' }));
    expect(bundle.results.filter((r) => r.status === 'ok')).toHaveLength(5);
  });

  test('GIVEN a malformed event THEN it fails (the state machine catches it into the failure path)', async () => {
    const handler = loadHandler();
    await expect(handler({ detail: {} })).rejects.toMatchObject({ name: 'ZodError' });
  });
});
