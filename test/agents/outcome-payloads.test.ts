import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AgentSuite, AiopsHub } from '../../src';
import { payloadOf } from '../../src/agents/agent-tasks';
import { AgentState } from '../../src/agents/constants';
import { OutcomeAction, type DeniedOutcomeTaskInput } from '../../src/contract/workflow';
import { OutcomeInputSchema, outcomeEntries } from '../../src/runtime/agents/outcome';
import { FakeChannel } from '../support/fake-channel';

// asl-validator ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator: (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string } = require('asl-validator');

const ENV = { account: '111111111111', region: 'eu-west-1' };

function synth(withChannel: boolean) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const hub = new AiopsHub(stack, 'Hub');
  const channel = withChannel ? new FakeChannel(stack, 'Channel') : undefined;
  const suite = new AgentSuite(stack, 'Agents', { hub, channel });
  const template = Template.fromStack(stack);
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as any[];
  const parts: any[] = machine.Properties.DefinitionString['Fn::Join'][1];
  const text = (p: any): string => {
    if (typeof p === 'string') return p;
    if (p.Ref === 'AWS::Partition') return 'aws';
    return `arn:aws:lambda:${ENV.region}:${ENV.account}:function:${p['Fn::GetAtt'][0]}`;
  };
  const definition = JSON.parse(parts.map(text).join(''));
  const outcomeFunctionId = stack.getLogicalId((suite.outcomeFunction as lambda.Function).node.defaultChild as any);
  return { definition, outcomeFunctionId };
}

/** The outcome tasks: every Task state that invokes the outcome function. */
function outcomeTasks(definition: any, outcomeFunctionId: string): Array<[string, any]> {
  return Object.entries<any>(definition.States).filter(([, s]) => s.Type === 'Task' && s.Resource.endsWith(`:function:${outcomeFunctionId}`));
}

/** Resolves a payload's `key.$` JSONPaths (`$.a.b`, `$$.Execution.Id`) against an execution state. */
function resolvePayload(parameters: Record<string, any>, state: any, context: any): any {
  const read = (path: string) => {
    const [root, ...keys] = path.split('.');
    const start = root === '$$' ? context : state;
    return keys.reduce((value, k) => (value === undefined ? undefined : value[k]), start);
  };
  return Object.fromEntries(Object.entries(parameters).map(([key, value]) => {
    if (key.endsWith('.$')) return [key.slice(0, -2), read(value)];
    if (value !== null && typeof value === 'object') return [key, resolvePayload(value, state, context)];
    return [key, value];
  }));
}

describe.each([
  ['without a channel', false, [AgentState.RECORD_OUTCOME, AgentState.RECORD_NO_APPROVER]],
  ['with a channel', true, [AgentState.RECORD_OUTCOME, AgentState.RECORD_DENIAL, AgentState.RECORD_APPROVAL_EXPIRED]],
])('outcome steps %s', (_, withChannel, expected) => {
  test('are valid ASL, and every outcome task passes the runbookId that SelectRunbook put in the state', () => {
    const { definition, outcomeFunctionId } = synth(withChannel);
    const result = aslValidator(structuredClone(definition));
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);

    const found = outcomeTasks(definition, outcomeFunctionId);
    expect(found.map(([name]) => name).sort()).toEqual([...expected].sort());
    for (const [, task] of found) expect(task.Parameters['runbookId.$']).toBe('$.subject.inputs.runbookId');

    // SelectRunbook runs before every route: the decision's inputs with runbookId always present (null without one).
    const select = definition.States[AgentState.SELECT_RUNBOOK];
    expect(select).toEqual(expect.objectContaining({
      Type: 'Choice',
      Choices: [{ Variable: '$.decision.inputs.runbookId', IsPresent: true, Next: AgentState.RUNBOOK_PROPOSED }],
      Default: AgentState.NO_RUNBOOK_PROPOSED,
    }));
    expect(definition.States[AgentState.RUNBOOK_PROPOSED]).toEqual(expect.objectContaining({
      Type: 'Pass', ResultPath: '$.subject', Next: AgentState.ROUTE, Parameters: { inputs: { 'runbookId.$': '$.decision.inputs.runbookId' } },
    }));
    expect(definition.States[AgentState.NO_RUNBOOK_PROPOSED]).toEqual(expect.objectContaining({
      Type: 'Pass', ResultPath: '$.subject', Next: AgentState.ROUTE, Result: { inputs: { runbookId: null } },
    }));
    const intoRoute = Object.entries<any>(definition.States).filter(([, s]) => s.Next === AgentState.ROUTE).map(([name]) => name);
    expect(intoRoute.sort()).toEqual([AgentState.NO_RUNBOOK_PROPOSED, AgentState.RUNBOOK_PROPOSED]);
  });

  test('the handler reads the runbook from each outcome task\'s payload and writes it on the timeline', () => {
    // GIVEN the execution state after SelectRunbook, for an incident whose finding proposed restart-service
    const { definition, outcomeFunctionId } = synth(withChannel);
    const state = {
      incident: { id: 'inc-1' },
      subject: { inputs: { runbookId: 'restart-service', priority: 'P2' } },
      remediation: { state: {} },
      error: { Error: 'States.Timeout', Cause: 'no answer' },
    };
    const context = { Execution: { Id: 'arn:aws:states:eu-west-1:111111111111:execution:agents:run-1' } };
    for (const [name, task] of outcomeTasks(definition, outcomeFunctionId)) {
      if (name === AgentState.RECORD_OUTCOME) continue; // its entries are the remediation's own
      // WHEN the outcome handler parses the payload the state machine passes
      const input = OutcomeInputSchema.parse(resolvePayload(task.Parameters, state, context));
      const { entries } = outcomeEntries(input, new Date('2026-03-01T12:00:00Z'));
      // THEN the timeline names the runbook
      expect(entries.some((e) => e.data?.runbookId === 'restart-service')).toBe(true);
    }
  });
});

describe('payloadOf', () => {
  test('types a task payload against its contract shape: a missing or an unknown field does not compile', () => {
    const fields = { runId: sfn.JsonPath.executionId, incident: { id: sfn.JsonPath.stringAt('$.incident.id') }, error: sfn.JsonPath.objectAt('$.error') };
    // @ts-expect-error runbookId is missing
    payloadOf<DeniedOutcomeTaskInput>({ action: OutcomeAction.DENIED, ...fields });
    // @ts-expect-error the action is another one's
    payloadOf<DeniedOutcomeTaskInput>({ action: OutcomeAction.EXPIRED, ...fields, runbookId: sfn.JsonPath.stringAt('$.subject.inputs.runbookId') });
    const input = payloadOf<DeniedOutcomeTaskInput>({ action: OutcomeAction.DENIED, ...fields, runbookId: sfn.JsonPath.stringAt('$.subject.inputs.runbookId') });
    expect(Object.keys(input.value).sort()).toEqual(['action', 'error', 'incident', 'runId', 'runbookId']);
  });
});
