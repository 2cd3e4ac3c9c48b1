import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AgentSuite, AgentSuiteProps, AiopsHub, RiskClass, Runbook, RunbookParameterType, Verification } from '../../src';
import { AgentEnv, AgentState } from '../../src/agents/constants';
import { readRunbookRegistry } from '../../src/runtime/agents/config';
import { ApprovalError } from '../../src/runtime/approval/decide';
import { REMEDIATION_RUNNER_IAM_ACTIONS } from '../../src/runtime/remediation/permissions';
import { FakeChannel } from '../support/fake-channel';
import { expectNoUnacknowledgedNagFindings } from '../support/nag';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator: (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string } = require('asl-validator');

const ENV = { account: '111111111111', region: 'eu-west-1' };

function synth(props: Omit<AgentSuiteProps, 'hub'> = {}, withChannel = false) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const hub = new AiopsHub(stack, 'Hub');
  const channel = withChannel ? new FakeChannel(stack, 'Channel') : undefined;
  const suite = new AgentSuite(stack, 'Agents', { hub, channel, ...props });
  return { app, stack, hub, suite, channel, template: Template.fromStack(stack) };
}

function renderedDefinition(template: Template): any {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as any[];
  const parts: any[] = machine.Properties.DefinitionString['Fn::Join'][1];
  const text = (p: any): string => {
    if (typeof p === 'string') return p;
    if (p.Ref === 'AWS::Partition') return 'aws';
    return `arn:aws:lambda:${ENV.region}:${ENV.account}:function:${p['Fn::GetAtt'][0]}`;
  };
  return JSON.parse(parts.map(text).join(''));
}

function roleStatements(template: Template, stack: Stack, role: iam.IRole): any[] {
  const id = stack.getLogicalId(role.node.defaultChild as any);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => (p.Properties.Roles ?? []).some((r: any) => r.Ref === id))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

const actionsOf = (s: any): string[] => ([] as string[]).concat(s.Action);
const MUTATING = /:(Start|Stop|Reboot|Update|Put|Delete|Create|Terminate|Set|Modify|Invoke|Pass|Send)/;
/** X-Ray active tracing (CDK grants it on "*": no resource-level permissions); it changes no resource. */
const TRACING = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
const mutating = (st: any) => actionsOf(st).filter((a) => MUTATING.test(a) && !TRACING.has(a));

const restartService = () => Runbook.ssmAutomation('Ops-RestartService', {
  id: 'restart-service',
  title: 'Restart the ECS service',
  riskClass: RiskClass.LOW,
  resourceTypes: ['AWS::ECS::Service'],
  parameters: { Service: { type: RunbookParameterType.STRING, required: true, pattern: '[a-z-]{1,64}' } },
  targetActions: ['ecs:UpdateService'],
  readActions: ['ecs:DescribeServices'],
  verify: Verification.alarmsOk(Duration.minutes(5)),
});

describe('AgentSuite remediation loop', () => {
  test('is valid ASL: plan → choice → wait → step → back, done → RecordOutcome → Remediated | Escalated', () => {
    const { template } = synth({}, true);
    const definition = renderedDefinition(template);
    const result = aslValidator(structuredClone(definition));
    expect(result.errorsText('\n')).toBe('');
    const s = definition.States;
    expect(s[AgentState.PLAN_REMEDIATION]).toEqual(expect.objectContaining({ Type: 'Task', Next: AgentState.NEXT_REMEDIATION_STEP, ResultPath: '$.remediation' }));
    expect(s[AgentState.PLAN_REMEDIATION].Parameters).toEqual(expect.objectContaining({ 'action': 'plan', 'incident.$': '$.incident', 'finding.$': '$.reasoning.finding', 'approval.$': '$.approval' }));
    expect(s[AgentState.NEXT_REMEDIATION_STEP]).toEqual(expect.objectContaining({
      Type: 'Choice',
      Choices: [{ Variable: '$.remediation.next.action', StringEquals: 'done', Next: AgentState.RECORD_OUTCOME }],
      Default: AgentState.WAIT_REMEDIATION,
    }));
    expect(s[AgentState.WAIT_REMEDIATION]).toEqual(expect.objectContaining({ Type: 'Wait', SecondsPath: '$.remediation.next.waitSeconds', Next: AgentState.REMEDIATION_STEP }));
    expect(s[AgentState.REMEDIATION_STEP]).toEqual(expect.objectContaining({ Next: AgentState.NEXT_REMEDIATION_STEP, ResultPath: '$.remediation' }));
    expect(s[AgentState.RECORD_OUTCOME].Next).toBe(AgentState.CHECK_OUTCOME);
    expect(s[AgentState.CHECK_OUTCOME].Choices).toEqual([{ Variable: '$.outcome.escalate', BooleanEquals: true, Next: AgentState.NOTIFY_ESCALATION }]);
    expect(s[AgentState.CHECK_OUTCOME].Default).toBe(AgentState.NOTIFY_RESOLVED);
    expect(s[AgentState.NOTIFY_RESOLVED].Next).toBe(AgentState.REMEDIATED);
    expect(s[AgentState.NOTIFY_ESCALATION].Next).toBe(AgentState.ESCALATED);
    expect(s[AgentState.REMEDIATED].Type).toBe('Succeed');
  });

  test('every Lambda task retries transient errors and is caught: failures to HandleFailure, notifications onward', () => {
    const s = renderedDefinition(synth({}, true).template).States;
    const tasks = Object.keys(s).filter((n) => s[n].Type === 'Task');
    expect(tasks.length).toBeGreaterThanOrEqual(15);
    for (const name of tasks) {
      expect(s[name].Retry).toEqual(expect.arrayContaining([expect.objectContaining({ ErrorEquals: expect.arrayContaining(['Lambda.TooManyRequestsException']) })]));
      if (name === AgentState.HANDLE_FAILURE) continue;
      expect(s[name].Catch?.length).toBeGreaterThan(0);
      const all = s[name].Catch.find((c: any) => c.ErrorEquals.includes('States.ALL'));
      if (name.startsWith('Notify')) {
        // Best effort: a notification that fails is ignored, the state unchanged.
        expect(all).toEqual({ ErrorEquals: ['States.ALL'], ResultPath: null, Next: s[name].Next });
        expect(s[name].ResultPath).toBeNull();
      } else {
        expect(all.Next).toBe(AgentState.HANDLE_FAILURE);
      }
    }
  });

  test('with a channel: the approval waits for the task token, with the channel\'s timeout; denial, timeout and late clicks never remediate', () => {
    const { template, suite, channel } = synth({}, true);
    const s = renderedDefinition(template).States;
    expect(s[AgentState.ROUTE].Default).toBe(AgentState.AWAIT_APPROVAL);
    const wait = s[AgentState.AWAIT_APPROVAL];
    expect(wait.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(wait.TimeoutSeconds).toBe(3600);
    expect(wait.Parameters.Payload).toEqual({ 'taskToken.$': '$$.Task.Token', 'incident.$': '$.incident', 'finding.$': '$.reasoning.finding', 'decision.$': '$.decision' });
    expect(wait.Next).toBe(AgentState.PLAN_REMEDIATION);
    expect(wait.ResultPath).toBe('$.approval');
    expect(wait.Catch).toEqual([
      { ErrorEquals: [ApprovalError.DENIED], ResultPath: '$.error', Next: AgentState.RECORD_DENIAL },
      { ErrorEquals: [ApprovalError.TIMED_OUT, ApprovalError.EXPIRED], ResultPath: '$.error', Next: AgentState.RECORD_APPROVAL_EXPIRED },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: AgentState.HANDLE_FAILURE },
    ]);
    expect(wait.Retry.flatMap((r: any) => r.ErrorEquals)).not.toContain('States.Timeout');
    expect(s[AgentState.RECORD_DENIAL].Parameters).toEqual(expect.objectContaining({ action: 'denied' }));
    expect(s[AgentState.RECORD_DENIAL].Next).toBe(AgentState.NOTIFY_DENIAL);
    expect(s[AgentState.NOTIFY_DENIAL].Next).toBe(AgentState.APPROVAL_DENIED);
    expect(s[AgentState.RECORD_APPROVAL_EXPIRED].Next).toBe(AgentState.NOTIFY_ESCALATION);
    // The decision is told to the channel, then routed.
    expect(s[AgentState.RECORD].Next).toBe(AgentState.NOTIFY_DECISION);
    expect(s[AgentState.NOTIFY_DECISION].Next).toBe(AgentState.SELECT_RUNBOOK);
    expect(s[AgentState.SELECT_RUNBOOK].Choices[0].Next).toBe(AgentState.RUNBOOK_PROPOSED);
    expect(s[AgentState.RUNBOOK_PROPOSED].Next).toBe(AgentState.ROUTE);
    expect(s[AgentState.NO_RUNBOOK_PROPOSED].Next).toBe(AgentState.ROUTE);
    expect(channel!.granted).toEqual([suite.stateMachine]);
    // The execution can outlive the wait.
    expect(renderedDefinition(template).TimeoutSeconds).toBe(3 * 3600 + 3600);
  });
});

describe('AgentSuite remediation IAM', () => {
  test('the automation role changes only resources that carry the managed tag, and no statement has a wildcard action', () => {
    const { template, stack, suite } = synth({ runbooks: [restartService()] });
    const statements = roleStatements(template, stack, suite.automationRole);
    const change = statements.find((st) => st.Sid === 'ChangeManagedResources');
    expect(change).toEqual(expect.objectContaining({
      Effect: 'Allow',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/aiops:managed': 'true' } },
    }));
    expect(actionsOf(change)).toEqual(['autoscaling:UpdateAutoScalingGroup', 'ec2:StartInstances', 'ec2:StopInstances', 'ecs:UpdateService', 'lambda:UpdateAlias', 'rds:RebootDBInstance']);
    // Every mutating action is under the tag condition (or on explicit ARNs); unconditioned ones only read.
    for (const st of statements) {
      expect(actionsOf(st).every((a) => !a.includes('*'))).toBe(true);
      if (st.Condition === undefined && st.Resource === '*') expect(mutating(st)).toEqual([]);
    }
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ssm.amazonaws.com' }, Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '111111111111' } }) })] },
    });
  });

  test('a custom tag and explicit ARNs', () => {
    const arn = 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0123456789abcdef0';
    const { template, stack, suite } = synth({ remediation: { managedTag: { key: 'team:ops', value: 'yes' }, resources: [arn] } });
    const statements = roleStatements(template, stack, suite.automationRole);
    expect(statements.find((st) => st.Sid === 'ChangeManagedResources').Condition).toEqual({ StringEquals: { 'aws:ResourceTag/team:ops': 'yes' } });
    expect(statements.find((st) => st.Sid === 'ChangeListedResources').Resource).toBe(arn);
  });

  test('the remediation role runs the registered runbooks only, and passes the automation role to SSM only', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const hub = new AiopsHub(stack, 'Hub');
    const fn = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-west-1:111111111111:function:drain');
    const project = codebuild.Project.fromProjectName(stack, 'Tf', 'terraform-apply');
    const suite = new AgentSuite(stack, 'Agents', {
      hub,
      runbooks: [
        restartService(),
        Runbook.lambda(fn, { id: 'drain', title: 'Drain', riskClass: RiskClass.MEDIUM, resourceTypes: ['AWS::ECS::Service'] }),
        Runbook.codeBuild(project, { id: 'tf-apply', title: 'Apply', riskClass: RiskClass.HIGH, resourceTypes: ['AWS::ECS::Service'], verify: Verification.canaryPasses(Duration.minutes(10)) }),
      ],
      remediation: { maxRunTime: Duration.minutes(20) },
    });
    const template = Template.fromStack(stack);
    const statements = roleStatements(template, stack, suite.remediationFunction.role!);
    const bySid = (sid: string) => statements.find((st) => st.Sid === sid);
    const start = JSON.stringify(bySid('StartRegisteredAutomations').Resource);
    for (const doc of ['AWS-RestartEC2Instance', 'AWS-RebootRdsInstance', 'AWSResilienceHub-ScaleOutAsgSOP_2020-07-01', 'Ops-RestartService']) expect(start).toContain(`automation-definition/${doc}:$DEFAULT`);
    expect(start).toContain(':ssm:eu-west-1::automation-definition/AWS-RestartEC2Instance'); // AWS-owned: no account
    expect(start).toContain(':ssm:eu-west-1:111111111111:automation-definition/Ops-RestartService');
    expect(bySid('PassAutomationRole')).toEqual(expect.objectContaining({
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [stack.getLogicalId(suite.automationRole.node.defaultChild as any), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
    }));
    expect(bySid('InvokeRunbookFunctions')).toEqual(expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:eu-west-1:111111111111:function:drain' }));
    expect(actionsOf(bySid('RunRunbookProjects'))).toEqual(['codebuild:BatchGetBuilds', 'codebuild:StartBuild']);
    expect(JSON.stringify(bySid('RunRunbookProjects').Resource)).toContain('project/terraform-apply');
    expect(bySid('VerifyCanaries')).toBeDefined();
    expect(bySid('VerifySlos')).toBeUndefined();
    // The runtime's list of runner actions is covered, and nothing mutating is on "*" or a wildcard action.
    const granted = statements.flatMap(actionsOf);
    for (const a of [...REMEDIATION_RUNNER_IAM_ACTIONS['ssm-automation'], ...REMEDIATION_RUNNER_IAM_ACTIONS.lambda, ...REMEDIATION_RUNNER_IAM_ACTIONS.codebuild]) expect(granted).toContain(a);
    for (const st of statements) {
      expect(actionsOf(st).every((a) => !a.includes('*'))).toBe(true);
      if (st.Resource === '*') expect(mutating(st)).toEqual([]);
    }
    // The environment the handlers read: runbooks (with the function ARN resolved), the longest run.
    const env = template.toJSON().Resources[stack.getLogicalId(suite.remediationFunction.node.defaultChild as any)].Properties.Environment.Variables;
    expect(env[AgentEnv.REMEDIATION_MAX_RUN_SECONDS]).toBe('1200');
    expect(env[AgentEnv.AUTOMATION_ROLE_ARN]).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(suite.automationRole.node.defaultChild as any), 'Arn'] });
    const registry = readRunbookRegistry({ [AgentEnv.RUNBOOKS_JSON]: env[AgentEnv.RUNBOOKS_JSON] });
    expect(registry.get('drain')!.target).toBe('arn:aws:lambda:eu-west-1:111111111111:function:drain');
    for (const fnName of ['reasoningFunction', 'riskFunction'] as const) {
      const e = template.toJSON().Resources[stack.getLogicalId((suite as any)[fnName].node.defaultChild)].Properties.Environment.Variables;
      expect(e[AgentEnv.RUNBOOKS_JSON]).toEqual(env[AgentEnv.RUNBOOKS_JSON]);
    }
  });

  test('your own automation role gets nothing added', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const role = iam.Role.fromRoleArn(stack, 'Mine', 'arn:aws:iam::111111111111:role/ssm-automation', { mutable: false });
    const suite = new AgentSuite(stack, 'Agents', { hub: new AiopsHub(stack, 'Hub'), remediation: { automationRole: role } });
    expect(suite.automationRole).toBe(role);
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.includes('AutomationRole'))).toEqual([]);
  });
});

describe('AgentSuite remediation validation', () => {
  const big = Array.from({ length: 12 }, (_, i) => Runbook.ssmAutomation(`Ops-Doc-${i}`, {
    id: `runbook-${i}`, title: 'A runbook with a long title '.repeat(4), description: 'x'.repeat(200), riskClass: RiskClass.LOW, resourceTypes: ['AWS::EC2::Instance'],
  }));
  test.each<[string, Omit<AgentSuiteProps, 'hub'>, RegExp]>([
    ['runbooks too large for the environment', { runbooks: big }, /runbook specs take \d+ bytes of the agents' environment, above the 3072/],
    ['two runbooks with one id', { runbooks: [restartService(), restartService()] }, /runbook 'restart-service' is declared twice/],
    ['a bad pattern', { runbooks: [Runbook.ssmAutomation('Ops-X', { id: 'x', title: 'x', riskClass: RiskClass.LOW, resourceTypes: ['AWS::EC2::Instance'], parameters: { P: { type: RunbookParameterType.STRING, pattern: '(' } } })] }, /parameter P: the pattern/],
    ['an aws: tag key', { remediation: { managedTag: { key: 'aws:managed', value: 'true' } } }, /may not start with 'aws:'/],
    ['a 30-second run', { remediation: { maxRunTime: Duration.seconds(30) } }, /maxRunTime must be whole seconds from 1 minute/],
  ])('rejects %s', (_, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describe('AgentSuite remediation cdk-nag', () => {
  test('AwsSolutions and NIST 800-53 R5 with a channel and every runbook kind: no finding of the library\'s', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const hub = new AiopsHub(stack, 'Hub');
    const channel = new FakeChannel(stack, 'Channel');
    const fn = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-west-1:111111111111:function:drain');
    new AgentSuite(stack, 'Agents', {
      hub,
      channel,
      runbooks: [restartService(), Runbook.lambda(fn, { id: 'drain', title: 'Drain', riskClass: RiskClass.MEDIUM, resourceTypes: ['AWS::ECS::Service'] })],
    });
    const id = (f: lambda.IFunction) => stack.getLogicalId(f.node.defaultChild as any);
    const testDouble = 'A test double of IIncidentChannel (two inline functions); the real channel is tested in test/comms.';
    // THEN only the test double's own findings (and CDK's default invoke grant on its functions) are left
    expectNoUnacknowledgedNagFindings(app, [
      ...[channel.approvalRequestFunction, channel.notifyFunction].map((f) => ({
        path: 'Stack/Agents/Resource/Role/DefaultPolicy/Resource',
        id: `AwsSolutions-IAM5[Resource::<${id(f)}.Arn>:*]`,
        reason: `${testDouble} Its functions are plain lambda.Functions, so CDK grants invoke on their versions too.`,
      })),
      { path: 'Stack/Channel', id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: testDouble },
      { path: 'Stack/Channel', id: 'AwsSolutions-L1', reason: testDouble },
      ...['LambdaConcurrency', 'LambdaDLQ', 'LambdaInsideVPC'].map((rule) => ({ path: 'Stack/Channel', id: `NIST.800.53.R5-${rule}`, reason: testDouble })),
    ]);
  });
});
