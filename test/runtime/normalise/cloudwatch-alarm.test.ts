import { fixtureCopy, fixtureSignal, oneSignal, rejectionOf, signalsOf } from './helpers';
import { severityFromConvention } from '../../../src/runtime/normalise';

const SINGLE = 'events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json';
const MATH = 'events/cloudwatch/alarm-state-change-metric-math-ec2-network-insufficient-to-alarm.json';
const COMPOSITE = 'events/cloudwatch/alarm-state-change-composite-with-suppressor.json';

describe('CloudWatch Alarm State Change (EventBridge)', () => {
  test('single-metric EC2 alarm: firing on the instance, fingerprinted by account, region and alarm name', () => {
    const signal = fixtureSignal(SINGLE);
    expect(signal).toMatchObject({
      source: 'cloudwatch-alarm',
      kind: 'metric-alarm',
      state: 'firing',
      severity: 'high',
      resource: {
        type: 'AWS::EC2::Instance',
        id: 'i-12345678901234567',
        arn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-12345678901234567',
        region: 'us-east-1',
        account: '123456789012',
      },
      fingerprint: 'cloudwatch-alarm:123456789012:us-east-1:ServerCpuTooHigh',
      time: '2019-10-02T17:04:40.989Z',
      title: 'ServerCpuTooHigh is ALARM on i-12345678901234567',
      labels: expect.objectContaining({ alarmName: 'ServerCpuTooHigh', previousState: 'OK', namespace: 'AWS/EC2', metricName: 'CPUUtilization' }),
      raw: expect.objectContaining({ source: 'aws.cloudwatch', detailType: 'CloudWatch Alarm State Change', eventId: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92' }),
    });
    expect(signal.description).toMatch(/^Threshold Crossed/);
    expect(signal.service).toBeUndefined();
    expect(signal.raw.bytes).toBeGreaterThan(1000);
    expect(signal.raw.excerpt.startsWith('{"version":"0"')).toBe(true);
  });

  test('metric-math alarm is metric-math-alarm on the instance of its metrics', () => {
    const signal = fixtureSignal(MATH);
    expect(signal).toMatchObject({
      kind: 'metric-math-alarm',
      state: 'firing',
      resource: { type: 'AWS::EC2::Instance', id: 'i-12345678901234567' },
      fingerprint: 'cloudwatch-alarm:123456789012:us-east-1:TotalNetworkTrafficTooHigh',
      labels: expect.objectContaining({ previousState: 'INSUFFICIENT_DATA' }),
    });
  });

  test('composite alarm is about the alarm itself, with its triggering children and suppression', () => {
    const signal = fixtureSignal(COMPOSITE);
    expect(signal).toMatchObject({
      kind: 'composite-alarm',
      state: 'firing',
      resource: {
        type: 'AWS::CloudWatch::Alarm',
        id: 'ServiceAggregatedAlarm',
        arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServiceAggregatedAlarm',
      },
      labels: expect.objectContaining({
        alarmRule: 'ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)',
        triggeringAlarms: 'ServerCpuTooHigh',
        actionsSuppressedBy: 'WaitPeriod',
      }),
    });
  });

  test('anomaly-detection alarm (ANOMALY_DETECTION_BAND expression) is anomaly-alarm', () => {
    const event = fixtureCopy(SINGLE);
    event.detail.configuration.metrics.push({ id: 'ad1', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', returnData: true });
    expect(oneSignal(event).kind).toBe('anomaly-alarm');
  });

  test('OK resolves with the same fingerprint and severity; INSUFFICIENT_DATA after ALARM is info, not a resolution', () => {
    const firing = fixtureSignal(SINGLE);
    const ok = fixtureCopy(SINGLE);
    ok.detail.previousState.value = 'ALARM';
    ok.detail.state.value = 'OK';
    const resolved = oneSignal(ok);
    expect(resolved).toMatchObject({ state: 'resolved', severity: firing.severity, fingerprint: firing.fingerprint });
    expect(resolved.id).not.toBe(firing.id);

    const missing = fixtureCopy(SINGLE);
    missing.detail.previousState.value = 'ALARM';
    missing.detail.state.value = 'INSUFFICIENT_DATA';
    expect(oneSignal(missing)).toMatchObject({
      state: 'info',
      severity: 'info',
      fingerprint: firing.fingerprint,
      labels: expect.objectContaining({ previousState: 'ALARM', alarmState: 'INSUFFICIENT_DATA' }),
    });
  });

  test('an unknown state value is rejected naming the field and the value', () => {
    const event = fixtureCopy(SINGLE);
    event.detail.state.value = 'FOO';
    expect(rejectionOf(event, { input: 'x.json#0' })).toEqual({
      code: 'malformed',
      reason: 'CloudWatch Alarm State Change: detail.state.value must be one of ALARM, OK, INSUFFICIENT_DATA; got "FOO"',
      input: 'x.json#0',
      eventSource: 'aws.cloudwatch',
      detailType: 'CloudWatch Alarm State Change',
    });
  });

  test.each([
    [{ FunctionName: 'checkout-api' }, 'AWS/Lambda', 'AWS::Lambda::Function', 'checkout-api', 'arn:aws:lambda:us-east-1:123456789012:function:checkout-api', 'checkout-api'],
    [{ DBInstanceIdentifier: 'orders-db' }, 'AWS/RDS', 'AWS::RDS::DBInstance', 'orders-db', 'arn:aws:rds:us-east-1:123456789012:db:orders-db', undefined],
    [{ LoadBalancer: 'app/web/50dc6c495c0c9188' }, 'AWS/ApplicationELB', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'app/web/50dc6c495c0c9188',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188', undefined],
    [{ TableName: 'orders' }, 'AWS/DynamoDB', 'AWS::DynamoDB::Table', 'orders', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders', undefined],
    [{ ApiName: 'shop', Stage: 'prod' }, 'AWS/ApiGateway', 'AWS::ApiGateway::RestApi', 'shop', undefined, 'shop'],
    [{ AutoScalingGroupName: 'web-asg' }, 'AWS/EC2', 'AWS::AutoScaling::AutoScalingGroup', 'web-asg', undefined, undefined],
    [{ ClusterName: 'prod', ServiceName: 'cart' }, 'AWS/ECS', 'AWS::ECS::Service', 'prod/cart', 'arn:aws:ecs:us-east-1:123456789012:service/prod/cart', 'cart'],
  ])('dimensions %j in %s → %s %s', (dimensions, namespace, type, id, arn, service) => {
    const event = fixtureCopy(SINGLE);
    event.detail.configuration.metrics[0].metricStat.metric = { namespace, name: 'Metric', dimensions };
    const signal = oneSignal(event);
    expect(signal.resource.type).toBe(type);
    expect(signal.resource.id).toBe(id);
    expect(signal.resource.arn).toBe(arn);
    expect(signal.service).toBe(service);
  });
});

describe('CloudWatch alarm severity and service conventions', () => {
  test.each([
    ['payments-P1-latency', undefined, 'critical'],
    ['CriticalApiErrors', undefined, 'critical'],
    ['sev-2 orders backlog', undefined, 'high'],
    ['queue-depth-warning', undefined, 'medium'],
    ['Sev4DiskUsage', undefined, 'low'],
    ['ServerCpuTooHigh', 'Goes into alarm when server CPU utilization is too high!', undefined],
    ['FreeMemory', 'Goes into alarm when memory is low', undefined],
    ['FreeMemory', 'severity: low. Goes into alarm when memory is low', 'low'],
    ['Errors', '[critical] page the on-call', 'critical'],
    ['Errors', 'Runbook P2: restart the workers', 'high'],
  ])('%s / %s → %s', (name, description, expected) => {
    expect(severityFromConvention(name, description)).toBe(expected);
  });

  test('the convention sets the severity of a firing alarm, and the name prefix the service', () => {
    const event = fixtureCopy(SINGLE);
    event.detail.alarmName = 'checkout/P1-cpu';
    const signal = oneSignal(event);
    expect(signal).toMatchObject({ severity: 'critical', fingerprint: 'cloudwatch-alarm:123456789012:us-east-1:checkout/P1-cpu' });
    expect(signal.service).toBe('checkout');
  });
});

describe('CloudWatch alarm in other shapes', () => {
  test('Lambda SNS event with a single-metric alarm notification', () => {
    const signal = fixtureSignal('events/cloudwatch/sns-wrapped-alarm-single-metric.json');
    expect(signal).toMatchObject({
      kind: 'metric-alarm',
      state: 'firing',
      severity: 'high',
      resource: { type: 'AWS::EC2::Instance', id: 'TestInstance', account: '123456789012' },
      fingerprint: 'cloudwatch-alarm:123456789012:-:EXAMPLE',
      time: '2015-06-03T17:43:27.123Z',
      raw: expect.objectContaining({ source: 'sns', eventId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e' }),
      labels: expect.objectContaining({ previousState: 'INSUFFICIENT_DATA', namespace: 'AWS/EC2', metricName: 'NetworkOut' }),
    });
    // The sample's Region and AlarmArn are placeholders ("EXAMPLE", "REGION"): no region is invented.
    expect(signal.resource.region).toBeUndefined();
  });

  test('Lambda SNS event with a metric-math alarm notification', () => {
    const signal = fixtureSignal('events/cloudwatch/sns-wrapped-alarm-metric-math.json');
    expect(signal).toMatchObject({ kind: 'metric-math-alarm', resource: { type: 'AWS::EC2::Instance', id: 'TestInstance' } });
    // "EXAMPLE" is not an account id.
    expect(signal.resource.account).toBeUndefined();
  });

  test('Lambda alarm action, composite alarm with an actions suppressor', () => {
    const signal = fixtureSignal('events/cloudwatch/lambda-alarm-action-composite-alarm.json');
    expect(signal).toMatchObject({
      kind: 'composite-alarm',
      state: 'firing',
      resource: { type: 'AWS::CloudWatch::Alarm', id: 'CompositeDemo.Main', arn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:SuppressionDemo.Main' },
      fingerprint: 'cloudwatch-alarm:111122223333:us-east-1:CompositeDemo.Main',
      time: '2023-08-04T12:56:46.138Z',
      raw: expect.objectContaining({ source: 'lambda-alarm-action' }),
      labels: expect.objectContaining({ triggeringAlarms: 'CompositeDemo.FirstChild' }),
    });
  });

  test('Lambda alarm action, metric-math alarm without dimensions is about the alarm itself', () => {
    const signal = fixtureSignal('events/cloudwatch/lambda-alarm-action-metric-math-lambda.json');
    expect(signal).toMatchObject({
      kind: 'metric-math-alarm',
      resource: { type: 'AWS::CloudWatch::Alarm', id: 'Test alert', arn: 'arn:aws:cloudwatch:eu-west-1:912397435824:alarm:test_alarm', region: 'eu-west-1' },
      // accountId of the payload wins over the (inconsistent, as published) account in alarmArn.
      fingerprint: 'cloudwatch-alarm:123456789012:eu-west-1:Test alert',
    });
    expect(signal.description).toContain('This is description **here**');
  });

  test('one alarm transition in its EventBridge, SNS and Lambda-action shapes gets one fingerprint', () => {
    // Built from the real EventBridge fixture: the same fields moved into the SNS notification and the
    // Lambda action payload as AWS documents them (no real sample of one transition in all three shapes exists).
    const eb = fixtureCopy(SINGLE);
    const d = eb.detail;
    const arn = eb.resources[0];
    const snsMessage = {
      AlarmName: d.alarmName,
      AlarmDescription: d.configuration.description,
      AWSAccountId: eb.account,
      NewStateValue: d.state.value,
      NewStateReason: d.state.reason,
      StateChangeTime: d.state.timestamp,
      Region: 'US East (N. Virginia)',
      AlarmArn: arn,
      OldStateValue: d.previousState.value,
      Trigger: {
        MetricName: 'CPUUtilization',
        Namespace: 'AWS/EC2',
        Dimensions: [{ value: 'i-12345678901234567', name: 'InstanceId' }],
      },
    };
    const snsEvent = fixtureCopy('events/cloudwatch/sns-wrapped-alarm-single-metric.json');
    snsEvent.Records[0].Sns.Message = JSON.stringify(snsMessage);
    const lambdaAction = { source: 'aws.cloudwatch', alarmArn: arn, accountId: eb.account, time: d.state.timestamp, region: eb.region, alarmData: d };

    const fromEventBridge = oneSignal(eb);
    const fromSns = oneSignal(snsEvent);
    const fromAction = oneSignal(lambdaAction);
    for (const other of [fromSns, fromAction]) {
      expect(other.fingerprint).toBe(fromEventBridge.fingerprint);
      expect(other.resource).toEqual(fromEventBridge.resource);
      expect(other.time).toBe(fromEventBridge.time);
      expect(other.kind).toBe(fromEventBridge.kind);
      expect(other.id).not.toBe(fromEventBridge.id); // distinct deliveries
    }
  });

  test('a Lambda SNS event with two records gives one signal per record', () => {
    const event = fixtureCopy('events/cloudwatch/sns-wrapped-alarm-single-metric.json');
    const second = structuredClone(event.Records[0]);
    second.Sns.MessageId = 'second-message';
    second.Sns.Message = second.Sns.Message.replace('"AlarmName": "EXAMPLE"', '"AlarmName": "OTHER"');
    event.Records.push(second);
    const signals = signalsOf(event);
    expect(signals.map((s) => s.fingerprint)).toEqual(['cloudwatch-alarm:123456789012:-:EXAMPLE', 'cloudwatch-alarm:123456789012:-:OTHER']);
    expect(signals[1].raw.eventId).toBe('second-message');
  });

  test('one bad record rejects the whole SNS batch, naming the record', () => {
    const event = fixtureCopy('events/cloudwatch/sns-wrapped-alarm-single-metric.json');
    event.Records.push({ EventSource: 'aws:sns', Sns: { Type: 'Notification', MessageId: 'x', Message: '{"AlarmName":"X","NewStateValue":"MAYBE"}' } });
    expect(rejectionOf(event)).toMatchObject({
      code: 'malformed',
      reason: 'CloudWatch alarm SNS notification: Records[1].Sns.Message.NewStateValue must be one of ALARM, OK, INSUFFICIENT_DATA; got "MAYBE"',
    });
  });
});
