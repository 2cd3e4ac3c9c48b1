import { CloudWatchClient, CloudWatchServiceException, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CloudWatchMetricReader } from '../../../src/adapters/telemetry/cloudwatch-metric-reader';
import { collectTelemetry } from '../../../src/runtime/telemetry/collect';
import { loadFixture } from '../../support/fixtures';
import { ec2CpuAlarmSignal, incident } from '../../support/telemetry-builders';

// api/cloudwatch/GetMetricData-1.json: AWS CLI example output, one series `m3` (Avg Total IOPS), StatusCode Complete.
const GET_METRIC_DATA_1 = loadFixture('api/cloudwatch/GetMetricData-1.json');
// api/cloudwatch/GetMetricData-2.json: another series `m1` (EstimatedCharges).
const GET_METRIC_DATA_2 = loadFixture('api/cloudwatch/GetMetricData-2.json');

const cw = mockClient(CloudWatchClient);
beforeEach(() => cw.reset());

const WINDOW = { start: '2024-09-29T21:40:00.000Z', end: '2024-09-29T22:20:00.000Z' };
const metric = { namespace: 'AWS/EC2', metricName: 'EBSReadOps', dimensions: { InstanceId: 'i-1' }, stat: 'Average', periodSeconds: 300 };

describe('CloudWatchMetricReader', () => {
  const reader = () => new CloudWatchMetricReader(new CloudWatchClient({}));

  test('GIVEN a real GetMetricData response WHEN read THEN plain series with ISO timestamps, asked as MetricStat queries', async () => {
    cw.on(GetMetricDataCommand).resolves(GET_METRIC_DATA_1);
    const series = await reader().getMetricData({ queries: [{ id: 'm3', metric }], window: WINDOW });
    expect(series).toEqual([{ id: 'm3', label: 'Avg Total IOPS', timestamps: ['2024-09-29T22:10:00.000Z'], values: [96.85], status: 'Complete', messages: undefined }]);
    expect(cw).toHaveReceivedCommandWith(GetMetricDataCommand, {
      MetricDataQueries: [{
        Id: 'm3',
        MetricStat: { Metric: { Namespace: 'AWS/EC2', MetricName: 'EBSReadOps', Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }, Period: 300, Stat: 'Average' },
        ReturnData: true,
      }],
      StartTime: new Date(WINDOW.start),
      EndTime: new Date(WINDOW.end),
      ScanBy: 'TimestampAscending',
    });
  });

  test('GIVEN paged responses WHEN read THEN pages are followed and series merged by id', async () => {
    // The real responses, the first given a NextToken to stand for a first page.
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ ...GET_METRIC_DATA_1, NextToken: 'page-2' })
      .resolvesOnce(GET_METRIC_DATA_2);
    const series = await reader().getMetricData({ queries: [{ id: 'm3', metric }, { id: 'm1', metric: { ...metric, metricName: 'EstimatedCharges' } }], window: WINDOW });
    expect(series.map((s) => [s.id, s.values])).toEqual([['m3', [96.85]], ['m1', [542.38]]]);
    expect(cw).toHaveReceivedCommandTimes(GetMetricDataCommand, 2);
    expect(cw).toHaveReceivedNthCommandWith(2, GetMetricDataCommand, { NextToken: 'page-2' });
  });

  test('GIVEN AccessDenied WHEN collected THEN metrics is skipped as not permitted; GIVEN Throttling THEN an error', async () => {
    const alarm = ec2CpuAlarmSignal();
    const request = { incident: incident([alarm]), signals: [alarm] };
    const now = new Date('2019-10-02T17:20:00Z');
    cw.on(GetMetricDataCommand).rejects(new CloudWatchServiceException({
      name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'User is not authorized to perform: cloudwatch:GetMetricData',
    }));
    let bundle = await collectTelemetry(request, { metrics: reader() }, { now });
    expect(bundle.results[0]).toMatchObject({ collector: 'metrics', status: 'skipped', reason: 'not permitted (AccessDenied)' });

    cw.reset();
    cw.on(GetMetricDataCommand).rejects(new CloudWatchServiceException({ name: 'Throttling', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }));
    bundle = await collectTelemetry(request, { metrics: reader() }, { now });
    expect(bundle.results[0]).toMatchObject({ collector: 'metrics', status: 'error', reason: 'throttled (Throttling)' });
  });
});
