import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { consumerApps } from './apps';
import { AgentSuite, AiopsHub, SlackChannel } from '../../src';
import { XRAY_REASON } from '../../src/common/acknowledge';
import { HandlerFunctions } from '../../src/common/handler-function';

function fullStack() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const hub = new AiopsHub(stack, 'Hub');
  const slack = new SlackChannel(stack, 'Slack', {
    hub, secret: secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'aiops/slack'), channelId: 'C0123456789', approvers: ['U0123456789'],
  });
  const suite = new AgentSuite(stack, 'Agents', { hub, channel: slack });
  return { stack, hub, slack, suite };
}

/** Every acknowledgement written on the tree: construct path, finding id, reason. */
function acknowledgements(stack: Stack): Array<{ path: string; id: string; reason: string }> {
  return stack.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason }))));
}

test('the state machine may invoke each function\'s unqualified ARN only (no version wildcard)', () => {
  const { stack, suite, slack } = fullStack();
  const fns = [suite.loadFunction, suite.telemetryFunction, suite.reasoningFunction, suite.riskFunction, suite.recordFunction, suite.failureFunction,
    suite.remediationFunction, suite.outcomeFunction, slack.approvalRequestFunction, slack.notifyFunction];
  const statements = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: stack.getLogicalId(suite.stateMachine.node.findChild('Role').node.defaultChild as any) }] },
  });
  const invoke = (Object.values(statements)[0] as any).Properties.PolicyDocument.Statement
    .filter((s: any) => s.Action === 'lambda:InvokeFunction');
  const resources = invoke.flatMap((s: any) => [s.Resource].flat());
  expect(resources).toEqual(expect.arrayContaining(fns.map((f) => ({ 'Fn::GetAtt': [stack.getLogicalId(f.node.defaultChild as any), 'Arn'] }))));
  expect(JSON.stringify(resources)).not.toContain(':*');
  expect(resources).toHaveLength(fns.length);
});

test('every acknowledgement is a full finding id with a reason, on the library\'s own resources, never the stack', () => {
  const { stack } = fullStack();
  const acks = acknowledgements(stack);
  expect(acks.length).toBeGreaterThan(20);
  for (const ack of acks) {
    expect(ack.id).toMatch(/^(AwsSolutions-[A-Z0-9]+(\[.+\])?|NIST\.800\.53\.R5-[A-Za-z0-9]+)$/);
    expect(ack.id).not.toBe('AwsSolutions-IAM5');
    expect(ack.reason.length).toBeGreaterThan(40);
    expect(ack.path).toMatch(/^Stack\/(Hub|Slack|Agents)\//);
  }
});

class InlineFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: lambda.FunctionOptions) {
    super(scope, id, { ...props, runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});') });
  }
}

test('a function of the recipe gets the function-level acknowledgements, LambdaConcurrency only without reserved concurrency', () => {
  const stack = new Stack(new App(), 'Stack');
  const functions = new HandlerFunctions(stack, {
    descriptionPrefix: 'test', encryptionKey: new kms.Key(stack, 'Key'), logRetention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY,
  });
  const spec = { description: 'd', timeout: Duration.seconds(3), memorySize: 128 };
  functions.create(InlineFunction, { ...spec, id: 'Open' });
  functions.create(InlineFunction, { ...spec, id: 'Capped', reservedConcurrentExecutions: 2 });
  const ids = (path: string) => acknowledgements(stack).filter((a) => a.path === path).map((a) => a.id).sort();
  expect(ids('Stack/OpenFunction')).toEqual(['NIST.800.53.R5-LambdaConcurrency', 'NIST.800.53.R5-LambdaDLQ', 'NIST.800.53.R5-LambdaInsideVPC']);
  expect(ids('Stack/CappedFunction')).toEqual(['NIST.800.53.R5-LambdaDLQ', 'NIST.800.53.R5-LambdaInsideVPC']);
  expect(ids('Stack/OpenRole')).toEqual(['AwsSolutions-IAM5[Resource::*]', 'NIST.800.53.R5-IAMNoInlinePolicy']);
});

test('a role whose "*" is acknowledged for X-Ray only has nothing but X-Ray on "*" (a new wildcard grant needs its own reason)', () => {
  for (const app of Object.values(consumerApps())) {
    for (const stack of app.node.findAll().filter((c): c is Stack => Stack.isStack(c))) {
      const byPath = new Map<string, string[]>();
      for (const ack of acknowledgements(stack)) {
        if (ack.id === 'AwsSolutions-IAM5[Resource::*]') byPath.set(ack.path, [...(byPath.get(ack.path) ?? []), ack.reason]);
      }
      const xrayOnly = [...byPath].filter(([, reasons]) => reasons.every((r) => r === XRAY_REASON)).map(([path]) => path);
      expect(xrayOnly.length).toBeGreaterThan(0);
      for (const path of xrayOnly) {
        const policy = stack.node.findAll().find((c) => c.node.path === `${path}/DefaultPolicy/Resource`) as iam.CfnPolicy | undefined;
        if (!policy) continue;
        const statements: any[] = stack.resolve(policy.policyDocument).Statement;
        const onAny = statements.filter((s) => [s.Resource].flat().includes('*')).flatMap((s) => [s.Action].flat());
        expect({ path, onAny: [...new Set(onAny)].sort() }).toEqual({ path, onAny: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'] });
      }
    }
  }
});
