import {
  BUILTIN_RUNBOOKS,
  BuiltinRunbookId,
  RunbookRegistry,
  RunbookRegistryError,
  RunbookSpecSchema,
  type RunbookSpecInput,
} from '../../../src/runtime/runbooks';

const restart: RunbookSpecInput = {
  id: 'restart',
  title: 'Restart',
  kind: 'ssm-automation',
  target: 'AWS-RestartEC2Instance',
  riskClass: 'low',
  resourceTypes: ['AWS::EC2::Instance'],
  parameters: { InstanceId: { type: 'string', required: true, fromResource: 'id' } },
  verify: { check: 'alarms-ok', waitSeconds: 300 },
};

function registryError(build: () => unknown): RunbookRegistryError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(RunbookRegistryError);
    return error as RunbookRegistryError;
  }
  throw new Error('expected a RunbookRegistryError');
}

describe('RunbookRegistry', () => {
  test('the built-in runbooks form a valid registry on AWS-owned documents', () => {
    const registry = new RunbookRegistry(BUILTIN_RUNBOOKS);
    expect(registry.size).toBe(4);
    expect(registry.list().map((r) => [r.id, r.target, r.riskClass])).toEqual([
      [BuiltinRunbookId.RESTART_EC2_INSTANCE, 'AWS-RestartEC2Instance', 'low'],
      [BuiltinRunbookId.SCALE_OUT_ASG, 'AWSResilienceHub-ScaleOutAsgSOP_2020-07-01', 'medium'],
      [BuiltinRunbookId.REBOOT_RDS_INSTANCE, 'AWS-RebootRdsInstance', 'medium'],
      [BuiltinRunbookId.LAMBDA_ALIAS_ROLLBACK, 'AWSResilienceHub-SwitchLambdaVersionInAliasSOP_2020-10-26', 'medium'],
    ]);
    expect(registry.list().every((r) => r.kind === 'ssm-automation')).toBe(true);
    expect(registry.list().some((r) => r.riskClass === 'destructive' || r.riskClass === 'high')).toBe(false);
  });

  test('get, has, forResourceType and candidatesFor', () => {
    const registry = new RunbookRegistry(BUILTIN_RUNBOOKS);
    expect(registry.get(BuiltinRunbookId.REBOOT_RDS_INSTANCE)?.parameters.InstanceId.fromResource).toBe('id');
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.has(BuiltinRunbookId.SCALE_OUT_ASG)).toBe(true);
    expect(registry.forResourceType('AWS::EC2::Instance').map((r) => r.id)).toEqual([BuiltinRunbookId.RESTART_EC2_INSTANCE]);
    expect(registry.forResourceType('AWS::S3::Bucket')).toEqual([]);
    const candidates = registry.candidatesFor(['AWS::Lambda::Function', 'AWS::RDS::DBInstance', 'AWS::Lambda::Function']);
    expect(candidates.map((c) => c.id)).toEqual([BuiltinRunbookId.REBOOT_RDS_INSTANCE, BuiltinRunbookId.LAMBDA_ALIAS_ROLLBACK]);
    expect(candidates[0]).not.toHaveProperty('target');
  });

  test('defaults are applied on construction', () => {
    const registry = new RunbookRegistry([{ ...restart, parameters: undefined }]);
    expect(registry.get('restart')?.parameters).toEqual({});
  });

  test('a duplicate id is a typed error', () => {
    const error = registryError(() => new RunbookRegistry([restart, { ...restart, title: 'again' }]));
    expect(error.code).toBe('duplicate-id');
    expect(error.runbookId).toBe('restart');
    expect(error.message).toMatch(/declared twice/);
  });

  test('an unknown rollback id is a typed error', () => {
    const error = registryError(() => new RunbookRegistry([{ ...restart, rollback: 'undo-restart' }]));
    expect(error.code).toBe('unknown-rollback');
    expect(error.message).toMatch(/undo-restart/);
  });

  test('a runbook cannot roll itself back', () => {
    expect(registryError(() => new RunbookRegistry([{ ...restart, rollback: 'restart' }])).code).toBe('unknown-rollback');
  });

  test('a known rollback id is accepted', () => {
    const registry = new RunbookRegistry([{ ...restart, rollback: 'stop' }, { ...restart, id: 'stop', riskClass: 'medium' }]);
    expect(registry.get('restart')?.rollback).toBe('stop');
  });

  test.each([
    ['an unknown kind', { ...restart, kind: 'shell' }, /kind/],
    ['an id with spaces', { ...restart, id: 'restart it' }, /id/],
    ['no resource types', { ...restart, resourceTypes: [] }, /resourceTypes/],
    ['an unbounded verify wait', { ...restart, verify: { check: 'alarms-ok', waitSeconds: 86400 } }, /waitSeconds/],
    ['an unknown top-level key', { ...restart, command: 'rm -rf /' }, /command/],
    ['a pattern on a number parameter', { ...restart, parameters: { N: { type: 'number', pattern: '[0-9]+' } } }, /pattern and maxLength/],
    ['a regular expression that does not compile', { ...restart, parameters: { S: { type: 'string', pattern: '(' } } }, /not a valid regular expression/],
    ['fromResource on a boolean', { ...restart, parameters: { B: { type: 'boolean', fromResource: 'id' } } }, /fromResource/],
    ['a default of the wrong type', { ...restart, parameters: { B: { type: 'boolean', default: 'yes' } } }, /default must be a boolean/],
    ['min above max', { ...restart, parameters: { N: { type: 'number', min: 5, max: 1 } } }, /min \(5\) is greater than max/],
  ])('rejects %s', (_name, spec, message) => {
    const error = registryError(() => new RunbookRegistry([spec as RunbookSpecInput]));
    expect(error.code).toBe('invalid-spec');
    expect(error.message).toMatch(message);
  });

  test('round-trips through JSON (what the construct serialises)', () => {
    const registry = new RunbookRegistry(BUILTIN_RUNBOOKS);
    const again = RunbookRegistry.fromJson(JSON.stringify(registry));
    expect(again.list()).toEqual(registry.list());
    for (const spec of again.list()) expect(RunbookSpecSchema.parse(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  test('fromJson rejects anything but an array', () => {
    expect(registryError(() => RunbookRegistry.fromJson('{"id":"x"}')).code).toBe('invalid-spec');
  });
});
