import { alarm, ASG, CANARY, EC2, input, LAMBDA, POD, RDS, signal } from './helpers';
import type { Signal } from '../../../src/runtime/model';
import { DEFAULT_REASONING_RULES, DeterministicReasoner, FindingSchema } from '../../../src/runtime/reasoning';
import { BUILTIN_RUNBOOKS, RunbookRegistry, type RunbookSpecInput } from '../../../src/runtime/runbooks';

const reasoner = new DeterministicReasoner();

const kubectlRestart: RunbookSpecInput = {
  id: 'k8s-rollout-restart',
  title: 'kubectl rollout restart',
  kind: 'kubectl',
  target: 'rollout-restart',
  riskClass: 'low',
  resourceTypes: ['Kubernetes::Pod'],
  parameters: { Pod: { type: 'string', required: true, fromResource: 'id' } },
  verify: { check: 'alarms-ok', waitSeconds: 300 },
};
const withKubectl = new RunbookRegistry([...BUILTIN_RUNBOOKS, kubectlRestart]);

const deployment = (): Signal => signal({
  resource: LAMBDA,
  kind: 'deployment',
  source: 'codedeploy',
  state: 'info',
  labels: { alias: 'live', previousVersion: '41' },
});

interface Row {
  readonly name: string;
  readonly signals: () => Signal[];
  readonly registry?: RunbookRegistry;
  readonly runbook?: { id: string; parameters: Record<string, unknown> };
  readonly cause: RegExp;
  readonly discarded?: RegExp;
}

const table: Row[] = [
  {
    name: 'EC2 CPU alarm → restart the instance',
    signals: () => [alarm(EC2, 'CPUUtilization')],
    runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } },
    cause: /EC2 instance i-0123456789abcdef0 .* CPUUtilization/,
  },
  {
    name: 'EC2 status-check alarm → restart the instance',
    signals: () => [alarm(EC2, 'StatusCheckFailed_Instance')],
    runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } },
    cause: /StatusCheckFailed/,
  },
  {
    name: 'EC2 disk alarm → no rule',
    signals: () => [alarm(EC2, 'EBSIOBalance%')],
    cause: /No rule matched 1 firing signal/,
  },
  {
    name: 'ASG launch failure → scale out',
    signals: () => [signal({ resource: ASG, kind: 'scaling-activity', source: 'autoscaling', title: 'EC2 Instance Launch Unsuccessful' })],
    runbook: { id: 'aws-scale-out-asg', parameters: { AutoScalingGroupName: 'web-asg', Dryrun: false } },
    cause: /failed to launch capacity/,
  },
  {
    name: 'ASG CPU alarm → scale out',
    signals: () => [alarm(ASG, 'CPUUtilization')],
    runbook: { id: 'aws-scale-out-asg', parameters: { AutoScalingGroupName: 'web-asg', Dryrun: false } },
    cause: /short of capacity/,
  },
  {
    name: 'RDS connections alarm → reboot (medium)',
    signals: () => [alarm(RDS, 'DatabaseConnections')],
    runbook: { id: 'aws-reboot-rds-instance', parameters: { InstanceId: 'orders-db' } },
    cause: /RDS instance orders-db/,
  },
  {
    name: 'Lambda errors after a deployment → shift the alias back',
    signals: () => [alarm(LAMBDA, 'Errors'), deployment()],
    runbook: { id: 'aws-lambda-alias-rollback', parameters: { LambdaARN: LAMBDA.arn, AliasName: 'live', LambdaVersion: '41' } },
    cause: /after a deployment/,
  },
  {
    name: 'Lambda errors after a deployment without the previous version → no runbook, reason kept',
    signals: () => [alarm(LAMBDA, 'Errors'), signal({ resource: LAMBDA, kind: 'deployment', state: 'info' })],
    cause: /after a deployment/,
    discarded: /missing required parameter AliasName/,
  },
  {
    name: 'Lambda errors without a deployment → no runbook',
    signals: () => [alarm(LAMBDA, 'Errors')],
    cause: /no deployment/,
  },
  {
    name: 'k8s crash loop with a kubectl runbook registered → rollout restart',
    signals: () => [signal({ resource: POD, kind: 'pod-event', source: 'kubernetes', labels: { reason: 'CrashLoopBackOff' } })],
    registry: withKubectl,
    runbook: { id: 'k8s-rollout-restart', parameters: { Pod: POD.id } },
    cause: /crash-looping/,
  },
  {
    name: 'k8s crash loop without a kubectl runbook → no runbook',
    signals: () => [signal({ resource: POD, kind: 'pod-event', source: 'kubernetes', labels: { reason: 'BackOff' } })],
    cause: /crash-looping/,
    discarded: /k8s-rollout-restart is not a candidate/,
  },
  {
    name: 'canary failure only → summary, no runbook',
    signals: () => [signal({ resource: CANARY, kind: 'canary-run', source: 'synthetics', title: 'checkout canary failed', service: 'checkout' })],
    cause: /Users are affected .* on checkout/,
  },
  {
    name: 'SLO burn only → summary, no runbook',
    signals: () => [signal({ resource: { type: 'AWS::ApplicationSignals::ServiceLevelObjective', id: 'checkout-latency' }, kind: 'slo-budget', source: 'application-signals' })],
    cause: /no resource-level alarm/,
  },
  {
    name: 'resolved alarm → no rule',
    signals: () => [alarm(EC2, 'CPUUtilization', { state: 'resolved' })],
    cause: /No rule matched 0 firing signals/,
  },
];

describe('DeterministicReasoner rule table', () => {
  test.each(table)('$name', async (row) => {
    const finding = await reasoner.propose(input(row.signals(), { registry: row.registry }));
    expect(FindingSchema.parse(finding)).toEqual(finding);
    expect(finding.reasoner).toBe('deterministic');
    expect(finding.runbook).toEqual(row.runbook);
    expect(finding.cause).toMatch(row.cause);
    expect(finding.confidence).toBeLessThanOrEqual(0.6);
    if (row.discarded) expect(finding.discarded?.join('\n')).toMatch(row.discarded);
    else expect(finding.discarded).toBeUndefined();
  });

  test('every default rule is plain, modest data', () => {
    expect(JSON.parse(JSON.stringify(DEFAULT_REASONING_RULES))).toEqual(DEFAULT_REASONING_RULES);
    for (const rule of DEFAULT_REASONING_RULES) {
      expect(rule.confidence).toBeGreaterThan(0);
      expect(rule.confidence).toBeLessThanOrEqual(0.6);
      if (rule.metricPattern) expect(() => new RegExp(rule.metricPattern!)).not.toThrow();
    }
  });

  test('cites evidence about the resource first', async () => {
    const finding = await reasoner.propose(input([alarm(EC2, 'CPUUtilization')]));
    expect(finding.evidence).toEqual([`metrics:CPUUtilization:${EC2.id}`]);
  });

  test('a custom rule table replaces the default', async () => {
    const custom = new DeterministicReasoner({ rules: [] });
    const finding = await custom.propose(input([alarm(EC2, 'CPUUtilization')]));
    expect(finding.runbook).toBeUndefined();
    expect(finding.cause).toMatch(/No rule matched/);
  });
});
