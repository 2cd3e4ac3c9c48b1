/**
 * A generated service estate: tens of services in a call DAG, each owning resources of several types (Lambda, API
 * Gateway, DynamoDB, RDS, SQS, ALB, EC2, ECS, EKS pods), spread over accounts, regions and environments, with the
 * CloudWatch alarms a team sets on each and a Synthetics canary per service. It is written out in the AWS response
 * shapes the CLI reads: Resource Groups Tagging API `GetResources` pages and an X-Ray `GetServiceGraph` response.
 *
 * Perturbations (each optional): alarm and resource names that do not carry the service (`opaqueNames`), a share of
 * resources without service tags (`untaggedShare`), a share of graph edges missing or pointing at the wrong service
 * (`badEdgeShare`), and several accounts and regions with a staging twin of some services (`multiAccount`).
 */
import type { AlarmDef, ServiceRef } from './generator';
import { Rng } from './rng';
import { resourceFromDimensions } from '../../src/runtime/model/aws-resources/resolve';
import type { TopologySnapshot } from '../../src/runtime/topology';

export const ACCOUNTS = ['210987654321', '310987654322', '410987654323'] as const;
export const REGIONS = ['eu-west-1', 'us-east-1'] as const;

export type ResourceKind = 'lambda' | 'apigw' | 'dynamodb' | 'rds' | 'sqs' | 'alb' | 'ec2' | 'ecs' | 'appsignals';
/** Kinds that hold data: a cascade's root is one of these in most episodes. */
export const DATA_KINDS: readonly ResourceKind[] = ['dynamodb', 'rds', 'sqs'];

export interface EstateResource {
  readonly kind: ResourceKind;
  /** Physical name (table, function, instance id...). */
  readonly name: string;
  /** The ARN normaliseEvent gives its alarms' signals (the CloudWatch alarm's when the metric names no resource). */
  readonly arns: readonly string[];
  readonly alarms: readonly AlarmDef[];
  /** Whether GetResources lists its service tag (false: untagged, or only the stack tag). */
  readonly tagged: boolean;
  readonly stackTagOnly: boolean;
}

export interface EstateService extends ServiceRef {
  readonly index: number;
  /** Unique key of this deployment: `name` in the clean estate, `name@environment` for a staging twin. */
  readonly key: string;
  readonly name: string;
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly stack: string;
  readonly resources: readonly EstateResource[];
  /** Services this one calls (indexes), and the services that call it. */
  readonly callees: number[];
  readonly callers: number[];
  /** A fleet of identical instances (identical-burst episodes fire one alarm type across it). */
  readonly fleet: readonly EstateResource[];
}

export interface EstateOptions {
  readonly services?: number;
  readonly opaqueNames?: boolean;
  readonly untaggedShare?: number;
  readonly badEdgeShare?: number;
  readonly multiAccount?: boolean;
}

export interface Estate {
  readonly services: readonly EstateService[];
  /** Edges as the inventory files report them (after perturbation), caller → callee, by service key. */
  readonly reportedEdges: readonly { readonly from: number; readonly to: number }[];
  readonly options: EstateOptions;
}

const NAMES = [
  'checkout', 'payments', 'catalog', 'search', 'cart', 'orders', 'inventory', 'shipping', 'auth', 'profile',
  'recommend', 'reviews', 'notify', 'pricing', 'ledger', 'billing', 'gateway', 'media', 'analytics', 'fraud',
  'loyalty', 'returns', 'tax', 'wishlist', 'session', 'content', 'geo', 'quotes', 'invoices', 'partners',
];
const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function buildEstate(seed: number, options: EstateOptions = {}): Estate {
  const rng = new Rng(seed * 7919 + 17);
  const n = options.services ?? 30;
  const services: EstateService[] = [];
  const place = (i: number): { account: string; region: string } => (options.multiAccount
    ? { account: ACCOUNTS[i % 2], region: REGIONS[Math.floor(i / 2) % 2] }
    : { account: ACCOUNTS[0], region: REGIONS[0] });
  for (let i = 0; i < n; i++) {
    const name = i < NAMES.length ? NAMES[i] : `${NAMES[i % NAMES.length]}${Math.floor(i / NAMES.length) + 1}`;
    services.push(buildService(rng, services.length, name, name, 'prod', place(i), options));
  }
  // A layered DAG: each service calls 1-3 services further down the list.
  for (const s of services) {
    for (const callee of rng.sample(services.slice(s.index + 1), rng.int(1, 3))) link(s, callee);
  }
  if (options.multiAccount) {
    // A staging twin of a third of the services (same names, the third account), calling the twins of its callees.
    const twins = new Map<number, EstateService>();
    for (const s of services.slice(0, n)) {
      if (!rng.chance(1 / 3)) continue;
      twins.set(s.index, buildService(rng, services.length, s.name, `${s.name}@staging`, 'staging', { account: ACCOUNTS[2], region: REGIONS[s.index % 2] }, options));
      services.push(twins.get(s.index)!);
    }
    for (const [orig, twin] of twins) {
      for (const c of services[orig].callees) if (twins.has(c)) link(twin, twins.get(c)!);
    }
  }
  const reportedEdges: { from: number; to: number }[] = [];
  for (const s of services) {
    for (const c of s.callees) {
      if (options.badEdgeShare && rng.chance(options.badEdgeShare)) {
        // Missing (half) or wrong: the caller is reported calling another service of its environment.
        if (rng.chance(0.5)) continue;
        const others = services.filter((o) => o.index !== s.index && o.index !== c && o.environment === s.environment);
        reportedEdges.push({ from: s.index, to: rng.pick(others).index });
        continue;
      }
      reportedEdges.push({ from: s.index, to: c });
    }
  }
  return { services, reportedEdges, options };
}

function link(caller: EstateService, callee: EstateService): void {
  caller.callees.push(callee.index);
  callee.callers.push(caller.index);
}

function buildService(
  rng: Rng, index: number, name: string, key: string, environment: string,
  where: { account: string; region: string }, options: EstateOptions,
): EstateService {
  const onEks = rng.chance(0.3);
  const kinds: ResourceKind[] = ['appsignals', onEks ? 'ec2' : 'ecs', rng.pick(['alb', 'apigw'] as const), rng.pick(DATA_KINDS)];
  const extra: ResourceKind[] = ['lambda', 'sqs', 'dynamodb', 'lambda', 'rds', 'alb', 'apigw'];
  const count = rng.int(6, 10);
  while (kinds.length < count) kinds.push(rng.pick(extra));
  const stack = options.opaqueNames ? `App${rng.hex(6)}-${environment}` : `${name}-${environment}`;
  const untagged = options.untaggedShare ?? 0;
  const mk = (kind: ResourceKind, i: number) => buildResource(rng, { name, environment, ...where }, kind, i, options.opaqueNames ?? false, untagged);
  const resources = kinds.map(mk);
  const fleet = Array.from({ length: rng.int(3, 8) }, (_, i) => mk('ec2', 100 + i));
  const canaryName = (options.opaqueNames ? `hc-${rng.hex(8)}` : `${name}-${environment === 'prod' ? 'canary' : 'stg'}`).slice(0, 21);
  return {
    index,
    key,
    name,
    environment,
    ...where,
    stack,
    resources,
    fleet,
    callees: [],
    callers: [],
    canary: { name: canaryName, id: rng.uuid() },
    ...(onEks
      ? {
        k8s: {
          namespace: name,
          pods: Array.from({ length: 4 }, () => ({
            name: `${name}-${rng.chars(K8S_ALPHABET, 10)}-${rng.chars(K8S_ALPHABET, 5)}`,
            uid: rng.uuid(),
            node: `ip-10-${rng.int(0, 255)}-${rng.int(0, 255)}-${rng.int(1, 254)}.${where.region}.compute.internal`,
          })),
        },
      }
      : {}),
  };
}

interface Owner { readonly name: string; readonly environment: string; readonly account: string; readonly region: string }

/** One alarm type on one resource kind: [type, namespace, metric, stat, period, threshold, what]. */
type AlarmType = readonly [string, string, string, string, number, number, string];
const ALARM_TYPES: Record<ResourceKind, readonly AlarmType[]> = {
  appsignals: [['HighErrorRate', 'ApplicationSignals', 'Fault', 'Average', 60, 0.05, 'Fault rate above 5 %'], ['p99Latency', 'ApplicationSignals', 'Latency', 'p99', 60, 1500, 'p99 latency above 1.5 s']],
  ecs: [['CPUUtilization-high', 'AWS/ECS', 'CPUUtilization', 'Average', 60, 85, 'CPU above 85 %'], ['MemoryUtilization-high', 'AWS/ECS', 'MemoryUtilization', 'Average', 60, 90, 'Memory above 90 %']],
  lambda: [['Errors', 'AWS/Lambda', 'Errors', 'Sum', 60, 5, 'Errors above 5 a minute'], ['Throttles', 'AWS/Lambda', 'Throttles', 'Sum', 60, 1, 'Throttled'], ['Duration-p99', 'AWS/Lambda', 'Duration', 'p99', 60, 5000, 'p99 duration above 5 s']],
  rds: [['CPUUtilization-high', 'AWS/RDS', 'CPUUtilization', 'Average', 60, 90, 'Database CPU above 90 %'], ['DatabaseConnections-high', 'AWS/RDS', 'DatabaseConnections', 'Maximum', 60, 400, 'Connections above 400']],
  alb: [['HighErrorRate', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'Sum', 60, 50, 'Target 5XX above 50 a minute'], ['p99Latency', 'AWS/ApplicationELB', 'TargetResponseTime', 'p99', 60, 1.5, 'p99 response time above 1.5 s'], ['UnHealthyHostCount', 'AWS/ApplicationELB', 'UnHealthyHostCount', 'Maximum', 60, 0, 'Unhealthy targets']],
  sqs: [['ApproximateAgeOfOldestMessage-high', 'AWS/SQS', 'ApproximateAgeOfOldestMessage', 'Maximum', 300, 300, 'Oldest message older than 5 min']],
  dynamodb: [['ThrottledRequests', 'AWS/DynamoDB', 'ThrottledRequests', 'Sum', 60, 10, 'Throttled requests'], ['SystemErrors', 'AWS/DynamoDB', 'SystemErrors', 'Sum', 60, 1, 'System errors']],
  apigw: [['HighErrorRate', 'AWS/ApiGateway', '5XXError', 'Average', 60, 0.05, '5XX rate above 5 %'], ['p99Latency', 'AWS/ApiGateway', 'Latency', 'p99', 60, 2000, 'p99 latency above 2 s']],
  ec2: [['CPUUtilization-high', 'AWS/EC2', 'CPUUtilization', 'Average', 300, 80, 'CPU above 80 %'], ['StatusCheckFailed', 'AWS/EC2', 'StatusCheckFailed', 'Maximum', 60, 0.5, 'Status check failed']],
};

function buildResource(rng: Rng, owner: Owner, kind: ResourceKind, i: number, opaque: boolean, untaggedShare: number): EstateResource {
  const base = opaque ? rng.hex(6) : `${owner.name}-${i}`;
  const { name, dims } = physical(rng, kind, base, owner, opaque);
  const alarms = ALARM_TYPES[kind].map(([type, namespace, metric, stat, period, threshold, what]): AlarmDef => {
    const alarmName = opaque ? `${type}-${kind}-${rng.hex(6)}` : `${owner.name}-${owner.environment}-${kind}${i}-${type}`;
    return {
      name: alarmName,
      type,
      account: owner.account,
      region: owner.region,
      description: opaque ? what : `${what} (${owner.name}, owned by team-${owner.name})`,
      metric: { namespace, name: metric, dimensions: dims, stat, period },
      threshold,
    };
  });
  const arns = new Set<string>();
  for (const a of alarms) {
    arns.add(resourceFromDimensions({ namespace: a.metric.namespace, dimensions: a.metric.dimensions }, owner.region, owner.account)?.arn
      ?? `arn:aws:cloudwatch:${owner.region}:${owner.account}:alarm:${a.name}`);
  }
  const untagged = rng.chance(untaggedShare);
  return { kind, name, arns: [...arns].filter(Boolean), alarms, tagged: !untagged, stackTagOnly: untagged && rng.chance(0.5) };
}

function physical(rng: Rng, kind: ResourceKind, base: string, owner: Owner, opaque: boolean): { name: string; dims: Record<string, string> } {
  switch (kind) {
    case 'appsignals': return { name: owner.name, dims: { Service: owner.name, Operation: `POST /${opaque ? 'v1' : owner.name}`, Environment: `eks:${owner.environment}` } };
    case 'ecs': return { name: `${owner.environment}/${owner.name}`, dims: { ClusterName: owner.environment, ServiceName: owner.name } };
    case 'lambda': return { name: `fn-${base}`, dims: { FunctionName: `fn-${base}` } };
    case 'rds': return { name: `db-${base}`, dims: { DBInstanceIdentifier: `db-${base}` } };
    case 'alb': {
      const lb = `app/alb-${base}/${rng.hex(16)}`;
      return { name: lb, dims: { LoadBalancer: lb } };
    }
    case 'sqs': return { name: `q-${base}`, dims: { QueueName: `q-${base}` } };
    case 'dynamodb': return { name: `tbl-${base}`, dims: { TableName: `tbl-${base}` } };
    case 'apigw': return { name: `api-${base}`, dims: { ApiName: `api-${base}`, Stage: owner.environment } };
    case 'ec2': {
      const id = `i-0${rng.hex(16)}`;
      return { name: id, dims: { InstanceId: id } };
    }
  }
}

/** Resource Groups Tagging API `GetResources` response pages (100 mappings a page, `PaginationToken` between). */
export interface TagMapping { ResourceARN: string; Tags: { Key: string; Value: string }[] }
export interface ResourcesPage { PaginationToken: string; ResourceTagMappingList: TagMapping[] }
export interface GraphNode {
  ReferenceId: number; Name: string; Names: string[]; Type: string; State: string; AccountId: string; Edges: { ReferenceId: number }[];
}
export interface ServiceGraphResponse { StartTime: number; EndTime: number; Services: GraphNode[]; ContainsOldGroupVersions: boolean }

export function inventoryPages(estate: Estate): ResourcesPage[] {
  const rows: TagMapping[] = [];
  for (const s of estate.services) {
    const canaryArn = `arn:aws:synthetics:${s.region}:${s.account}:canary:${s.canary.name}`;
    const all = [...s.resources, ...s.fleet, { arns: [canaryArn], tagged: true, stackTagOnly: false } as const];
    for (const r of all) {
      const tags = r.tagged
        ? [{ Key: 'service', Value: s.name }, { Key: 'environment', Value: s.environment }, { Key: 'aws:cloudformation:stack-name', Value: s.stack }]
        : r.stackTagOnly ? [{ Key: 'aws:cloudformation:stack-name', Value: s.stack }] : [];
      for (const arn of r.arns) rows.push({ ResourceARN: arn, Tags: tags });
    }
  }
  const pages = [];
  for (let i = 0; i < rows.length; i += 100) {
    pages.push({ PaginationToken: i + 100 < rows.length ? `page-${i / 100 + 1}` : '', ResourceTagMappingList: rows.slice(i, i + 100) });
  }
  return pages;
}

const XRAY_TYPES: Partial<Record<ResourceKind, string>> = { dynamodb: 'AWS::DynamoDB::Table', rds: 'remote', sqs: 'AWS::SQS::Queue' };

/**
 * An X-Ray `GetServiceGraph` response: one node per service deployment (Name = service, `AWS::ECS::Container` or
 * `AWS::EKS::Container`) and one per data store it calls, edges by `ReferenceId` as reported (perturbed).
 */
export function serviceGraph(estate: Estate, start: number, end: number): ServiceGraphResponse {
  const nodes: GraphNode[] = [];
  const idOf = new Map<number, number>();
  for (const s of estate.services) {
    idOf.set(s.index, nodes.length);
    nodes.push({ ReferenceId: nodes.length, Name: s.name, Names: [s.name], Type: s.k8s ? 'AWS::EKS::Container' : 'AWS::ECS::Container', State: 'active', AccountId: s.account, Edges: [] });
  }
  for (const e of estate.reportedEdges) nodes[idOf.get(e.from)!].Edges.push({ ReferenceId: idOf.get(e.to)! });
  for (const s of estate.services) {
    for (const r of s.resources) {
      const type = XRAY_TYPES[r.kind];
      if (!type) continue;
      nodes[idOf.get(s.index)!].Edges.push({ ReferenceId: nodes.length });
      nodes.push({ ReferenceId: nodes.length, Name: r.name, Names: [r.name], Type: type, State: 'unknown', AccountId: s.account, Edges: [] });
    }
  }
  return { StartTime: start / 1000, EndTime: end / 1000, Services: nodes, ContainsOldGroupVersions: false };
}

/**
 * The topology snapshot the CLI would build from the two files: resources and tags from the inventory pages, service
 * edges from the graph's service-to-service edges (data-store nodes are the callers' own resources, not services).
 */
export function snapshotFromFiles(pages: readonly ResourcesPage[], graph: ServiceGraphResponse, generatedAt: string): TopologySnapshot {
  const resources = pages.flatMap((p) => p.ResourceTagMappingList.map((m) => ({
    arn: m.ResourceARN,
    tags: Object.fromEntries(m.Tags.map((t) => [t.Key, t.Value])),
  })));
  const nodes = graph.Services;
  const byId = new Map(nodes.map((n) => [n.ReferenceId, n]));
  const isService = (t: string) => t.endsWith('::Container');
  const edges: TopologySnapshot['edges'] = [];
  const seen = new Set<string>();
  for (const n of nodes) {
    if (!isService(n.Type)) continue;
    for (const e of n.Edges) {
      const to = byId.get(e.ReferenceId);
      if (!to || !isService(to.Type) || to.Name === n.Name || seen.has(`${n.Name}>${to.Name}`)) continue;
      seen.add(`${n.Name}>${to.Name}`);
      edges.push({ from: n.Name, to: to.Name, source: 'xray' });
    }
  }
  return { version: 1, generatedAt, resources, edges };
}
