import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AgentSuite, AgentSuiteProps, AiopsHub, AiopsHubBase, DecisionOutcome, TelemetryCollector } from '../../src';
import {
  AgentDetailType, AgentEnv, AgentState, AIOPS_EVENT_SOURCE, DEFAULT_REASONING_MODEL_ID,
} from '../../src/agents/constants';
import { DetailType } from '../../src/hub/constants';
import { readReasonConfig, readRiskConfig, readTelemetryConfig } from '../../src/runtime/agents/config';
import { TELEMETRY_IAM_ACTIONS } from '../../src/runtime/telemetry/permissions';
import { matchesPattern } from '../hub/event-pattern';
import { expectNoUnacknowledgedNagFindings } from '../support/nag';

// asl-validator ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator: (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string } = require('asl-validator');

const ENV = { account: '111111111111', region: 'eu-west-1' };
type Props = Omit<AgentSuiteProps, 'hub'>;

function suiteStack(props: Props = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const hub = new AiopsHub(stack, 'Hub');
  const suite = new AgentSuite(stack, 'Agents', { hub, ...props });
  return { app, stack, hub, suite };
}

function synth(props: Props = {}) {
  const { stack, hub, suite } = suiteStack(props);
  return { stack, hub, suite, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as any);
}

/**
 * Every statement a role gets: its inline `Policies`, the AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources
 * attached to it (by `Roles`).
 */
function roleStatements(template: Template, roleId: string): any[] {
  const resources = template.toJSON().Resources as Record<string, any>;
  const inline = (resources[roleId]?.Properties?.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  const attached = Object.values(resources)
    .filter((r: any) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
    .filter((p: any) => (p.Properties.Roles ?? []).some((r: any) => r.Ref === roleId))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}

function roleOf(stack: Stack, fn: any): string {
  return stack.getLogicalId(fn.role.node.defaultChild);
}

function actions(statement: any): string[] {
  return ([] as string[]).concat(statement.Action);
}

function environment(template: Template, stack: Stack, fn: any): Record<string, any> {
  return template.toJSON().Resources[logicalId(stack, fn)].Properties.Environment.Variables;
}

/** A CloudFormation value as text: `Fn::Join` of strings and pseudo parameters, for comparing ARNs. */
function text(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.Ref) return `\${${value.Ref}}`;
  if (value?.['Fn::Join']) return value['Fn::Join'][1].map(text).join(value['Fn::Join'][0]);
  if (value?.['Fn::GetAtt']) return `\${${value['Fn::GetAtt'].join('.')}}`;
  return JSON.stringify(value);
}

/** The ASL as CloudFormation would render it, every function ARN replaced by a well-formed one. */
function renderedDefinition(template: Template): any {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as any[];
  const parts: any[] = machine.Properties.DefinitionString['Fn::Join'][1];
  const json = parts.map((p) => (typeof p === 'string' ? p : `arn:aws:lambda:${ENV.region}:${ENV.account}:function:${p['Fn::GetAtt'][0]}`)).join('');
  return JSON.parse(json);
}

describe('AgentSuite state machine', () => {
  test('is a valid Standard state machine (asl-validator) with logging and tracing', () => {
    const { template } = synth();
    const definition = renderedDefinition(template);
    const result = aslValidator(structuredClone(definition));
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [Match.anyValue()] },
    });
    expect(definition.TimeoutSeconds).toBe(3 * 3600);
  });

  test('runs Prepare → LoadIncident → Telemetry → KnowledgeLookup → Reason → Risk → Record → SelectRunbook → RouteDecision', () => {
    const { States: states, StartAt } = renderedDefinition(synth().template);
    const order = [StartAt];
    // SelectRunbook is a Choice: follow its first branch (a runbook was proposed).
    const next = (name: string) => states[name].Next ?? states[name].Choices?.[0]?.Next;
    while (next(order[order.length - 1])) order.push(next(order[order.length - 1]));
    expect(order.slice(0, 10)).toEqual([
      AgentState.PREPARE, AgentState.LOAD_INCIDENT, AgentState.TELEMETRY, AgentState.KNOWLEDGE_LOOKUP, AgentState.REASON, AgentState.RISK,
      AgentState.RECORD, AgentState.SELECT_RUNBOOK, AgentState.RUNBOOK_PROPOSED, AgentState.ROUTE,
    ]);
    // Nothing of the event but its incident id: the incident itself is loaded from the table.
    expect(states[AgentState.PREPARE].Parameters).toEqual({ trigger: { 'eventId.$': '$.id', 'detailType.$': '$.detail-type', 'time.$': '$.time', 'incidentId.$': '$.detail.id' } });
    expect(states[AgentState.LOAD_INCIDENT]).toEqual(expect.objectContaining({ ResultPath: '$.incident', Next: AgentState.TELEMETRY }));
    // The knowledge port answers nothing until a knowledge base exists.
    expect(states[AgentState.KNOWLEDGE_LOOKUP]).toEqual(expect.objectContaining({
      Type: 'Pass', Result: { snippets: [], reason: 'no knowledge base configured' }, ResultPath: '$.knowledge',
    }));
    expect(states[AgentState.REASON].Parameters).toEqual({ 'incident.$': '$.incident', 'telemetry.$': '$.telemetry', 'knowledge.$': '$.knowledge' });
    expect(states[AgentState.RECORD].Parameters).toEqual(expect.objectContaining({ 'runId.$': '$$.Execution.Id' }));
  });

  test('routes AUTO to the remediation loop, DENY to Denied, APPROVE (and anything else) to the escalation without a channel', () => {
    const { States: states } = renderedDefinition(synth().template);
    const route = states[AgentState.ROUTE];
    expect(route.Type).toBe('Choice');
    expect(route.Choices).toEqual([
      { Variable: '$.decision.outcome', StringEquals: DecisionOutcome.AUTO, Next: AgentState.NO_APPROVAL_NEEDED },
      { Variable: '$.decision.outcome', StringEquals: DecisionOutcome.DENY, Next: AgentState.DENIED },
    ]);
    // Without a channel nothing can approve: the APPROVE decision is recorded and escalated.
    expect(route.Default).toBe(AgentState.RECORD_NO_APPROVER);
    expect(states[AgentState.RECORD_NO_APPROVER].Next).toBe(AgentState.ESCALATED);
    expect(states[AgentState.AWAIT_APPROVAL]).toBeUndefined();
    expect(states[AgentState.NO_APPROVAL_NEEDED]).toEqual(expect.objectContaining({ Type: 'Pass', Next: AgentState.PLAN_REMEDIATION }));
    expect(states[AgentState.DENIED].Type).toBe('Succeed');
  });

  test('every task retries transient errors with back-off and catches everything into HandleFailure → Failed', () => {
    const { States: states } = renderedDefinition(synth().template);
    const taskNames = Object.keys(states).filter((name) => states[name].Type === 'Task');
    expect(taskNames.sort()).toEqual([
      AgentState.HANDLE_FAILURE, AgentState.LOAD_INCIDENT, AgentState.RECORD, AgentState.REASON, AgentState.RISK, AgentState.TELEMETRY,
      AgentState.PLAN_REMEDIATION, AgentState.REMEDIATION_STEP, AgentState.RECORD_OUTCOME, AgentState.RECORD_NO_APPROVER,
    ].sort());
    for (const name of taskNames) {
      const task = states[name];
      expect(task.Retry).toEqual(expect.arrayContaining([
        expect.objectContaining({
          ErrorEquals: expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException']),
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        }),
      ]));
      if (name === AgentState.HANDLE_FAILURE) {
        // The failure handler's own failure fails the execution: the executionsFailed alarm.
        expect(task.Catch).toBeUndefined();
        expect(task.Next).toBe(AgentState.FAILED);
        expect(task.Parameters).toEqual({ 'runId.$': '$$.Execution.Id', 'state.$': '$' });
      } else {
        expect(task.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: AgentState.HANDLE_FAILURE }]);
      }
    }
    expect(states[AgentState.FAILED]).toEqual(expect.objectContaining({ Type: 'Fail', Error: 'InvestigationFailed' }));
  });

  test('each step writes its own bounded result path', () => {
    const { States: states } = renderedDefinition(synth().template);
    const steps = [AgentState.TELEMETRY, AgentState.REASON, AgentState.RISK, AgentState.RECORD];
    expect(Object.fromEntries(steps.map((n) => [n, states[n].ResultPath]))).toEqual({
      [AgentState.TELEMETRY]: '$.telemetry',
      [AgentState.REASON]: '$.reasoning',
      [AgentState.RISK]: '$.decision',
      [AgentState.RECORD]: '$.record',
    });
  });

  test('uses the given execution timeout', () => {
    const definition = renderedDefinition(synth({ timeout: Duration.minutes(30) }).template);
    expect(definition.TimeoutSeconds).toBe(1800);
  });
});

describe('AgentSuite trigger', () => {
  test('a rule on the hub bus starts an execution for Incident Opened and Incident Escalated only', () => {
    const { template, stack, hub } = synth();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(stack, hub.eventBus as any) },
      EventPattern: { 'source': [AIOPS_EVENT_SOURCE], 'detail-type': [DetailType.INCIDENT_OPENED, DetailType.INCIDENT_ESCALATED] },
      Targets: [Match.objectLike({
        Arn: { Ref: Match.stringLikeRegexp('^Agents') },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('StartFailureQueue'), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      })],
    });
    const rule = Object.values(template.findResources('AWS::Events::Rule')).find((r: any) => r.Properties.EventPattern.source?.[0] === AIOPS_EVENT_SOURCE && r.Properties.EventPattern['detail-type'].includes(DetailType.INCIDENT_OPENED)) as any;
    const event = (detailType: string) => ({ 'source': AIOPS_EVENT_SOURCE, 'account': ENV.account, 'detail-type': detailType, 'detail': { id: 'inc-1' } });
    expect(matchesPattern(rule.Properties.EventPattern, event(DetailType.INCIDENT_OPENED))).toBe(true);
    expect(matchesPattern(rule.Properties.EventPattern, event(DetailType.INCIDENT_ESCALATED))).toBe(true);
    // Never its own output, nor updates or resolutions.
    const others = [DetailType.INCIDENT_UPDATED, DetailType.INCIDENT_RESOLVED, AgentDetailType.INCIDENT_DECISION, AgentDetailType.AGENT_FAILURE];
    for (const other of others) {
      expect(matchesPattern(rule.Properties.EventPattern, event(other))).toBe(false);
    }
  });

  test('only the hub\'s own account starts an investigation, and only for an event that names an incident', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ account: [ENV.account], detail: { id: [{ exists: true }] } }),
    });
    const rule = Object.values(template.findResources('AWS::Events::Rule')).find((r: any) => r.Properties.EventPattern['detail-type']?.includes(DetailType.INCIDENT_OPENED)) as any;
    const opened = { 'source': AIOPS_EVENT_SOURCE, 'detail-type': DetailType.INCIDENT_OPENED, 'detail': { id: 'inc-1' } };
    expect(matchesPattern(rule.Properties.EventPattern, { ...opened, account: ENV.account })).toBe(true);
    expect(matchesPattern(rule.Properties.EventPattern, { ...opened, account: '222222222222' })).toBe(false);
    expect(matchesPattern(rule.Properties.EventPattern, { ...opened, account: ENV.account, detail: { title: 'no id' } })).toBe(false);
  });

  test('an environment-agnostic stack matches the account Token; an imported hub its bus ARN\'s account', () => {
    const app = new App();
    const stack = new Stack(app, 'Agnostic');
    new AgentSuite(stack, 'Agents', { hub: new AiopsHub(stack, 'Hub') });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ account: [{ Ref: 'AWS::AccountId' }] }) });
    const other = new Stack(new App(), 'Imported', { env: ENV });
    const imported = AiopsHub.fromAiopsHubAttributes(other, 'Hub', {
      eventBusArn: 'arn:aws:events:eu-west-1:333333333333:event-bus/hub',
      incidentTableArn: 'arn:aws:dynamodb:eu-west-1:333333333333:table/incidents',
    });
    new AgentSuite(other, 'Agents', { hub: imported });
    Template.fromStack(other).hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ account: ['333333333333'] }) });
  });

  test('the load step reads incidents and nothing else', () => {
    const { template, stack, suite } = synth();
    const statements = roleStatements(template, roleOf(stack, suite.loadFunction));
    const writes = statements.filter((s) => actions(s).some((a) => /dynamodb:(Put|Update|Delete|BatchWrite)|events:|ssm:Start/.test(a)));
    expect(writes).toEqual([]);
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 'dynamodb:GetItem',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INC#*'] } },
    }));
  });

  test('works with a hub in another stack (no dependency cycle) and with an imported hub', () => {
    const app = new App();
    const hubStack = new Stack(app, 'HubStack', { env: ENV });
    const hub = new AiopsHub(hubStack, 'Hub');
    const agentsStack = new Stack(app, 'AgentsStack', { env: ENV });
    new AgentSuite(agentsStack, 'Agents', { hub });
    // Synthesising resolves the cross-stack references; a cycle would throw here.
    expect(() => Template.fromStack(agentsStack)).not.toThrow();
    expect(agentsStack.dependencies).toEqual([hubStack]);

    const importedStack = new Stack(new App(), 'ImportedStack', { env: ENV });
    const imported = AiopsHub.fromAiopsHubAttributes(importedStack, 'Hub', {
      eventBusArn: 'arn:aws:events:eu-west-1:111111111111:event-bus/ops',
      incidentTableArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/incidents',
    });
    new AgentSuite(importedStack, 'Agents', { hub: imported });
    // No table key to reuse: the suite makes its own, with the CloudWatch Logs statement.
    Template.fromStack(importedStack).hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchLogs' })]) },
    });
  });
});

describe('AgentSuite functions', () => {
  test('seven pre-bundled functions: arm64, nodejs24.x, X-Ray, JSON logs, deliberate timeouts and memory', () => {
    const { template, stack, suite } = synth();
    const expected: Array<[any, number, number]> = [
      [suite.telemetryFunction, 60, 512],
      [suite.reasoningFunction, 90, 512],
      [suite.riskFunction, 30, 1024],
      [suite.recordFunction, 30, 256],
      [suite.failureFunction, 30, 256],
      [suite.remediationFunction, 60, 256],
      [suite.outcomeFunction, 30, 256],
    ];
    const resources = template.toJSON().Resources;
    for (const [fn, timeout, memory] of expected) {
      expect(resources[logicalId(stack, fn)].Properties).toEqual(expect.objectContaining({
        Architectures: ['arm64'],
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: expect.objectContaining({ LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/Logs/) } }),
        Timeout: timeout,
        MemorySize: memory,
      }));
      expect(resources[logicalId(stack, fn)].Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
  });

  test('log groups have the retention and the hub key by default, or the given ones', () => {
    const { template, stack, hub } = synth();
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup')).filter((g: any) => g.Properties.RetentionInDays === 30) as any[];
    // The hub's triage and topology refresher logs, eight agent functions and the state machine.
    expect(logGroups).toHaveLength(11);
    for (const g of logGroups) expect(g.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [logicalId(stack, hub.encryptionKey as any), 'Arn'] });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/aws/vendedlogs/states/Stack-') });

    const app = new App();
    const other = new Stack(app, 'Other', { env: ENV });
    const key = new kms.Key(other, 'Key');
    new AgentSuite(other, 'Agents', { hub: new AiopsHub(other, 'Hub'), encryptionKey: key, logRetention: logs.RetentionDays.ONE_YEAR });
    const groups = Object.values(Template.fromStack(other).findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 365 } })) as any[];
    expect(groups).toHaveLength(9);
    for (const g of groups) expect(g.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [other.getLogicalId(key.node.defaultChild as any), 'Arn'] });
  });

  test('reserves concurrency for the reasoning function only when asked', () => {
    const { template, stack, suite } = synth({ reasoning: { maxConcurrency: 3 } });
    expect(template.toJSON().Resources[logicalId(stack, suite.reasoningFunction as any)].Properties.ReservedConcurrentExecutions).toBe(3);
  });

  test('every agent role has no managed policy', () => {
    const { template } = synth();
    const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith('Agents'));
    expect(roles.length).toBe(11); // eight functions, the state machine, the rule target, the SSM automation role
    for (const [, role] of roles as any[]) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('the environment is what the handlers read (contract with the runtime config readers)', () => {
    const { template, stack, suite } = synth({
      reasoning: { temperature: 0.3, incidentTokenBudget: 1000, monthlyTokenCap: 20000 },
      telemetry: { tokenBudget: 1500, disabledCollectors: [TelemetryCollector.CONFIG] },
      risk: {
        policies: ['@id("no-auto-on-weekends") @reason("weekend")\nforbid (principal, action == Aiops::Action::"AutoRemediate", resource)\nwhen { context.weekdayUtc == 0 || context.weekdayUtc == 6 };'],
        freezeWindows: [{ name: 'friday-evening', schedule: '0 18 * * FRI', duration: Duration.hours(62), timeZone: 'Europe/Paris' }],
        changeCalendars: ['prod-calendar'],
      },
    });
    const reason = readReasonConfig(environment(template, stack, suite.reasoningFunction));
    expect(reason).toEqual(expect.objectContaining({
      enabled: true, modelId: DEFAULT_REASONING_MODEL_ID, temperature: 0.3, limits: { perIncidentTokens: 1000, monthlyTokens: 20000 },
    }));
    expect(readTelemetryConfig(environment(template, stack, suite.telemetryFunction))).toEqual({ tokenBudget: 1500, logGroups: [], disabled: ['config'], sloDefinitions: [] });
    const riskEnv = environment(template, stack, suite.riskFunction);
    const risk = readRiskConfig(riskEnv);
    expect(risk.freezeWindows).toEqual([{ name: 'friday-evening', schedule: '0 18 * * FRI', durationMinutes: 3720, timeZone: 'Europe/Paris' }]);
    expect(risk.changeCalendars).toEqual(['prod-calendar']);
    // The policy text reaches the function as given, and the runtime accepts it (what the cold start checks).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { validateRiskPolicies } = require('../../src/runtime/risk/evaluate') as typeof import('../../src/runtime/risk/evaluate');
    expect(validateRiskPolicies(risk.extraPolicies!)).toContain('no-auto-on-weekends');
  });

  test('every telemetry collector the construct can switch off has its IAM actions', () => {
    expect(Object.values(TelemetryCollector).sort()).toEqual(Object.keys(TELEMETRY_IAM_ACTIONS).sort());
  });

  // The risk bundle needs Cedar's WebAssembly beside it (cedar-wasm's Node build reads it from __dirname at require
  // time); the bundle task copies it. Loading the shipped bundle in a fresh Node process proves it.
  test('the risk asset loads with Cedar\'s WebAssembly beside it', () => {
    const bundle = path.join(__dirname, '..', '..', 'assets', 'agents', 'risk.lambda');
    expect(existsSync(path.join(bundle, 'cedar_wasm_bg.wasm'))).toBe(true);
    const out = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(bundle, 'index.js'))}); process.stdout.write('loaded')`]);
    expect(out.toString()).toBe('loaded');
  });
});

describe('AgentSuite roles', () => {
  /** Actions every function has for its own log group and X-Ray. */
  const BASICS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

  test('telemetry: exactly the collectors\' read actions, Logs Insights scoped to the account\'s log groups', () => {
    const { template, stack, suite } = synth();
    const statements = roleStatements(template, roleOf(stack, suite.telemetryFunction));
    const granted = statements.flatMap(actions).filter((a) => !BASICS.includes(a));
    expect(granted.sort()).toEqual(Object.values(TELEMETRY_IAM_ACTIONS).flat().sort());
    const startQuery = statements.find((s) => actions(s).includes('logs:StartQuery'));
    expect(text(startQuery.Resource)).toBe('arn:${AWS::Partition}:logs:eu-west-1:111111111111:log-group:*');
    for (const s of statements) expect(s.Effect).toBe('Allow');
  });

  test('telemetry: configured log groups are the only ones it may query; disabled collectors get nothing', () => {
    const { template, stack, suite } = synth({
      telemetry: { logGroups: [logs.LogGroup.fromLogGroupName(new Stack(), 'G', '/app/checkout')], disabledCollectors: [TelemetryCollector.TRACES, TelemetryCollector.DEVOPS_GURU] },
    });
    const statements = roleStatements(template, roleOf(stack, suite.telemetryFunction));
    const granted = statements.flatMap(actions);
    expect(granted).not.toEqual(expect.arrayContaining(['xray:GetTraceSummaries']));
    expect(granted.filter((a) => a.startsWith('devops-guru:'))).toEqual([]);
    const startQuery = statements.find((s) => actions(s).includes('logs:StartQuery'));
    expect([].concat(startQuery.Resource).map(text)).toEqual([expect.stringMatching(/:log-group:\/app\/checkout:\*$/)]);
    expect(JSON.parse(environment(template, stack, suite.telemetryFunction)[AgentEnv.TELEMETRY_LOG_GROUPS])).toEqual(['/app/checkout']);
  });

  test('reasoning: only read-only actions plus bedrock:InvokeModel, and Bedrock exactly on the configured profile and its model', () => {
    // GIVEN the default model (the global Claude Haiku 4.5 inference profile)
    const { template, stack, suite, hub } = synth();
    const statements = roleStatements(template, roleOf(stack, suite.reasoningFunction));
    const READ_ONLY = ['dynamodb:GetItem', 'kms:Decrypt', 'kms:DescribeKey'];
    const OWN_LOGS_AND_TRACES = BASICS;
    const profile = 'arn:${AWS::Partition}:bedrock:eu-west-1:111111111111:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0';
    const bedrockResources: string[] = [];

    // THEN every statement of every policy of the role is an Allow of an allowed action
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      expect(s.NotAction).toBeUndefined();
      expect(s.NotResource).toBeUndefined();
      for (const action of actions(s)) {
        expect([...READ_ONLY, ...OWN_LOGS_AND_TRACES, 'bedrock:InvokeModel']).toContain(action);
        if (action === 'bedrock:InvokeModel') bedrockResources.push(...[].concat(s.Resource).map(text));
        if (action.startsWith('logs:')) expect(s.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack, (suite.reasoningFunction as any).logGroup), 'Arn'] });
        if (action.startsWith('dynamodb:')) expect(s.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack, hub.incidentTable as any), 'Arn'] });
      }
      // Model ARNs only through the configured profile.
      if (actions(s).includes('bedrock:InvokeModel') && [].concat(s.Resource).some((r) => text(r).includes('foundation-model'))) {
        expect(text(s.Condition.StringEquals['bedrock:InferenceProfileArn'])).toBe(profile);
      }
    }
    // AND Bedrock is exactly the profile, the model in this Region and the region-less model a global profile routes to
    expect(bedrockResources.sort()).toEqual([
      'arn:${AWS::Partition}:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0',
      'arn:${AWS::Partition}:bedrock:eu-west-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0',
      profile,
    ].sort());
    // AND no PutEvents, PutMetricData or any DynamoDB write: checked above by the allow-list, and explicitly here
    const all = statements.flatMap(actions);
    for (const forbidden of ['events:PutEvents', 'cloudwatch:PutMetricData', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
      expect(all).not.toContain(forbidden);
    }
  });

  test.each([
    ['eu.anthropic.claude-haiku-4-5-20251001-v1:0', [
      'arn:${AWS::Partition}:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0',
      'arn:${AWS::Partition}:bedrock:eu-west-1:111111111111:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0',
    ]],
    ['anthropic.claude-3-haiku-20240307-v1:0', ['arn:${AWS::Partition}:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0']],
  ])('reasoning: Bedrock resources of model %s', (modelId, expected) => {
    const { template, stack, suite } = synth({ reasoning: { modelId } });
    const bedrock = roleStatements(template, roleOf(stack, suite.reasoningFunction)).filter((s) => actions(s).includes('bedrock:InvokeModel'));
    expect(bedrock.flatMap((s) => [].concat(s.Resource).map(text)).sort()).toEqual(expected.sort());
    expect(environment(template, stack, suite.reasoningFunction)[AgentEnv.MODEL_ID]).toBe(modelId);
  });

  test('reasoning: its one table read is GetItem of the token counters only (dynamodb:LeadingKeys), no key prefix left open', () => {
    const { template, stack, suite, hub } = synth();
    const dynamo = roleStatements(template, roleOf(stack, suite.reasoningFunction)).filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual([expect.objectContaining({
      Effect: 'Allow',
      Action: 'dynamodb:GetItem',
      Resource: { 'Fn::GetAtt': [logicalId(stack, hub.incidentTable as any), 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TOKENS#*', 'INC#*'] } },
    })]);
  });

  test('the IAM walker reads inline role policies too: one added there is checked like the others', () => {
    const { template, stack, suite } = synth();
    const roleId = roleOf(stack, suite.reasoningFunction);
    const json = template.toJSON();
    json.Resources[roleId].Properties.Policies = [{ PolicyName: 'inline', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: '*' }] } }];
    const statements = roleStatements(Template.fromJSON(json), roleId);
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: '*' });
  });

  test('reasoning disabled: no Bedrock permission at all', () => {
    const { template, stack, suite } = synth({ reasoning: { enabled: false } });
    const all = roleStatements(template, roleOf(stack, suite.reasoningFunction)).flatMap(actions);
    expect(all.filter((a) => a.startsWith('bedrock:'))).toEqual([]);
    expect(environment(template, stack, suite.reasoningFunction)[AgentEnv.REASONING_ENABLED]).toBe('false');
  });

  test('risk: tag:GetResources (read-only, on "*": it has no resource-level permissions), and nothing else without calendars', () => {
    const none = synth();
    const statements = roleStatements(none.template, roleOf(none.stack, none.suite.riskFunction))
      .filter((s) => !actions(s).every((a) => BASICS.includes(a)));
    expect(statements).toEqual([{ Sid: 'ReadResourceTags', Effect: 'Allow', Action: 'tag:GetResources', Resource: '*' }]);
    expect(environment(none.template, none.stack, none.suite.riskFunction)[AgentEnv.ENVIRONMENT_TAG_KEYS]).toBeUndefined();
    const keyed = synth({ risk: { environmentTagKeys: ['team:stage', 'environment'] } });
    const env = environment(keyed.template, keyed.stack, keyed.suite.riskFunction);
    expect(readRiskConfig(env).environmentTagKeys).toEqual(['team:stage', 'environment']);
  });

  test.each([[[]], [['']]])('risk.environmentTagKeys %p is refused', (keys) => {
    expect(() => synth({ risk: { environmentTagKeys: keys } })).toThrow(/risk.environmentTagKeys/);
  });

  test('risk: ssm:GetCalendarState on the named calendars only', () => {
    const { template, stack, suite } = synth({ risk: { changeCalendars: ['prod-freeze', 'arn:aws:ssm:eu-west-1:222222222222:document/shared-calendar'] } });
    const statements = roleStatements(template, roleOf(stack, suite.riskFunction))
      .filter((s) => !actions(s).every((a) => BASICS.includes(a)) && s.Sid !== 'ReadResourceTags');
    expect(statements).toHaveLength(1);
    expect(actions(statements[0])).toEqual(['ssm:GetCalendarState']);
    expect([].concat(statements[0].Resource).map(text)).toEqual([
      'arn:${AWS::Partition}:ssm:eu-west-1:111111111111:document/prod-freeze',
      'arn:aws:ssm:eu-west-1:222222222222:document/shared-calendar',
    ]);
  });

  test.each([
    ['record', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], ['INC#*', 'TOKENS#*'], AgentDetailType.INCIDENT_DECISION],
    ['failure', ['dynamodb:GetItem', 'dynamodb:PutItem'], ['INC#*'], AgentDetailType.AGENT_FAILURE],
  ])('%s: its items of the table, the key, and PutEvents of its detail-type from source cdk-aiops', (which, dynamo, prefixes, detailType) => {
    const { template, stack, suite, hub } = synth();
    const fn = which === 'record' ? suite.recordFunction : suite.failureFunction;
    const statements = roleStatements(template, roleOf(stack, fn));
    const write = statements.find((s) => actions(s).some((a) => a.startsWith('dynamodb:')));
    expect(actions(write)).toEqual(dynamo);
    expect(write.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack, hub.incidentTable as any), 'Arn'] });
    expect(write.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } });
    const put = statements.filter((s) => actions(s).includes('events:PutEvents'));
    expect(put).toEqual([expect.objectContaining({
      Resource: { 'Fn::GetAtt': [logicalId(stack, hub.eventBus as any), 'Arn'] },
      Condition: { StringEquals: { 'events:source': AIOPS_EVENT_SOURCE, 'events:detail-type': detailType } },
    })]);
    const granted = statements.flatMap(actions).filter((a) => !BASICS.includes(a)).sort();
    expect(granted).toEqual([...dynamo, 'events:PutEvents', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'].sort());
    expect(environment(template, stack, fn)).toEqual(expect.objectContaining({
      [AgentEnv.TABLE_NAME]: { Ref: logicalId(stack, hub.incidentTable as any) },
      [AgentEnv.EVENT_BUS_NAME]: { Ref: logicalId(stack, hub.eventBus as any) },
    }));
  });
});

describe('AgentSuite alarms and metrics', () => {
  test('alarms on failed and timed-out executions and on start failures, with actions added to all', () => {
    const { template, suite } = synth();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed', Namespace: 'AWS/States', Threshold: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsTimedOut', Namespace: 'AWS/States', Threshold: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 1 });
    expect(Object.keys(suite.alarms).sort()).toEqual(['executionsFailed', 'executionsTimedOut', 'startFailures']);
  });

  test('metrics are in the cdk-aiops namespace with the handlers\' dimensions', () => {
    const { suite, stack } = synth();
    const byOutcome = suite.metricDecisions(DecisionOutcome.AUTO);
    expect(byOutcome.namespace).toBe('cdk-aiops');
    expect(byOutcome.metricName).toBe('Decisions');
    expect(Object.keys(byOutcome.dimensions!).sort()).toEqual(['EventBusName', 'Outcome', 'service']);
    expect(byOutcome.dimensions!.Outcome).toBe('AUTO');
    expect(stack.resolve(byOutcome.dimensions!.service)).toBe('cdk-aiops-agents');
    expect(Object.keys(suite.metricDecisions().dimensions!).sort()).toEqual(['EventBusName', 'service']);
    expect(suite.metricReasoningTokens({ period: Duration.hours(1) }).period.toHours()).toBe(1);
    expect(suite.metricReasoningFallbacks().metricName).toBe('ReasoningFallbacks');
    expect(suite.metricAgentFailures().metricName).toBe('AgentFailures');
  });
});

describe('AgentSuite validation', () => {
  test.each<[string, Props, RegExp]>([
    ['temperature above 1', { reasoning: { temperature: 1.5 } }, /reasoning.temperature must be between 0 and 1 \(got 1.5\)/],
    ['negative temperature', { reasoning: { temperature: -0.1 } }, /reasoning.temperature/],
    ['negative incident budget', { reasoning: { incidentTokenBudget: -5 } }, /reasoning.incidentTokenBudget must be a whole number from 1/],
    ['fractional monthly cap', { reasoning: { monthlyTokenCap: 10.5 } }, /reasoning.monthlyTokenCap/],
    ['zero telemetry budget', { telemetry: { tokenBudget: 0 } }, /telemetry.tokenBudget/],
    ['zero concurrency', { reasoning: { maxConcurrency: 0 } }, /reasoning.maxConcurrency/],
    ['a model ARN', { reasoning: { modelId: 'arn:aws:bedrock:eu-west-1::foundation-model/x y' } }, /reasoning.modelId must be a Bedrock model or inference profile id/],
    ['a four-field cron', { risk: { freezeWindows: [{ name: 'w', schedule: '0 18 * *', duration: Duration.hours(1) }] } }, /risk.freezeWindows\[0\].schedule must be a five-field cron/],
    ['an hour of 24', { risk: { freezeWindows: [{ name: 'w', schedule: '0 24 * * *', duration: Duration.hours(1) }] } }, /hour '24' is not within 0-23/],
    ['a bad weekday', { risk: { freezeWindows: [{ name: 'w', schedule: '0 18 * * FRY', duration: Duration.hours(1) }] } }, /day of week 'FRY'/],
    ['a backwards range', { risk: { freezeWindows: [{ name: 'w', schedule: '0 18 * * 5-1', duration: Duration.hours(1) }] } }, /runs backwards/],
    ['seconds in a duration', { risk: { freezeWindows: [{ name: 'w', schedule: '0 18 * * FRI', duration: Duration.seconds(90) }] } }, /duration must be whole minutes/],
    ['a 32-day freeze', { risk: { freezeWindows: [{ name: 'w', schedule: '0 18 * * FRI', duration: Duration.days(32) }] } }, /duration must be whole minutes, from 1 minute to 31 days/],
    ['an unknown time zone', { risk: { freezeWindows: [{ name: 'w', schedule: '0 18 * * FRI', duration: Duration.hours(1), timeZone: 'Mars/Olympus' }] } }, /timeZone must be an IANA time zone/],
    ['two windows with one name', {
      risk: { freezeWindows: [{ name: 'w', schedule: '0 18 * * FRI', duration: Duration.hours(1) }, { name: 'w', schedule: '0 8 * * MON', duration: Duration.hours(1) }] },
    }, /the name 'w' is used twice/],
    ['a policy that is not Cedar', { risk: { policies: ['allow everything'] } }, /risk.policies\[0\] is not a Cedar policy/],
    ['a policy without its semicolon', { risk: { policies: ['permit (principal, action, resource)'] } }, /ends with ';'/],
    ['an unbalanced policy', { risk: { policies: ['permit (principal, action, resource) when { true ;'] } }, /unclosed '\{'/],
    ['a calendar with spaces', { risk: { changeCalendars: ['my calendar'] } }, /risk.changeCalendars\[0\]/],
    ['a 30-second timeout', { timeout: Duration.seconds(30) }, /timeout must be between 1 minute and 1 day/],
    ['policies too large for the environment', { risk: { policies: [`permit (principal, action, resource) when { ${'true && '.repeat(500)}true };`] } }, /risk function's configuration is \d+ bytes/],
  ])('rejects %s', (_name, props, message) => {
    expect(() => suiteStack(props)).toThrow(message);
  });

  test('accepts what the runtime accepts: crons with lists, steps, ranges and names', () => {
    const windows = ['*/15 0-6 1,15 JAN-MAR ?', '0 18 * * FRI', '30 23 L * *'.replace('L', '31'), '0 0 * * 7'].map((schedule, i) => ({ name: `w${i}`, schedule, duration: Duration.minutes(30) }));
    const { template, stack, suite } = synth({ risk: { freezeWindows: windows } });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { FreezeWindowSchema } = require('../../src/runtime/risk/freeze') as typeof import('../../src/runtime/risk/freeze');
    for (const w of readRiskConfig(environment(template, stack, suite.riskFunction)).freezeWindows) {
      expect(FreezeWindowSchema.safeParse(w).success).toBe(true);
    }
  });
});

describe('AgentSuite cdk-nag', () => {
  test('AwsSolutions and NIST 800-53 R5: no finding, the library acknowledges its own', () => {
    // GIVEN a suite with every optional permission (change calendars)
    const { app } = suiteStack({ risk: { changeCalendars: ['prod-freeze'] } });
    // THEN
    expectNoUnacknowledgedNagFindings(app);
  });
});

describe('AgentSuite and the hub', () => {
  test('its functions reach the hub table and bus through the hub\'s own grants (which also set the env vars)', () => {
    // GIVEN spies on the hub's grants
    const items = jest.spyOn(AiopsHubBase.prototype, 'grantIncidentItems');
    const publish = jest.spyOn(AiopsHubBase.prototype, 'grantPublish');
    try {
      // WHEN
      const { suite } = suiteStack();
      // THEN each table and bus permission is a hub grant, with the prefixes and detail-types each function uses
      const grantee = (call: unknown[]) => call[0];
      expect(items.mock.calls.map((c) => [grantee(c), c[1], ...c.slice(2)])).toEqual(expect.arrayContaining([
        [suite.loadFunction, ['dynamodb:GetItem'], 'INC#'],
        [suite.failureFunction, ['dynamodb:GetItem', 'dynamodb:PutItem'], 'INC#'],
        [suite.reasoningFunction, ['dynamodb:GetItem'], 'TOKENS#', 'INC#'],
        [suite.recordFunction, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], 'INC#', 'TOKENS#'],
        [suite.remediationFunction, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], 'INC#'],
        [suite.outcomeFunction, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], 'INC#'],
      ]));
      expect(items).toHaveBeenCalledTimes(6);
      expect(publish.mock.calls).toEqual([
        [suite.failureFunction, AgentDetailType.AGENT_FAILURE],
        [suite.recordFunction, AgentDetailType.INCIDENT_DECISION],
      ]);
    } finally {
      items.mockRestore();
      publish.mockRestore();
    }
  });
});
