import { App, Duration, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FromResource, RiskClass, Runbook, RunbookParameterType, Verification } from '../../src';
import { collectRunbooks } from '../../src/runbooks/collect';
import { BUILTIN_RUNBOOKS, BuiltinRunbookId, RunbookRegistry, RunbookSpecSchema } from '../../src/runtime/runbooks';

const base = { title: 'Restart the service', riskClass: RiskClass.LOW, resourceTypes: ['AWS::ECS::Service'] };

function fn(stack: Stack) {
  return lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-west-1:111111111111:function:restart');
}

describe('Runbook', () => {
  test('renders each kind to a spec the runtime schema accepts', () => {
    const stack = new Stack(new App(), 'S');
    const project = codebuild.Project.fromProjectName(stack, 'P', 'terraform-apply');
    const runbooks = [
      Runbook.ssmAutomation('Custom-RestartService', {
        ...base,
        id: 'restart-service',
        parameters: {
          Cluster: { type: RunbookParameterType.STRING, required: true, pattern: '[a-z-]+', fromResource: FromResource.ID },
          Count: { type: RunbookParameterType.NUMBER, min: 1, max: 10, allowedValues: ['1', '2'] },
        },
        verify: Verification.canaryPasses(Duration.minutes(5)),
      }),
      Runbook.lambda(fn(stack), { ...base, id: 'restart-lambda', verify: Verification.none() }),
      Runbook.codeBuild(project, { ...base, id: 'terraform-apply', riskClass: RiskClass.HIGH, verify: Verification.sloRecovered(Duration.minutes(30)) }),
      Runbook.kubectl('rollout-restart', { ...base, id: 'k8s-restart', resourceTypes: ['Kubernetes::Apps::Deployment'] }),
    ];
    const specs = runbooks.map((r) => stack.resolve(r._toSpec()));
    for (const spec of specs) expect(RunbookSpecSchema.safeParse(spec).error).toBeUndefined();
    expect(specs[0]).toEqual(expect.objectContaining({
      kind: 'ssm-automation',
      target: 'Custom-RestartService',
      riskClass: 'low',
      verify: { check: 'canary-pass', waitSeconds: 300 },
    }));
    expect(specs[0].parameters.Count).toEqual({ type: 'number', min: 1, max: 10, enum: [1, 2] });
    expect(specs[1]).toEqual(expect.objectContaining({ kind: 'lambda', target: 'arn:aws:lambda:eu-west-1:111111111111:function:restart', verify: { check: 'none', waitSeconds: 0 } }));
    expect(specs[2]).toEqual(expect.objectContaining({ kind: 'codebuild', target: 'terraform-apply', riskClass: 'high' }));
    expect(specs[3]).toEqual(expect.objectContaining({ kind: 'kubectl', target: 'rollout-restart', verify: { check: 'alarms-ok', waitSeconds: 600 } }));
    // With the built-ins, they make a registry the runtime accepts.
    expect(new RunbookRegistry([...BUILTIN_RUNBOOKS, ...specs]).size).toBe(BUILTIN_RUNBOOKS.length + 4);
  });

  test('built-ins keep the runtime ids and are not rendered', () => {
    expect([Runbook.RESTART_EC2_INSTANCE, Runbook.SCALE_OUT_ASG, Runbook.REBOOT_RDS_INSTANCE, Runbook.LAMBDA_ALIAS_ROLLBACK].map((r) => r.id).sort())
      .toEqual(Object.values(BuiltinRunbookId).sort());
    expect(Runbook.RESTART_EC2_INSTANCE.isBuiltin).toBe(true);
    expect(() => Runbook.RESTART_EC2_INSTANCE._toSpec()).toThrow(/built in/);
    expect(() => Runbook.builtin('nope' as any)).toThrow(/not a built-in runbook/);
  });

  test('rollbacks are collected, built-ins left out; a rollback to a built-in is rendered by id', () => {
    const undo = Runbook.ssmAutomation('Custom-Undo', { ...base, id: 'undo' });
    const doIt = Runbook.ssmAutomation('Custom-Do', { ...base, id: 'do', rollback: undo });
    const viaBuiltin = Runbook.ssmAutomation('Custom-Other', { ...base, id: 'other', rollback: Runbook.LAMBDA_ALIAS_ROLLBACK });
    expect(collectRunbooks([doIt, viaBuiltin, Runbook.RESTART_EC2_INSTANCE]).map((r) => r.id)).toEqual(['do', 'undo', 'other']);
    expect(viaBuiltin._toSpec().rollback).toBe('aws-lambda-alias-rollback');
  });

  test('rejects invalid runbooks with readable errors', () => {
    expect(() => Runbook.ssmAutomation('Doc-A', { ...base, id: 'has space' })._toSpec()).toThrow(/the id must be 1-128 letters/);
    expect(() => Runbook.ssmAutomation('x', { ...base, id: 'a' })).toThrow(/not an SSM document name/);
    expect(() => Runbook.ssmAutomation('Doc-A', { ...base, id: 'a', resourceTypes: [] })._toSpec()).toThrow(/at least one resource type/);
    expect(() => Runbook.ssmAutomation('Doc-A', { ...base, id: 'a', resourceTypes: ['ec2 instance'] })._toSpec()).toThrow(/not a resource type/);
    expect(() => Runbook.ssmAutomation('Doc-A', {
      ...base, id: 'a', parameters: { Name: { type: RunbookParameterType.STRING, pattern: '([a-z' } },
    })._toSpec()).toThrow(/runbook 'a', parameter Name: the pattern \/\(\[a-z\/ does not compile/);
    expect(() => Runbook.ssmAutomation('Doc-A', {
      ...base, id: 'a', parameters: { N: { type: RunbookParameterType.NUMBER, pattern: 'x' } },
    })._toSpec()).toThrow(/apply to string parameters/);
    expect(() => Runbook.ssmAutomation('Doc-A', {
      ...base, id: 'a', parameters: { N: { type: RunbookParameterType.NUMBER, min: 5, max: 1 } },
    })._toSpec()).toThrow(/min \(5\) is greater than max \(1\)/);
    expect(() => Runbook.ssmAutomation('Doc-A', {
      ...base, id: 'a', parameters: { 'bad-name': { type: RunbookParameterType.STRING } },
    })._toSpec()).toThrow(/parameter name 'bad-name'/);
    expect(() => Runbook.ssmAutomation('Doc-A', {
      ...base, id: 'a', parameters: { AutomationAssumeRole: { type: RunbookParameterType.STRING } },
    })._toSpec()).toThrow(/set by the suite/);
    expect(() => Runbook.ssmAutomation('Doc-A', { ...base, id: 'a', verify: Verification.alarmsOk(Duration.hours(2)) })._toSpec()).toThrow(/0 to 1 hour/);
    expect(() => Runbook.ssmAutomation('Doc-A', { ...base, id: 'a', targetActions: ['ec2:*'] })).toThrow(/without wildcards/);
    expect(() => Runbook.ssmAutomation('Doc-A', { ...base, id: 'a', readActions: ['ec2:TerminateInstances'] })).toThrow(/read-only actions/);
    expect(() => Runbook.kubectl('Rollout Restart', { ...base, id: 'k' })).toThrow(/kubectl operation/);
  });

  test('rejects duplicate ids, built-in ids, self and looping rollbacks', () => {
    const a1 = Runbook.ssmAutomation('Doc-A', { ...base, id: 'a' });
    const a2 = Runbook.ssmAutomation('Doc-B', { ...base, id: 'a' });
    expect(() => collectRunbooks([a1, a2])).toThrow(/runbook 'a' is declared twice/);
    expect(() => collectRunbooks([a1, a1])).not.toThrow();
    expect(() => collectRunbooks([Runbook.ssmAutomation('Doc-A', { ...base, id: 'aws-restart-ec2-instance' })])).toThrow(/taken by a built-in/);
    const loopA = Runbook.ssmAutomation('Doc-A', { ...base, id: 'loop-a', rollback: Runbook.ssmAutomation('Doc-B', { ...base, id: 'loop-b', rollback: Runbook.ssmAutomation('Doc-C', { ...base, id: 'loop-a' }) }) });
    expect(() => collectRunbooks([loopA])).toThrow(/rollback chain loops \(loop-a → loop-b → loop-a\)/);
    const self = Runbook.ssmAutomation('Doc-A', { ...base, id: 'self', rollback: Runbook.ssmAutomation('Doc-A', { ...base, id: 'self' }) });
    expect(() => self._toSpec()).toThrow(/its own rollback/);
  });
});
