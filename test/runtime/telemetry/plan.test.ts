import * as fc from 'fast-check';
import {
  DEFAULT_LOGS_QUERY,
  defaultWindow,
  parseDimensions,
  periodFor,
  planTelemetry,
  resolveArn,
  resolveIdentity,
  TelemetryRequestSchema,
} from '../../../src/runtime/telemetry/plan';
import { devopsGuruInsightSignal, ec2CpuAlarmSignal, incident, signal } from '../../support/telemetry-builders';

const NOW = new Date('2019-10-02T18:00:00.000Z');

describe('defaultWindow', () => {
  test('starts 30 min before the first signal and ends 5 min after the last', () => {
    const a = signal({ id: 'a', time: '2019-10-02T17:00:00.000Z' });
    const b = signal({ id: 'b', time: '2019-10-02T17:10:00.000Z' });
    expect(defaultWindow(incident([a, b]), [b, a], NOW)).toEqual({ start: '2019-10-02T16:30:00.000Z', end: '2019-10-02T17:15:00.000Z' });
  });

  test('never ends after now', () => {
    const a = signal({ id: 'a', time: '2019-10-02T17:58:00.000Z' });
    expect(defaultWindow(incident([a]), [a], NOW).end).toBe(NOW.toISOString());
  });

  test('keeps the most recent 6 hours of a long incident', () => {
    const a = signal({ id: 'a', time: '2019-10-01T00:00:00.000Z' });
    const b = signal({ id: 'b', time: '2019-10-02T17:00:00.000Z' });
    expect(defaultWindow(incident([a, b]), [a, b], NOW)).toEqual({ start: '2019-10-02T11:05:00.000Z', end: '2019-10-02T17:05:00.000Z' });
  });

  test('falls back to the incident times without signals', () => {
    const inc = incident([], { openedAt: '2019-10-02T12:00:00.000Z', updatedAt: '2019-10-02T12:20:00.000Z' });
    expect(defaultWindow(inc, [], NOW)).toEqual({ start: '2019-10-02T11:30:00.000Z', end: '2019-10-02T12:25:00.000Z' });
  });

  test('period follows the window length', () => {
    expect(periodFor({ start: '2019-10-02T16:00:00Z', end: '2019-10-02T17:00:00Z' })).toBe(60);
    expect(periodFor({ start: '2019-10-02T10:00:00Z', end: '2019-10-02T17:00:00Z' })).toBe(300);
  });
});

describe('resolving resources', () => {
  test.each([
    ['arn:aws:ec2:us-east-1:123456789012:instance/i-0abc', 'AWS::EC2::Instance', 'i-0abc', 'i-0abc'],
    ['arn:aws:lambda:us-east-1:123456789012:function:checkout:live', 'AWS::Lambda::Function', 'checkout', 'checkout'],
    ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188', 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188', 'app/web/50dc6c495c0c9188'],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/orders', 'AWS::DynamoDB::Table', 'orders', 'orders'],
    ['arn:aws:rds:us-east-1:123456789012:db:main', 'AWS::RDS::DBInstance', 'main', 'main'],
    ['arn:aws:sqs:us-east-1:123456789012:jobs', 'AWS::SQS::Queue', 'jobs', 'jobs'],
    ['arn:aws:ecs:us-east-1:123456789012:service/prod/api', 'AWS::ECS::Service', 'arn:aws:ecs:us-east-1:123456789012:service/prod/api', 'api'],
    ['arn:aws:application-signals:us-east-1:123456789101:slo/SLOName2', 'AWS::ApplicationSignals::ServiceLevelObjective',
      'arn:aws:application-signals:us-east-1:123456789101:slo/SLOName2', 'SLOName2'],
  ])('%s', (arn, type, id, name) => {
    expect(resolveArn(arn)).toMatchObject({ type, id, name });
  });

  test('unknown ARNs and malformed identities resolve to nothing', () => {
    expect(resolveArn('arn:aws:iam::123456789012:role/ops')).toBeUndefined();
    expect(resolveArn('arn:aws:ec2:us-east-1:123456789012:instance/')).toBeUndefined();
    expect(resolveArn('not-an-arn')).toBeUndefined();
    expect(resolveIdentity('no-slash')).toBeUndefined();
    expect(resolveIdentity('AWS::EC2::Instance/i-1')).toMatchObject({ type: 'AWS::EC2::Instance', id: 'i-1' });
  });

  test('every type the normaliser catalogues resolves too (one catalogue): an S3 bucket, an RDS cluster', () => {
    expect(resolveArn('arn:aws:s3:::bucket')).toEqual({ type: 'AWS::S3::Bucket', id: 'bucket', arn: 'arn:aws:s3:::bucket', name: 'bucket' });
    expect(resolveArn('arn:aws:rds:us-east-1:123456789012:cluster:aurora')).toMatchObject({ type: 'AWS::RDS::DBCluster', id: 'aurora', name: 'aurora' });
  });
});

describe('parseDimensions', () => {
  test('reads a JSON object, a JSON array of name/value and Name=Value pairs', () => {
    expect(parseDimensions('{"InstanceId":"i-1"}')).toEqual({ InstanceId: 'i-1' });
    expect(parseDimensions('[{"name":"ApiName","value":"Test API Service"},{"name":"Stage","value":"prod"}]'))
      .toEqual({ ApiName: 'Test API Service', Stage: 'prod' });
    expect(parseDimensions('FunctionName=checkout, Resource=checkout:live')).toEqual({ FunctionName: 'checkout', Resource: 'checkout:live' });
    expect(parseDimensions('{broken')).toBeUndefined();
    expect(parseDimensions('')).toBeUndefined();
  });

  test('never throws and only returns string values, whatever the label holds', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
      const out = parseDimensions(text);
      return out === undefined || Object.values(out).every((v) => typeof v === 'string');
    }));
  });
});

describe('planTelemetry', () => {
  test('plans the alarm\'s own metric first, then golden signals, without duplicating the alarm metric', () => {
    const s = ec2CpuAlarmSignal();
    const plan = planTelemetry({ incident: incident([s]), signals: [s] }, { now: NOW });
    expect(plan.anchor).toBe('2019-10-02T17:04:40.000Z');
    expect(plan.metrics[0]).toMatchObject({
      id: 'm0',
      ref: 'metrics:CPUUtilization:i-12345678901234567',
      role: 'alarm',
      alarmName: 'ServerCpuTooHigh',
      metric: { namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: { InstanceId: 'i-12345678901234567' }, stat: 'Average', periodSeconds: 60 },
    });
    const golden = plan.metrics.filter((m) => m.role === 'golden');
    expect(golden.map((m) => m.metric.metricName)).toEqual(['StatusCheckFailed', 'NetworkIn', 'NetworkOut']);
    expect(new Set(plan.metrics.map((m) => m.ref)).size).toBe(plan.metrics.length);
    expect(plan.resources).toEqual([{ type: 'AWS::EC2::Instance', id: 'i-12345678901234567' }]);
    expect(plan.logs).toBeUndefined();
    expect(plan.traces.filterExpression).toBe('service("web")');
  });

  test('dimensions, statistic and period labels override what the resource implies', () => {
    const s = signal({
      id: 'custom',
      resource: { type: 'AWS::Lambda::Function', id: 'checkout' },
      labels: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: 'FunctionName=checkout,Resource=checkout:live', stat: 'Maximum', period: '300' },
    });
    const plan = planTelemetry({ incident: incident([s]), signals: [s] }, { now: NOW, goldenSignals: false });
    expect(plan.metrics.map((m) => m.metric)).toEqual([
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'checkout', Resource: 'checkout:live' }, stat: 'Maximum', periodSeconds: 300 },
    ]);
  });

  test('an alarm metric takes the golden statistic of a known metric, and is skipped when no dimensions can be found', () => {
    const lambda = signal({ id: 'l', resource: { type: 'AWS::Lambda::Function', id: 'checkout' }, labels: { namespace: 'AWS/Lambda', metricName: 'Errors' } });
    const composite = signal({ id: 'c', kind: 'composite-alarm', resource: { type: 'AWS::CloudWatch::Alarm', id: 'web-down' }, labels: { namespace: 'AWS/X', metricName: 'Y' } });
    const plan = planTelemetry({ incident: incident([lambda, composite]), signals: [lambda, composite] }, { now: NOW, goldenSignals: false });
    expect(plan.metrics.map((m) => [m.metric.metricName, m.metric.stat, m.role])).toEqual([['Errors', 'Sum', 'alarm']]);
  });

  test('an ECS service named cluster/service (no ARN) gets its two dimensions', () => {
    const s = signal({ id: 'e', resource: { type: 'AWS::ECS::Service', id: 'prod/api' } });
    const plan = planTelemetry({ incident: incident([s]), signals: [s] }, { now: NOW });
    expect(plan.metrics[0].metric.dimensions).toEqual({ ClusterName: 'prod', ServiceName: 'api' });
  });

  test('golden signals per resource type', () => {
    const sigs = [
      signal({ id: 'l', resource: { type: 'AWS::Lambda::Function', id: 'checkout', arn: 'arn:aws:lambda:us-east-1:1:function:checkout' } }),
      signal({ id: 'a', resource: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/50dc' } }),
      signal({ id: 'd', resource: { type: 'AWS::DynamoDB::Table', id: 'orders' } }),
    ];
    const plan = planTelemetry({ incident: incident(sigs), signals: sigs }, { now: NOW, maxMetrics: 50 });
    const names = (ns: string) => plan.metrics.filter((m) => m.metric.namespace === ns).map((m) => `${m.metric.metricName}/${m.metric.stat}`);
    expect(names('AWS/Lambda')).toEqual(['Errors/Sum', 'Duration/p99', 'Throttles/Sum', 'Invocations/Sum', 'ConcurrentExecutions/Maximum']);
    expect(names('AWS/ApplicationELB')).toEqual(expect.arrayContaining(['HTTPCode_Target_5XX_Count/Sum', 'TargetResponseTime/p99']));
    expect(plan.metrics.find((m) => m.metric.namespace === 'AWS/ApplicationELB')?.metric.dimensions).toEqual({ LoadBalancer: 'app/web/50dc' });
    expect(names('AWS/DynamoDB')).toEqual(expect.arrayContaining(['ReadThrottleEvents/Sum', 'WriteThrottleEvents/Sum']));
    expect(plan.logs?.logGroups).toEqual(['/aws/lambda/checkout']);
    expect(plan.logs?.queryString).toBe(DEFAULT_LOGS_QUERY);
    expect(plan.traces.serviceNames).toEqual(['checkout']);
  });

  test('caps the number of metrics and honours goldenSignals: false', () => {
    const s = ec2CpuAlarmSignal();
    expect(planTelemetry({ incident: incident([s]), signals: [s] }, { now: NOW, goldenSignals: false }).metrics).toHaveLength(1);
    expect(planTelemetry({ incident: incident([s]), signals: [s] }, { now: NOW, maxMetrics: 2 }).metrics).toHaveLength(2);
  });

  test('log groups from configuration, signal labels and Lambda functions, de-duplicated', () => {
    const s = signal({ id: 'l', resource: { type: 'AWS::Lambda::Function', id: 'checkout' }, labels: { logGroup: '/app/web, /aws/lambda/checkout' } });
    const plan = planTelemetry({ incident: incident([s]), signals: [s] }, { now: NOW, logGroups: ['/app/shared'], logsQuery: 'fields @message', logsLimit: 50 });
    expect(plan.logs).toEqual({ logGroups: ['/app/shared', '/app/web', '/aws/lambda/checkout'], queryString: 'fields @message', limit: 50 });
  });

  test('insight ids from DevOps Guru signals, SLO ids from Application Signals signals and configuration', () => {
    const insight = devopsGuruInsightSignal();
    const slo = signal({
      id: 'slo',
      source: 'application-signals',
      kind: 'slo-budget',
      resource: { type: 'AWS::ApplicationSignals::ServiceLevelObjective', id: 'SLOName2', arn: 'arn:aws:application-signals:us-east-1:123456789101:slo/SLOName2' },
    });
    const plan = planTelemetry({ incident: incident([insight, slo]), signals: [insight, slo] }, { now: NOW, sloIds: ['checkout-latency'] });
    expect(plan.insightIds).toEqual(['AIYH6JxdbgkcG0xJmypiL4MAAAAAAAAAL0SLEjkxiNProXWcsTJbLU07EZ7XXXX']);
    expect(plan.slo.sloIds).toEqual(['checkout-latency', 'arn:aws:application-signals:us-east-1:123456789101:slo/SLOName2']);
    // SLOs are not Config resources; the stack is.
    expect(plan.resources).toEqual([{ type: 'AWS::CloudFormation::Stack', id: 'TestStack' }]);
  });

  test('the anchor is the first firing signal, not an earlier resolved one', () => {
    const resolved = signal({ id: 'r', state: 'resolved', time: '2019-10-02T16:00:00.000Z' });
    const firing = signal({ id: 'f', time: '2019-10-02T17:00:00.000Z' });
    const plan = planTelemetry({ incident: incident([resolved, firing]), signals: [resolved, firing] }, { now: NOW });
    expect(plan.anchor).toBe('2019-10-02T17:00:00.000Z');
    expect(plan.window.start).toBe('2019-10-02T15:30:00.000Z');
  });

  test('an explicit window wins', () => {
    const s = ec2CpuAlarmSignal();
    const window = { start: '2019-10-02T10:00:00.000Z', end: '2019-10-02T11:00:00.000Z' };
    expect(planTelemetry({ incident: incident([s]), signals: [s], window }, { now: NOW }).window).toBe(window);
  });

  test('resources of the incident that no signal names are looked up too, ARNs resolved', () => {
    const s = ec2CpuAlarmSignal();
    const inc = incident([s], { resources: ['AWS::EC2::Instance/i-12345678901234567', 'arn:aws:dynamodb:us-east-1:1:table/orders', 'Kubernetes::Pod/web-1'] });
    const plan = planTelemetry({ incident: inc, signals: [s] }, { now: NOW });
    expect(plan.resources).toEqual([
      { type: 'AWS::EC2::Instance', id: 'i-12345678901234567' },
      { type: 'AWS::DynamoDB::Table', id: 'orders' },
    ]);
  });
});

describe('TelemetryRequestSchema', () => {
  test('accepts a request built from the model and rejects a reversed window', () => {
    const s = ec2CpuAlarmSignal();
    const request = { incident: incident([s]), signals: [s] };
    expect(TelemetryRequestSchema.parse(request)).toEqual(request);
    expect(TelemetryRequestSchema.safeParse({ ...request, window: { start: '2019-10-02T17:00:00Z', end: '2019-10-02T16:00:00Z' } }).success).toBe(false);
    expect(TelemetryRequestSchema.safeParse({ incident: {}, signals: [] }).success).toBe(false);
  });
});
