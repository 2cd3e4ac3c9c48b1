import type { AwsStub } from 'aws-sdk-client-mock';
import { mockClient } from 'aws-sdk-client-mock';
import { AgentEnv } from '../../src/agents/constants';
import type * as RiskLambda from '../../src/agents/risk.lambda';
import type { RiskStepInput } from '../../src/runtime/agents/steps';
import { alarm, ASG, EC2, incident } from '../runtime/reasoning/helpers';

/* eslint-disable @typescript-eslint/no-require-imports */
// A Tuesday, 02:00 UTC.
const NOW = new Date('2026-03-10T02:00:00.000Z');
const savedEnv = { ...process.env };

let ssm: AwsStub<any, any, any>;
let tagging: AwsStub<any, any, any>;
let GetCalendarState: any;
let GetResources: any;

/** The handler with SSM and the Tagging API mocked: `tags` by ARN (none by default), or an error. */
function loadHandler(calendar?: 'OPEN' | 'CLOSED' | Error, tags: Record<string, Record<string, string>> | Error = {}): typeof RiskLambda.handler {
  let mod: typeof RiskLambda | undefined;
  jest.isolateModules(() => {
    const rgt = require('@aws-sdk/client-resource-groups-tagging-api') as typeof import('@aws-sdk/client-resource-groups-tagging-api');
    tagging = mockClient(rgt.ResourceGroupsTaggingAPIClient);
    GetResources = rgt.GetResourcesCommand;
    if (tags instanceof Error) {
      tagging.on(rgt.GetResourcesCommand).rejects(tags);
    } else {
      const mapping = ([arn, t]: [string, Record<string, string>]) => ({
        ResourceARN: arn,
        Tags: Object.entries(t).map(([Key, Value]) => ({ Key, Value })),
      });
      tagging.on(rgt.GetResourcesCommand).resolves({ ResourceTagMappingList: Object.entries(tags).map(mapping) });
    }
    const client = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
    ssm = mockClient(client.SSMClient);
    GetCalendarState = client.GetCalendarStateCommand;
    if (calendar instanceof Error) ssm.on(client.GetCalendarStateCommand).rejects(calendar);
    else if (calendar) ssm.on(client.GetCalendarStateCommand).resolves({ State: calendar, AtTime: NOW.toISOString() });
    mod = require('../../src/agents/risk.lambda');
  });
  return mod!.handler;
}
/* eslint-enable @typescript-eslint/no-require-imports */

interface Proposed { id: string; parameters: Record<string, string> }
const restart: Proposed = { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } };
const scaleOut: Proposed = { id: 'aws-scale-out-asg', parameters: { AutoScalingGroupName: ASG.id } };

function input(overrides: { runbook?: Proposed | null; errorBudgetRemaining?: number; priority?: 'P1' | 'P4' } = {}): RiskStepInput {
  const runbook = overrides.runbook === null ? undefined : overrides.runbook ?? restart;
  return {
    incident: incident([alarm(runbook === scaleOut ? ASG : EC2, 'CPUUtilization')], { priority: overrides.priority ?? 'P2' }),
    telemetry: { errorBudgetRemaining: overrides.errorBudgetRemaining ?? 0.4, nonCompliantResources: [] },
    finding: runbook ? { runbook } : {},
  };
}

const FORBID_RESTARTS = '@id("never-restart-ec2") @reason("restarts are banned this quarter")\nforbid (principal, action, resource == Aiops::Runbook::"aws-restart-ec2-instance");';

beforeEach(() => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  process.env = { ...savedEnv, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', POWERTOOLS_LOG_LEVEL: 'SILENT' };
});

afterEach(() => {
  jest.useRealTimers();
  process.env = { ...savedEnv };
  ssm?.restore();
  tagging?.restore();
});

describe('risk handler', () => {
  test.each<[string, Record<string, string>, 'OPEN' | 'CLOSED' | Error | undefined, RiskStepInput, string, RegExp]>([
    ['low risk, error budget left, nothing else configured', {}, undefined, input(), 'AUTO', /low-risk runbook/],
    ['error budget exhausted in production', {}, undefined, input({ errorBudgetRemaining: 0 }), 'APPROVE', /error budget is exhausted/],
    ['a freeze window active now', { [AgentEnv.FREEZE_WINDOWS]: '[{"name":"always","schedule":"0 * * * *","durationMinutes":60}]' }, undefined, input(), 'APPROVE', /freeze window/],
    ['a freeze window not active now', { [AgentEnv.FREEZE_WINDOWS]: '[{"name":"fridays","schedule":"0 18 * * FRI","durationMinutes":60}]' }, undefined, input(), 'AUTO', /low-risk/],
    ['the change calendar open', { [AgentEnv.CHANGE_CALENDARS]: '["prod-calendar"]' }, 'OPEN', input(), 'AUTO', /low-risk/],
    ['the change calendar closed', { [AgentEnv.CHANGE_CALENDARS]: '["prod-calendar"]' }, 'CLOSED', input(), 'APPROVE', /change calendar is closed/],
    ['the change calendar unreadable', { [AgentEnv.CHANGE_CALENDARS]: '["prod-calendar"]' }, Object.assign(new Error('denied'), { name: 'AccessDeniedException' }), input(), 'APPROVE',
      /change calendar unreadable \(AccessDeniedException\): treated as closed/],
    ['a user policy forbidding the runbook', { [AgentEnv.RISK_POLICIES]: FORBID_RESTARTS }, undefined, input(), 'DENY', /restarts are banned this quarter/],
    ['no runbook proposed', {}, undefined, input({ runbook: null }), 'APPROVE', /no runbook proposed/],
    ['a medium-risk runbook', {}, undefined, input({ runbook: scaleOut }), 'APPROVE', /risk class is medium/],
  ])('%s', async (_name, env, calendar, event, outcome, reason) => {
    // GIVEN
    Object.assign(process.env, env);
    const handler = loadHandler(calendar);
    // WHEN
    const decision = await handler(event);
    // THEN
    expect(decision.outcome).toBe(outcome);
    expect(decision.reasons.join('; ')).toMatch(reason);
  });

  test('reads the configured calendars at the time of the decision', async () => {
    process.env[AgentEnv.CHANGE_CALENDARS] = '["prod-calendar","arn:aws:ssm:eu-west-1:222222222222:document/shared"]';
    const handler = loadHandler('OPEN');
    await handler(input());
    expect(ssm.commandCalls(GetCalendarState)[0].args[0].input).toEqual({
      CalendarNames: ['prod-calendar', 'arn:aws:ssm:eu-west-1:222222222222:document/shared'],
      AtTime: NOW.toISOString(),
    });
  });

  test('invalid user policies fail the cold start with Cedar\'s message', async () => {
    process.env[AgentEnv.RISK_POLICIES] = 'permit (principal, action, resource) when { context.incident.nope };';
    const handler = loadHandler();
    await expect(handler(input())).rejects.toMatchObject({ name: 'PolicyError' });
  });

  describe('the environment: resource tags first, names second', () => {
    // An instance whose service is named like QA; no SLO budget known (so production needs a human).
    const qa = (): RiskStepInput => ({
      incident: incident([alarm(EC2, 'CPUUtilization')], { key: 'svc:search-qa', services: ['search-qa'] }),
      finding: { runbook: restart },
    });
    const arn = () => qa().incident.resources[0];

    test('untagged, named search-qa: staging by its name, runs alone', async () => {
      const decision = await loadHandler(undefined, {})(qa());
      expect(decision.outcome).toBe('AUTO');
      expect(decision.reasons).toContain('environment staging from names (no environment tag)');
    });

    test('the same instance tagged environment=prod needs approval, whatever its name', async () => {
      const handler = loadHandler(undefined, { [arn()]: { environment: 'prod' } });
      const decision = await handler(qa());
      expect(decision.outcome).toBe('APPROVE');
      expect(decision.inputs).toMatchObject({ environment: 'prod' });
      expect(decision.reasons.join('; ')).toMatch(/environment prod from resource tags/);
      expect(tagging.commandCalls(GetResources)[0].args[0].input).toEqual({ ResourceARNList: [arn()] });
      // Warm invocations reuse the tags (cached).
      await handler(qa());
      expect(tagging.commandCalls(GetResources)).toHaveLength(1);
    });

    test('the configured tag keys are the ones read', async () => {
      process.env[AgentEnv.ENVIRONMENT_TAG_KEYS] = '["team:stage"]';
      const ignored = await loadHandler(undefined, { [arn()]: { environment: 'prod' } })(qa());
      expect(ignored.outcome).toBe('AUTO');
      const read = await loadHandler(undefined, { [arn()]: { 'team:stage': 'production' } })(qa());
      expect(read.outcome).toBe('APPROVE');
    });

    test('tags that cannot be read: unknown, treated as production', async () => {
      const decision = await loadHandler(undefined, Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))(qa());
      expect(decision.outcome).toBe('APPROVE');
      expect(decision.reasons.join('; ')).toMatch(/resource tags could not be read/);
    });
  });
});
