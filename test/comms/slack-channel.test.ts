import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { SlackChannel, type SlackChannelProps } from '../../src/comms';
import { CommsEnv, CommsTableKeys } from '../../src/comms/constants';
import { AiopsHub, AiopsHubBase } from '../../src/hub';
import { expectNoUnacknowledgedNagFindings } from '../support/nag';

const ENV = { account: '111111111111', region: 'eu-west-1' };
type Props = Partial<Omit<SlackChannelProps, 'hub' | 'secret'>>;

function channelStack(props: Props = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const hub = new AiopsHub(stack, 'Hub');
  const secret = new secretsmanager.Secret(stack, 'SlackSecret', { description: 'Slack app credentials' });
  const channel = new SlackChannel(stack, 'Slack', {
    hub,
    secret,
    channelId: 'C0123ABCD',
    approvers: ['U0123ABCD', 'W0456EFGH'],
    ...props,
  });
  return { app, stack, hub, secret, channel };
}

function synth(props: Props = {}) {
  const built = channelStack(props);
  return { ...built, template: Template.fromStack(built.stack) };
}

const id = (stack: Stack, c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as any);

/** Every statement of the policies attached to a function's role. */
function statementsOf(template: Template, stack: Stack, fn: any): any[] {
  const roleId = id(stack, fn.role);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => (p.Properties.Roles ?? []).some((r: any) => r.Ref === roleId))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}
const actionsOf = (s: any): string[] => ([] as string[]).concat(s.Action);
const dynamoStatements = (statements: any[]) => statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));

function envOf(template: Template, stack: Stack, fn: any): Record<string, unknown> {
  return template.toJSON().Resources[id(stack, fn)].Properties.Environment.Variables;
}

describe('SlackChannel', () => {
  test('the callback is a function URL with authType NONE, and its URL is an output', () => {
    const { template, stack, channel } = synth();
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      InvokeMode: 'BUFFERED',
      TargetFunctionArn: { 'Fn::GetAtt': [id(stack, channel.callbackFunction as any), 'Arn'] },
    });
    template.resourceCountIs('AWS::Lambda::Url', 1);
    expect(Object.values(template.findOutputs('*')).map((o: any) => o.Value)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^SlackCallbackFunctionFunctionUrl/), 'FunctionUrl'] },
    ]);
    expect(stack.resolve(channel.callbackUrl)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SlackCallbackFunctionFunctionUrl/), 'FunctionUrl'] });
  });

  test('three arm64, traced functions, each with its own role (no managed policy) and an encrypted log group with retention', () => {
    const { template, stack, channel } = synth();
    const fns = [channel.approvalRequestFunction, channel.callbackFunction, channel.notifyFunction];
    const roles = new Set(fns.map((fn: any) => id(stack, fn.role)));
    expect(roles.size).toBe(3);
    for (const fn of fns) {
      const props = template.toJSON().Resources[id(stack, fn as any)].Properties;
      expect(props).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
      expect(props.LoggingConfig.LogGroup).toBeDefined();
    }
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect((role as any).Properties.ManagedPolicyArns).toBeUndefined();
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30, KmsKeyId: Match.anyValue() });
  });

  test('the secret is passed by ARN; no secret value anywhere in the template', () => {
    const { template, stack, channel, secret } = synth();
    for (const fn of [channel.approvalRequestFunction, channel.callbackFunction, channel.notifyFunction]) {
      expect(envOf(template, stack, fn)[CommsEnv.SLACK_SECRET_ARN]).toEqual({ Ref: id(stack, secret as any) });
    }
    // No dynamic reference that would resolve the value into a property, and no token-looking string.
    expect(JSON.stringify(template.toJSON())).not.toMatch(/resolve:secretsmanager|xox[bpe]-/);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(JSON.stringify((fn as any).Properties.Environment ?? {})).not.toMatch(/SecretString|signingSecret|botToken/);
    }
  });

  test('the callback gets the allow-list, the team and no channel; the request gets the TTL', () => {
    const { template, stack, channel } = synth({ teamId: 'T0123ABCD', approvalTimeout: Duration.minutes(30) });
    const callbackEnv = envOf(template, stack, channel.callbackFunction);
    expect(JSON.parse(callbackEnv[CommsEnv.APPROVER_ALLOW_LIST] as string)).toEqual(['U0123ABCD', 'W0456EFGH']);
    expect(callbackEnv[CommsEnv.SLACK_TEAM_ID]).toBe('T0123ABCD');
    const requestEnv = envOf(template, stack, channel.approvalRequestFunction);
    expect(requestEnv).toMatchObject({ [CommsEnv.APPROVAL_TTL_SECONDS]: '1800', [CommsEnv.SLACK_CHANNEL_ID]: 'C0123ABCD' });
    expect(channel.approvalTimeout.toSeconds()).toBe(1800);
    expect(synth().channel.approvalTimeout.toSeconds()).toBe(3600);
  });

  test('table access: item actions only, every statement under a LeadingKeys prefix condition, never table-wide', () => {
    const { template, stack, channel, hub } = synth();
    const tableArn = { 'Fn::GetAtt': [id(stack, hub.incidentTable as any), 'Arn'] };
    const expected: Array<[any, Array<[string[], string[]]>]> = [
      [channel.approvalRequestFunction, [
        [['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], ['APPROVAL#*']],
        [['dynamodb:GetItem', 'dynamodb:PutItem'], ['INC#*']],
      ]],
      [channel.callbackFunction, [
        [['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['APPROVAL#*']],
        [['dynamodb:PutItem'], ['SLACKSIG#*']],
        [['dynamodb:GetItem', 'dynamodb:PutItem'], ['INC#*', 'LEARN#*']],
        [['dynamodb:GetItem'], ['THREADS#*']],
      ]],
      [channel.notifyFunction, [
        [['dynamodb:GetItem', 'dynamodb:PutItem'], ['INC#*']],
        [['dynamodb:GetItem', 'dynamodb:PutItem'], ['THREADS#*']],
      ]],
    ];
    for (const [fn, grants] of expected) {
      const statements = dynamoStatements(statementsOf(template, stack, fn));
      expect(statements.map((s) => [actionsOf(s).sort(), s.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']])).toEqual(
        grants.map(([a, k]) => [a.sort(), k]),
      );
      for (const s of statements) {
        expect(s.Resource).toEqual(tableArn);
        expect(actionsOf(s).some((a) => /Scan|Query|DeleteItem|BatchWrite|\*/.test(a))).toBe(false);
      }
    }
  });

  test('the secret: GetSecretValue on that secret only, for each function', () => {
    const { template, stack, channel, secret } = synth();
    for (const fn of [channel.approvalRequestFunction, channel.callbackFunction, channel.notifyFunction]) {
      const reads = statementsOf(template, stack, fn).filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
      expect(reads).toHaveLength(1);
      expect(reads[0].Resource).toEqual({ Ref: id(stack, secret as any) });
    }
  });

  test('no task responses until grantTaskResponse; then SendTaskSuccess/Failure on exactly that state machine', () => {
    const { stack, channel } = channelStack();
    const machine = new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'P')) });
    new sfn.StateMachine(stack, 'Other', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Q')) });
    const grant = channel.grantTaskResponse(machine);
    expect(grant.success).toBe(true);
    const template = Template.fromStack(stack);
    const states = statementsOf(template, stack, channel.callbackFunction).filter((s) => actionsOf(s).some((a) => a.startsWith('states:')));
    expect(states).toEqual([expect.objectContaining({
      Effect: 'Allow',
      Action: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
      Resource: { Ref: id(stack, machine as any) },
    })]);
    for (const fn of [channel.approvalRequestFunction, channel.notifyFunction]) {
      expect(statementsOf(template, stack, fn).some((s) => actionsOf(s).some((a) => a.startsWith('states:')))).toBe(false);
    }
  });

  test('without grantTaskResponse, no task response permission at all', () => {
    const { template } = synth();
    expect(JSON.stringify(template.toJSON())).not.toContain('states:SendTask');
  });

  test('email: sns:Publish on the given topic only, and its ARN in the notify function\'s environment', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const hub = new AiopsHub(stack, 'Hub');
    const topicKey = new kms.Key(stack, 'TopicKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Summaries', { masterKey: topicKey });
    const secret = new secretsmanager.Secret(stack, 'SlackSecret');
    const channel = new SlackChannel(stack, 'Slack', { hub, secret, channelId: 'C0123ABCD', approvers: ['U0123ABCD'], emailTopic: topic });
    const template = Template.fromStack(stack);
    const publishes = statementsOf(template, stack, channel.notifyFunction).filter((s) => actionsOf(s).includes('sns:Publish'));
    expect(publishes).toEqual([expect.objectContaining({ Action: 'sns:Publish', Resource: { Ref: id(stack, topic as any) } })]);
    expect(envOf(template, stack, channel.notifyFunction)[CommsEnv.NOTIFY_TOPIC_ARN]).toEqual({ Ref: id(stack, topic as any) });
    // The topic's key: usable by the notify role (SNS encrypts with it on publish).
    const keyUse = statementsOf(template, stack, channel.notifyFunction)
      .filter((s) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [id(stack, topicKey as any), 'Arn'] }));
    expect(keyUse.flatMap(actionsOf)).toEqual(expect.arrayContaining(['kms:GenerateDataKey*']));
    for (const fn of [channel.approvalRequestFunction, channel.callbackFunction]) {
      expect(statementsOf(template, stack, fn).some((s) => actionsOf(s).includes('sns:Publish'))).toBe(false);
    }
  });

  test('without a topic, no SNS permission and no topic variable', () => {
    const { template, stack, channel } = synth();
    expect(JSON.stringify(template.toJSON())).not.toContain('sns:Publish');
    expect(envOf(template, stack, channel.notifyFunction)[CommsEnv.NOTIFY_TOPIC_ARN]).toBeUndefined();
  });

  test('with an imported hub without a key, the log groups get a new rotating key that CloudWatch Logs may use', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const hub = AiopsHub.fromAiopsHubAttributes(stack, 'Hub', {
      eventBusArn: 'arn:aws:events:eu-west-1:111111111111:event-bus/aiops',
      incidentTableArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/incidents',
    });
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:slack-AbCdEf');
    const channel = new SlackChannel(stack, 'Slack', { hub, secret, channelId: 'G0123ABCD', approvers: ['U0123ABCD'] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchLogs', Principal: { Service: 'logs.eu-west-1.amazonaws.com' } })]) },
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [id(stack, channel.encryptionKey as any), 'Arn'] } });
    const env = envOf(template, stack, channel.callbackFunction);
    expect(env[CommsEnv.SLACK_SECRET_ARN]).toBe('arn:aws:secretsmanager:eu-west-1:111111111111:secret:slack-AbCdEf');
    expect(env[CommsEnv.TABLE_NAME]).toBe('incidents');
  });

  test.each([
    [{ approvers: [] }, /approvers: give at least one Slack user id/],
    [{ approvers: ['alice@example.com'] }, /approvers\[0\] must be a Slack user id/],
    [{ approvers: ['U0123ABCD', 'u0123abcd'] }, /approvers\[1\] must be a Slack user id/],
    [{ approvers: Array.from({ length: 101 }, (_, i) => `U${String(i).padStart(8, '0')}`) }, /approvers: at most 100/],
    [{ channelId: '#incidents' }, /channelId must be a Slack channel id/],
    [{ teamId: 'acme' }, /teamId must be a Slack workspace id/],
    [{ approvalTimeout: Duration.seconds(59) }, /approvalTimeout must be whole seconds between 1 minute and 1 year/],
    [{ approvalTimeout: Duration.days(366) }, /approvalTimeout must be whole seconds between 1 minute and 1 year/],
    [{ approvalTimeout: Duration.millis(90_500) }, /approvalTimeout must be whole seconds/],
  ] as Array<[Props, RegExp]>)('rejects %j', (props, message) => {
    expect(() => channelStack(props)).toThrow(message);
  });

  test('accepts the limits and Token approvers', () => {
    expect(() => channelStack({ approvalTimeout: Duration.minutes(1) })).not.toThrow();
    expect(() => channelStack({ approvalTimeout: Duration.days(365) })).not.toThrow();
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const hub = new AiopsHub(stack, 'Hub');
    const secret = new secretsmanager.Secret(stack, 'SlackSecret');
    const approver = new CfnParameter(stack, 'Approver').valueAsString;
    expect(() => new SlackChannel(stack, 'Slack', { hub, secret, channelId: 'C0123ABCD', approvers: [approver] })).not.toThrow();
  });

  test('cdk-nag AwsSolutions and NIST 800-53 R5: no finding of the channel\'s', () => {
    const { app, stack, channel } = channelStack();
    const machine = new sfn.StateMachine(stack, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'P')),
      tracingEnabled: true,
      logs: { destination: new logs.LogGroup(stack, 'MachineLogs', { retention: logs.RetentionDays.ONE_DAY }), level: sfn.LogLevel.ALL },
    });
    channel.grantTaskResponse(machine);
    const fixture = 'Test fixture standing for the user\'s own resources (a secret, a state machine).';
    // THEN only the fixtures' findings are left: the channel acknowledges its own
    expectNoUnacknowledgedNagFindings(app, [
      {
        path: 'Stack/SlackSecret/Resource',
        id: 'AwsSolutions-SMG4',
        reason: 'Test fixture standing for the user\'s secret: a Slack bot token and signing secret are rotated in the Slack app settings, not by a Secrets Manager rotation Lambda.',
      },
      ...['SecretsManagerRotationEnabled', 'SecretsManagerUsingKMSKey'].map((rule) => ({ path: 'Stack/SlackSecret', id: `NIST.800.53.R5-${rule}`, reason: fixture })),
      { path: 'Stack/MachineLogs', id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: fixture },
      { path: 'Stack/Machine', id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: fixture },
      {
        path: 'Stack/Machine/Role/DefaultPolicy/Resource',
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Test fixture state machine: CloudWatch Logs delivery and X-Ray tracing support no resource-level permissions, so CDK grants them on "*".',
      },
    ]);
  });
});

describe('SlackChannel public callback: a flood cannot take the account\'s concurrency', () => {
  test('reserved concurrency 10 by default, or the given one; the other functions have none', () => {
    const { template, stack, channel } = synth();
    const fn = (f: any) => template.toJSON().Resources[id(stack, f)].Properties;
    expect(fn(channel.callbackFunction).ReservedConcurrentExecutions).toBe(10);
    expect(fn(channel.notifyFunction).ReservedConcurrentExecutions).toBeUndefined();
    const custom = synth({ callbackConcurrency: 3 });
    expect(custom.template.toJSON().Resources[id(custom.stack, custom.channel.callbackFunction)].Properties.ReservedConcurrentExecutions).toBe(3);
  });

  test('a throttle alarm (Throttles > 0 over 5 minutes) on the callback, exposed and wired by addAlarmAction', () => {
    const { template, stack, channel } = synth();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Throttles',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(stack, channel.callbackFunction as any) } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(Object.keys(channel.alarms)).toEqual(['callbackThrottles']);
    const wired = channelStack();
    const topic = new sns.Topic(wired.stack, 'Pager');
    wired.channel.addAlarmAction(new cwActions.SnsAction(topic));
    const alarm = Object.values(Template.fromStack(wired.stack).findResources('AWS::CloudWatch::Alarm'))
      .find((a: any) => a.Properties.MetricName === 'Throttles') as any;
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: wired.stack.getLogicalId(topic.node.defaultChild as any) }]);
  });

  test.each([0, -1, 2.5])('callbackConcurrency %p is refused', (value) => {
    expect(() => channelStack({ callbackConcurrency: value })).toThrow(/callbackConcurrency must be a whole number of at least 1/);
  });
});

describe('SlackChannel and the hub', () => {
  test('its functions reach the hub table through the hub\'s own grant, by key prefix (which also sets the table name)', () => {
    const items = jest.spyOn(AiopsHubBase.prototype, 'grantIncidentItems');
    try {
      const { channel } = channelStack();
      expect(items.mock.calls).toEqual([
        [channel.approvalRequestFunction, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], CommsTableKeys.APPROVAL_PREFIX],
        [channel.approvalRequestFunction, ['dynamodb:GetItem', 'dynamodb:PutItem'], CommsTableKeys.INCIDENT_PREFIX],
        [channel.callbackFunction, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], CommsTableKeys.APPROVAL_PREFIX],
        [channel.callbackFunction, ['dynamodb:PutItem'], CommsTableKeys.REPLAY_PREFIX],
        [channel.callbackFunction, ['dynamodb:GetItem', 'dynamodb:PutItem'], CommsTableKeys.INCIDENT_PREFIX, CommsTableKeys.LEARNED_PREFIX],
        [channel.callbackFunction, ['dynamodb:GetItem'], CommsTableKeys.THREADS_PREFIX],
        [channel.notifyFunction, ['dynamodb:GetItem', 'dynamodb:PutItem'], CommsTableKeys.INCIDENT_PREFIX],
        [channel.notifyFunction, ['dynamodb:GetItem', 'dynamodb:PutItem'], CommsTableKeys.THREADS_PREFIX],
      ]);
    } finally {
      items.mockRestore();
    }
  });
});
