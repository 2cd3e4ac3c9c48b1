import { GetServiceGraphCommand, GetTraceSummariesCommand, ThrottledException, XRayClient } from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { XRayTraceReader } from '../../../src/adapters/telemetry/xray-trace-reader';
import { collectTelemetry } from '../../../src/runtime/telemetry/collect';
import { summariseServiceGraph, summariseTraces } from '../../../src/runtime/telemetry/summarise';
import { loadFixture } from '../../support/fixtures';
import { ec2CpuAlarmSignal, incident } from '../../support/telemetry-builders';

// X-Ray Developer Guide, 'Getting data from AWS X-Ray' (see SOURCES.md, api/xray).
const TRACE_SUMMARIES = loadFixture('api/xray/GetTraceSummaries.json');
const SERVICE_GRAPH = loadFixture('api/xray/GetServiceGraph.json');
// The guide's example of one response-time root cause (a `ResponseTimeRootCause`: Services with EntityPath).
const RESPONSE_TIME_ROOT_CAUSE = loadFixture('api/xray/GetTraceSummaries-response-time-root-cause-reformatted.json');

const xray = mockClient(XRayClient);
beforeEach(() => xray.reset());

const WINDOW = { start: '2018-06-06T20:30:00.000Z', end: '2018-06-06T21:00:00.000Z' };

describe('XRayTraceReader', () => {
  const reader = () => new XRayTraceReader(new XRayClient({}));

  test('GIVEN the real GetTraceSummaries output WHEN read THEN plain trace summaries, asked with the filter expression', async () => {
    xray.on(GetTraceSummariesCommand).resolves(TRACE_SUMMARIES);
    const result = await reader().summaries({ window: WINDOW, filterExpression: 'service("scorekeep")', maxTraces: 100 });
    expect(result.processedCount).toBe(2);
    expect(result.traces).toEqual([
      expect.objectContaining({ id: '1-59602606-a43a1ac52fc7ee0eea12a82c', responseTimeSeconds: 0.084, hasFault: false, httpMethod: 'POST', httpUrl: 'http://scorekeep.elasticbeanstalk.com/api/session', httpStatus: 200, rootCauses: [] }),
      expect.objectContaining({ id: '1-59602603-23fc5b688855d396af79b496', responseTimeSeconds: 3.232 }),
    ]);
    expect(xray).toHaveReceivedCommandWith(GetTraceSummariesCommand, {
      StartTime: new Date(WINDOW.start), EndTime: new Date(WINDOW.end), FilterExpression: 'service("scorekeep")', Sampling: false,
    });
    expect(summariseTraces(result)[0].summary).toBe('2 trace(s) sampled of 2 processed: 0 fault (0%), 0 error (0%), 0 throttle; response time p50 0.084s, p95 3.232s, max 3.232s');
  });

  test('GIVEN a trace with the guide\'s response-time root cause THEN the culprit service and its entity path', async () => {
    // Composition of two published documents: the second trace summary carrying the guide's root-cause example.
    const [first, second] = TRACE_SUMMARIES.TraceSummaries;
    const withCause = { ...TRACE_SUMMARIES, TraceSummaries: [first, { ...second, ResponseTimeRootCauses: [RESPONSE_TIME_ROOT_CAUSE] }] };
    xray.on(GetTraceSummariesCommand).resolves(withCause);
    const result = await reader().summaries({ window: WINDOW, maxTraces: 100 });
    expect(result.traces[1].rootCauses).toEqual([{ kind: 'response-time', service: 'GetTemperature', serviceType: undefined, path: ['GetTemperature'], exceptions: [], clientImpacting: undefined }]);
  });

  test('GIVEN more pages than maxTraces THEN paging stops there', async () => {
    xray.on(GetTraceSummariesCommand).resolves({ ...TRACE_SUMMARIES, NextToken: 'more' });
    const result = await reader().summaries({ window: WINDOW, maxTraces: 3 });
    expect(result.traces).toHaveLength(3);
    expect(xray).toHaveReceivedCommandTimes(GetTraceSummariesCommand, 2);
  });

  test('GIVEN the real GetServiceGraph output THEN nodes with request stats and edges by reference id', async () => {
    xray.on(GetServiceGraphCommand).resolves(SERVICE_GRAPH);
    const nodes = await reader().serviceGraph({ window: WINDOW, groupName: 'Default' });
    expect(nodes.map((n) => [n.referenceId, n.name, n.type, n.edges.map((e) => e.targetReferenceId)])).toEqual([
      [0, 'xray-sample.elasticbeanstalk.com', 'client', [2]],
      [1, 'awseb-e-dixzws4s9p-stack-StartupSignupsTable-4IMSMHAYX2BA', 'AWS::DynamoDB::Table', []],
      [2, 'xray-sample.elasticbeanstalk.com', 'AWS::EC2::Instance', [1, 3]],
      [3, 'SNS', 'AWS::SNS', []],
    ]);
    expect(nodes[0].edges[0].stats).toEqual({ total: 4, ok: 3, errors: 1, throttles: 0, faults: 0, totalResponseTimeSeconds: 0.273 });
    expect(xray).toHaveReceivedCommandWith(GetServiceGraphCommand, { GroupName: 'Default' });
    const evidence = summariseServiceGraph(nodes);
    expect(evidence[0].summary).toBe('xray-sample.elasticbeanstalk.com → xray-sample.elasticbeanstalk.com (AWS::EC2::Instance): 4 call(s), 0% fault, 25% error, avg 0.068s');
  });

  test('GIVEN both calls throttled WHEN collected THEN traces is an error; GIVEN one THEN ok with a note', async () => {
    const alarm = ec2CpuAlarmSignal();
    const request = { incident: incident([alarm]), signals: [alarm] };
    const now = new Date('2019-10-02T17:20:00Z');
    const throttled = new ThrottledException({ $metadata: { httpStatusCode: 429 }, message: 'Rate exceeded' });
    xray.on(GetTraceSummariesCommand).rejects(throttled);
    xray.on(GetServiceGraphCommand).rejects(throttled);
    let bundle = await collectTelemetry(request, { traces: reader() }, { now });
    expect(bundle.results[2]).toMatchObject({ collector: 'traces', status: 'error', reason: 'throttled (ThrottledException)' });

    xray.on(GetServiceGraphCommand).resolves(SERVICE_GRAPH);
    bundle = await collectTelemetry(request, { traces: reader() }, { now });
    expect(bundle.results[2]).toMatchObject({ collector: 'traces', status: 'ok', reason: 'trace summaries: throttled (ThrottledException)' });
    expect(bundle.results[2].evidence[0].ref).toBe('traces:edge:1');
  });
});
