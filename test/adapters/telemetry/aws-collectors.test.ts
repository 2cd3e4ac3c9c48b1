import { ApplicationSignalsClient, BatchGetServiceLevelObjectiveBudgetReportCommand, ListServiceLevelObjectivesCommand } from '@aws-sdk/client-application-signals';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient, DescribeComplianceByResourceCommand, GetComplianceDetailsByResourceCommand } from '@aws-sdk/client-config-service';
import { DevOpsGuruClient, ListAnomaliesForInsightCommand, ListRecommendationsCommand } from '@aws-sdk/client-devops-guru';
import { GetServiceGraphCommand, GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsCollectors, CloudWatchMetricReader, LogsInsightsQuery } from '../../../src/adapters/telemetry';
import { estimateBundleTokens } from '../../../src/runtime/telemetry/budget';
import { collectTelemetry } from '../../../src/runtime/telemetry/collect';
import { TELEMETRY_IAM_ACTIONS } from '../../../src/runtime/telemetry/permissions';
import { type CollectorName, TelemetryBundleSchema } from '../../../src/runtime/telemetry/types';
import { loadFixture } from '../../support/fixtures';
import { devopsGuruInsightSignal, ec2CpuAlarmSignal, incident, signal } from '../../support/telemetry-builders';

const cw = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
const xray = mockClient(XRayClient);
// client-devops-guru is on @smithy/types v2 here, which aws-sdk-client-mock's typings reject: typed loosely.
const guru: AwsStub<any, any, any> = mockClient(DevOpsGuruClient as never);
const appSignals = mockClient(ApplicationSignalsClient);
const config = mockClient(ConfigServiceClient);

/** Which collector each mocked client serves, and the IAM service prefix of its actions. */
const CLIENTS: Array<[CollectorName, string, AwsStub<any, any, any>]> = [
  ['metrics', 'cloudwatch', cw],
  ['logs', 'logs', logs],
  ['traces', 'xray', xray],
  ['devops-guru', 'devops-guru', guru],
  ['slo', 'application-signals', appSignals],
  ['config', 'config', config],
];

const SLO2 = 'arn:aws:application-signals:us-east-1:123456789101:slo/SLOName2';
const NOW = new Date('2019-10-02T17:20:00.000Z');

function givenTheRealResponses() {
  // api/cloudwatch/GetMetricData-1.json answers every metric query with its one series, re-keyed to the query ids.
  const metricData = loadFixture('api/cloudwatch/GetMetricData-1.json');
  cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: Array<{ Id: string }> }) => ({
    ...metricData,
    MetricDataResults: input.MetricDataQueries.map((q) => ({ ...metricData.MetricDataResults[0], Id: q.Id })),
  }));
  // No GetQueryResults sample exists: the documented shape with the real events of api/logs/GetLogEvents.json.
  const events: Array<{ timestamp: number; message: string }> = loadFixture('api/logs/GetLogEvents.json').events;
  logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
  logs.on(GetQueryResultsCommand).resolves({
    status: 'Complete',
    results: events.map((e) => [{ field: '@timestamp', value: String(e.timestamp) }, { field: '@message', value: e.message }]),
  });
  xray.on(GetTraceSummariesCommand).resolves(loadFixture('api/xray/GetTraceSummaries.json'));
  xray.on(GetServiceGraphCommand).resolves(loadFixture('api/xray/GetServiceGraph.json'));
  // No DevOps Guru API samples exist: empty lists, the documented shape with nothing in it.
  guru.on(ListAnomaliesForInsightCommand as never).resolves({ ReactiveAnomalies: [], ProactiveAnomalies: [] });
  guru.on(ListRecommendationsCommand as never).resolves({ Recommendations: [] });
  // The incident's services are looked up too; the sample SLO has no key attributes, so only the signal's SLO is reported.
  appSignals.on(ListServiceLevelObjectivesCommand).resolves(loadFixture('api/application-signals/ListServiceLevelObjectives.json'));
  appSignals.on(BatchGetServiceLevelObjectiveBudgetReportCommand).resolves(loadFixture('api/application-signals/BatchGetServiceLevelObjectiveBudgetReport-ok-and-breached.json'));
  config.on(DescribeComplianceByResourceCommand).resolves(loadFixture('api/config/DescribeComplianceByResource.json'));
  config.on(GetComplianceDetailsByResourceCommand).resolves(loadFixture('api/config/GetComplianceDetailsByConfigRule.json'));
}

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
  const inc = incident(signals, { resources: [...incident(signals).resources, 'AWS::EC2::Instance/i-1a2b3c4d'] });
  return { incident: inc, signals };
}

const clients = () => ({
  cloudWatch: new CloudWatchClient({}),
  logs: new CloudWatchLogsClient({}),
  xray: new XRayClient({}),
  devopsGuru: new DevOpsGuruClient({}),
  applicationSignals: new ApplicationSignalsClient({}),
  config: new ConfigServiceClient({}),
});

beforeEach(() => CLIENTS.forEach(([, , stub]) => stub.reset()));

describe('awsCollectors + collectTelemetry over the real responses', () => {
  test('GIVEN every collector WHEN collected THEN all report ok within the default budget', async () => {
    givenTheRealResponses();
    const collectors = awsCollectors({ region: 'us-east-1', clients: clients(), logs: { sleep: async () => undefined } });
    const bundle = await collectTelemetry(theIncident(), collectors, { now: NOW });
    expect(TelemetryBundleSchema.parse(bundle)).toEqual(bundle);
    expect(bundle.results.map((r) => [r.collector, r.status, r.reason])).toEqual([
      ['metrics', 'ok', undefined],
      ['logs', 'ok', undefined],
      ['traces', 'ok', undefined],
      ['devops-guru', 'ok', undefined],
      ['slo', 'ok', undefined],
      ['config', 'ok', undefined],
    ]);
    const refs = bundle.results.flatMap((r) => r.evidence.map((e) => e.ref));
    expect(refs).toEqual(expect.arrayContaining([
      'metrics:CPUUtilization:i-12345678901234567', 'logs:query', 'logs:1', 'traces:stats', 'traces:edge:1',
      'devops-guru:empty', 'slo:test', 'config:AWS::EC2::Instance/i-1a2b3c4d',
    ]));
    expect(new Set(refs).size).toBe(refs.length);
    expect(bundle.errorBudgetRemaining).toBe(0);
    expect(appSignals).toHaveReceivedCommandWith(BatchGetServiceLevelObjectiveBudgetReportCommand, { SloIds: [SLO2] });
    expect(bundle.nonCompliantResources).toEqual(['AWS::EC2::Instance/i-1a2b3c4d']);
    expect(bundle.tokenBudget).toBe(3000);
    expect(bundle.tokenEstimate).toBe(estimateBundleTokens(bundle));
    expect(bundle.tokenEstimate).toBeLessThanOrEqual(3000);
  });

  test('GIVEN a tight budget THEN the same telemetry is cut to fit and marked truncated', async () => {
    givenTheRealResponses();
    const collectors = awsCollectors({ clients: clients(), logs: { sleep: async () => undefined } });
    const bundle = await collectTelemetry(theIncident(), collectors, { now: NOW, tokenBudget: 600 });
    expect(bundle.tokenEstimate).toBeLessThanOrEqual(600);
    expect(bundle.results.some((r) => r.truncated)).toBe(true);
  });

  test('every SDK call an adapter makes is listed in TELEMETRY_IAM_ACTIONS for its collector', async () => {
    givenTheRealResponses();
    await collectTelemetry(theIncident(), awsCollectors({ clients: clients(), logs: { sleep: async () => undefined } }), { now: NOW });
    for (const [collector, prefix, stub] of CLIENTS) {
      const actions = stub.calls().map((call) => `${prefix}:${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`);
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) expect(TELEMETRY_IAM_ACTIONS[collector]).toContain(action);
    }
  });

  test('enabled picks the collectors to build; the others are reported not configured', async () => {
    const built = awsCollectors({ region: 'us-east-1', enabled: ['metrics', 'logs'] });
    expect(Object.keys(built).sort()).toEqual(['logs', 'metrics']);
    expect(built.metrics).toBeInstanceOf(CloudWatchMetricReader);
    expect(built.logs).toBeInstanceOf(LogsInsightsQuery);
  });
});
