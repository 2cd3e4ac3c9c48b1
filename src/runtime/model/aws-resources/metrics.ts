/**
 * CloudWatch's view of the catalogued resources: which metric dimension names a resource, and per type the
 * namespace, the dimensions that select one resource and its golden signals.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/aws-services-cloudwatch-metrics.html
 */

/** The four golden signals (Google SRE book): what each golden metric stands for. */
export type GoldenSignal = 'latency' | 'traffic' | 'errors' | 'saturation';

export interface GoldenMetric {
  readonly golden: GoldenSignal;
  readonly namespace: string;
  readonly metricName: string;
  readonly stat: string;
}

/** A resource as metric dimensions see it. */
export interface MetricSubject {
  readonly type: string;
  /** Short name (function, table, queue name; `app/x/y` for a load balancer; the service for ECS). */
  readonly name: string;
  /** The ECS cluster of a service. */
  readonly cluster?: string;
  readonly arn?: string;
}

export interface MetricProfile {
  /** The namespace the resource's own metrics are in. */
  readonly namespace: string;
  /** The dimensions that select this one resource; undefined when its name does not give them. */
  readonly dimensions: (r: MetricSubject) => Record<string, string> | undefined;
  /** Golden signals, most telling first. */
  readonly metrics: readonly GoldenMetric[];
}

/**
 * Metric dimension names that identify a resource, most specific first. `ClusterName` (+ `ServiceName`) depends
 * on the namespace and is read by `resourceFromDimensions` itself.
 */
export const DIMENSION_TYPES: readonly (readonly [string, string])[] = [
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

/** Namespaces where `ClusterName` (+ `ServiceName`) names an ECS cluster (service); `ContainerInsights` is EKS. */
export const ECS_NAMESPACES: readonly string[] = ['AWS/ECS', 'ECS/ContainerInsights'];
export const EKS_NAMESPACE = 'ContainerInsights';

const g = (golden: GoldenSignal, namespace: string, metricName: string, stat: string): GoldenMetric =>
  ({ golden, namespace, metricName, stat });

const RDS_METRICS = (ns: string): GoldenMetric[] => [
  g('saturation', ns, 'CPUUtilization', 'Average'),
  g('latency', ns, 'ReadLatency', 'Average'),
  g('latency', ns, 'WriteLatency', 'Average'),
  g('traffic', ns, 'DatabaseConnections', 'Maximum'),
  g('saturation', ns, 'FreeableMemory', 'Minimum'),
];

/**
 * Metric profile per resource type. Only metrics that exist with the given dimensions alone (DynamoDB
 * `ThrottledRequests` needs an `Operation` dimension, so table-level throttle events stand in for it).
 */
export const METRIC_PROFILES: Readonly<Record<string, MetricProfile>> = {
  'AWS::EC2::Instance': {
    namespace: 'AWS/EC2',
    dimensions: (r) => ({ InstanceId: r.name }),
    metrics: [
      g('saturation', 'AWS/EC2', 'CPUUtilization', 'Average'),
      g('errors', 'AWS/EC2', 'StatusCheckFailed', 'Maximum'),
      g('traffic', 'AWS/EC2', 'NetworkIn', 'Sum'),
      g('traffic', 'AWS/EC2', 'NetworkOut', 'Sum'),
    ],
  },
  'AWS::Lambda::Function': {
    namespace: 'AWS/Lambda',
    dimensions: (r) => ({ FunctionName: r.name }),
    metrics: [
      g('errors', 'AWS/Lambda', 'Errors', 'Sum'),
      g('latency', 'AWS/Lambda', 'Duration', 'p99'),
      g('saturation', 'AWS/Lambda', 'Throttles', 'Sum'),
      g('traffic', 'AWS/Lambda', 'Invocations', 'Sum'),
      g('saturation', 'AWS/Lambda', 'ConcurrentExecutions', 'Maximum'),
    ],
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    namespace: 'AWS/ApplicationELB',
    // Network and Gateway Load Balancers publish in AWS/NetworkELB and AWS/GatewayELB, with other metrics.
    dimensions: (r) => (r.name.startsWith('app/') ? { LoadBalancer: r.name } : undefined),
    metrics: [
      g('errors', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'Sum'),
      g('errors', 'AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'Sum'),
      g('latency', 'AWS/ApplicationELB', 'TargetResponseTime', 'p99'),
      g('traffic', 'AWS/ApplicationELB', 'RequestCount', 'Sum'),
      g('saturation', 'AWS/ApplicationELB', 'RejectedConnectionCount', 'Sum'),
    ],
  },
  'AWS::DynamoDB::Table': {
    namespace: 'AWS/DynamoDB',
    dimensions: (r) => ({ TableName: r.name }),
    metrics: [
      g('saturation', 'AWS/DynamoDB', 'ReadThrottleEvents', 'Sum'),
      g('saturation', 'AWS/DynamoDB', 'WriteThrottleEvents', 'Sum'),
      g('traffic', 'AWS/DynamoDB', 'ConsumedReadCapacityUnits', 'Sum'),
      g('traffic', 'AWS/DynamoDB', 'ConsumedWriteCapacityUnits', 'Sum'),
    ],
  },
  'AWS::RDS::DBInstance': {
    namespace: 'AWS/RDS',
    dimensions: (r) => ({ DBInstanceIdentifier: r.name }),
    metrics: RDS_METRICS('AWS/RDS'),
  },
  // Aurora publishes the same metrics per cluster under the DBClusterIdentifier dimension.
  'AWS::RDS::DBCluster': {
    namespace: 'AWS/RDS',
    dimensions: (r) => ({ DBClusterIdentifier: r.name }),
    metrics: RDS_METRICS('AWS/RDS'),
  },
  'AWS::ApiGateway::RestApi': {
    namespace: 'AWS/ApiGateway',
    // ApiName is the API's name; an ARN gives only its id, which is not a valid ApiName.
    dimensions: (r) => (r.arn ? undefined : { ApiName: r.name }),
    metrics: [
      g('errors', 'AWS/ApiGateway', '5XXError', 'Sum'),
      g('latency', 'AWS/ApiGateway', 'Latency', 'p99'),
      g('traffic', 'AWS/ApiGateway', 'Count', 'Sum'),
      g('errors', 'AWS/ApiGateway', '4XXError', 'Sum'),
    ],
  },
  'AWS::SQS::Queue': {
    namespace: 'AWS/SQS',
    dimensions: (r) => ({ QueueName: r.name }),
    metrics: [
      g('latency', 'AWS/SQS', 'ApproximateAgeOfOldestMessage', 'Maximum'),
      g('saturation', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'Maximum'),
      g('traffic', 'AWS/SQS', 'NumberOfMessagesSent', 'Sum'),
    ],
  },
  'AWS::ECS::Service': {
    namespace: 'AWS/ECS',
    dimensions: (r) => (r.cluster ? { ClusterName: r.cluster, ServiceName: r.name } : undefined),
    metrics: [
      g('saturation', 'AWS/ECS', 'CPUUtilization', 'Average'),
      g('saturation', 'AWS/ECS', 'MemoryUtilization', 'Average'),
    ],
  },
  'AWS::StepFunctions::StateMachine': {
    namespace: 'AWS/States',
    dimensions: (r) => (r.arn ? { StateMachineArn: r.arn } : undefined),
    metrics: [
      g('errors', 'AWS/States', 'ExecutionsFailed', 'Sum'),
      g('errors', 'AWS/States', 'ExecutionsTimedOut', 'Sum'),
      g('latency', 'AWS/States', 'ExecutionTime', 'p99'),
      g('traffic', 'AWS/States', 'ExecutionsStarted', 'Sum'),
    ],
  },
};

/** The metric subject of a catalogued id: an ECS service id `cluster/name` splits into cluster and name. */
export function metricSubject(type: string, id: string, arn?: string): MetricSubject {
  if (type === 'AWS::ECS::Service') {
    const m = /^([^/]+)\/([^/]+)$/.exec(id);
    if (m) return { type, name: m[2], cluster: m[1], ...(arn ? { arn } : {}) };
  }
  return { type, name: id, ...(arn ? { arn } : {}) };
}
