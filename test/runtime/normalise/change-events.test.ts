import { fixtureCopy, fixtureSignal, oneSignal } from './helpers';

describe('Step Functions', () => {
  test.each([
    ['running', 'info', 'info'],
    ['succeeded', 'info', 'info'],
    ['aborted', 'info', 'info'],
    ['failed', 'firing', 'medium'],
    ['timed-out', 'firing', 'medium'],
  ])('%s → %s %s, on the state machine', (name, state, severity) => {
    expect(fixtureSignal(`events/stepfunctions/execution-status-change-${name}.json`)).toMatchObject({
      source: 'stepfunctions',
      kind: 'workflow',
      state,
      severity,
      resource: {
        type: 'AWS::StepFunctions::StateMachine',
        id: 'state-machine',
        arn: 'arn:aws:states:us-east-1:012345678912:stateMachine:state-machine',
        region: 'us-east-1',
        account: '012345678912',
      },
      fingerprint: 'stepfunctions:012345678912:us-east-1:state-machine',
      labels: expect.objectContaining({ executionName: 'execution-name' }),
    });
  });

  test('the five samples share an event id, yet their statuses give distinct signal ids', () => {
    const ids = ['running', 'succeeded', 'aborted', 'failed', 'timed-out']
      .map((n) => fixtureSignal(`events/stepfunctions/execution-status-change-${n}.json`).id);
    expect(new Set(ids).size).toBe(5);
  });
});

describe('Systems Manager', () => {
  test('automation execution success is info on the document; Failed fires medium', () => {
    expect(fixtureSignal('events/ssm/automation-execution-status-change-success.json')).toMatchObject({
      source: 'ssm',
      kind: 'automation',
      state: 'info',
      severity: 'info',
      resource: { type: 'AWS::SSM::Document', id: 'runcommand1', arn: 'arn:aws:ssm:us-east-1:123456789012:automation-definition/runcommand1:1' },
      fingerprint: 'ssm-automation:123456789012:us-east-1:runcommand1',
      labels: expect.objectContaining({ executionId: '333ba70b-2333-48db-b17e-a5e69c6f4d1c' }),
    });
    const failed = fixtureCopy('events/ssm/automation-execution-status-change-success.json');
    failed.detail.Status = 'Failed';
    expect(oneSignal(failed)).toMatchObject({ state: 'firing', severity: 'medium' });
  });

  test('automation steps are always info, with their own fingerprint', () => {
    const failedStep = fixtureCopy('events/ssm/automation-step-status-change-success.json');
    failedStep.detail.Status = 'Failed';
    expect(oneSignal(failedStep)).toMatchObject({ state: 'info', fingerprint: 'ssm-automation:123456789012:us-east-1:runcommand1:step:runFixedCmds' });
  });

  test('run command is about its target instance', () => {
    expect(fixtureSignal('events/ssm/run-command-status-change-success.json')).toMatchObject({
      kind: 'run-command',
      state: 'info',
      resource: { type: 'AWS::EC2::Instance', id: 'i-abcd1111', arn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111' },
    });
    const failed = fixtureCopy('events/ssm/run-command-status-change-success.json');
    failed.detail.status = 'Failed';
    expect(oneSignal(failed)).toMatchObject({ state: 'firing', severity: 'low' });
  });

  test('a timed-out maintenance window fires low', () => {
    expect(fixtureSignal('events/ssm/maintenance-window-execution-timed-out.json')).toMatchObject({
      kind: 'maintenance-window',
      state: 'firing',
      severity: 'low',
      resource: { type: 'AWS::SSM::MaintenanceWindow', id: 'mw-0ed7251d3fcf6e0c2', region: 'us-east-1', account: '012345678901' },
    });
  });

  test('patch non-compliance fires (medium for a critical patch), compliance resolves', () => {
    const signal = fixtureSignal('events/ssm/configuration-compliance-patch-non-compliant.json');
    expect(signal).toMatchObject({
      kind: 'patch-compliance',
      state: 'firing',
      severity: 'medium',
      resource: { type: 'AWS::EC2::Instance', id: 'i-01234567890abcdef', region: 'us-west-1' },
      fingerprint: 'ssm-compliance:123456789012:us-west-1:Patch:i-01234567890abcdef',
    });
    const compliant = fixtureCopy('events/ssm/configuration-compliance-patch-non-compliant.json');
    compliant.detail['compliance-status'] = 'compliant';
    expect(oneSignal(compliant)).toMatchObject({ state: 'resolved', fingerprint: signal.fingerprint });
  });
});

describe('CodeBuild, CodeDeploy, CodePipeline', () => {
  test('a succeeded build and a phase change are info on the project; a failed build fires low', () => {
    const built = fixtureSignal('events/codebuild/build-state-change-succeeded.json');
    expect(built).toMatchObject({
      source: 'codebuild',
      kind: 'build',
      state: 'info',
      resource: { type: 'AWS::CodeBuild::Project', id: 'my-sample-project', arn: 'arn:aws:codebuild:us-west-2:123456789012:project/my-sample-project' },
      fingerprint: 'codebuild:123456789012:us-west-2:my-sample-project',
      labels: expect.objectContaining({ initiator: 'MyCodeBuildDemoUser', sourceVersion: 'my-source-version', buildNumber: '55' }),
    });
    expect(fixtureSignal('events/codebuild/build-phase-change.json')).toMatchObject({ state: 'info', fingerprint: built.fingerprint });
    const failed = fixtureCopy('events/codebuild/build-state-change-succeeded.json');
    failed.detail['build-status'] = 'FAILED';
    expect(oneSignal(failed)).toMatchObject({ state: 'firing', severity: 'low' });
  });

  test('a deployment is info context for its application; FAILURE fires medium', () => {
    expect(fixtureSignal('events/codedeploy/deployment-state-change.json')).toMatchObject({
      source: 'codedeploy',
      kind: 'deployment',
      state: 'info',
      service: 'myApplication',
      resource: {
        type: 'AWS::CodeDeploy::DeploymentGroup',
        id: 'myApplication/myDeploymentGroup',
        arn: 'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:myApplication/myDeploymentGroup',
      },
      labels: expect.objectContaining({ deploymentId: 'd-123456789' }),
    });
    const failed = fixtureCopy('events/codedeploy/deployment-state-change.json');
    failed.detail.state = 'FAILURE';
    expect(oneSignal(failed)).toMatchObject({ state: 'firing', severity: 'medium' });
  });

  test('a pipeline execution is info; FAILED fires low', () => {
    expect(fixtureSignal('events/codepipeline/pipeline-execution-state-change.json')).toMatchObject({
      source: 'codepipeline',
      kind: 'pipeline',
      state: 'info',
      resource: { type: 'AWS::CodePipeline::Pipeline', id: 'myPipeline', arn: 'arn:aws:codepipeline:us-east-1:123456789012:myPipeline' },
    });
    const failed = fixtureCopy('events/codepipeline/pipeline-execution-state-change.json');
    failed.detail.state = 'FAILED';
    expect(oneSignal(failed)).toMatchObject({ state: 'firing', severity: 'low' });
  });
});

describe('ECS and Auto Scaling', () => {
  test('container instance state change is info; a disconnected agent fires low', () => {
    const signal = fixtureSignal('events/ecs/container-instance-state-change.json');
    expect(signal).toMatchObject({
      source: 'ecs',
      kind: 'container-instance',
      state: 'info',
      resource: {
        type: 'AWS::ECS::ContainerInstance',
        id: 'b54a2a04-046f-4331-9d74-3f6d7f6ca315',
        arn: 'arn:aws:ecs:us-east-1:111122223333:container-instance/b54a2a04-046f-4331-9d74-3f6d7f6ca315',
      },
      labels: expect.objectContaining({ cluster: 'default', ec2InstanceId: 'i-f3a8506b' }),
    });
    const disconnected = fixtureCopy('events/ecs/container-instance-state-change.json');
    disconnected.detail.agentConnected = false;
    expect(oneSignal(disconnected)).toMatchObject({ state: 'firing', severity: 'low', fingerprint: signal.fingerprint });
  });

  test('a task stopped by an essential container exiting non-zero fires medium for its service', () => {
    // No task sample in the fixtures: the container-instance envelope with a task detail as documented by ECS.
    const event = fixtureCopy('events/ecs/container-instance-state-change.json');
    event['detail-type'] = 'ECS Task State Change';
    event.detail = {
      clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/default',
      taskArn: 'arn:aws:ecs:us-east-1:111122223333:task/default/0e8f1bd1a9b44b1c9dbf5b4b7f1a1e58',
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/cart:7',
      group: 'service:cart',
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'app', exitCode: 137, lastStatus: 'STOPPED' }],
    };
    expect(oneSignal(event)).toMatchObject({
      kind: 'ecs-task',
      state: 'firing',
      severity: 'medium',
      service: 'cart',
      resource: { type: 'AWS::ECS::Task', id: 'default/0e8f1bd1a9b44b1c9dbf5b4b7f1a1e58' },
      fingerprint: 'ecs-task:111122223333:us-east-1:default:service:cart',
      labels: expect.objectContaining({ exitCode: '137', container: 'app' }),
    });
    event.detail.stopCode = 'ServiceSchedulerInitiated';
    event.detail.containers[0].exitCode = 0;
    expect(oneSignal(event)).toMatchObject({ state: 'info', severity: 'info' });
  });

  test('an unsuccessful launch fires medium on the group; a successful one is info', () => {
    const signal = fixtureSignal('events/autoscaling/ec2-instance-launch-unsuccessful.json');
    expect(signal).toMatchObject({
      source: 'autoscaling',
      kind: 'scaling-activity',
      state: 'firing',
      severity: 'medium',
      resource: { type: 'AWS::AutoScaling::AutoScalingGroup', id: 'my-auto-scaling-group', region: 'us-west-2', account: '123456789012' },
      fingerprint: 'autoscaling:123456789012:us-west-2:my-auto-scaling-group:launch',
      time: '1970-01-01T00:00:00.000Z',
      labels: expect.objectContaining({ ec2InstanceId: 'i-1234567890abcdef0', availabilityZone: 'us-west-2b' }),
    });
    const ok = fixtureCopy('events/autoscaling/ec2-instance-launch-unsuccessful.json');
    ok['detail-type'] = 'EC2 Instance Launch Successful';
    expect(oneSignal(ok)).toMatchObject({ state: 'info', fingerprint: signal.fingerprint });
    ok['detail-type'] = 'EC2 Instance Terminate Unsuccessful';
    expect(oneSignal(ok)).toMatchObject({ state: 'firing', severity: 'low' });
  });
});
