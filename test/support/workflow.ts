import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** The part of aws-local-stepfunctions' API used here (the package is ESM-typed; its CommonJS build is required). */
interface LocalStateMachine {
  run(input: unknown, options: unknown): {
    readonly result: Promise<unknown>;
    readonly eventLogs: AsyncGenerator<{ readonly type: string; readonly state?: { readonly name: string } }>;
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { StateMachine } = require('aws-local-stepfunctions') as { StateMachine: new (definition: unknown, options?: unknown) => LocalStateMachine };

// aws-local-stepfunctions 3 uses Promise.withResolvers (Node.js 22); the project supports Node.js 20.
const promiseCtor = Promise as unknown as { withResolvers?: () => unknown };
promiseCtor.withResolvers ??= function withResolvers<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = 'eu-west-1';

/**
 * The Amazon States Language definition of the (one) state machine of a stack, as CloudFormation would resolve it:
 * pseudo parameters become the test account and region, a function's `Fn::GetAtt [..., Arn]` becomes a Lambda ARN
 * named after its logical id.
 */
export function workflowDefinition(stack: Stack): Record<string, unknown> {
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: any }> };
  const machines = Object.values(template.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const definition = machines[0].Properties.DefinitionString;
  const parts: unknown[] = typeof definition === 'string' ? [definition] : definition['Fn::Join'][1];
  return JSON.parse(parts.map(resolvePart).join(''));
}

function resolvePart(part: unknown): string {
  if (typeof part === 'string') return part;
  const p = part as { 'Ref'?: string; 'Fn::GetAtt'?: [string, string] };
  if (p.Ref === 'AWS::Partition') return 'aws';
  if (p.Ref === 'AWS::Region') return TEST_REGION;
  if (p.Ref === 'AWS::AccountId') return TEST_ACCOUNT;
  if (p.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
  if (p['Fn::GetAtt']) return `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:${p['Fn::GetAtt'][0]}`;
  if (p.Ref) return p.Ref;
  throw new Error(`cannot resolve ${JSON.stringify(part)} in a state machine definition`);
}

/** A stubbed task: gets the task's input (its Payload for an SDK integration), returns its result or throws. */
export type TaskStub = (input: any) => unknown;

/** An Error whose `name` is what a Catch or Retry matches on (`States.Timeout`, `Denied`...). */
export function taskError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export interface WorkflowRun {
  /** The states entered, in order. */
  readonly path: string[];
  /** Each stubbed task's inputs, in order. */
  readonly calls: Record<string, unknown[]>;
  /** The execution's output, or the error it failed with. */
  readonly output?: unknown;
  readonly error?: Error;
}

/**
 * Runs a definition in aws-local-stepfunctions with every Task stubbed by state name (a Task without a stub fails the
 * run), Wait states and retry intervals cut to 0 ms. The workflow logic (Choices, Catches, Retries, paths and
 * payload templates) is the real one.
 */
export async function runWorkflow(definition: Record<string, unknown>, input: unknown, stubs: Record<string, TaskStub>): Promise<WorkflowRun> {
  const states = (definition as { States: Record<string, { Type: string; Resource?: string; Parameters?: { Payload?: unknown } }> }).States;
  const calls: Record<string, unknown[]> = {};
  const handlers: Record<string, (input: any) => Promise<any>> = {};
  const waits: Record<string, number> = {};
  const retries: Record<string, number> = {};
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Wait') waits[name] = 0;
    if (state.Type !== 'Task') continue;
    retries[name] = 0;
    const integration = state.Resource?.startsWith('arn:aws:states:::') ?? false;
    handlers[name] = async (taskInput: any) => {
      const payload = integration && taskInput && typeof taskInput === 'object' && 'Payload' in taskInput ? taskInput.Payload : taskInput;
      (calls[name] ??= []).push(payload);
      const stub = stubs[name];
      if (!stub) throw taskError('NoStub', `no stub for task ${name}`);
      const result = await stub(payload);
      return (integration && !state.Resource!.includes('.waitForTaskToken') ? { Payload: result, StatusCode: 200 } : result) as any;
    };
  }
  const machine = new StateMachine(definition, { validationOptions: { checkPaths: true, checkArn: false } });
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides: waits, retryIntervalOverrides: retries },
    context: { Execution: { Id: `arn:aws:states:${TEST_REGION}:${TEST_ACCOUNT}:execution:agents:run-1` }, Task: { Token: 'task-token-1' } },
  });
  const path: string[] = [];
  const logs = (async () => {
    for await (const event of execution.eventLogs) if (event.type === 'StateEntered' && event.state) path.push(event.state.name);
  })();
  let output: unknown;
  let error: Error | undefined;
  try {
    output = await execution.result;
  } catch (e) {
    error = e as Error;
  }
  await logs;
  return { path, calls, output, error };
}
