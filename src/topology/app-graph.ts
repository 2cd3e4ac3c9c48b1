import {
  ArnFormat, CfnResource, DefaultTokenResolver, Reference, Stack, StringConcat, Token, Tokenization,
  type IPostProcessor, type IResolvable, type IResolveContext,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/*
 * The synth-time graph of a CDK app: who owns each resource, and which service calls which, read from the L1
 * resources and the references between them (Ref, Fn::GetAtt, and every token nested in Fn::Join, Lazy values and
 * JSON definitions). Construct-side only: no runtime import.
 */

/** Metadata type that marks a construct subtree as one service (written by `AppTopology.service`). */
export const SERVICE_METADATA = 'cdk-aiops:service';

/** How a resource type's ARN is made from its L1, and whether it stores data. */
interface TypeSpec {
  readonly arn: (r: CfnResource) => string;
  readonly datastore?: boolean;
}

const getAtt = (attribute: string) => (r: CfnResource) => Token.asString(r.getAtt(attribute));
const ref = (r: CfnResource) => r.ref;
const formatted = (service: string, resource: string, format: ArnFormat, noAccount = false) => (r: CfnResource) =>
  Stack.of(r).formatArn({ service, resource, resourceName: r.ref, arnFormat: format, ...(noAccount ? { account: '' } : {}) });

/**
 * The resource types whose owners are listed (what signals are about), with their ARNs as CloudFormation will
 * resolve them. Other types (roles, policies, log groups...) still carry owners for edges, but are not listed.
 */
const TYPES: Readonly<Record<string, TypeSpec>> = {
  'AWS::Lambda::Function': { arn: getAtt('Arn') },
  'AWS::StepFunctions::StateMachine': { arn: ref },
  'AWS::ECS::Service': { arn: ref },
  'AWS::ECS::Cluster': { arn: getAtt('Arn') },
  'AWS::EC2::Instance': { arn: formatted('ec2', 'instance', ArnFormat.SLASH_RESOURCE_NAME) },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { arn: ref },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { arn: ref },
  'AWS::ApiGateway::RestApi': { arn: formatted('apigateway', '/restapis', ArnFormat.SLASH_RESOURCE_NAME, true) },
  'AWS::ApiGatewayV2::Api': { arn: formatted('apigateway', '/apis', ArnFormat.SLASH_RESOURCE_NAME, true) },
  'AWS::SNS::Topic': { arn: ref },
  'AWS::CloudWatch::Alarm': { arn: getAtt('Arn') },
  'AWS::CloudWatch::CompositeAlarm': { arn: getAtt('Arn') },
  'AWS::DynamoDB::Table': { arn: getAtt('Arn'), datastore: true },
  'AWS::DynamoDB::GlobalTable': { arn: getAtt('Arn'), datastore: true },
  'AWS::SQS::Queue': { arn: getAtt('Arn'), datastore: true },
  'AWS::S3::Bucket': { arn: getAtt('Arn'), datastore: true },
  'AWS::Kinesis::Stream': { arn: getAtt('Arn'), datastore: true },
  'AWS::RDS::DBInstance': { arn: formatted('rds', 'db', ArnFormat.COLON_RESOURCE_NAME), datastore: true },
  'AWS::RDS::DBCluster': { arn: formatted('rds', 'cluster', ArnFormat.COLON_RESOURCE_NAME), datastore: true },
};

/** How an edge of the graph was found. */
export const EDGE_VIAS = {
  LAMBDA_ENVIRONMENT: 'lambda-environment',
  EVENT_SOURCE: 'event-source-mapping',
  LOAD_BALANCER: 'load-balancer',
  API_INTEGRATION: 'api-integration',
  STATE_MACHINE: 'state-machine',
  SUBSCRIPTION: 'sns-subscription',
} as const;

/** One resource the graph lists, with its owner. */
export interface GraphResource {
  readonly resource: CfnResource;
  readonly arn: string;
  readonly service: string;
  readonly environment?: string;
}

/** `from` calls `to` (failures flow from `to` up to `from`). */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly via: string;
}

export interface AppGraph {
  readonly resources: readonly GraphResource[];
  readonly edges: readonly GraphEdge[];
  readonly services: readonly string[];
  /** Services made only of data stores (tables, queues, buckets, streams, databases). */
  readonly datastores: readonly string[];
}

export interface GraphOptions {
  readonly stacks: readonly Stack[];
  /** Tag key read on a stack for its service when no mark names one. */
  readonly serviceTagKey: string;
  /** Tag key read on a stack for its environment. */
  readonly environmentTagKey: string;
  /** Environment of every resource, over the stack tag. */
  readonly environment?: string;
}

/** Collects the targets of every Reference (Ref, Fn::GetAtt) met while resolving a value; resolves nothing else. */
class ReferenceCollector extends DefaultTokenResolver {
  public readonly targets = new Set<IConstruct>();
  constructor() {
    super(new StringConcat());
  }
  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): any {
    if (Reference.isReference(t)) {
      this.targets.add(t.target);
      return 'REF';
    }
    return super.resolveToken(t, context, postProcessor);
  }
}

/** The L1 resources a value refers to (through any depth of tokens). */
export function referencedResources(scope: IConstruct, value: unknown): CfnResource[] {
  if (value === undefined || value === null) return [];
  const collector = new ReferenceCollector();
  try {
    Tokenization.resolve(value, { scope, resolver: collector, preparing: false });
  } catch {
    // A value that cannot resolve here (a token of another app) names nothing we can read.
    return [];
  }
  return [...collector.targets].filter((t): t is CfnResource => CfnResource.isCfnResource(t));
}

/** The L1's properties as written (tokens unresolved): every generated L1 has the protected `cfnProperties`. */
function propertiesOf(r: CfnResource): Record<string, any> {
  const props = (r as unknown as { cfnProperties?: Record<string, any> }).cfnProperties;
  return props ?? {};
}

/** The service a construct belongs to: the nearest marked scope, else its stack's service tag, else its stack name. */
export function serviceOf(construct: IConstruct, serviceTagKey: string): string {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const mark = scopes[i].node.metadata.find((m) => m.type === SERVICE_METADATA);
    if (mark && typeof mark.data === 'string') return mark.data;
  }
  const stack = Stack.of(construct);
  const tagged = stack.tags.tagValues()[serviceTagKey];
  return tagged && !Token.isUnresolved(tagged) ? tagged : stack.stackName;
}

/** Reads the app: owners of the listed resource types and the edges between services. */
export function buildGraph(options: GraphOptions): AppGraph {
  const all: CfnResource[] = [];
  for (const stack of options.stacks) {
    for (const c of stack.node.findAll()) if (CfnResource.isCfnResource(c) && Stack.of(c) === stack) all.push(c);
  }
  const owners = new Map<CfnResource, string>();
  const owner = (r: CfnResource) => {
    let s = owners.get(r);
    if (s === undefined) {
      s = serviceOf(r, options.serviceTagKey);
      owners.set(r, s);
    }
    return s;
  };
  const resources: GraphResource[] = [];
  const byService = new Map<string, boolean>();
  for (const r of all) {
    const spec = TYPES[r.cfnResourceType];
    if (!spec) continue;
    const service = owner(r);
    const environment = options.environment ?? stackEnvironment(Stack.of(r), options.environmentTagKey);
    resources.push({ resource: r, arn: spec.arn(r), service, ...(environment ? { environment } : {}) });
    byService.set(service, (byService.get(service) ?? true) && spec.datastore === true);
  }
  const edges = new EdgeSet(owner);
  const targetsOf = targetGroupTargets(all);
  for (const r of all) {
    const props = propertiesOf(r);
    switch (r.cfnResourceType) {
      case 'AWS::Lambda::Function':
        for (const t of referencedResources(r, props.environment)) if (TYPES[t.cfnResourceType]) edges.add(r, t, EDGE_VIAS.LAMBDA_ENVIRONMENT);
        break;
      case 'AWS::Lambda::EventSourceMapping': {
        const [fn] = referencedResources(r, props.functionName);
        if (fn) for (const source of referencedResources(r, props.eventSourceArn)) edges.add(fn, source, EDGE_VIAS.EVENT_SOURCE);
        break;
      }
      case 'AWS::SNS::Subscription': {
        // The subscriber consumes what the topic's owner publishes, as an event source mapping does.
        const [topic] = referencedResources(r, props.topicArn);
        if (topic) for (const subscriber of referencedResources(r, props.endpoint)) edges.add(subscriber, topic, EDGE_VIAS.SUBSCRIPTION);
        break;
      }
      case 'AWS::ElasticLoadBalancingV2::Listener':
      case 'AWS::ElasticLoadBalancingV2::ListenerRule': {
        const refs = referencedResources(r, props);
        const balancers = loadBalancersOf(r, refs);
        for (const tg of refs.filter((x) => x.cfnResourceType === 'AWS::ElasticLoadBalancingV2::TargetGroup')) {
          for (const target of targetsOf.get(tg) ?? []) for (const lb of balancers) edges.add(lb, target, EDGE_VIAS.LOAD_BALANCER);
        }
        break;
      }
      case 'AWS::ApiGateway::Method': {
        const [api] = referencedResources(r, props.restApiId);
        if (api) for (const fn of functions(referencedResources(r, props.integration))) edges.add(api, fn, EDGE_VIAS.API_INTEGRATION);
        break;
      }
      case 'AWS::ApiGatewayV2::Integration': {
        const [api] = referencedResources(r, props.apiId);
        if (api) for (const fn of functions(referencedResources(r, props.integrationUri))) edges.add(api, fn, EDGE_VIAS.API_INTEGRATION);
        break;
      }
      case 'AWS::StepFunctions::StateMachine': {
        const refs = referencedResources(r, [props.definitionString, props.definition, props.definitionSubstitutions]);
        for (const t of refs) if (TYPES[t.cfnResourceType] && t.cfnResourceType !== 'AWS::StepFunctions::StateMachine') edges.add(r, t, EDGE_VIAS.STATE_MACHINE);
        break;
      }
      default:
        break;
    }
  }
  const services = [...new Set([...byService.keys(), ...edges.services()])].sort();
  const datastores = [...byService.entries()].filter(([, only]) => only).map(([s]) => s).sort();
  return { resources, edges: edges.list(), services, datastores };
}

function stackEnvironment(stack: Stack, key: string): string | undefined {
  const value = stack.tags.tagValues()[key];
  return value && !Token.isUnresolved(value) ? value : undefined;
}

function functions(refs: readonly CfnResource[]): CfnResource[] {
  return refs.filter((r) => r.cfnResourceType === 'AWS::Lambda::Function');
}

/** The load balancers a listener or listener rule serves (a rule's through its listener). */
function loadBalancersOf(r: CfnResource, refs: readonly CfnResource[]): CfnResource[] {
  const direct = refs.filter((x) => x.cfnResourceType === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  if (direct.length > 0) return direct;
  const listeners = refs.filter((x) => x.cfnResourceType === 'AWS::ElasticLoadBalancingV2::Listener');
  return listeners.flatMap((l) => referencedResources(r, propertiesOf(l).loadBalancerArn));
}

/** What each target group forwards to: its Lambda or instance targets, the ECS services and groups that register in it. */
function targetGroupTargets(all: readonly CfnResource[]): Map<CfnResource, CfnResource[]> {
  const out = new Map<CfnResource, CfnResource[]>();
  const add = (tg: CfnResource, target: CfnResource) => out.set(tg, [...(out.get(tg) ?? []), target]);
  for (const r of all) {
    const props = propertiesOf(r);
    if (r.cfnResourceType === 'AWS::ElasticLoadBalancingV2::TargetGroup') {
      for (const t of referencedResources(r, props.targets)) add(r, t);
    } else if (r.cfnResourceType === 'AWS::ECS::Service') {
      for (const tg of referencedResources(r, props.loadBalancers)) add(tg, r);
    } else if (r.cfnResourceType === 'AWS::AutoScaling::AutoScalingGroup') {
      for (const tg of referencedResources(r, props.targetGroupArns)) add(tg, r);
    }
  }
  return out;
}

/** Service edges, deduplicated, without self edges. */
class EdgeSet {
  private readonly edges = new Map<string, GraphEdge>();
  constructor(private readonly owner: (r: CfnResource) => string) {}
  public add(from: CfnResource, to: CfnResource, via: string): void {
    const a = this.owner(from);
    const b = this.owner(to);
    if (a === b) return;
    const key = `${a}\u0000${b}`;
    if (!this.edges.has(key)) this.edges.set(key, { from: a, to: b, via });
  }
  public list(): GraphEdge[] {
    return [...this.edges.values()].sort((x, y) => (x.from === y.from ? (x.to < y.to ? -1 : 1) : x.from < y.from ? -1 : 1));
  }
  public services(): string[] {
    return [...this.edges.values()].flatMap((e) => [e.from, e.to]);
  }
}
