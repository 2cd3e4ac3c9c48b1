import { BatchGetBuildsCommand, CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetAutomationExecutionCommand, SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  awsRunbookRunner,
  CodeBuildRunner,
  LambdaRunner,
  SsmAutomationRunner,
  UnsupportedRunbookKindError,
  uuidFromKey,
} from '../../../src/adapters/remediation';
import type { RunbookRunContext } from '../../../src/runtime/remediation';
import { BuiltinRunbookId, RunbookSpecSchema, type RunbookSpec } from '../../../src/runtime/runbooks';
import { spec } from '../../runtime/remediation/builders';
import { loadFixture } from '../../support/fixtures';

// AWS CLI example outputs (../shared/fixtures/SOURCES.md): a finished AWS-StartEC2Instance execution, two finished builds.
const GET_AUTOMATION_EXECUTION = loadFixture('api/ssm/GetAutomationExecution.json');
const BATCH_GET_BUILDS = loadFixture('api/codebuild/BatchGetBuilds.json');
const EXECUTION_ID = GET_AUTOMATION_EXECUTION.AutomationExecution.AutomationExecutionId;
const BUILD_ID = BATCH_GET_BUILDS.builds[0].id;
const ROLE = 'arn:aws:iam::123456789012:role/aiops-remediation';
const CTX: RunbookRunContext = { incidentId: 'inc-1', purpose: 'remediation', requestKey: 'inc-1/aws-scale-out-asg/remediation/2019-10-02T17:10:00.000Z' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const ssm = mockClient(SSMClient);
const lambda = mockClient(LambdaClient);
const codebuild = mockClient(CodeBuildClient);
beforeEach(() => {
  ssm.reset();
  lambda.reset();
  codebuild.reset();
});

function execution(patch: Record<string, unknown>) {
  return { AutomationExecution: { ...GET_AUTOMATION_EXECUTION.AutomationExecution, ...patch } };
}

function custom(kind: RunbookSpec['kind'], target: string): RunbookSpec {
  return RunbookSpecSchema.parse({
    id: `fix-${kind}`,
    title: `Fix with ${kind}`,
    kind,
    target,
    riskClass: 'low',
    resourceTypes: ['AWS::EC2::Instance'],
    parameters: { InstanceId: { type: 'string', required: true }, Force: { type: 'boolean' }, Count: { type: 'number' } },
    verify: { check: 'alarms-ok', waitSeconds: 60 },
  });
}

describe('SsmAutomationRunner', () => {
  test('GIVEN a runbook WHEN started THEN StartAutomationExecution gets the document, every parameter as a list of one string, the role and a UUID client token', async () => {
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: EXECUTION_ID });
    const runner = new SsmAutomationRunner(new SSMClient({}), { automationAssumeRole: ROLE });

    const started = await runner.start(spec(BuiltinRunbookId.SCALE_OUT_ASG), { AutoScalingGroupName: 'web-asg', Dryrun: false }, CTX);

    expect(started).toEqual({ executionId: EXECUTION_ID });
    expect(ssm).toHaveReceivedCommandTimes(StartAutomationExecutionCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(StartAutomationExecutionCommand, {
      DocumentName: 'AWSResilienceHub-ScaleOutAsgSOP_2020-07-01',
      Parameters: { AutoScalingGroupName: ['web-asg'], Dryrun: ['false'], AutomationAssumeRole: [ROLE] },
    });
    const input = ssm.commandCalls(StartAutomationExecutionCommand)[0].args[0].input;
    expect(input).toEqual({
      DocumentName: 'AWSResilienceHub-ScaleOutAsgSOP_2020-07-01',
      Parameters: { AutoScalingGroupName: ['web-asg'], Dryrun: ['false'], AutomationAssumeRole: [ROLE] },
      ClientToken: uuidFromKey(CTX.requestKey),
    });
    expect(input.ClientToken).toMatch(UUID);
  });

  test('GIVEN the same request key THEN the same client token (a retried start is not a second run); another key, another token', () => {
    expect(uuidFromKey(CTX.requestKey)).toBe(uuidFromKey(CTX.requestKey));
    expect(uuidFromKey(`${CTX.requestKey}x`)).not.toBe(uuidFromKey(CTX.requestKey));
  });

  test('GIVEN no role option THEN no AutomationAssumeRole; GIVEN a parameter that sets it THEN rejected before any call', async () => {
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: EXECUTION_ID });
    const runner = new SsmAutomationRunner(new SSMClient({}));
    await runner.start(spec(BuiltinRunbookId.RESTART_EC2_INSTANCE), { InstanceId: 'i-0cb99161f6EXAMPLE' }, CTX);
    expect(ssm.commandCalls(StartAutomationExecutionCommand)[0].args[0].input.Parameters).toEqual({ InstanceId: ['i-0cb99161f6EXAMPLE'] });

    await expect(runner.start(spec(BuiltinRunbookId.RESTART_EC2_INSTANCE), { AutomationAssumeRole: 'arn:aws:iam::1:role/admin' }, CTX))
      .rejects.toThrow('may not set AutomationAssumeRole');
    expect(ssm).toHaveReceivedCommandTimes(StartAutomationExecutionCommand, 1);
  });

  test('GIVEN the real GetAutomationExecution response THEN succeeded, asked for that execution', async () => {
    ssm.on(GetAutomationExecutionCommand).resolves(GET_AUTOMATION_EXECUTION);
    const status = await new SsmAutomationRunner(new SSMClient({})).status(spec(BuiltinRunbookId.RESTART_EC2_INSTANCE), EXECUTION_ID);
    expect(status).toEqual({ state: 'succeeded', detail: 'Success' });
    expect(ssm).toHaveReceivedCommandWith(GetAutomationExecutionCommand, { AutomationExecutionId: EXECUTION_ID });
  });

  test.each([
    ['InProgress', 'running'],
    ['Waiting', 'running'],
    ['PendingApproval', 'running'],
    ['TimedOut', 'timed-out'],
    ['Cancelling', 'cancelled'],
    ['Cancelled', 'cancelled'],
    ['CompletedWithFailure', 'failed'],
    ['Exited', 'failed'],
    ['SomethingNew', 'running'],
  ])('GIVEN the real response with status %s THEN %s', async (status, state) => {
    ssm.on(GetAutomationExecutionCommand).resolves(execution({ AutomationExecutionStatus: status }));
    expect((await new SsmAutomationRunner(new SSMClient({})).status(spec(BuiltinRunbookId.RESTART_EC2_INSTANCE), EXECUTION_ID)).state).toBe(state);
  });

  test('GIVEN a failed step in the real response THEN failed, naming the step and its message', async () => {
    const [step] = GET_AUTOMATION_EXECUTION.AutomationExecution.StepExecutions;
    ssm.on(GetAutomationExecutionCommand).resolves(execution({
      AutomationExecutionStatus: 'Failed',
      StepExecutions: [{ ...step, StepStatus: 'Failed', FailureMessage: 'The instance is not in a state to start' }],
    }));
    expect(await new SsmAutomationRunner(new SSMClient({})).status(spec(BuiltinRunbookId.RESTART_EC2_INSTANCE), EXECUTION_ID)).toEqual({
      state: 'failed',
      detail: 'Failed: step startInstances Failed: The instance is not in a state to start',
    });
  });

  test('GIVEN a lambda runbook THEN UnsupportedRunbookKindError, no call', async () => {
    await expect(new SsmAutomationRunner(new SSMClient({})).start(custom('lambda', 'fn'), { InstanceId: 'i-1' }, CTX)).rejects.toBeInstanceOf(UnsupportedRunbookKindError);
    expect(ssm).toHaveReceivedCommandTimes(StartAutomationExecutionCommand, 0);
  });
});

describe('LambdaRunner', () => {
  const FN = 'arn:aws:lambda:us-east-1:123456789012:function:fix-web';

  test('GIVEN a function that returns THEN invoked RequestResponse with the parameters as the event, succeeded at once', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: Buffer.from('{"ok":true}') as never, $metadata: { requestId: 'req-1' } });
    const runner = new LambdaRunner(new LambdaClient({}));
    const started = await runner.start(custom('lambda', FN), { InstanceId: 'i-1', Force: true, Count: 2 }, CTX);
    expect(started).toEqual({ executionId: 'lambda:succeeded:req-1', state: 'succeeded', detail: `invoked ${FN} (version $LATEST)` });
    const input = lambda.commandCalls(InvokeCommand)[0].args[0].input;
    expect({ ...input, Payload: JSON.parse(Buffer.from(input.Payload as Uint8Array).toString('utf8')) }).toEqual({
      FunctionName: FN,
      InvocationType: 'RequestResponse',
      Payload: { InstanceId: 'i-1', Force: true, Count: 2 },
    });
    expect(await runner.status(custom('lambda', FN), started.executionId)).toEqual({ state: 'succeeded' });
  });

  test('GIVEN a function that throws THEN failed with its error type and message', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: Buffer.from(JSON.stringify({ errorType: 'Error', errorMessage: 'instance not found', trace: ['at x'] })) as never,
      $metadata: { requestId: 'req-2' },
    });
    const runner = new LambdaRunner(new LambdaClient({}));
    const started = await runner.start(custom('lambda', FN), { InstanceId: 'i-1' }, CTX);
    expect(started).toEqual({ executionId: 'lambda:failed:req-2', state: 'failed', detail: 'Unhandled: Error: instance not found' });
    expect(await runner.status(custom('lambda', FN), started.executionId)).toEqual({ state: 'failed' });
    await expect(runner.status(custom('lambda', FN), 'something-else')).rejects.toThrow('not a LambdaRunner execution id');
  });
});

describe('CodeBuildRunner', () => {
  test('GIVEN a runbook WHEN started THEN StartBuild on the project with the parameters as plain-text variables and an idempotency token', async () => {
    codebuild.on(StartBuildCommand).resolves({ build: { id: BUILD_ID, buildStatus: 'IN_PROGRESS' } });
    const started = await new CodeBuildRunner(new CodeBuildClient({})).start(custom('codebuild', 'codebuild-demo-project'), { InstanceId: 'i-1', Count: 3 }, CTX);
    expect(started).toEqual({ executionId: BUILD_ID });
    expect(codebuild.commandCalls(StartBuildCommand)[0].args[0].input).toEqual({
      projectName: 'codebuild-demo-project',
      environmentVariablesOverride: [
        { name: 'InstanceId', value: 'i-1', type: 'PLAINTEXT' },
        { name: 'Count', value: '3', type: 'PLAINTEXT' },
      ],
      idempotencyToken: uuidFromKey(CTX.requestKey),
    });
  });

  test('GIVEN the real BatchGetBuilds response THEN succeeded, asked for that build; a FAILED build says which phase', async () => {
    codebuild.on(BatchGetBuildsCommand).resolves(BATCH_GET_BUILDS);
    const runner = new CodeBuildRunner(new CodeBuildClient({}));
    expect(await runner.status(custom('codebuild', 'codebuild-demo-project'), BUILD_ID)).toEqual({ state: 'succeeded', detail: 'SUCCEEDED' });
    expect(codebuild).toHaveReceivedCommandWith(BatchGetBuildsCommand, { ids: [BUILD_ID] });

    const build = BATCH_GET_BUILDS.builds[0];
    const phases = build.phases.map((p: any) => (p.phaseType === 'BUILD' ? { ...p, phaseStatus: 'FAILED', contexts: [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: 'exit status 1' }] } : p));
    codebuild.on(BatchGetBuildsCommand).resolves({ builds: [{ ...build, buildStatus: 'FAILED', phases }] });
    expect(await runner.status(custom('codebuild', 'codebuild-demo-project'), BUILD_ID)).toEqual({ state: 'failed', detail: 'FAILED: BUILD FAILED (exit status 1)' });
  });

  test('GIVEN a build that is not found THEN status rejects (the core retries, then fails the run)', async () => {
    codebuild.on(BatchGetBuildsCommand).resolves({ builds: [], buildsNotFound: [BUILD_ID] });
    await expect(new CodeBuildRunner(new CodeBuildClient({})).status(custom('codebuild', 'p'), BUILD_ID)).rejects.toThrow(`did not find build ${BUILD_ID}`);
  });
});

describe('awsRunbookRunner', () => {
  test('GIVEN each kind THEN the matching client is called; kubectl is UnsupportedRunbookKindError for the EKS integration', async () => {
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: EXECUTION_ID });
    codebuild.on(StartBuildCommand).resolves({ build: { id: BUILD_ID } });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200 });
    const runner = awsRunbookRunner({ ssm: new SSMClient({}), lambda: new LambdaClient({}), codebuild: new CodeBuildClient({}) });

    await runner.start(custom('ssm-automation', 'Doc'), { InstanceId: 'i-1' }, CTX);
    await runner.start(custom('codebuild', 'p'), { InstanceId: 'i-1' }, CTX);
    await runner.start(custom('lambda', 'fn'), { InstanceId: 'i-1' }, CTX);
    expect(ssm).toHaveReceivedCommandTimes(StartAutomationExecutionCommand, 1);
    expect(codebuild).toHaveReceivedCommandTimes(StartBuildCommand, 1);
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);

    const err = await runner.start(custom('kubectl', 'rollout-restart'), { InstanceId: 'i-1' }, CTX).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedRunbookKindError);
    expect(err).toMatchObject({ kind: 'kubectl', message: 'kubectl runbooks are run by the EKS integration' });
  });
});
