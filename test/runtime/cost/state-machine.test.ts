import { longestWorkflowRun, type CfnResource } from '../../../src/runtime/cost';

const fn = (memory: number): CfnResource => ({ Type: 'AWS::Lambda::Function', Properties: { MemorySize: memory, Architectures: ['arm64'], Timeout: 30 } });
const RESOURCES: Record<string, CfnResource> = { Load: fn(256), Step: fn(512), Notify: fn(256) };
const lookup = (id: string) => RESOURCES[id];

/** A definition as the CDK renders it: a Fn::Join of literal text and tokens. */
function machine(definition: object, tokens: Record<string, unknown>, type = 'STANDARD'): CfnResource {
  const text = JSON.stringify(definition);
  const parts: unknown[] = [];
  let rest = text;
  for (const [placeholder, token] of Object.entries(tokens)) {
    const [before, after] = rest.split(placeholder);
    parts.push(before, token);
    rest = after;
  }
  parts.push(rest);
  return { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineType: type, DefinitionString: { 'Fn::Join': ['', parts] } } };
}

const DEFINITION = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Load' },
    Load: { Type: 'Task', Resource: '@LOAD@', Next: 'Route', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }] },
    Route: { Type: 'Choice', Choices: [{ Variable: '$.x', BooleanEquals: true, Next: 'Done' }], Default: 'Step' },
    Step: { Type: 'Task', Resource: 'arn:@PARTITION@:states:::lambda:invoke', Parameters: { 'FunctionName': '@STEP@', 'Payload.$': '$' }, Next: 'More' },
    More: { Type: 'Choice', Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'Fanout' }], Default: 'Wait' },
    Wait: { Type: 'Wait', Seconds: 30, Next: 'Step' },
    Fanout: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'NotifyA', States: { NotifyA: { Type: 'Task', Resource: '@NOTIFY@', End: true } } },
        { StartAt: 'Log', States: { Log: { Type: 'Pass', Next: 'Log2' }, Log2: { Type: 'Pass', End: true } } },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Failed: { Type: 'Fail' },
  },
};
const TOKENS = {
  '@LOAD@': { 'Fn::GetAtt': ['Load', 'Arn'] },
  '@PARTITION@': { Ref: 'AWS::Partition' },
  '@STEP@': { 'Fn::GetAtt': ['Step', 'Arn'] },
  '@NOTIFY@': { 'Fn::GetAtt': ['Notify', 'Arn'] },
};

describe('longestWorkflowRun', () => {
  test('follows the longest path, goes round a loop the assumed number of times, and enters every parallel branch', () => {
    const run = longestWorkflowRun(machine(DEFINITION, TOKENS), lookup, 4)!;
    // Prepare, Load, Route, (Step, More, Wait) × 4, Fanout + NotifyA + Log + Log2, Done.
    expect(run.transitions).toBe(3 + 3 * 4 + 4 + 1);
    expect([...run.loopStates].sort()).toEqual(['More', 'Step', 'Wait']);
    expect(run.type).toBe('STANDARD');
    expect(new Map(run.invocations.map((i) => [i.functionId, i.invocations]))).toEqual(new Map([['Load', 1], ['Step', 4], ['Notify', 1]]));
  });

  test('one loop iteration counts the loop once; a definition given as an object is read too', () => {
    const once = longestWorkflowRun(machine(DEFINITION, TOKENS), lookup, 1)!;
    expect(once.transitions).toBe(3 + 3 + 4 + 1);
    const plain = JSON.parse(JSON.stringify(DEFINITION).replace('"@LOAD@"', JSON.stringify(TOKENS['@LOAD@'])));
    const run = longestWorkflowRun({ Type: 'AWS::StepFunctions::StateMachine', Properties: { Definition: plain } }, lookup, 1)!;
    expect(run.invocations.find((i) => i.functionId === 'Load')?.invocations).toBe(1);
  });

  test('an Express machine is reported as such; a definition in S3 or that does not parse gives no run', () => {
    expect(longestWorkflowRun(machine(DEFINITION, TOKENS, 'EXPRESS'), lookup, 1)?.type).toBe('EXPRESS');
    expect(longestWorkflowRun({ Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionS3Location: { Bucket: 'b', Key: 'k' } } }, lookup, 1)).toBeUndefined();
    expect(longestWorkflowRun({ Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: '{"StartAt":' } }, lookup, 1)).toBeUndefined();
  });
});
