import { fixtureCopy, fixtureSignal, oneSignal, signalsOf } from './helpers';
import { OWNER_HINTS_MAX } from '../../../src/runtime/model';
import { workloadOf } from '../../../src/runtime/normalise';
import { loadFixture } from '../../support/fixtures';

/*
 * Owner hints: what each real payload says about who owns it beyond the signal's own resource. The owner lookup of
 * triage (Topology.owner) reads them; these tests pin what each normaliser extracts from the real fixtures.
 */

describe('owner hints: CloudWatch alarms', () => {
  test('a metric alarm lists its own ARN (the event resources) beside the metric resource', () => {
    const signal = fixtureSignal('events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json');
    expect(signal.resource.arn).toBe('arn:aws:ec2:us-east-1:123456789012:instance/i-12345678901234567');
    expect(signal.hints).toEqual({ arns: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh'] });
  });

  test('a composite alarm lists its triggering alarms, then every alarm its rule names (as ARNs in its region and account)', () => {
    const signal = fixtureSignal('events/cloudwatch/alarm-state-change-composite-with-suppressor.json');
    // Its own ARN is its resource, so it is not repeated as a hint.
    expect(signal.resource.arn).toBe('arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServiceAggregatedAlarm');
    expect(signal.hints?.arns).toEqual([
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:TotalNetworkTrafficTooHigh',
    ]);
  });

  test('the composite alarm Lambda action: the triggering child first, the rule\'s other child after', () => {
    const signal = fixtureSignal('events/cloudwatch/lambda-alarm-action-composite-alarm.json');
    expect(signal.hints?.arns).toEqual([
      'arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild',
      'arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.SecondChild',
    ]);
  });

  test('quoted names and ARNs in an alarm rule are read; the rule is bounded', () => {
    const event = fixtureCopy('events/cloudwatch/alarm-state-change-composite-with-suppressor.json');
    delete event.detail.state.reasonData;
    event.detail.configuration.alarmRule = 'ALARM("orders 5xx") AND NOT OK(arn:aws:cloudwatch:eu-west-1:210987654321:alarm:Other)';
    expect(oneSignal(event).hints?.arns).toEqual([
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders 5xx',
      'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:Other',
    ]);
    event.detail.configuration.alarmRule = `ALARM(a) OR ${'x'.repeat(20_000)}`;
    expect(oneSignal(event).hints).toBeUndefined();
  });

  test('the SNS notification lists its AlarmArn', () => {
    const signal = fixtureSignal('events/cloudwatch/sns-wrapped-alarm-single-metric.json');
    expect(signal.hints?.arns).toEqual(['arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE']);
  });
});

describe('owner hints: DevOps Guru', () => {
  test('every resource of the insight, not only the first, and every stack of its resource collection', () => {
    const event = fixtureCopy('events/devops-guru/sns-notification-new-insight.json');
    const second = structuredClone(event.anomalies[0]);
    second.associatedResourceArns = ['arn:aws:lambda:eu-west-1:123456789101:function:Consumer'];
    event.anomalies.push(second);
    event.resourceCollection.cloudFormation.stackNames.push('SampleApplication-Data');
    const signal = oneSignal(event);
    expect(signal.resource.arn).toBe('arn:aws:sqs:eu-west-1:123456789101:SampleQueue');
    expect(signal.hints).toEqual({
      arns: ['arn:aws:lambda:eu-west-1:123456789101:function:Consumer'],
      stacks: ['SampleApplication', 'SampleApplication-Data'],
    });
  });

  test.each([
    'sns-notification-new-insight.json', 'sns-notification-new-association.json', 'sns-notification-severity-upgraded.json',
    'sns-notification-closed-insight.json', 'sns-notification-new-recommendation.json',
  ])('%s names the stack of its resource collection', (file) => {
    expect(fixtureSignal(`events/devops-guru/${file}`).hints?.stacks).toEqual(['SampleApplication']);
  });

  test('a typed resource given by name becomes its ARN (the published recommendation ARN is malformed)', () => {
    const signal = fixtureSignal('events/devops-guru/sns-notification-new-recommendation.json');
    expect(signal.hints?.arns).toEqual(['arn:aws:lambda:us-east-1:123456789101:function:SampleFunction']);
  });

  test('tag values of a tag-based resource collection are service hints (the `*` wildcard is not)', () => {
    const event = fixtureCopy('events/devops-guru/sns-notification-new-insight.json');
    event.resourceCollection = { tags: [{ appBoundaryKey: 'devops-guru-app', tagValues: ['*', 'orders', 'payments'] }] };
    expect(oneSignal(event).hints?.services).toEqual(['orders', 'payments']);
  });

  test('the EventBridge insight names nothing beyond its API (no ARN, no collection)', () => {
    expect(fixtureSignal('events/devops-guru/new-insight-open-apigateway-5xx.json').hints).toBeUndefined();
  });
});

describe('owner hints: AWS Health', () => {
  test('the published samples carry no ARN and no account, so there is nothing to hint', () => {
    for (const signal of signalsOf(loadFixture('events/health/ecs-task-patching-retirement-scheduledChange.putevents-entries.json')[0])) {
      expect(signal.hints).toBeUndefined();
    }
    expect(fixtureSignal('events/health/ebs-volume-lost-issue.putevents-entries.json').hints).toBeUndefined();
  });

  test('each entity signal hints its own entity: the ARN its id makes in the account, its entityArn, its tags', () => {
    const entry = fixtureCopy('events/health/ebs-volume-lost-issue.putevents-entries.json')[0];
    const detail = JSON.parse(entry.Detail);
    detail.affectedAccount = '123456789012';
    detail.affectedEntities = [
      { entityValue: 'vol-04e5b75b51ba5e835', tags: { 'service': 'orders', 'environment': 'production', 'aws:cloudformation:stack-name': 'Orders' } },
      { entityValue: 'i-0abcdef1234567890', entityArn: 'arn:aws:ec2:ap-southeast-2:123456789012:instance/i-0abcdef1234567890' },
    ];
    entry.Detail = JSON.stringify(detail);
    const [volume, instance] = signalsOf(entry);
    expect(volume).toMatchObject({ service: 'orders', environment: 'production' });
    expect(volume.hints).toEqual({
      arns: ['arn:aws:ec2:ap-southeast-2:123456789012:volume/vol-04e5b75b51ba5e835'],
      stacks: ['Orders'],
      services: ['orders'],
    });
    // The entityArn is the instance signal's own resource ARN, so it is not repeated as a hint.
    expect(instance.resource.arn).toBe('arn:aws:ec2:ap-southeast-2:123456789012:instance/i-0abcdef1234567890');
    expect(instance.hints).toBeUndefined();
  });

  test('an event with no entity hints the envelope resources', () => {
    const event = fixtureCopy('events/health/ec2-health-test-event.json');
    event.resources = ['arn:aws:ec2:us-east-1:123456789012:instance/i-0abcdef1234567890', 'not-an-arn'];
    expect(oneSignal(event).hints).toEqual({ arns: ['arn:aws:ec2:us-east-1:123456789012:instance/i-0abcdef1234567890'] });
  });
});

describe('owner hints: Kubernetes', () => {
  test('the real GKE event: the CronJob owner from the pod name, no namespace when an owner is known', () => {
    const signal = fixtureSignal('events/kubernetes/event-v1-pulled-normal-gke.json');
    expect(signal.hints).toEqual({ services: ['hello'] });
  });

  test('labels and owner references of the involved object come first; ReplicaSet → Deployment', () => {
    const event = fixtureCopy('events/kubernetes/event-v1-pulled-normal-gke.json');
    event.involvedObject.name = 'web-7d9f8-x2k4z';
    event.involvedObject.labels = { 'app.kubernetes.io/name': 'storefront', 'app': 'web', 'pod-template-hash': '7d9f8', 'env': 'staging' };
    event.involvedObject.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f8', uid: 'u1' }];
    const signal = oneSignal(event);
    expect(signal.service).toBe('web');
    expect(signal.environment).toBe('staging');
    // `app` before `app.kubernetes.io/name`; the Deployment of the owner reference repeats `web`; with an owner reference
    // the name-derived guess (`web-7d9f8`, a hash too short to strip blindly) is not added.
    expect(signal.hints?.services).toEqual(['web', 'storefront']);
  });

  test('the namespace is a hint only when nothing better is known', () => {
    const event = fixtureCopy('events/kubernetes/event-v1-pulled-normal-gke.json');
    event.involvedObject.kind = 'Node';
    event.involvedObject.name = 'gke-node-1';
    expect(oneSignal(event).hints).toEqual({ services: ['default'] });
  });

  test('workloadOf: the pod-template-hash label when given, else a hash suffix; Jobs to their CronJob', () => {
    expect(workloadOf('ReplicaSet', 'web-7d9f8')).toBe('web');
    expect(workloadOf('ReplicaSet', 'api-v2-5d9f8c7b6')).toBe('api-v2');
    expect(workloadOf('ReplicaSet', 'api-v2-abc', { 'pod-template-hash': 'abc' })).toBe('api-v2');
    expect(workloadOf('Job', 'hello-1567197780')).toBe('hello');
    expect(workloadOf('StatefulSet', 'db')).toBe('db');
  });
});

describe('owner hints: Application Signals', () => {
  test('KeyAttributes (as GetService returns them) give the service and a named environment; the SLI metric its resource', () => {
    const response = fixtureCopy('api/application-signals/BatchGetServiceLevelObjectiveBudgetReport-ok-and-breached.json');
    const keyAttributes = loadFixture('api/application-signals/GetService.json').Service.KeyAttributes;
    response.Reports[1].Sli.SliMetric.KeyAttributes = keyAttributes;
    const [ok, breached] = signalsOf(response);
    // `lambda:default` is the platform's unnamed environment: no stage, so the SLO still meets its service's alarms
    expect(breached).toMatchObject({ service: 'hello-world-python' });
    expect(breached.environment).toBeUndefined();
    const named = fixtureCopy('api/application-signals/BatchGetServiceLevelObjectiveBudgetReport-ok-and-breached.json');
    named.Reports[1].Sli.SliMetric.KeyAttributes = { ...keyAttributes, Environment: 'eks:prod/shop' };
    expect(signalsOf(named)[1].environment).toBe('eks:prod/shop');
    expect(breached.hints?.services).toEqual(['hello-world-python']);
    expect(ok.environment).toBeUndefined();
    expect(ok.hints).toEqual({ arns: ['arn:aws:ec2:us-east-1:123456789101:instance/i-0e098765432522'] });
  });

  test('a resource key attribute (Type AWS::Resource) becomes its ARN', () => {
    const response = fixtureCopy('api/application-signals/BatchGetServiceLevelObjectiveBudgetReport-ok-and-breached.json');
    const dependent = loadFixture('api/application-signals/ListServiceDependents.json').ServiceDependents[0].DependentKeyAttributes;
    response.Reports[0].Sli.SliMetric.KeyAttributes = dependent;
    const [ok] = signalsOf(response);
    expect(ok.hints?.arns?.[0]).toBe('arn:aws:synthetics:us-east-1:123456789101:canary:pet-api-canary-hao');
  });
});

describe('owner hints: AWS Config', () => {
  test('a configuration item with its ARN and no service tags hints nothing more', () => {
    const signal = fixtureSignal('events/config/sns-configuration-item-change-ec2-instance.json');
    expect(signal.resource.arn).toBe('arn:aws:ec2:us-east-2:123456789012:instance/i-007d374c8912e3e90');
    expect(signal.hints).toBeUndefined();
  });

  test('item tags give services, the stack and the environment', () => {
    const event = fixtureCopy('events/config/sns-configuration-item-change-ec2-instance.json');
    event.Message.configurationItem.tags = { 'app': 'orders', 'aws:cloudformation:stack-name': 'OrdersStack', 'Environment': 'production' };
    const signal = oneSignal(event);
    expect(signal.environment).toBe('production');
    expect(signal.hints).toEqual({ stacks: ['OrdersStack'], services: ['orders'] });
  });

  test('a configuration item without a usable ARN hints the ARN its type and id make', () => {
    // The published EBS sample's `arn` is malformed ("arn:aws:us-west-2b:..."): it stays the resource ARN as given.
    const signal = fixtureSignal('events/config/sns-configuration-item-change-ebs-volume-attached.json');
    expect(signal.hints?.arns).toEqual(['arn:aws:ec2:us-west-2:123456789012:volume/vol-ce676ccc']);
  });
});

describe('owner hints are bounded', () => {
  test(`at most ${OWNER_HINTS_MAX} per list, duplicates and blanks dropped, over-long ARNs dropped`, () => {
    const event = fixtureCopy('events/devops-guru/sns-notification-new-insight.json');
    const arns = Array.from({ length: 500 }, (_, i) => `arn:aws:sqs:eu-west-1:123456789101:Queue${i % 30}`);
    event.anomalies[0].associatedResourceArns = ['  ', `arn:aws:sqs:eu-west-1:123456789101:${'q'.repeat(3000)}`, ...arns];
    event.resourceCollection.cloudFormation.stackNames = Array.from({ length: 100 }, (_, i) => `Stack${i}`);
    const signal = oneSignal(event);
    expect(signal.hints?.arns).toHaveLength(OWNER_HINTS_MAX);
    expect(new Set(signal.hints?.arns).size).toBe(OWNER_HINTS_MAX);
    expect(signal.hints?.arns?.every((a) => a.length < 100)).toBe(true);
    expect(signal.hints?.stacks).toHaveLength(OWNER_HINTS_MAX);
  });
});
