/**
 * Where normalise/resource.ts and telemetry/plan.ts, each with its own parseArn, gave different answers before
 * the one catalogue. Each case checks the answer AWS documents; the test name names the document.
 */
import { formatResourceArn, namedResource, parseArn, resourceFromArn, resourceFromDimensions } from '../../../../src/runtime/model/aws-resources';
import { planTelemetry, resolveArn, resolveResourceRef } from '../../../../src/runtime/telemetry/plan';
import { incident, signal } from '../../../support/telemetry-builders';

const NOW = new Date('2019-10-02T18:00:00.000Z');
const R = 'us-east-1';
const A = '123456789012';

/** What each half now makes of an ARN: the normaliser's ResourceRef and telemetry's ResolvedResource. */
function bothHalves(arn: string) {
  return { normalised: resourceFromArn(arn), telemetry: resolveArn(arn) };
}

describe('ELBv2 ids (docs: "CloudWatch metrics for your Application Load Balancer", dimensions LoadBalancer and TargetGroup)', () => {
  const lbArn = `arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/app/web/50dc6c495c0c9188`;
  const tgArn = `arn:aws:elasticloadbalancing:${R}:${A}:targetgroup/web-tg/943f017f100becff`;

  test('a load balancer is `app/<name>/<id>`, the final portion of its ARN, in both halves and in the LoadBalancer dimension', () => {
    const { normalised, telemetry } = bothHalves(lbArn);
    expect(normalised).toMatchObject({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: 'app/web/50dc6c495c0c9188' });
    // Telemetry keeps the ARN as the AWS Config id; the metric name is the same short id.
    expect(telemetry).toMatchObject({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: lbArn, name: 'app/web/50dc6c495c0c9188' });
    const fromDims = resourceFromDimensions({ namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: 'app/web/50dc6c495c0c9188' } }, R, A);
    expect(fromDims).toEqual({ ...normalised, region: R, account: A });
  });

  test('a target group is `targetgroup/<name>/<id>` from its ARN as from the TargetGroup dimension (the normaliser dropped `targetgroup/` from ARNs)', () => {
    const { normalised, telemetry } = bothHalves(tgArn);
    expect(normalised).toMatchObject({ type: 'AWS::ElasticLoadBalancingV2::TargetGroup', id: 'targetgroup/web-tg/943f017f100becff' });
    expect(telemetry).toMatchObject({ type: 'AWS::ElasticLoadBalancingV2::TargetGroup', name: 'targetgroup/web-tg/943f017f100becff' });
    const fromDims = resourceFromDimensions({
      namespace: 'AWS/ApplicationELB',
      dimensions: { TargetGroup: 'targetgroup/web-tg/943f017f100becff', LoadBalancer: 'app/web/50dc6c495c0c9188' },
    }, R, A);
    expect(fromDims).toEqual({ type: 'AWS::ElasticLoadBalancingV2::TargetGroup', id: 'targetgroup/web-tg/943f017f100becff', arn: tgArn, region: R, account: A });
  });

  test('a network load balancer resolves in telemetry too, without ALB golden metrics (NLBs publish in AWS/NetworkELB)', () => {
    const nlb = `arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/net/edge/2c2d5e0bd0ae0c1b`;
    expect(bothHalves(nlb).normalised).toMatchObject({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: 'net/edge/2c2d5e0bd0ae0c1b' });
    const s = signal({ id: 'n', resource: resourceFromArn(nlb)! });
    expect(planTelemetry({ incident: incident([s]), signals: [s] }, { now: NOW }).metrics).toEqual([]);
  });

  test('a Gateway Load Balancer (`loadbalancer/gwy/...`) is ELBv2, not a Classic Load Balancer (docs: "Gateway Load Balancers" ARN)', () => {
    const gwy = `arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/gwy/inspect/3a3d5e0bd0ae0c1b`;
    expect(resourceFromArn(gwy)).toMatchObject({ type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: 'gwy/inspect/3a3d5e0bd0ae0c1b' });
    expect(resourceFromArn(`arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/classic-web`))
      .toMatchObject({ type: 'AWS::ElasticLoadBalancing::LoadBalancer', id: 'classic-web' });
  });
});

describe('RDS clusters (docs: "Constructing an ARN for Amazon RDS"; "Amazon CloudWatch dimensions for Aurora", DBClusterIdentifier)', () => {
  const arn = `arn:aws:rds:${R}:${A}:cluster:orders-aurora`;

  test('`cluster:<name>` is an AWS::RDS::DBCluster in both halves (telemetry knew only `db:`)', () => {
    const { normalised, telemetry } = bothHalves(arn);
    expect(normalised).toMatchObject({ type: 'AWS::RDS::DBCluster', id: 'orders-aurora' });
    expect(telemetry).toMatchObject({ type: 'AWS::RDS::DBCluster', id: 'orders-aurora', name: 'orders-aurora' });
  });

  test('a cluster gets the RDS golden signals under its DBClusterIdentifier', () => {
    const s = signal({ id: 'c', resource: resourceFromArn(arn)! });
    const plan = planTelemetry({ incident: incident([s]), signals: [s] }, { now: NOW });
    expect(plan.metrics.map((m) => m.metric.dimensions)).toContainEqual({ DBClusterIdentifier: 'orders-aurora' });
    expect(plan.metrics.map((m) => `${m.metric.namespace} ${m.metric.metricName}`)).toContain('AWS/RDS CPUUtilization');
    expect(plan.resources).toEqual([{ type: 'AWS::RDS::DBCluster', id: 'orders-aurora' }]);
  });
});

describe('DynamoDB sub-resources (docs: Service Authorization Reference, "Resource types defined by Amazon DynamoDB": table/${TableName}/index/${IndexName}, table/${TableName}/stream/${StreamLabel})', () => {
  test.each([
    `arn:aws:dynamodb:${R}:${A}:table/orders/index/by-customer`,
    `arn:aws:dynamodb:${R}:${A}:table/orders/stream/2015-05-11T21:21:33.291`,
  ])('%s belongs to table `orders` in both halves (the normaliser kept the whole path as the table id)', (arn) => {
    const { normalised, telemetry } = bothHalves(arn);
    expect(normalised).toMatchObject({ type: 'AWS::DynamoDB::Table', id: 'orders', arn });
    expect(telemetry).toMatchObject({ type: 'AWS::DynamoDB::Table', id: 'orders', name: 'orders' });
  });
});

describe('API Gateway (docs: "Amazon API Gateway dimensions and metrics": ApiName is the API name; ARN `/restapis/<api-id>`)', () => {
  const arn = `arn:aws:apigateway:${R}::/restapis/a1b2c3d4e5/stages/prod`;

  test('a stage ARN resolves to its REST API id in both halves (telemetry accepted only `/restapis/<id>`)', () => {
    const { normalised, telemetry } = bothHalves(arn);
    expect(normalised).toMatchObject({ type: 'AWS::ApiGateway::RestApi', id: 'a1b2c3d4e5', region: R });
    expect(normalised?.account).toBeUndefined();
    expect(telemetry).toMatchObject({ type: 'AWS::ApiGateway::RestApi', id: 'a1b2c3d4e5' });
  });

  test('an API known only by its ARN is not queried as ApiName=<api id>; one named by the ApiName dimension is', () => {
    const byArn = signal({ id: 'a', resource: resourceFromArn(arn)! });
    expect(planTelemetry({ incident: incident([byArn]), signals: [byArn] }, { now: NOW }).metrics).toEqual([]);
    const byName = signal({ id: 'n', resource: resourceFromDimensions({ namespace: 'AWS/ApiGateway', dimensions: { ApiName: 'Test API Service' } }, R, A)! });
    expect(byName.resource.arn).toBeUndefined();
    const plan = planTelemetry({ incident: incident([byName]), signals: [byName] }, { now: NOW });
    expect(plan.metrics[0].metric.dimensions).toEqual({ ApiName: 'Test API Service' });
  });
});

describe('ARN syntax (docs: IAM User Guide, "Identify AWS resources with Amazon Resource Names (ARNs)")', () => {
  test('telemetry now rejects what is not an ARN the way the normaliser does: partition aws, aws-cn or aws-us-gov, lower-case service', () => {
    for (const bad of [`arn:AWS:ec2:${R}:${A}:instance/i-1`, `arn:aws:EC2:${R}:${A}:instance/i-1`, `arn:aws:ec2:${R}:${A}:`]) {
      expect(parseArn(bad)).toBeUndefined();
      expect(resolveArn(bad)).toBeUndefined();
    }
    expect(resolveArn(`arn:aws-cn:ec2:cn-north-1:${A}:instance/i-1`)).toMatchObject({ type: 'AWS::EC2::Instance', id: 'i-1' });
  });

  test('ARNs built for China and GovCloud regions use their partitions (the normaliser always wrote `aws`)', () => {
    expect(namedResource('AWS::Lambda::Function', 'checkout', 'cn-north-1', A).arn).toBe(`arn:aws-cn:lambda:cn-north-1:${A}:function:checkout`);
    expect(namedResource('AWS::SQS::Queue', 'jobs', 'us-gov-west-1', A).arn).toBe(`arn:aws-us-gov:sqs:us-gov-west-1:${A}:jobs`);
    expect(formatResourceArn('AWS::S3::Bucket', 'logs')).toBe('arn:aws:s3:::logs');
  });
});

describe('resources telemetry did not know (docs: Service Authorization Reference ARN formats per service)', () => {
  test.each([
    [`arn:aws:sns:${R}:${A}:alerts`, 'AWS::SNS::Topic', 'alerts'],
    [`arn:aws:ec2:${R}:${A}:volume/vol-0abc`, 'AWS::EC2::Volume', 'vol-0abc'],
    [`arn:aws:kinesis:${R}:${A}:stream/clicks`, 'AWS::Kinesis::Stream', 'clicks'],
    [`arn:aws:eks:${R}:${A}:cluster/prod`, 'AWS::EKS::Cluster', 'prod'],
    [`arn:aws:autoscaling:${R}:${A}:autoScalingGroup:6d0e1c3b-7f2a-4c5e-9b1d-2a3f4e5d6c7b:autoScalingGroupName/web-asg`, 'AWS::AutoScaling::AutoScalingGroup', 'web-asg'],
    // ECS service ARNs before the 2021 long-ARN format have no cluster.
    [`arn:aws:ecs:${R}:${A}:service/legacy-api`, 'AWS::ECS::Service', 'legacy-api'],
  ])('%s is %s %s in both halves', (arn, type, id) => {
    const { normalised, telemetry } = bothHalves(arn);
    expect(normalised).toMatchObject({ type, id });
    expect(telemetry).toMatchObject({ type, name: id });
  });

  test('a normalised ECS service without ARN (`cluster/service`) still gives the ECS dimensions', () => {
    expect(resolveResourceRef({ type: 'AWS::ECS::Service', id: 'prod/api' })).toMatchObject({ name: 'api', cluster: 'prod' });
  });
});
