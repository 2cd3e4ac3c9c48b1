import { normalise } from './helpers';
import type { RejectionCode, SignalSource, SignalState } from '../../../src/runtime/model';
import { listFixtures, loadFixture } from '../../support/fixtures';

/**
 * What every real event fixture must become. A file added under `events/` without a row here fails the test,
 * so a new sample is never silently unhandled. PutEvents entry files list one expectation per entry.
 */
type Expected =
  | { readonly source: SignalSource; readonly states: readonly SignalState[] }
  | { readonly code: RejectionCode; readonly reason: RegExp };

const EXPECTED: Readonly<Record<string, Expected | readonly Expected[]>> = {
  'events/autoscaling/ec2-instance-launch-unsuccessful.json': { source: 'autoscaling', states: ['firing'] },
  'events/cloudwatch/alarm-configuration-change-composite-created.json': { code: 'ignored', reason: /Configuration Change of "ServiceAggregatedAlarm" \(create\)/ },
  'events/cloudwatch/alarm-configuration-change-composite-with-suppressor-created.json': { code: 'ignored', reason: /"ServiceAggregatedAlarm" \(create\)/ },
  'events/cloudwatch/alarm-configuration-change-composite-with-suppressor-deleted.json': { code: 'ignored', reason: /"ServiceAggregatedAlarm" \(delete\)/ },
  'events/cloudwatch/alarm-configuration-change-composite-with-suppressor-updated.json': { code: 'ignored', reason: /"ServiceAggregatedAlarm" \(update\)/ },
  'events/cloudwatch/alarm-configuration-change-metric-alarm-updated.json': { code: 'ignored', reason: /"ServerCpuTooHigh" \(update\)/ },
  'events/cloudwatch/alarm-configuration-change-metric-math-deleted.json': { code: 'ignored', reason: /"TotalNetworkTrafficTooHigh" \(delete\)/ },
  'events/cloudwatch/alarm-state-change-composite-with-suppressor.json': { source: 'cloudwatch-alarm', states: ['firing'] },
  'events/cloudwatch/alarm-state-change-metric-math-ec2-network-insufficient-to-alarm.json': { source: 'cloudwatch-alarm', states: ['firing'] },
  'events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json': { source: 'cloudwatch-alarm', states: ['firing'] },
  'events/cloudwatch/lambda-alarm-action-composite-alarm.json': { source: 'cloudwatch-alarm', states: ['firing'] },
  'events/cloudwatch/lambda-alarm-action-metric-math-lambda.json': { source: 'cloudwatch-alarm', states: ['firing'] },
  'events/cloudwatch/sns-wrapped-alarm-metric-math.json': { source: 'cloudwatch-alarm', states: ['firing'] },
  'events/cloudwatch/sns-wrapped-alarm-single-metric.json': { source: 'cloudwatch-alarm', states: ['firing'] },
  'events/codebuild/build-phase-change.json': { source: 'codebuild', states: ['info'] },
  'events/codebuild/build-state-change-succeeded.json': { source: 'codebuild', states: ['info'] },
  'events/codedeploy/deployment-state-change.json': { source: 'codedeploy', states: ['info'] },
  'events/codepipeline/pipeline-execution-state-change.json': { source: 'codepipeline', states: ['info'] },
  'events/config/custom-rule-invocation-configuration-item-changed.json': { code: 'ignored', reason: /custom rule invocation for rule "MyRule".*not a notification/ },
  'events/config/sns-compliance-change-notification-cloudtrail-enabled.json': { source: 'config', states: ['resolved'] },
  'events/config/sns-configuration-item-change-ebs-volume-attached.json': { source: 'config', states: ['info'] },
  'events/config/sns-configuration-item-change-ec2-instance.json': { source: 'config', states: ['info'] },
  'events/config/sns-configuration-item-change-security-group.json': { source: 'config', states: ['info'] },
  'events/devops-guru/new-insight-open-apigateway-5xx.json': { source: 'devops-guru', states: ['firing'] },
  'events/devops-guru/sns-notification-closed-insight.json': { source: 'devops-guru', states: ['resolved'] },
  'events/devops-guru/sns-notification-new-association.json': { source: 'devops-guru', states: ['firing'] },
  'events/devops-guru/sns-notification-new-insight.json': { source: 'devops-guru', states: ['firing'] },
  'events/devops-guru/sns-notification-new-recommendation.json': { source: 'devops-guru', states: ['info'] },
  'events/devops-guru/sns-notification-severity-upgraded.json': { source: 'devops-guru', states: ['firing'] },
  'events/ecs/container-instance-state-change.json': { source: 'ecs', states: ['info'] },
  'events/health/ebs-volume-lost-issue.putevents-entries.json': [{ source: 'health', states: ['firing'] }],
  'events/health/ec2-health-test-event.json': { source: 'health', states: ['info'] },
  'events/health/ecs-task-patching-retirement-scheduledChange.putevents-entries.json': [{ source: 'health', states: ['info', 'info'] }],
  'events/kubernetes/event-v1-pulled-normal-gke.json': { source: 'kubernetes', states: ['info'] },
  'events/ssm/automation-execution-status-change-success.json': { source: 'ssm', states: ['info'] },
  'events/ssm/automation-step-status-change-success.json': { source: 'ssm', states: ['info'] },
  'events/ssm/configuration-compliance-patch-non-compliant.json': { source: 'ssm', states: ['firing'] },
  'events/ssm/maintenance-window-execution-timed-out.json': { source: 'ssm', states: ['firing'] },
  'events/ssm/run-command-status-change-success.json': { source: 'ssm', states: ['info'] },
  'events/stepfunctions/execution-status-change-aborted.json': { source: 'stepfunctions', states: ['info'] },
  'events/stepfunctions/execution-status-change-failed.json': { source: 'stepfunctions', states: ['firing'] },
  'events/stepfunctions/execution-status-change-running.json': { source: 'stepfunctions', states: ['info'] },
  'events/stepfunctions/execution-status-change-succeeded.json': { source: 'stepfunctions', states: ['info'] },
  'events/stepfunctions/execution-status-change-timed-out.json': { source: 'stepfunctions', states: ['firing'] },
  'events/synthetics/canary-status-change.json': { source: 'synthetics', states: ['info'] },
  'events/synthetics/canary-testrun-failure.json': { source: 'synthetics', states: ['firing'] },
  'events/synthetics/canary-testrun-successful.json': { source: 'synthetics', states: ['resolved'] },
};

const files = listFixtures('events');

describe('every real event fixture', () => {
  test('the fixtures are present and every one has an expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(EXPECTED).length);
    expect(files.filter((f) => !(f in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((f) => !files.includes(f))).toEqual([]);
  });

  test.each(files)('%s', (file) => {
    const value = loadFixture(file);
    // PutEvents entry files are arrays: the caller passes each entry separately.
    const inputs: unknown[] = Array.isArray(value) ? value : [value];
    const raw = EXPECTED[file];
    const expectations: readonly Expected[] = Array.isArray(raw) ? raw : [raw as Expected];
    expect(inputs).toHaveLength(expectations.length);
    inputs.forEach((input, i) => {
      const expected = expectations[i];
      const outcome = normalise(input, { input: `${file}#${i}` });
      if ('code' in expected) {
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) {
          expect(outcome.rejection.code).toBe(expected.code);
          expect(outcome.rejection.reason).toMatch(expected.reason);
          expect(outcome.rejection.input).toBe(`${file}#${i}`);
        }
      } else {
        if (!outcome.ok) throw new Error(`${file}: ${outcome.rejection.code}: ${outcome.rejection.reason}`);
        expect(outcome.signals.map((s) => s.source)).toEqual(expected.states.map(() => expected.source));
        expect(outcome.signals.map((s) => s.state)).toEqual(expected.states);
      }
    });
  });

  test('normalising is deterministic: the same fixture always yields the same ids', () => {
    for (const file of files) {
      const value = loadFixture(file);
      const input = Array.isArray(value) ? value[0] : value;
      expect(normalise(structuredClone(input))).toEqual(normalise(input));
    }
  });

  test('signal ids are unique across all fixtures', () => {
    const ids = new Map<string, string>();
    for (const file of files) {
      const value = loadFixture(file);
      for (const input of Array.isArray(value) ? value : [value]) {
        const outcome = normalise(input);
        if (!outcome.ok) continue;
        for (const signal of outcome.signals) {
          expect(ids.get(signal.id) ?? file).toBe(file);
          ids.set(signal.id, file);
        }
      }
    }
    expect(ids.size).toBeGreaterThan(30);
  });
});
