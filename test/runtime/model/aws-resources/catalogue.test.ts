import * as fc from 'fast-check';
import {
  catalogueArn, formatResourceArn, METRIC_PROFILES, parseArn, RESOURCE_TYPES, resourceFromArn, resourceType, type ResourceTypeSpec,
} from '../../../../src/runtime/model/aws-resources';
import { resolveArn } from '../../../../src/runtime/telemetry/plan';

const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,30}$/);
const hex = fc.stringMatching(/^[0-9a-f]{16}$/);
const region = fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1');
const account = fc.stringMatching(/^\d{12}$/);

/** An id of the shape each type's ARNs hold. */
function idArb(spec: ResourceTypeSpec): fc.Arbitrary<string> {
  switch (spec.type) {
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': return fc.tuple(fc.constantFrom('app', 'net', 'gwy'), name, hex).map((p) => p.join('/'));
    case 'AWS::ElasticLoadBalancingV2::TargetGroup': return fc.tuple(name, hex).map(([n, h]) => `targetgroup/${n}/${h}`);
    case 'AWS::ECS::Service': return fc.oneof(name, fc.tuple(name, name).map(([c, s]) => `${c}/${s}`));
    case 'AWS::CodeDeploy::DeploymentGroup': return fc.tuple(name, name).map(([a, g]) => `${a}/${g}`);
    default: return name;
  }
}

const canonical = RESOURCE_TYPES.filter((t) => !t.alias);

describe('the catalogue', () => {
  test('has one canonical entry per type, and every profiled type is catalogued or named by a dimension', () => {
    expect(new Set(canonical.map((t) => t.type)).size).toBe(canonical.length);
    for (const type of Object.keys(METRIC_PROFILES)) expect(resourceType(type)).toBeDefined();
  });

  // Every type but the Auto Scaling group, whose ARN holds a UUID (tested below).
  const buildable = canonical.filter((t) => t.type !== 'AWS::AutoScaling::AutoScalingGroup');

  test('the round trip covers every canonical type but one', () => {
    expect(buildable.length).toBe(canonical.length - 1);
  });

  test.each(buildable.map((t) => [t.type, t] as const))(
    'ARN → resource → ARN round-trips for %s', (_type, spec) => {
      fc.assert(fc.property(idArb(spec), region, account, (id, r, a) => {
        const arn = formatResourceArn(spec.type, id, r, a);
        expect(arn).toBeDefined();
        const ref = resourceFromArn(arn)!;
        expect(ref).toMatchObject({ type: spec.type, id, arn });
        expect(formatResourceArn(ref.type, ref.id, ref.region ?? r, ref.account ?? a)).toBe(arn);
        // Telemetry reads the same ARN as the same type.
        expect(resolveArn(arn!)?.type).toBe(spec.type);
        const parsed = parseArn(arn)!;
        expect(parsed.partition).toBe(r.startsWith('cn-') ? 'aws-cn' : r.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');
        if ((spec.scope ?? 'regional') === 'regional') expect(parsed).toMatchObject({ region: r, account: a });
      }), { numRuns: 50 });
    });

  test('an Auto Scaling group round-trips through the ARN it came with (its ARN holds a UUID the name cannot give)', () => {
    fc.assert(fc.property(fc.uuid(), name, region, account, (uuid, group, r, a) => {
      const arn = `arn:aws:autoscaling:${r}:${a}:autoScalingGroup:${uuid}:autoScalingGroupName/${group}`;
      expect(resourceFromArn(arn)).toMatchObject({ type: 'AWS::AutoScaling::AutoScalingGroup', id: group, arn });
      expect(formatResourceArn('AWS::AutoScaling::AutoScalingGroup', group, r, a)).toBeUndefined();
    }), { numRuns: 50 });
  });

  test('never throws and types only well-formed ARNs, whatever the string', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), name.map((n) => `arn:aws:${n}`), fc.constant(`arn:aws:ec2:us-east-1:123:instance/${'x'.repeat(2100)}`)), (s) => {
      const ref = resourceFromArn(s);
      if (ref) expect(parseArn(s)).toBeDefined();
      if (catalogueArn(s)) expect(ref?.type.startsWith('AWS::')).toBe(true);
    }));
  });

  test('building needs the region and account the type\'s ARNs carry', () => {
    expect(formatResourceArn('AWS::Lambda::Function', 'f', 'us-east-1')).toBeUndefined();
    expect(formatResourceArn('AWS::ApiGateway::RestApi', 'a1', 'us-east-1')).toBe('arn:aws:apigateway:us-east-1::/restapis/a1');
    expect(formatResourceArn('AWS::Nope::Thing', 'x', 'us-east-1', '123456789012')).toBeUndefined();
  });
});
