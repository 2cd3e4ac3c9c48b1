import { fixtureCopy, fixtureSignal, oneSignal, rejectionOf, signalsOf } from './helpers';
import { loadFixture } from '../../support/fixtures';

describe('Synthetics', () => {
  test('TestRun Failure fires high on the canary; Successful resolves it (same fingerprint)', () => {
    const failed = fixtureSignal('events/synthetics/canary-testrun-failure.json');
    expect(failed).toMatchObject({
      source: 'synthetics',
      kind: 'canary-run',
      state: 'firing',
      severity: 'high',
      resource: {
        type: 'AWS::Synthetics::Canary',
        id: 'events-bb-1',
        arn: 'arn:aws:synthetics:us-east-1:123456789012:canary:events-bb-1',
        region: 'us-east-1',
        account: '123456789012',
      },
      service: 'events',
      fingerprint: 'synthetics:123456789012:us-east-1:events-bb-1:run',
      time: '2021-02-09T22:24:27.000Z',
      labels: expect.objectContaining({ testRunStatus: 'FAILED', canaryRunId: '0df3823e-7e33-4da1-8194-b04e4d4a2bf6' }),
    });
    expect(failed.description).toContain('ERR_NAME_NOT_RESOLVED');
    const passed = fixtureSignal('events/synthetics/canary-testrun-successful.json');
    expect(passed).toMatchObject({ kind: 'canary-run', state: 'resolved', severity: 'high', fingerprint: failed.fingerprint });
  });

  test('Status Change is info, unless the canary reports ERROR', () => {
    const status = fixtureSignal('events/synthetics/canary-status-change.json');
    expect(status).toMatchObject({ kind: 'canary-status', state: 'info', severity: 'info', fingerprint: 'synthetics:123456789012:us-east-1:events-bb-1:status' });
    const broken = fixtureCopy('events/synthetics/canary-status-change.json');
    broken.detail['current-state'] = 'ERROR';
    expect(oneSignal(broken)).toMatchObject({ state: 'firing', severity: 'medium' });
  });
});

describe('AWS Config', () => {
  test('compliance change: COMPLIANT resolves the rule on the resource, NON_COMPLIANT fires medium', () => {
    const compliant = fixtureSignal('events/config/sns-compliance-change-notification-cloudtrail-enabled.json');
    expect(compliant).toMatchObject({
      source: 'config',
      kind: 'compliance',
      state: 'resolved',
      resource: { type: 'AWS::::Account', id: '123456789012', region: 'us-east-2', account: '123456789012' },
      fingerprint: 'config:123456789012:us-east-2:cloudtrail-enabled:AWS::::Account:123456789012',
      time: '2016-09-27T19:48:42.749Z',
      labels: expect.objectContaining({ complianceType: 'COMPLIANT', previousComplianceType: 'NON_COMPLIANT' }),
      raw: expect.objectContaining({ source: 'sns', eventId: '11fd05dd-47e1-5523-bc01-55b988bb9478', detailType: 'Config Rules Compliance Change' }),
    });
    const notification = fixtureCopy('events/config/sns-compliance-change-notification-cloudtrail-enabled.json');
    notification.Message.newEvaluationResult.complianceType = 'NON_COMPLIANT';
    expect(oneSignal(notification)).toMatchObject({ state: 'firing', severity: 'medium', fingerprint: compliant.fingerprint });
    // The same message as the detail of an EventBridge event.
    const eventBridge = oneSignal({
      'version': '0',
      'id': 'x',
      'source': 'aws.config',
      'detail-type': 'Config Rules Compliance Change',
      'account': '123456789012',
      'region': 'us-east-2',
      'time': '2016-09-27T19:48:43Z',
      'detail': notification.Message,
    });
    expect(eventBridge).toMatchObject({ state: 'firing', fingerprint: compliant.fingerprint, raw: { source: 'aws.config' } });
  });

  test('configuration item changes are info context about the resource', () => {
    expect(fixtureSignal('events/config/sns-configuration-item-change-ec2-instance.json')).toMatchObject({
      kind: 'configuration-change',
      state: 'info',
      severity: 'info',
      resource: {
        type: 'AWS::EC2::Instance',
        id: 'i-007d374c8912e3e90',
        arn: 'arn:aws:ec2:us-east-2:123456789012:instance/i-007d374c8912e3e90',
        region: 'us-east-2',
        account: '123456789012',
      },
      fingerprint: 'config-item:123456789012:us-east-2:AWS::EC2::Instance:i-007d374c8912e3e90',
      labels: expect.objectContaining({ changeType: 'UPDATE', changedProperties: expect.stringContaining('Configuration.SecurityGroups.1') }),
    });
    expect(fixtureSignal('events/config/sns-configuration-item-change-security-group.json')).toMatchObject({
      resource: { type: 'AWS::EC2::SecurityGroup', id: 'sg-3f1fef43' },
      labels: expect.objectContaining({ changeType: 'CREATE', relationships: 'AWS::EC2::VPC vpc-14400670' }),
    });
    // Older format: configurationItem is an array, the ARN is not an ARN, the region comes from the zone.
    const ebs = fixtureSignal('events/config/sns-configuration-item-change-ebs-volume-attached.json');
    expect(ebs).toMatchObject({
      resource: { type: 'AWS::EC2::VOLUME', id: 'vol-ce676ccc', region: 'us-west-2', account: '123456789012' },
      labels: expect.objectContaining({ relationships: 'AWS::EC2::INSTANCE i-344c463d' }),
    });
    expect(ebs.resource.arn).toBeUndefined();
  });

  test('service comes from the configuration item tags', () => {
    const notification = fixtureCopy('events/config/sns-configuration-item-change-ec2-instance.json');
    notification.Message.configurationItem.tags = { Name: 'web-1', service: 'storefront' };
    expect(oneSignal(notification).service).toBe('storefront');
  });

  test('a custom rule invocation is ignored, with the reason', () => {
    expect(rejectionOf(loadFixture('events/config/custom-rule-invocation-configuration-item-changed.json'))).toMatchObject({
      code: 'ignored', eventSource: 'aws.config', reason: expect.stringContaining('request to evaluate a resource'),
    });
  });
});

describe('AWS Health', () => {
  test('an issue fires high on each affected entity, with the Health service', () => {
    const signal = fixtureSignal('events/health/ebs-volume-lost-issue.putevents-entries.json');
    expect(signal).toMatchObject({
      source: 'health',
      kind: 'health-event',
      state: 'firing',
      severity: 'high',
      resource: { type: 'AWS::EC2::Volume', id: 'vol-04e5b75b51ba5e835', region: 'ap-southeast-2' },
      service: 'EBS',
      fingerprint: 'health:-:arn:aws:health:ap-southeast-2::event/event-1486428952619:vol-04e5b75b51ba5e835',
      time: '2017-02-07T00:55:52.000Z',
      raw: expect.objectContaining({ source: 'awshealth.mock', detailType: 'AWS Health Event' }),
    });
  });

  test('a scheduled change without a status is info, one signal per entity; open fires; closed resolves', () => {
    const entry = loadFixture('events/health/ecs-task-patching-retirement-scheduledChange.putevents-entries.json')[0];
    const signals = signalsOf(entry);
    expect(signals.map((s) => [s.state, s.severity, s.resource.type, s.resource.id])).toEqual([
      ['info', 'info', 'AWS::ECS::Service', 'cluster/service1'],
      ['info', 'info', 'AWS::ECS::Service', 'cluster/service2'],
    ]);
    expect(signals[0].time).toBe('2023-08-16T23:18:52.000Z'); // lastUpdatedTime: the entry has no Time
    const detail = JSON.parse(entry.Detail);
    const open = signalsOf({ ...entry, Detail: JSON.stringify({ ...detail, statusCode: 'open' }) });
    expect(open.map((s) => [s.state, s.severity])).toEqual([['firing', 'medium'], ['firing', 'medium']]);
    const closed = signalsOf({ ...entry, Detail: JSON.stringify({ ...detail, statusCode: 'closed' }) });
    expect(closed.map((s) => s.state)).toEqual(['resolved', 'resolved']);
    expect(closed.map((s) => s.fingerprint)).toEqual(open.map((s) => s.fingerprint));
  });

  test('an event without entities is about the Health event itself; unknown categories are info', () => {
    expect(fixtureSignal('events/health/ec2-health-test-event.json')).toMatchObject({
      state: 'info',
      severity: 'info',
      resource: { type: 'AWS::Health::Event', id: 'AWS_HEALTH_TEST_ALERT', arn: 'arn:aws:health:us-east-1::event/AWS_HEALTH_TEST_ALERT' },
      service: 'AWS_EC2',
      description: 'something is wrong',
    });
  });

  test('a public issue is medium; accountNotification is info; entity tags give the service', () => {
    const event = fixtureCopy('events/health/ec2-health-test-event.json');
    event.detail.eventTypeCategory = 'issue';
    event.detail.eventScopeCode = 'PUBLIC';
    expect(oneSignal(event)).toMatchObject({ state: 'firing', severity: 'medium' });
    event.detail.eventTypeCategory = 'accountNotification';
    expect(oneSignal(event)).toMatchObject({ state: 'info', severity: 'info' });
    event.detail.eventTypeCategory = 'issue';
    event.detail.eventScopeCode = 'ACCOUNT_SPECIFIC';
    event.detail.affectedEntities = [{ entityValue: 'i-0abc1234def567890', tags: { service: 'checkout' } }];
    expect(oneSignal(event)).toMatchObject({
      severity: 'high', service: 'checkout', resource: { type: 'AWS::EC2::Instance', id: 'i-0abc1234def567890', account: '123456789012' },
    });
  });

  test('a Health detail-type from another AWS source is unsupported; from a custom source it is a re-published copy', () => {
    const event = fixtureCopy('events/health/ec2-health-test-event.json');
    expect(rejectionOf({ ...event, source: 'aws.ec2' })).toMatchObject({
      code: 'unsupported', reason: 'detail-type "AWS Health Event" is expected from source "aws.health", not "aws.ec2"',
    });
    expect(oneSignal({ ...event, source: 'my.replay' }).raw.source).toBe('my.replay');
  });
});
