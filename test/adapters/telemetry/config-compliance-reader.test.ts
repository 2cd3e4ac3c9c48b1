import {
  ConfigServiceClient,
  ConfigServiceServiceException,
  DescribeComplianceByResourceCommand,
  GetComplianceDetailsByResourceCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ConfigComplianceReader } from '../../../src/adapters/telemetry/config-compliance-reader';
import { collectTelemetry } from '../../../src/runtime/telemetry/collect';
import { loadFixture } from '../../support/fixtures';
import { ec2CpuAlarmSignal, incident } from '../../support/telemetry-builders';

// AWS CLI example outputs (SOURCES.md, api/config). The second resource id is published with a trailing space.
const BY_RESOURCE = loadFixture('api/config/DescribeComplianceByResource.json');
/*
 * No GetComplianceDetailsByResource sample exists. Its response is `{ EvaluationResults: EvaluationResult[] }`, the
 * same type GetComplianceDetailsByConfigRule returns, so that operation's real sample stands in for it: three
 * NON_COMPLIANT evaluations of rule InstanceTypesAreT2micro on i-1a2b3c4d, i-2a2b3c4d and i-3a2b3c4d.
 */
const DETAILS = loadFixture('api/config/GetComplianceDetailsByConfigRule.json');

const config = mockClient(ConfigServiceClient);
beforeEach(() => config.reset());

describe('ConfigComplianceReader', () => {
  test('GIVEN the real responses WHEN read THEN each requested resource once, with the rules it violates', async () => {
    config.on(DescribeComplianceByResourceCommand).resolves(BY_RESOURCE);
    config.on(GetComplianceDetailsByResourceCommand).resolves(DETAILS);
    const result = await new ConfigComplianceReader(new ConfigServiceClient({})).byResource([
      { type: 'AWS::EC2::Instance', id: 'i-1a2b3c4d' },
      { type: 'AWS::EC2::Instance', id: 'i-2a2b3c4d' },
    ]);
    expect(result).toEqual([
      {
        type: 'AWS::EC2::Instance',
        id: 'i-1a2b3c4d',
        compliance: 'NON_COMPLIANT',
        nonCompliantRuleCount: 2,
        rules: [
          { rule: 'InstanceTypesAreT2micro', compliance: 'NON_COMPLIANT', recordedAt: '2015-12-17T01:10:45.261Z', annotation: undefined },
        ],
      },
      {
        type: 'AWS::EC2::Instance',
        id: 'i-2a2b3c4d',
        compliance: 'NON_COMPLIANT',
        nonCompliantRuleCount: 3,
        rules: [
          { rule: 'InstanceTypesAreT2micro', compliance: 'NON_COMPLIANT', recordedAt: '2015-12-17T01:10:45.180Z', annotation: undefined },
        ],
      },
    ]);
    expect(config).toHaveReceivedCommandWith(DescribeComplianceByResourceCommand, { ResourceType: 'AWS::EC2::Instance', ResourceId: 'i-1a2b3c4d' });
    expect(config).toHaveReceivedCommandWith(GetComplianceDetailsByResourceCommand, { ResourceType: 'AWS::EC2::Instance', ResourceId: 'i-2a2b3c4d', ComplianceTypes: ['NON_COMPLIANT'] });
  });

  test('GIVEN a resource Config does not evaluate THEN it is left out, and compliant ones need no detail call', async () => {
    config.on(DescribeComplianceByResourceCommand, { ResourceId: 'i-unknown' }).resolves({ ComplianceByResources: [] });
    config.on(DescribeComplianceByResourceCommand, { ResourceId: 'i-ok' })
      .resolves({ ComplianceByResources: [{ ResourceType: 'AWS::EC2::Instance', ResourceId: 'i-ok', Compliance: { ComplianceType: 'COMPLIANT' } }] });
    const result = await new ConfigComplianceReader(new ConfigServiceClient({})).byResource([
      { type: 'AWS::EC2::Instance', id: 'i-unknown' }, { type: 'AWS::EC2::Instance', id: 'i-ok' },
    ]);
    expect(result).toEqual([{ type: 'AWS::EC2::Instance', id: 'i-ok', compliance: 'COMPLIANT', nonCompliantRuleCount: undefined, rules: [] }]);
    expect(config).toHaveReceivedCommandTimes(GetComplianceDetailsByResourceCommand, 0);
  });

  test('GIVEN an incident on i-1a2b3c4d WHEN collected THEN nonCompliantResources names it; GIVEN AccessDenied THEN skipped', async () => {
    const alarm = ec2CpuAlarmSignal();
    const request = { incident: incident([alarm], { resources: ['AWS::EC2::Instance/i-1a2b3c4d'] }), signals: [alarm] };
    const now = new Date('2019-10-02T17:20:00Z');
    config.on(DescribeComplianceByResourceCommand).resolves(BY_RESOURCE);
    config.on(GetComplianceDetailsByResourceCommand).resolves(DETAILS);
    let bundle = await collectTelemetry(request, { config: new ConfigComplianceReader(new ConfigServiceClient({})) }, { now });
    expect(bundle.nonCompliantResources).toEqual(['AWS::EC2::Instance/i-1a2b3c4d']);
    expect(bundle.results[5].evidence[0].summary).toBe('AWS::EC2::Instance i-1a2b3c4d: NON_COMPLIANT (2 rule(s): InstanceTypesAreT2micro)');

    config.reset();
    config.on(DescribeComplianceByResourceCommand).rejects(new ConfigServiceServiceException({
      name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'not authorized to perform config:DescribeComplianceByResource',
    }));
    bundle = await collectTelemetry(request, { config: new ConfigComplianceReader(new ConfigServiceClient({})) }, { now });
    expect(bundle.results[5]).toMatchObject({ collector: 'config', status: 'skipped', reason: 'not permitted (AccessDeniedException)' });
    expect(bundle.nonCompliantResources).toBeUndefined();
  });
});
