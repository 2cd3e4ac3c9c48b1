import { fixtureCopy, fixtureSignal, oneSignal, rejectionOf, signalsOf } from './helpers';
import { DetailType } from '../../../src/contract';
import { KUBERNETES_EVENT_SOURCE, ownerName } from '../../../src/runtime/normalise';

const SLO_REPORT = 'api/application-signals/BatchGetServiceLevelObjectiveBudgetReport-ok-and-breached.json';
const K8S = 'events/kubernetes/event-v1-pulled-normal-gke.json';

describe('Application Signals SLO budget report', () => {
  test('one signal per report: OK resolves, BREACHED fires high', () => {
    const [ok, breached] = signalsOf(fixtureCopy(SLO_REPORT));
    expect(ok).toMatchObject({
      source: 'application-signals',
      kind: 'slo-budget',
      state: 'resolved',
      resource: {
        type: 'AWS::ApplicationSignals::ServiceLevelObjective',
        id: 'Your SLO Name',
        arn: 'arn:aws:application-signals:us-east-1:123456789101:slo/SLOName1',
        region: 'us-east-1',
        account: '123456789101',
      },
      fingerprint: 'application-signals:123456789101:us-east-1:slo:Your SLO Name',
      time: '2024-12-24T17:04:29.000Z',
      raw: expect.objectContaining({ source: 'api', detailType: DetailType.SLO_BUDGET_REPORT }),
    });
    expect(breached).toMatchObject({
      state: 'firing',
      severity: 'high',
      resource: { id: 'test' },
      title: 'SLO test budget is BREACHED (attainment 97.396%, goal 99.9%)',
      labels: expect.objectContaining({ budgetStatus: 'BREACHED', budgetSecondsRemaining: '-2154' }),
    });
    expect(ok.id).not.toBe(breached.id);
  });

  test('WARNING fires medium; the service comes from the SLI key attributes', () => {
    const report = fixtureCopy(SLO_REPORT);
    report.Reports = [report.Reports[1]];
    report.Reports[0].BudgetStatus = 'WARNING';
    report.Reports[0].Sli.SliMetric.KeyAttributes = { Type: 'Service', Name: 'pet-clinic-frontend', Environment: 'eks:demo/default' };
    expect(oneSignal(report)).toMatchObject({ state: 'firing', severity: 'medium', service: 'pet-clinic-frontend' });
  });

  test('wrapped in an EventBridge "SLO Budget Report" event from cdk-aiops', () => {
    const signals = signalsOf({
      'version': '0',
      'id': 'slo-1',
      'source': 'cdk-aiops',
      'detail-type': DetailType.SLO_BUDGET_REPORT,
      'account': '123456789101',
      'region': 'us-east-1',
      'time': '2024-12-24T17:05:00Z',
      'detail': fixtureCopy(SLO_REPORT),
    });
    expect(signals.map((s) => s.state)).toEqual(['resolved', 'firing']);
    expect(signals[1].raw).toMatchObject({ source: 'cdk-aiops', eventId: 'slo-1' });
  });

  test('an unknown budget status names the report', () => {
    const report = fixtureCopy(SLO_REPORT);
    report.Reports[1].BudgetStatus = 'ON_FIRE';
    expect(rejectionOf(report).reason).toBe('SLO budget report: Reports[1].BudgetStatus must be one of OK, WARNING, BREACHED, INSUFFICIENT_DATA; got "ON_FIRE"');
  });
});

describe('Kubernetes core/v1 Event', () => {
  test('the real Normal/Pulled event is info about the pod, service from the owner prefix', () => {
    const signal = fixtureSignal(K8S);
    expect(signal).toMatchObject({
      source: 'kubernetes',
      kind: 'pod-event',
      state: 'info',
      severity: 'info',
      resource: { type: 'Kubernetes::Pod', id: 'default/hello-1567197780-mn4mv' },
      service: 'hello',
      fingerprint: 'kubernetes:default:Pod:hello-1567197780-mn4mv:Pulled',
      time: '2019-08-30T20:43:05.000Z',
      raw: expect.objectContaining({ source: 'kubernetes', eventId: 'c443d4b3-cb66-11e9-990f-42010a800218' }),
      labels: expect.objectContaining({ reason: 'Pulled', host: 'gke-k9s-default-pool-0fa2fb89-qnkc', fieldPath: 'spec.containers{c1}' }),
    });
    expect(signal.resource.region).toBeUndefined();
    expect(signal.resource.account).toBeUndefined();
  });

  // No real Warning Event sample exists: these are the real fixture with only type, reason and message changed.
  test.each([
    ['BackOff', 'Back-off restarting failed container c1 in pod hello-1567197780-mn4mv', 'high', 'crash-loop'],
    ['CrashLoopBackOff', 'Container c1 is in CrashLoopBackOff', 'high', 'crash-loop'],
    ['OOMKilled', 'Container c1 was OOMKilled', 'high', 'oom'],
    ['OOMKilling', 'Memory cgroup out of memory: Killed process 4242', 'high', 'oom'],
    ['Failed', 'Failed to pull image "blang/busybox-bash": rpc error', 'medium', 'image-pull'],
    ['ErrImagePull', 'ErrImagePull', 'medium', 'image-pull'],
    ['ImagePullBackOff', 'Back-off pulling image "blang/busybox-bash"', 'medium', 'image-pull'],
    ['BackOff', 'Back-off pulling image "blang/busybox-bash"', 'medium', 'image-pull'],
    ['FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.', 'medium', 'scheduling'],
    ['Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'low', 'probe'],
    ['Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 500', 'medium', 'probe'],
    ['SomethingOdd', 'an unusual warning', 'low', 'SomethingOdd'],
  ])('Warning %s (%s) → firing %s, condition %s', (reason, message, severity, condition) => {
    const event = fixtureCopy(K8S);
    Object.assign(event, { type: 'Warning', reason, message });
    const signal = oneSignal(event);
    expect(signal).toMatchObject({
      state: 'firing',
      severity,
      service: 'hello',
      fingerprint: `kubernetes:default:Pod:hello-1567197780-mn4mv:${condition}`,
      labels: expect.objectContaining({ reason, condition }),
    });
  });

  test('wrapped in the cdk-aiops "Kubernetes Event" EventBridge envelope', () => {
    const bare = fixtureSignal(K8S);
    const wrapped = oneSignal({
      'version': '0',
      'id': 'k8s-1',
      'source': KUBERNETES_EVENT_SOURCE,
      'detail-type': DetailType.KUBERNETES_EVENT,
      'account': '123456789012',
      'region': 'eu-west-1',
      'time': '2019-08-30T20:43:06Z',
      'detail': fixtureCopy(K8S),
    });
    expect(wrapped).toMatchObject({ state: bare.state, fingerprint: bare.fingerprint, resource: bare.resource, raw: { source: 'cdk-aiops.kubernetes', eventId: 'k8s-1' } });
  });

  test('labels give the service; other apiVersions and types are rejected clearly', () => {
    const labelled = fixtureCopy(K8S);
    labelled.metadata.labels = { 'app.kubernetes.io/name': 'greeter' };
    expect(oneSignal(labelled).service).toBe('greeter');
    expect(rejectionOf({ ...fixtureCopy(K8S), apiVersion: 'events.k8s.io/v1' })).toMatchObject({
      code: 'unsupported', reason: 'Kubernetes Event: apiVersion "events.k8s.io/v1" is not supported; only core "v1" Events are',
    });
    expect(rejectionOf({ ...fixtureCopy(K8S), type: 'Error' }).reason).toBe('Kubernetes Event: type must be one of Normal, Warning; got "Error"');
  });

  test.each([
    ['Pod', 'web-7d4b9c8f5-x2k4z', 'web'],
    ['Pod', 'hello-1567197780-mn4mv', 'hello'],
    ['Pod', 'db-0', 'db'],
    ['Pod', 'migrate-x7f2q', 'migrate'],
    ['Pod', 'api-gateway-xk2lp', 'api-gateway'],
    ['ReplicaSet', 'web-7d4b9c8f5', 'web'],
    ['Deployment', 'web', 'web'],
    ['Node', 'ip-10-0-0-1.ec2.internal', undefined],
  ])('owner of %s %s is %s', (kind, name, owner) => {
    expect(ownerName(kind, name)).toBe(owner);
  });
});
