import {
  DEFAULT_IDLE_ASSUMPTIONS, HOURS_PER_MONTH, isKnownResourceType, knownResourceTypes, PRICES, priceTemplateIdle, unitPrice, usd,
  type CfnResource,
} from '../../../src/runtime/cost';

/** Prices one resource (and its neighbours) and returns its line. */
function price(resource: CfnResource, others: Record<string, CfnResource> = {}) {
  const [line] = priceTemplateIdle('S', { Resources: { R: resource, ...others } });
  return line;
}
const metricStat = (id: string, period = 300) => ({ Id: id, MetricStat: { Metric: { MetricName: id, Namespace: 'N' }, Period: period, Stat: 'Sum' } });

describe('idle monthly cost per resource', () => {
  test('a standard alarm is one metric; a metric-math alarm over three metrics is three ($0.30)', () => {
    expect(price({ Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Errors', Period: 60 } }).usdPerMonth).toBeCloseTo(0.10, 9);
    const math = price({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { Metrics: [metricStat('a'), metricStat('b'), metricStat('c'), { Id: 'e', Expression: '(a+b)/c', ReturnData: true }] },
    });
    expect(math.usdPerMonth).toBeCloseTo(0.30, 9);
    expect(math.basis).toMatch(/^3 metrics \(metric math\)/);
  });

  test('an anomaly-detection alarm is billed as three metrics, a high-resolution one at $0.30 a metric', () => {
    const band = price({
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { Metrics: [metricStat('m'), { Id: 'ad', Expression: 'ANOMALY_DETECTION_BAND(m, 2)' }], ThresholdMetricId: 'ad' },
    });
    expect(band.usdPerMonth).toBeCloseTo(0.30, 9);
    expect(price({ Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Latency', Period: 10 } }).usdPerMonth).toBeCloseTo(0.30, 9);
    expect(price({ Type: 'AWS::CloudWatch::CompositeAlarm', Properties: {} }).usdPerMonth).toBe(0.5);
    expect(price({ Type: 'AWS::CloudWatch::Dashboard', Properties: {} }).usdPerMonth).toBe(3);
  });

  test('a canary on rate(5 minutes) runs 8,640 times a month at $0.0012 a run', () => {
    const line = price({ Type: 'AWS::Synthetics::Canary', Properties: { Schedule: { Expression: 'rate(5 minutes)' } } });
    expect(line.usdPerMonth).toBeCloseTo(8_640 * 0.0012, 9);
    expect(line.basis).toContain('8,640 runs/month');
    expect(price({ Type: 'AWS::Synthetics::Canary', Properties: { Schedule: { Expression: 'rate(0 minutes)' } } }).usdPerMonth).toBe(0);
    expect(price({ Type: 'AWS::Synthetics::Canary', Properties: { Schedule: { Expression: { Ref: 'P' } } } }).priced).toBe(false);
  });

  test('EKS: the control plane by the hour, extended support six times that; nodes by type × desired size with their disks', () => {
    expect(price({ Type: 'AWS::EKS::Cluster', Properties: {} }).usdPerMonth).toBeCloseTo(72, 9);
    expect(price({ Type: 'AWS::EKS::Cluster', Properties: { UpgradePolicy: { SupportType: 'EXTENDED' } } }).usdPerMonth).toBeCloseTo(432, 9);
    expect(price({ Type: 'Custom::AWSCDK-EKS-Cluster', Properties: {} }).usdPerMonth).toBeCloseTo(72, 9);
    const nodes = price({ Type: 'AWS::EKS::Nodegroup', Properties: { InstanceTypes: ['t3.small'], ScalingConfig: { DesiredSize: 2, MinSize: 1 } } });
    expect(nodes.usdPerMonth).toBeCloseTo(2 * (0.0208 * HOURS_PER_MONTH + 20 * 0.08), 9);
    const unknown = price({ Type: 'AWS::EKS::Nodegroup', Properties: { InstanceTypes: ['p5.48xlarge'] } });
    expect(unknown).toMatchObject({ priced: false, basis: expect.stringContaining('p5.48xlarge') });
  });

  test('OpenSearch Serverless: the OCU floor, halved without standby replicas', () => {
    const storage = DEFAULT_IDLE_ASSUMPTIONS.collectionGb * 0.024;
    expect(price({ Type: 'AWS::OpenSearchServerless::Collection', Properties: { Type: 'VECTORSEARCH' } }).usdPerMonth).toBeCloseTo(2 * 0.24 * 720 + storage, 9);
    expect(price({ Type: 'AWS::OpenSearchServerless::Collection', Properties: { StandbyReplicas: 'DISABLED' } }).usdPerMonth).toBeCloseTo(0.24 * 720 + storage, 9);
  });

  test('keys, secrets, DevOps Guru and S3 Vectors', () => {
    expect(price({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } }).usdPerMonth).toBe(1);
    expect(price({ Type: 'AWS::SecretsManager::Secret', Properties: {} }).usdPerMonth).toBe(0.4);
    expect(price({ Type: 'AWS::DevOpsGuru::ResourceCollection', Properties: {} }).usdPerMonth).toBeCloseTo(50 * 0.0028 * 720, 9);
    const index = price({ Type: 'AWS::S3Vectors::Index', Properties: { Dimension: 1024, DataType: 'float32' } });
    expect(index.usdPerMonth).toBeCloseTo((10_000 * (1024 * 4 + 1024) / 1024 ** 3) * 0.06, 12);
  });

  test('log groups: the assumed volume ingested and kept for their retention', () => {
    const gb = DEFAULT_IDLE_ASSUMPTIONS.logMbPerGroupMonth / 1024;
    expect(price({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } }).usdPerMonth).toBeCloseTo(gb * 0.5 + gb * 0.03, 12);
    expect(price({ Type: 'AWS::Logs::LogGroup', Properties: {} }).usdPerMonth).toBeCloseTo(gb * 0.5 + gb * 12 * 0.03, 12);
  });

  test('DynamoDB: storage and PITR on demand; provisioned capacity by the hour', () => {
    const gb = DEFAULT_IDLE_ASSUMPTIONS.tableGb;
    const onDemand = price({ Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } } });
    expect(onDemand.usdPerMonth).toBeCloseTo(gb * 0.25 + gb * 0.2, 12);
    const provisioned = price({ Type: 'AWS::DynamoDB::Table', Properties: { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } } });
    expect(provisioned.usdPerMonth).toBeCloseTo(gb * 0.25 + (5 * 0.00013 + 5 * 0.00065) * 720, 9);
  });

  test('a scheduled rule costs its target function\'s invocations; a pattern rule nothing', () => {
    const fn: CfnResource = { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 256, Architectures: ['arm64'], Timeout: 30 } };
    const rule = price({ Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(5 minutes)', Targets: [{ Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Id: 'T' }] } }, { Fn: fn });
    expect(rule.usdPerMonth).toBeCloseTo(8_640 * 0.2 / 1e6 + 8_640 * 1 * 0.25 * 0.0000133334, 12);
    expect(rule.basis).toContain('→ Fn');
    expect(price({ Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['aws.health'] } } }).usdPerMonth).toBe(0);
    // A schedule whose target lives elsewhere still costs something there: not priced, never $0.
    const elsewhere = price({ Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 hour)', Targets: [{ Arn: 'arn:aws:lambda:us-east-1:1:function:f', Id: 'T' }] } });
    expect(elsewhere).toMatchObject({ priced: false, basis: expect.stringContaining('720 runs/month') });
    const scheduler = price({ Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'rate(1 hour)', Target: { Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } }, { Fn: fn });
    expect(scheduler.usdPerMonth).toBeCloseTo(720 * 0.2 / 1e6 + 720 * 0.25 * 0.0000133334 + 720 * 1 / 1e6, 12);
  });

  test('an SQS event source mapping pays its pollers\' long polls; a stream source nothing', () => {
    const mapping = price({ Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Q', 'Arn'] } } }, { Q: { Type: 'AWS::SQS::Queue' } });
    expect(mapping.usdPerMonth).toBeCloseTo(5 * 3 * 60 * 720 * 0.4 / 1e6, 12);
    expect(price({ Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: 'arn:aws:kinesis:...' } }).usdPerMonth).toBe(0);
  });

  test('free types say why; custom resources run at deploy time; an unknown type is not priced, never $0', () => {
    expect(price({ Type: 'AWS::IAM::Role' })).toMatchObject({ priced: true, usdPerMonth: 0, basis: 'IAM is free' });
    expect(price({ Type: 'Custom::LogRetention' })).toMatchObject({ priced: true, usdPerMonth: 0 });
    const unknown = price({ Type: 'AWS::Foo::Bar' });
    expect(unknown).toMatchObject({ priced: false, basis: 'resource type not in the price table' });
    expect(unknown.usdPerMonth).toBeUndefined();
    expect(isKnownResourceType('AWS::Foo::Bar')).toBe(false);
    expect(knownResourceTypes()).toContain('AWS::S3Vectors::Index');
  });

  test('every price records its unit, a positive price, an AWS pricing page and the day it was read', () => {
    for (const [name, entry] of Object.entries(PRICES)) {
      expect({ name, source: entry.source }).toEqual({ name, source: expect.stringMatching(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/pricing\/$/) });
      expect(entry.usd).toBeGreaterThan(0);
      expect(entry.unit).not.toBe('');
      expect(entry.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('money in reports', () => {
  test('cents from a dollar up, two significant digits below, never an exponent; list prices keep every digit', () => {
    expect([1234.5, 1.857, 0.1, 0.0128, 0.00502, 0.0000133, 0].map(usd)).toEqual(['$1,234.50', '$1.86', '$0.10', '$0.013', '$0.005', '$0.000013', '$0']);
    expect([0.1, 1, 0.025, 0.0000133334].map(unitPrice)).toEqual(['$0.10', '$1.00', '$0.025', '$0.0000133334']);
  });
});
