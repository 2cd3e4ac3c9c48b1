import type { ResourceRef } from '../model';

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT_PATTERN = /^\d{12}$/;

/** The value when it looks like an AWS region code (`us-east-1`), else undefined. */
export function asRegion(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (REGION_PATTERN.test(v)) return v;
  return REGION_NAMES[v];
}

/** The value when it is a 12-digit AWS account id, else undefined. */
export function asAccount(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return ACCOUNT_PATTERN.test(v) ? v : undefined;
}

/** The first candidate that is a region code (or a region display name, as SNS alarm notifications write it). */
export function firstRegion(...values: unknown[]): string | undefined {
  for (const value of values) {
    const region = asRegion(value);
    if (region) return region;
  }
  return undefined;
}

/** The first candidate that is a 12-digit account id. */
export function firstAccount(...values: unknown[]): string | undefined {
  for (const value of values) {
    const account = asAccount(value);
    if (account) return account;
  }
  return undefined;
}

/** The region of an availability zone (`us-west-2b` → `us-west-2`). */
export function regionOfZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string') return undefined;
  const match = /^([a-z]{2}(-[a-z]+)+-\d{1,2})[a-z]$/.exec(zone.trim());
  return match ? match[1] : undefined;
}

/**
 * Display names CloudWatch writes in the `Region` field of SNS alarm notifications
 * (`"US East (N. Virginia)"`), to region codes.
 */
const REGION_NAMES: Readonly<Record<string, string>> = {
  'US East (N. Virginia)': 'us-east-1',
  'US East (Ohio)': 'us-east-2',
  'US West (N. California)': 'us-west-1',
  'US West (Oregon)': 'us-west-2',
  'Africa (Cape Town)': 'af-south-1',
  'Asia Pacific (Hong Kong)': 'ap-east-1',
  'Asia Pacific (Hyderabad)': 'ap-south-2',
  'Asia Pacific (Jakarta)': 'ap-southeast-3',
  'Asia Pacific (Melbourne)': 'ap-southeast-4',
  'Asia Pacific (Mumbai)': 'ap-south-1',
  'Asia Pacific (Osaka)': 'ap-northeast-3',
  'Asia Pacific (Seoul)': 'ap-northeast-2',
  'Asia Pacific (Singapore)': 'ap-southeast-1',
  'Asia Pacific (Sydney)': 'ap-southeast-2',
  'Asia Pacific (Tokyo)': 'ap-northeast-1',
  'Canada (Central)': 'ca-central-1',
  'Europe (Frankfurt)': 'eu-central-1',
  'Europe (Ireland)': 'eu-west-1',
  'Europe (London)': 'eu-west-2',
  'Europe (Milan)': 'eu-south-1',
  'Europe (Paris)': 'eu-west-3',
  'Europe (Spain)': 'eu-south-2',
  'Europe (Stockholm)': 'eu-north-1',
  'Europe (Zurich)': 'eu-central-2',
  'Middle East (Bahrain)': 'me-south-1',
  'Middle East (UAE)': 'me-central-1',
  'South America (Sao Paulo)': 'sa-east-1',
  'AWS GovCloud (US-West)': 'us-gov-west-1',
  'AWS GovCloud (US-East)': 'us-gov-east-1',
};

/** The parts of an ARN. Region and account are kept only when they are well-formed. */
export interface ParsedArn {
  readonly arn: string;
  readonly partition: string;
  readonly service: string;
  readonly region?: string;
  readonly account?: string;
  /** Everything after the account: `instance/i-123`, `function:name`, `alarm:Name`. */
  readonly resource: string;
}

/** Splits an ARN; undefined when the string is not `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function parseArn(value: unknown): ParsedArn | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !/^aws[a-z-]*$/.test(parts[1]) || !/^[a-z0-9-]+$/.test(parts[2])) return undefined;
  const resource = parts.slice(5).join(':');
  if (resource === '') return undefined;
  return {
    arn: value,
    partition: parts[1],
    service: parts[2],
    region: asRegion(parts[3]),
    account: asAccount(parts[4]),
    resource,
  };
}

/** [CloudFormation type, resource-type prefix in the ARN, separator] per ARN service. */
const ARN_TYPES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  'ec2': [
    ['instance', 'AWS::EC2::Instance'],
    ['volume', 'AWS::EC2::Volume'],
    ['security-group', 'AWS::EC2::SecurityGroup'],
    ['vpc', 'AWS::EC2::VPC'],
    ['subnet', 'AWS::EC2::Subnet'],
    ['network-interface', 'AWS::EC2::NetworkInterface'],
    ['image', 'AWS::EC2::Image'],
    ['snapshot', 'AWS::EC2::Snapshot'],
  ],
  'lambda': [['function', 'AWS::Lambda::Function']],
  'dynamodb': [['table', 'AWS::DynamoDB::Table']],
  'rds': [['db', 'AWS::RDS::DBInstance'], ['cluster', 'AWS::RDS::DBCluster']],
  'elasticloadbalancing': [
    ['loadbalancer/app', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
    ['loadbalancer/net', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
    ['targetgroup', 'AWS::ElasticLoadBalancingV2::TargetGroup'],
    ['loadbalancer', 'AWS::ElasticLoadBalancing::LoadBalancer'],
  ],
  'ecs': [
    ['cluster', 'AWS::ECS::Cluster'],
    ['service', 'AWS::ECS::Service'],
    ['task-definition', 'AWS::ECS::TaskDefinition'],
    ['task', 'AWS::ECS::Task'],
    ['container-instance', 'AWS::ECS::ContainerInstance'],
  ],
  'eks': [['cluster', 'AWS::EKS::Cluster'], ['nodegroup', 'AWS::EKS::Nodegroup']],
  'states': [['stateMachine', 'AWS::StepFunctions::StateMachine'], ['execution', 'AWS::StepFunctions::Execution']],
  'cloudwatch': [['alarm', 'AWS::CloudWatch::Alarm']],
  'codebuild': [['project', 'AWS::CodeBuild::Project'], ['build', 'AWS::CodeBuild::Build']],
  'codedeploy': [['deploymentgroup', 'AWS::CodeDeploy::DeploymentGroup'], ['application', 'AWS::CodeDeploy::Application']],
  'synthetics': [['canary', 'AWS::Synthetics::Canary']],
  'autoscaling': [['autoScalingGroup', 'AWS::AutoScaling::AutoScalingGroup']],
  'ssm': [
    ['managed-instance', 'AWS::SSM::ManagedInstance'],
    ['automation-execution', 'AWS::SSM::AutomationExecution'],
    ['automation-definition', 'AWS::SSM::Document'],
    ['document', 'AWS::SSM::Document'],
    ['maintenancewindow', 'AWS::SSM::MaintenanceWindow'],
  ],
  'application-signals': [['slo', 'AWS::ApplicationSignals::ServiceLevelObjective']],
  'config': [['config-rule', 'AWS::Config::ConfigRule']],
  'elasticache': [['cluster', 'AWS::ElastiCache::CacheCluster'], ['replicationgroup', 'AWS::ElastiCache::ReplicationGroup']],
  'kinesis': [['stream', 'AWS::Kinesis::Stream']],
  'apigateway': [['/restapis', 'AWS::ApiGateway::RestApi'], ['/apis', 'AWS::ApiGatewayV2::Api']],
};

/** Services whose ARNs hold a bare name after the account. */
const NAMED_ARN_TYPES: Readonly<Record<string, string>> = {
  sqs: 'AWS::SQS::Queue',
  sns: 'AWS::SNS::Topic',
  s3: 'AWS::S3::Bucket',
  codepipeline: 'AWS::CodePipeline::Pipeline',
};

/**
 * A ResourceRef from an ARN: CloudFormation-style type, and the resource's own id or name
 * (`i-123`, the function name, `app/my-alb/123`). Unknown services keep the ARN's resource part as id,
 * typed `AWS::<service>::Resource`.
 */
export function resourceFromArn(value: unknown): ResourceRef | undefined {
  const arn = parseArn(value);
  if (!arn) return undefined;
  const base = { arn: arn.arn, ...(arn.region ? { region: arn.region } : {}), ...(arn.account ? { account: arn.account } : {}) };
  const named = NAMED_ARN_TYPES[arn.service];
  if (named) return { ...base, type: named, id: arn.resource };
  for (const [prefix, type] of ARN_TYPES[arn.service] ?? []) {
    if (arn.resource === prefix || !arn.resource.startsWith(prefix)) continue;
    const separator = arn.resource[prefix.length];
    if (separator !== '/' && separator !== ':') continue;
    let id = arn.resource.slice(prefix.length + 1);
    if (type === 'AWS::Lambda::Function') id = id.split(':')[0];
    if (type === 'AWS::AutoScaling::AutoScalingGroup') id = id.replace(/^.*autoScalingGroupName\//, '');
    if (type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' || type === 'AWS::ElasticLoadBalancingV2::TargetGroup') {
      id = arn.resource.slice(arn.resource.indexOf('/') + 1);
    }
    if (type.startsWith('AWS::ApiGateway')) id = id.split('/')[0];
    if (id !== '') return { ...base, type, id };
  }
  const last = arn.resource.split(/[/:]/).filter((p) => p !== '');
  return { ...base, type: `AWS::${arn.service}::Resource`, id: last.length > 0 ? last[last.length - 1] : arn.resource };
}

/** Id prefixes of EC2-family resources, for identifiers given without an ARN. */
const ID_PREFIXES: readonly (readonly [RegExp, string])[] = [
  [/^i-[0-9a-f]{8,17}$/, 'AWS::EC2::Instance'],
  [/^vol-[0-9a-f]{8,17}$/, 'AWS::EC2::Volume'],
  [/^sg-[0-9a-f]{8,17}$/, 'AWS::EC2::SecurityGroup'],
  [/^subnet-[0-9a-f]{8,17}$/, 'AWS::EC2::Subnet'],
  [/^vpc-[0-9a-f]{8,17}$/, 'AWS::EC2::VPC'],
  [/^eni-[0-9a-f]{8,17}$/, 'AWS::EC2::NetworkInterface'],
  [/^ami-[0-9a-f]{8,17}$/, 'AWS::EC2::Image'],
  [/^snap-[0-9a-f]{8,17}$/, 'AWS::EC2::Snapshot'],
];

/** The CloudFormation type an EC2-style id implies (`i-…`, `vol-…`), if any. */
export function typeFromId(id: string): string | undefined {
  for (const [pattern, type] of ID_PREFIXES) if (pattern.test(id)) return type;
  return undefined;
}

/** Builds an ARN when region and account are known, for resources identified by name in dimensions. */
function arnFor(type: string, id: string, region?: string, account?: string): string | undefined {
  if (!region || !account) return undefined;
  switch (type) {
    case 'AWS::EC2::Instance': return `arn:aws:ec2:${region}:${account}:instance/${id}`;
    case 'AWS::EC2::Volume': return `arn:aws:ec2:${region}:${account}:volume/${id}`;
    case 'AWS::Lambda::Function': return `arn:aws:lambda:${region}:${account}:function:${id}`;
    case 'AWS::RDS::DBInstance': return `arn:aws:rds:${region}:${account}:db:${id}`;
    case 'AWS::RDS::DBCluster': return `arn:aws:rds:${region}:${account}:cluster:${id}`;
    case 'AWS::DynamoDB::Table': return `arn:aws:dynamodb:${region}:${account}:table/${id}`;
    case 'AWS::SQS::Queue': return `arn:aws:sqs:${region}:${account}:${id}`;
    case 'AWS::SNS::Topic': return `arn:aws:sns:${region}:${account}:${id}`;
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${id}`;
    case 'AWS::ECS::Service': return `arn:aws:ecs:${region}:${account}:service/${id}`;
    case 'AWS::ECS::Cluster': return `arn:aws:ecs:${region}:${account}:cluster/${id}`;
    case 'AWS::Synthetics::Canary': return `arn:aws:synthetics:${region}:${account}:canary:${id}`;
    case 'AWS::CodeBuild::Project': return `arn:aws:codebuild:${region}:${account}:project/${id}`;
    case 'AWS::CodePipeline::Pipeline': return `arn:aws:codepipeline:${region}:${account}:${id}`;
    default: return undefined;
  }
}

/** A ResourceRef with an ARN built from region and account when the type allows. */
export function namedResource(type: string, id: string, region?: string, account?: string): ResourceRef {
  const arn = arnFor(type, id, region, account);
  return { type, id, ...(arn ? { arn } : {}), ...(region ? { region } : {}), ...(account ? { account } : {}) };
}

/**
 * Metric dimension names that identify a resource, most specific first. `ClusterName` + `ServiceName`
 * (ECS) is handled before this list.
 */
const DIMENSION_TYPES: readonly (readonly [string, string])[] = [
  ['InstanceId', 'AWS::EC2::Instance'],
  ['FunctionName', 'AWS::Lambda::Function'],
  ['DBInstanceIdentifier', 'AWS::RDS::DBInstance'],
  ['DBClusterIdentifier', 'AWS::RDS::DBCluster'],
  ['TableName', 'AWS::DynamoDB::Table'],
  ['TargetGroup', 'AWS::ElasticLoadBalancingV2::TargetGroup'],
  ['LoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
  ['LoadBalancerName', 'AWS::ElasticLoadBalancing::LoadBalancer'],
  ['ApiName', 'AWS::ApiGateway::RestApi'],
  ['ApiId', 'AWS::ApiGatewayV2::Api'],
  ['QueueName', 'AWS::SQS::Queue'],
  ['TopicName', 'AWS::SNS::Topic'],
  ['StateMachineArn', 'AWS::StepFunctions::StateMachine'],
  ['AutoScalingGroupName', 'AWS::AutoScaling::AutoScalingGroup'],
  ['CacheClusterId', 'AWS::ElastiCache::CacheCluster'],
  ['StreamName', 'AWS::Kinesis::Stream'],
  ['DistributionId', 'AWS::CloudFront::Distribution'],
  ['VolumeId', 'AWS::EC2::Volume'],
  ['BucketName', 'AWS::S3::Bucket'],
  ['CanaryName', 'AWS::Synthetics::Canary'],
];

/** A metric: namespace and dimensions, as the three alarm payload shapes give them. */
export interface MetricDims {
  readonly namespace?: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * The resource a metric is about, from its dimensions (`InstanceId` → `AWS::EC2::Instance`,
 * `ClusterName`+`ServiceName` in `AWS/ECS` → `AWS::ECS::Service` with id `cluster/service`...).
 * Undefined when no dimension identifies a resource.
 */
export function resourceFromDimensions(metric: MetricDims, region?: string, account?: string): ResourceRef | undefined {
  const dims = metric.dimensions;
  const cluster = dims.ClusterName;
  if (cluster && dims.ServiceName && (metric.namespace === 'AWS/ECS' || metric.namespace === 'ECS/ContainerInsights')) {
    return namedResource('AWS::ECS::Service', `${cluster}/${dims.ServiceName}`, region, account);
  }
  for (const [name, type] of DIMENSION_TYPES) {
    const value = dims[name];
    if (!value) continue;
    if (name === 'StateMachineArn') {
      const fromArn = resourceFromArn(value);
      if (fromArn) return fromArn;
    }
    return namedResource(type, value, region, account);
  }
  if (cluster) {
    const type = metric.namespace === 'AWS/ECS' || metric.namespace === 'ECS/ContainerInsights' ? 'AWS::ECS::Cluster'
      : metric.namespace === 'ContainerInsights' ? 'AWS::EKS::Cluster' : undefined;
    if (type) return namedResource(type, cluster, region, account);
  }
  return undefined;
}

/**
 * A logical service name from dimensions: Application Signals `Service`, ECS `ServiceName`,
 * then the Lambda function or API name. Undefined when none is present.
 */
export function serviceFromDimensions(dims: Readonly<Record<string, string>>): string | undefined {
  return dims.Service || dims.ServiceName || dims.FunctionName || dims.ApiName || undefined;
}

/** Tag keys read as the logical service, in order. */
const SERVICE_TAG_KEYS = ['service', 'Service', 'app', 'App', 'application', 'Application', 'app.kubernetes.io/name', 'aws:cloudformation:stack-name'];

/** The logical service from a tag map, by the first of `service`, `app`, `application`, `aws:cloudformation:stack-name`. */
export function serviceFromTags(tags: unknown): string | undefined {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return undefined;
  const record = tags as Record<string, unknown>;
  for (const key of SERVICE_TAG_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}
