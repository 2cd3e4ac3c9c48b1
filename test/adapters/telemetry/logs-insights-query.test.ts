import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  type GetQueryResultsResponse,
  ResourceNotFoundException,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { LogsInsightsQuery } from '../../../src/adapters/telemetry/logs-insights-query';
import { collectTelemetry } from '../../../src/runtime/telemetry/collect';
import { loadFixture } from '../../support/fixtures';
import { incident, signal } from '../../support/telemetry-builders';

/*
 * No published Logs Insights GetQueryResults sample exists in ../shared/fixtures (SOURCES.md, "Searched for but not
 * found"). The responses below use the documented GetQueryResults shape (results: ResultField[][], statistics,
 * status), with the rows built from the real log events of api/logs/GetLogEvents.json (AWS CLI example output).
 * StartQuery returns only `queryId`; StopQuery only `success`.
 */
const EVENTS: Array<{ timestamp: number; message: string }> = loadFixture('api/logs/GetLogEvents.json').events;
const ROWS = EVENTS.map((e, i) => [
  { field: '@timestamp', value: new Date(e.timestamp).toISOString().replace('T', ' ').replace('Z', '') },
  { field: '@message', value: e.message },
  { field: '@ptr', value: `ptr-${i}` },
]);
const documented = (status: GetQueryResultsResponse['status'], rows = ROWS): GetQueryResultsResponse => ({
  status,
  results: rows,
  statistics: { recordsMatched: rows.length, recordsScanned: 100, bytesScanned: 5000 },
});

const logs = mockClient(CloudWatchLogsClient);
beforeEach(() => logs.reset());

const QUERY = { logGroups: ['/aws/lambda/checkout'], queryString: 'fields @timestamp, @message', window: { start: '2015-06-01T20:00:00Z', end: '2015-06-01T21:00:00Z' }, limit: 100 };

/** A clock that advances only when the reader sleeps. */
function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => { sleeps.push(ms); t += ms; }, sleeps };
}

describe('LogsInsightsQuery', () => {
  test('GIVEN Running, Running, Complete WHEN run THEN it polls until complete and returns the rows without @ptr', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logs.on(GetQueryResultsCommand)
      .resolvesOnce(documented('Running', []))
      .resolvesOnce(documented('Running', ROWS.slice(0, 1)))
      .resolvesOnce(documented('Complete'));
    const clock = fakeClock();
    const result = await new LogsInsightsQuery(new CloudWatchLogsClient({}), { ...clock, pollIntervalMs: 500 }).run(QUERY, { maxWaitMs: 5000 });
    expect(result.status).toBe('Complete');
    expect(result.rows).toEqual([
      { '@timestamp': '2015-06-01 20:23:04.356', '@message': 'Example Event 1' },
      { '@timestamp': '2015-06-01 20:23:04.356', '@message': 'Example Event 1' },
      { '@timestamp': '2015-06-01 20:23:04.358', '@message': 'Example Event 2' },
    ]);
    expect(result).toMatchObject({ recordsMatched: 3, recordsScanned: 100, bytesScanned: 5000 });
    expect(clock.sleeps).toEqual([500, 500]);
    expect(logs).toHaveReceivedCommandWith(StartQueryCommand, {
      logGroupNames: ['/aws/lambda/checkout'],
      startTime: Date.parse('2015-06-01T20:00:00Z') / 1000,
      endTime: Date.parse('2015-06-01T21:00:00Z') / 1000,
      queryString: 'fields @timestamp, @message',
      limit: 100,
    });
    expect(logs).toHaveReceivedCommandTimes(GetQueryResultsCommand, 3);
    expect(logs).toHaveReceivedCommandTimes(StopQueryCommand, 0);
  });

  test('GIVEN a query still running at the end of the bounded wait THEN StopQuery and the partial rows, status Timeout', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-2' });
    logs.on(GetQueryResultsCommand).resolves(documented('Running', ROWS.slice(0, 2)));
    logs.on(StopQueryCommand).resolves({ success: true });
    const clock = fakeClock();
    const result = await new LogsInsightsQuery(new CloudWatchLogsClient({}), { ...clock, pollIntervalMs: 1000 }).run(QUERY, { maxWaitMs: 3000 });
    expect(result.status).toBe('Timeout');
    expect(result.rows).toHaveLength(2);
    expect(clock.now()).toBeLessThanOrEqual(3000);
    expect(logs).toHaveReceivedCommandTimes(GetQueryResultsCommand, 4);
    expect(logs).toHaveReceivedCommandWith(StopQueryCommand, { queryId: 'q-2' });
  });

  test('GIVEN the default timer-based wait WHEN time is faked THEN the wait is bounded the same way', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      logs.on(StartQueryCommand).resolves({ queryId: 'q-3' });
      logs.on(GetQueryResultsCommand).resolves(documented('Scheduled', []));
      logs.on(StopQueryCommand).rejects(new Error('already finished'));
      const running = new LogsInsightsQuery(new CloudWatchLogsClient({})).run(QUERY, { maxWaitMs: 2500 });
      await jest.advanceTimersByTimeAsync(10_000);
      await expect(running).resolves.toMatchObject({ status: 'Timeout', rows: [] });
      expect(logs).toHaveReceivedCommandTimes(GetQueryResultsCommand, 3);
      expect(logs).toHaveReceivedCommandTimes(StopQueryCommand, 1);
    } finally {
      jest.useRealTimers();
    }
  });

  test('GIVEN log group ARNs THEN they are passed as logGroupIdentifiers', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-4' });
    logs.on(GetQueryResultsCommand).resolves(documented('Complete', []));
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/checkout';
    await new LogsInsightsQuery(new CloudWatchLogsClient({}), fakeClock()).run({ ...QUERY, logGroups: [arn] }, { maxWaitMs: 1000 });
    expect(logs).toHaveReceivedCommandWith(StartQueryCommand, { logGroupIdentifiers: [arn] });
  });

  test('GIVEN a missing log group WHEN collected THEN logs is skipped as not applicable; GIVEN a failed query THEN an error', async () => {
    const fn = signal({ id: 'fn', resource: { type: 'AWS::Lambda::Function', id: 'checkout' } });
    const request = { incident: incident([fn]), signals: [fn] };
    const now = new Date('2019-10-02T17:20:00Z');
    logs.on(StartQueryCommand).rejects(new ResourceNotFoundException({ $metadata: {}, message: 'Log group \'/aws/lambda/checkout\' does not exist' }));
    let bundle = await collectTelemetry(request, { logs: new LogsInsightsQuery(new CloudWatchLogsClient({}), fakeClock()) }, { now });
    expect(bundle.results[1]).toMatchObject({ collector: 'logs', status: 'skipped', reason: expect.stringMatching(/^not applicable \(ResourceNotFoundException: Log group/) });

    logs.reset();
    logs.on(StartQueryCommand).resolves({ queryId: 'q-5' });
    logs.on(GetQueryResultsCommand).resolves(documented('Failed', []));
    bundle = await collectTelemetry(request, { logs: new LogsInsightsQuery(new CloudWatchLogsClient({}), fakeClock()) }, { now });
    expect(bundle.results[1]).toMatchObject({ collector: 'logs', status: 'error', reason: 'Logs Insights query failed' });
  });
});
