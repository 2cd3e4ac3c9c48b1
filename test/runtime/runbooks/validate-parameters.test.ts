import * as fc from 'fast-check';
import type { ResourceRef } from '../../../src/runtime/model';
import {
  BUILTIN_RUNBOOKS,
  BuiltinRunbookId,
  fillFromResource,
  RunbookRegistry,
  validateRunbookParameters,
  type RunbookSpecInput,
} from '../../../src/runtime/runbooks';

const registry = new RunbookRegistry(BUILTIN_RUNBOOKS);
const restart = registry.get(BuiltinRunbookId.RESTART_EC2_INSTANCE)!;
const scaleOut = registry.get(BuiltinRunbookId.SCALE_OUT_ASG)!;
const aliasRollback = registry.get(BuiltinRunbookId.LAMBDA_ALIAS_ROLLBACK)!;

const instance: ResourceRef = { type: 'AWS::EC2::Instance', id: 'i-0123456789abcdef0', region: 'eu-west-1' };
const other: ResourceRef = { type: 'AWS::EC2::Instance', id: 'i-0fedcba9876543210', region: 'eu-west-1' };
const fn: ResourceRef = { type: 'AWS::Lambda::Function', id: 'checkout', arn: 'arn:aws:lambda:eu-west-1:111122223333:function:checkout' };

const tuning = new RunbookRegistry([{
  id: 'tune',
  title: 'Tune',
  kind: 'lambda',
  target: 'arn:aws:lambda:eu-west-1:111122223333:function:tune',
  riskClass: 'medium',
  resourceTypes: ['AWS::EC2::Instance'],
  parameters: {
    Count: { type: 'number', integer: true, min: 1, max: 10 },
    Mode: { type: 'string', enum: ['fast', 'safe'] },
    Note: { type: 'string', maxLength: 10 },
    Region: { type: 'string', fromResource: 'region' },
    Instance: { type: 'string', fromResource: 'id' },
  },
  verify: { check: 'none', waitSeconds: 0 },
} satisfies RunbookSpecInput]).get('tune')!;

describe('validateRunbookParameters', () => {
  test('accepts the incident resource and returns the matched resource', () => {
    const result = validateRunbookParameters(restart, { InstanceId: instance.id }, { resources: [other, instance] });
    expect(result).toEqual({ ok: true, params: { InstanceId: instance.id }, resource: instance });
  });

  test('applies defaults', () => {
    const asg: ResourceRef = { type: 'AWS::AutoScaling::AutoScalingGroup', id: 'web-asg' };
    const result = validateRunbookParameters(scaleOut, { AutoScalingGroupName: 'web-asg' }, { resources: [asg] });
    expect(result).toEqual({ ok: true, params: { AutoScalingGroupName: 'web-asg', Dryrun: false }, resource: asg });
  });

  test.each([
    ['another instance', { InstanceId: other.id }, [instance], /does not point at a resource of this incident/],
    ['an unknown parameter', { InstanceId: instance.id, AutomationAssumeRole: 'arn:aws:iam::1:role/admin' }, [instance], /unknown parameter AutomationAssumeRole/],
    ['a missing required parameter', {}, [instance], /missing required parameter InstanceId/],
    ['a number for a string', { InstanceId: 42 }, [instance], /must be a string/],
    ['a pattern violation', { InstanceId: 'i-XYZ' }, [instance], /does not match/],
    ['a list of instances', { InstanceId: `${instance.id},${other.id}` }, [instance], /does not match/],
    ['an array', [instance.id], [instance], /must be an object/],
    ['a string', 'InstanceId=i-1', [instance], /must be an object/],
    ['no resource of the right type', { InstanceId: instance.id }, [fn], /no such resource/],
  ])('rejects %s', (_name, params, resources, reason) => {
    const result = validateRunbookParameters(restart, params, { resources });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  test.each([
    ['a fraction for an integer', { Count: 1.5 }, /whole number/],
    ['below min', { Count: 0 }, /below 1/],
    ['above max', { Count: 11 }, /above 10/],
    ['NaN', { Count: Number.NaN }, /finite number/],
    ['a value outside the enum', { Mode: 'yolo' }, /not one of fast, safe/],
    ['a string over maxLength', { Note: 'x'.repeat(11) }, /longer than 10/],
    ['a bidi override', { Note: 'a\u202eb' }, /control or invisible/],
    ['a newline', { Note: 'a\nb' }, /control or invisible/],
    ['a region of another resource', { Region: 'us-east-1' }, /Region/],
    ['fields of two different resources', { Region: instance.region, Instance: 'i-0fedcba9876543210' }, /Region, Instance/],
  ])('rejects %s', (_name, params, reason) => {
    const result = validateRunbookParameters(tuning, params, { resources: [instance, { ...other, region: 'us-west-2' }] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  test('fromResource parameters may match any one resource, all of them the same one', () => {
    const otherInWest = { ...other, region: 'us-west-2' };
    const result = validateRunbookParameters(tuning, { Region: 'us-west-2', Instance: other.id, Count: 3, Mode: 'safe' }, { resources: [instance, otherInWest] });
    expect(result).toEqual({ ok: true, params: { Count: 3, Mode: 'safe', Region: 'us-west-2', Instance: other.id }, resource: otherInWest });
  });

  test('arn-bound parameters and free ones together', () => {
    const ok = validateRunbookParameters(aliasRollback, { LambdaARN: fn.arn, AliasName: 'live', LambdaVersion: '41' }, { resources: [fn] });
    expect(ok.ok).toBe(true);
    const latest = validateRunbookParameters(aliasRollback, { LambdaARN: fn.arn, AliasName: 'live', LambdaVersion: '$LATEST' }, { resources: [fn] });
    expect(latest.ok).toBe(false);
    const otherFn = validateRunbookParameters(aliasRollback, { LambdaARN: `${fn.arn}-admin`, AliasName: 'live', LambdaVersion: '41' }, { resources: [fn] });
    expect(otherFn.ok).toBe(false);
  });

  test('fillFromResource fills only fromResource parameters, keeping given values', () => {
    expect(fillFromResource(aliasRollback, fn, { AliasName: 'live' })).toEqual({ AliasName: 'live', LambdaARN: fn.arn });
    expect(fillFromResource(restart, instance)).toEqual({ InstanceId: instance.id });
  });

  test('property: no InstanceId other than the incident instance ever validates', () => {
    fc.assert(fc.property(fc.string(), (value) => {
      const result = validateRunbookParameters(restart, { InstanceId: value }, { resources: [instance] });
      return result.ok === (value === instance.id);
    }));
  });

  test('property: any extra parameter name is rejected', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }).filter((k) => k !== 'InstanceId' && k !== '__proto__'), fc.jsonValue(), (key, value) => {
      const result = validateRunbookParameters(restart, { InstanceId: instance.id, [key]: value }, { resources: [instance] });
      return !result.ok;
    }));
  });
});
