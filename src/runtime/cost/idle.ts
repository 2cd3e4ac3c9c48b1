import { DEFAULT_IDLE_ASSUMPTIONS, type IdleAssumptions } from './assumptions';
import { IDLE_PRICERS } from './idle-pricers';
import type { CfnTemplate, IdleCost, ResourceIdleCost } from './types';

const PER_USE = 'billed per use';

/**
 * Resource types that cost nothing while no incident happens, each with the reason. A type in neither this table nor
 * {@link IDLE_PRICERS} is reported as not priced.
 */
export const FREE_AT_IDLE: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'IAM is free',
  'AWS::IAM::Policy': 'IAM is free',
  'AWS::IAM::ManagedPolicy': 'IAM is free',
  'AWS::IAM::InstanceProfile': 'IAM is free',
  'AWS::KMS::Alias': 'aliases are free',
  'AWS::Lambda::Function': `${PER_USE} (requests, GB-seconds): nothing at idle`,
  'AWS::Lambda::Permission': 'a resource policy statement: free',
  'AWS::Lambda::Url': 'function URLs are free; their requests are the function\'s',
  'AWS::Lambda::Version': 'free',
  'AWS::Lambda::Alias': 'free',
  'AWS::Lambda::EventInvokeConfig': 'free',
  'AWS::SQS::Queue': `${PER_USE} (requests): its pollers are priced on the event source mapping`,
  'AWS::SQS::QueuePolicy': 'free',
  'AWS::SNS::Topic': `${PER_USE} (publishes, deliveries): nothing at idle`,
  'AWS::SNS::Subscription': 'free',
  'AWS::SNS::TopicPolicy': 'free',
  'AWS::Events::EventBus': `${PER_USE} (custom events published): priced per incident`,
  'AWS::Events::EventBusPolicy': 'free',
  'AWS::StepFunctions::StateMachine': `${PER_USE} (state transitions): priced per incident`,
  'AWS::StepFunctions::Activity': 'free',
  'AWS::CloudWatch::AnomalyDetector': 'free: the alarm that uses the model is billed for it',
  'AWS::Logs::MetricFilter': 'free',
  'AWS::Logs::SubscriptionFilter': 'free; delivery is billed by its destination',
  'AWS::Logs::QueryDefinition': 'free',
  'AWS::Logs::ResourcePolicy': 'free',
  'AWS::S3::Bucket': `${PER_USE} (GB stored, requests): empty at idle`,
  'AWS::S3::BucketPolicy': 'free',
  'AWS::S3Vectors::VectorBucket': 'free: the vectors are billed on their index',
  'AWS::S3Vectors::VectorBucketPolicy': 'free',
  'AWS::OpenSearchServerless::SecurityPolicy': 'free',
  'AWS::OpenSearchServerless::AccessPolicy': 'free',
  'AWS::OpenSearchServerless::LifecyclePolicy': 'free',
  'AWS::Bedrock::KnowledgeBase': `${PER_USE}: embeddings and the vector store are the cost`,
  'AWS::Bedrock::DataSource': `${PER_USE}: ingestion runs embed documents`,
  'AWS::SecretsManager::ResourcePolicy': 'free',
  'AWS::SecretsManager::RotationSchedule': 'free; the rotation function is billed per use',
  'AWS::SSM::Parameter': 'standard parameters are free',
  'AWS::SSM::Document': 'free; automations are billed per step when they run',
  'AWS::DevOpsGuru::NotificationChannel': 'free',
  'AWS::EKS::Addon': 'free; its pods run on the nodes',
  'AWS::EKS::AccessEntry': 'free',
  'AWS::EKS::PodIdentityAssociation': 'free',
  'AWS::Synthetics::Group': 'free',
  'AWS::EC2::SecurityGroup': 'free',
  'AWS::EC2::SecurityGroupIngress': 'free',
  'AWS::EC2::SecurityGroupEgress': 'free',
  'AWS::CloudFormation::Stack': 'free: the nested stack\'s own resources are priced',
  'AWS::CDK::Metadata': 'CDK version reporting: free',
};

/** Custom resources run at deploy time only (their Lambda invocations are the deployment's). */
const CUSTOM = /^Custom::|^AWS::CloudFormation::CustomResource$/;
/** aws-cdk-lib's EKS cluster is a custom resource, priced like `AWS::EKS::Cluster`. */
const CDK_EKS_CLUSTER = 'Custom::AWSCDK-EKS-Cluster';

/** Every resource type the table knows, priced or free. */
export function knownResourceTypes(): string[] {
  return [...Object.keys(IDLE_PRICERS), ...Object.keys(FREE_AT_IDLE), CDK_EKS_CLUSTER].sort();
}

/** Whether the table knows a type: a new type the library creates must be added to it (a test checks). */
export function isKnownResourceType(type: string): boolean {
  return type in IDLE_PRICERS || type in FREE_AT_IDLE || CUSTOM.test(type);
}

/**
 * The idle monthly cost of every resource of a template: what it costs with no incident, priced from the table with
 * the stated assumptions. Unknown types, and resources the table cannot price (a token where a number is needed), come
 * back with `priced: false` and the reason.
 */
export function priceTemplateIdle(
  stack: string,
  template: CfnTemplate,
  assumptions: IdleAssumptions = DEFAULT_IDLE_ASSUMPTIONS,
): ResourceIdleCost[] {
  const resources = template.Resources ?? {};
  const lookup = (id: string) => (Object.prototype.hasOwnProperty.call(resources, id) ? resources[id] : undefined);
  return Object.entries(resources).map(([logicalId, resource]) => {
    const type = resource.Type;
    const pricer = IDLE_PRICERS[type === CDK_EKS_CLUSTER ? 'AWS::EKS::Cluster' : type];
    let result: IdleCost | { notPriced: string };
    if (pricer) result = pricer(resource, { lookup, assumptions });
    else if (type in FREE_AT_IDLE) result = { usdPerMonth: 0, basis: FREE_AT_IDLE[type], prices: [] };
    else if (CUSTOM.test(type)) result = { usdPerMonth: 0, basis: 'custom resource: runs at deploy time only', prices: [] };
    else result = { notPriced: 'resource type not in the price table' };
    return 'notPriced' in result
      ? { stack, logicalId, type, basis: result.notPriced, prices: [], priced: false }
      : { stack, logicalId, type, usdPerMonth: result.usdPerMonth, basis: result.basis, prices: result.prices, priced: true };
  });
}
