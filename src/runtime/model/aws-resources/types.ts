/**
 * The AWS resource types the runtime knows, by how their ARNs are shaped. Normalisation reads it to type a
 * signal's resource; telemetry reads it to find what to query. Resource-part formats follow the Service
 * Authorization Reference ("Resource types defined by <service>") and each service's ARN page.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */

/** Which of region and account an ARN of the type carries. */
export type ArnScope =
  /** `arn:aws:sqs:us-east-1:123456789012:jobs` */
  | 'regional'
  /** No account: `arn:aws:apigateway:us-east-1::/restapis/a1b2c3`, `arn:aws:ec2:us-east-1::image/ami-1` */
  | 'region-only'
  /** Neither: `arn:aws:s3:::bucket` */
  | 'global';

export interface ResourceTypeSpec {
  /** CloudFormation-style type (`AWS::EC2::Instance`). */
  readonly type: string;
  /** ARN service (`ec2`). */
  readonly service: string;
  /** Resource-type prefix of the ARN's resource part (`instance`); empty when the resource part is the bare name. */
  readonly prefix: string;
  /** What follows the prefix: `/` (`instance/i-1`), `:` (`function:name`), nothing for a bare name. */
  readonly separator: '/' | ':' | '';
  /** The resource's id from what follows the prefix and separator; undefined when it is not this type. Default: all of it. */
  readonly idOf?: (rest: string) => string | undefined;
  /** The ARN's resource part for an id; undefined when the id alone cannot make the ARN. Default: prefix, separator, id. */
  readonly resourceOf?: (id: string) => string | undefined;
  /** Default `regional`. */
  readonly scope?: ArnScope;
  /** AWS Config names the resource by its ARN rather than by its id. */
  readonly configIdIsArn?: boolean;
  /** A name given by a metric dimension or an event is the ARN's id, so the ARN can be built from it. */
  readonly arnFromName?: boolean;
  /** Parsed but never used to build an ARN (another entry of the same type is the canonical form). */
  readonly alias?: boolean;
}

const firstSegment = (rest: string) => rest.split('/')[0];

/** Resource types in lookup order (a more specific prefix of a service first). */
export const RESOURCE_TYPES: readonly ResourceTypeSpec[] = [
  { type: 'AWS::EC2::Instance', service: 'ec2', prefix: 'instance', separator: '/', arnFromName: true },
  { type: 'AWS::EC2::Volume', service: 'ec2', prefix: 'volume', separator: '/', arnFromName: true },
  { type: 'AWS::EC2::SecurityGroup', service: 'ec2', prefix: 'security-group', separator: '/' },
  { type: 'AWS::EC2::VPC', service: 'ec2', prefix: 'vpc', separator: '/' },
  { type: 'AWS::EC2::Subnet', service: 'ec2', prefix: 'subnet', separator: '/' },
  { type: 'AWS::EC2::NetworkInterface', service: 'ec2', prefix: 'network-interface', separator: '/' },
  { type: 'AWS::EC2::Image', service: 'ec2', prefix: 'image', separator: '/', scope: 'region-only' },
  { type: 'AWS::EC2::Snapshot', service: 'ec2', prefix: 'snapshot', separator: '/', scope: 'region-only' },
  // `function:name` or `function:name:qualifier` (version or alias): the function is the name.
  { type: 'AWS::Lambda::Function', service: 'lambda', prefix: 'function', separator: ':', idOf: (r) => r.split(':')[0], arnFromName: true },
  // `table/name`, `table/name/index/gsi`, `table/name/stream/label`: the table is the name.
  { type: 'AWS::DynamoDB::Table', service: 'dynamodb', prefix: 'table', separator: '/', idOf: (r) => r.split('/')[0], arnFromName: true },
  { type: 'AWS::RDS::DBInstance', service: 'rds', prefix: 'db', separator: ':', arnFromName: true },
  { type: 'AWS::RDS::DBCluster', service: 'rds', prefix: 'cluster', separator: ':', arnFromName: true },
  // `loadbalancer/app/name/hash` (ALB), `loadbalancer/net/...` (NLB), `loadbalancer/gwy/...` (Gateway LB): the id is
  // `app/name/hash`, the value of the LoadBalancer dimension.
  {
    type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    service: 'elasticloadbalancing',
    prefix: 'loadbalancer',
    separator: '/',
    idOf: (r) => (/^(app|net|gwy)\/./.test(r) ? r : undefined),
    configIdIsArn: true,
    arnFromName: true,
  },
  // `targetgroup/name/hash`: the id is the whole resource part, as the TargetGroup dimension writes it.
  {
    type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    service: 'elasticloadbalancing',
    prefix: 'targetgroup',
    separator: '/',
    idOf: (r) => `targetgroup/${r}`,
    resourceOf: (id) => (id.startsWith('targetgroup/') ? id : undefined),
    arnFromName: true,
  },
  // Classic: `loadbalancer/name`.
  { type: 'AWS::ElasticLoadBalancing::LoadBalancer', service: 'elasticloadbalancing', prefix: 'loadbalancer', separator: '/' },
  { type: 'AWS::ECS::Cluster', service: 'ecs', prefix: 'cluster', separator: '/', arnFromName: true },
  // `service/cluster/name` (or `service/name` before 2021): the id is `cluster/name` (or `name`).
  { type: 'AWS::ECS::Service', service: 'ecs', prefix: 'service', separator: '/', configIdIsArn: true, arnFromName: true },
  { type: 'AWS::ECS::TaskDefinition', service: 'ecs', prefix: 'task-definition', separator: '/' },
  { type: 'AWS::ECS::Task', service: 'ecs', prefix: 'task', separator: '/' },
  { type: 'AWS::ECS::ContainerInstance', service: 'ecs', prefix: 'container-instance', separator: '/' },
  { type: 'AWS::EKS::Cluster', service: 'eks', prefix: 'cluster', separator: '/' },
  { type: 'AWS::EKS::Nodegroup', service: 'eks', prefix: 'nodegroup', separator: '/' },
  { type: 'AWS::StepFunctions::StateMachine', service: 'states', prefix: 'stateMachine', separator: ':', configIdIsArn: true },
  { type: 'AWS::StepFunctions::Execution', service: 'states', prefix: 'execution', separator: ':' },
  { type: 'AWS::CloudWatch::Alarm', service: 'cloudwatch', prefix: 'alarm', separator: ':' },
  { type: 'AWS::CodeBuild::Project', service: 'codebuild', prefix: 'project', separator: '/', arnFromName: true },
  { type: 'AWS::CodeBuild::Build', service: 'codebuild', prefix: 'build', separator: '/' },
  { type: 'AWS::CodeDeploy::DeploymentGroup', service: 'codedeploy', prefix: 'deploymentgroup', separator: ':' },
  { type: 'AWS::CodeDeploy::Application', service: 'codedeploy', prefix: 'application', separator: ':' },
  { type: 'AWS::Synthetics::Canary', service: 'synthetics', prefix: 'canary', separator: ':', arnFromName: true },
  // `autoScalingGroup:<uuid>:autoScalingGroupName/<name>`: the id is the name; the uuid is not in it.
  {
    type: 'AWS::AutoScaling::AutoScalingGroup',
    service: 'autoscaling',
    prefix: 'autoScalingGroup',
    separator: ':',
    idOf: (r) => r.replace(/^.*autoScalingGroupName\//, ''),
    resourceOf: () => undefined,
  },
  { type: 'AWS::SSM::ManagedInstance', service: 'ssm', prefix: 'managed-instance', separator: '/' },
  { type: 'AWS::SSM::AutomationExecution', service: 'ssm', prefix: 'automation-execution', separator: '/' },
  { type: 'AWS::SSM::Document', service: 'ssm', prefix: 'document', separator: '/' },
  { type: 'AWS::SSM::Document', service: 'ssm', prefix: 'automation-definition', separator: '/', alias: true },
  { type: 'AWS::SSM::MaintenanceWindow', service: 'ssm', prefix: 'maintenancewindow', separator: '/' },
  { type: 'AWS::ApplicationSignals::ServiceLevelObjective', service: 'application-signals', prefix: 'slo', separator: '/', configIdIsArn: true },
  { type: 'AWS::Config::ConfigRule', service: 'config', prefix: 'config-rule', separator: '/' },
  { type: 'AWS::ElastiCache::CacheCluster', service: 'elasticache', prefix: 'cluster', separator: ':' },
  { type: 'AWS::ElastiCache::ReplicationGroup', service: 'elasticache', prefix: 'replicationgroup', separator: ':' },
  { type: 'AWS::Kinesis::Stream', service: 'kinesis', prefix: 'stream', separator: '/' },
  // `/restapis/<api-id>[/stages/...]`: the id is the API id. The ApiName dimension is the API's name, not its id.
  { type: 'AWS::ApiGateway::RestApi', service: 'apigateway', prefix: '/restapis', separator: '/', idOf: firstSegment, scope: 'region-only' },
  { type: 'AWS::ApiGatewayV2::Api', service: 'apigateway', prefix: '/apis', separator: '/', idOf: firstSegment, scope: 'region-only' },
  // Bare names after the account.
  { type: 'AWS::SQS::Queue', service: 'sqs', prefix: '', separator: '', arnFromName: true },
  { type: 'AWS::SNS::Topic', service: 'sns', prefix: '', separator: '', arnFromName: true },
  { type: 'AWS::S3::Bucket', service: 's3', prefix: '', separator: '', scope: 'global' },
  { type: 'AWS::CodePipeline::Pipeline', service: 'codepipeline', prefix: '', separator: '', arnFromName: true },
];

/** The canonical (non-alias) entry of each type. */
export const RESOURCE_TYPE_BY_NAME: ReadonlyMap<string, ResourceTypeSpec> = new Map(
  RESOURCE_TYPES.filter((t) => !t.alias).map((t) => [t.type, t]),
);

/** The entry of a CloudFormation type, if catalogued. */
export function resourceType(type: string): ResourceTypeSpec | undefined {
  return RESOURCE_TYPE_BY_NAME.get(type);
}
