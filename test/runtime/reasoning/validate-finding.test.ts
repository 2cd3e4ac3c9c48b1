import { alarm, EC2, input, LAMBDA, OTHER_EC2_ID, REGISTRY } from './helpers';
import { findingContext, validateFinding } from '../../../src/runtime/reasoning';

const ec2Input = input([alarm(EC2, 'CPUUtilization')]);
const context = findingContext(ec2Input, REGISTRY, 'bedrock');
const good = {
  cause: 'CPU saturation on the instance',
  evidence: [`metrics:CPUUtilization:${EC2.id}`],
  confidence: 0.7,
  runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } },
};

describe('validateFinding', () => {
  test('keeps a finding that passes every check', () => {
    const result = validateFinding({ ...good, usage: { inputTokens: 900, outputTokens: 80 } }, context);
    expect(result).toEqual({
      ok: true,
      runbookDropped: false,
      finding: { ...good, reasoner: 'bedrock', usage: { inputTokens: 900, outputTokens: 80 } },
    });
  });

  test('a finding without a runbook is valid and drops nothing', () => {
    const result = validateFinding({ cause: 'unclear', evidence: [], confidence: 0.2, runbook: null }, context);
    expect(result.ok && result.runbookDropped).toBe(false);
    expect(result.ok && result.finding.runbook).toBeUndefined();
  });

  test.each([
    ['not an object', 'restart i-1'],
    ['no cause', { ...good, cause: '' }],
    ['a cause over 500 characters', { ...good, cause: 'x'.repeat(501) }],
    ['confidence above 1', { ...good, confidence: 1.5 }],
    ['confidence as a string', { ...good, confidence: '0.9' }],
    ['more than 20 evidence refs', { ...good, evidence: Array.from({ length: 21 }, (_, i) => `logs:${i}`) }],
    ['a parameter that is an object', { ...good, runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: { $ref: 'x' } } } }],
  ])('discards wholly %s', (_name, raw) => {
    const result = validateFinding(raw, context);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons[0]).toMatch(/^schema: /);
  });

  test.each([
    ['a runbook outside the registry', { id: 'AWS-TerminateEC2Instance', parameters: { InstanceId: EC2.id } }, /"AWS-TerminateEC2Instance" is not in the registry/],
    ['a registry runbook that is not a candidate', { id: 'aws-lambda-alias-rollback', parameters: { LambdaARN: LAMBDA.arn, AliasName: 'live', LambdaVersion: '1' } }, /is not a candidate/],
    ['another instance', { id: 'aws-restart-ec2-instance', parameters: { InstanceId: OTHER_EC2_ID } }, /does not point at a resource of this incident/],
    ['an extra parameter', { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id, AutomationAssumeRole: 'arn:aws:iam::1:role/Admin' } }, /unknown parameter/],
  ])('drops %s and keeps the rest', (_name, runbook, reason) => {
    const result = validateFinding({ ...good, runbook }, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.runbookDropped).toBe(true);
    expect(result.finding.runbook).toBeUndefined();
    expect(result.finding.cause).toBe(good.cause);
    expect(result.finding.discarded?.[0]).toMatch(reason);
  });

  test('filters evidence refs to those in the bundle, once each', () => {
    const result = validateFinding({ ...good, evidence: ['logs:1', 'logs:999', 'logs:1', 'metrics:made-up'] }, context);
    expect(result.ok && result.finding.evidence).toEqual(['logs:1']);
    expect(result.ok && result.finding.discarded).toEqual([
      'evidence ref "logs:999" is not in the telemetry bundle',
      'evidence ref "metrics:made-up" is not in the telemetry bundle',
    ]);
    expect(result.ok && result.runbookDropped).toBe(false);
  });

  test('quotes and truncates model-supplied ids in reasons', () => {
    const result = validateFinding({ ...good, runbook: { id: 'x'.repeat(100), parameters: {} } }, context);
    expect(result.ok && result.finding.discarded?.[0]).toBe(`runbook "${'x'.repeat(64)}…" is not in the registry`);
  });
});
