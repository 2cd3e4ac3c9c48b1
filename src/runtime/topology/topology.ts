import type { Signal } from '../model';
import { emptySnapshot, type ServiceEdge, type SnapshotResource, type TopologySnapshot, type TopologySource } from './snapshot';

/** Tag keys read for a resource's service, in order: the first present wins. */
export const DEFAULT_SERVICE_TAG_KEYS: readonly string[] = Object.freeze(['service', 'app', 'application', 'awsApplication']);
/** Tag keys read for a resource's environment, in order. */
export const DEFAULT_ENVIRONMENT_TAG_KEYS: readonly string[] = Object.freeze(['environment', 'env', 'stage']);
/** The tag CloudFormation puts on every resource of a stack. */
export const STACK_NAME_TAG = 'aws:cloudformation:stack-name';

export interface OwnerLookupOptions {
  /** @default DEFAULT_SERVICE_TAG_KEYS */
  readonly serviceTagKeys?: readonly string[];
  /** @default DEFAULT_ENVIRONMENT_TAG_KEYS */
  readonly environmentTagKeys?: readonly string[];
}

/** Who a signal belongs to. Two signals correlate on their owner only when all four parts agree. */
export interface Owner {
  readonly service?: string;
  readonly environment?: string;
  readonly account?: string;
  readonly region?: string;
  /** How the service was found: `tags`, `stack`, `cdk-app`, `hint`, `signal` (the normaliser's own guess) or `none`. */
  readonly via: 'tags' | 'stack' | 'cdk-app' | 'hint' | 'signal' | 'none';
}

interface ResolvedResource {
  readonly service?: string;
  readonly environment?: string;
  readonly stack?: string;
  readonly fromTags: boolean;
}

/**
 * A compiled {@link TopologySnapshot}: owner lookup by ARN and stack, and the service graph (a DAG of callers and
 * callees; cycles are tolerated, every walk is bounded). Pure and immutable; built once per snapshot, read per signal.
 */
export class Topology {
  /** No inventory and no edges: owners come from what signals say. */
  public static readonly EMPTY = Topology.fromSnapshot(emptySnapshot());

  public static fromSnapshot(snapshot: TopologySnapshot, options: OwnerLookupOptions = {}, extraEdges: readonly ServiceEdge[] = []): Topology {
    return new Topology(snapshot, options, extraEdges);
  }

  public readonly generatedAt: string;
  private readonly snapshot: TopologySnapshot;
  private readonly options: OwnerLookupOptions;
  private readonly extraEdges: readonly ServiceEdge[];
  public readonly resourceCount: number;
  public readonly edgeCount: number;
  private readonly resources = new Map<string, ResolvedResource>();
  private readonly stackServices = new Map<string, { service: string; environment?: string }>();
  private readonly calleesOf = new Map<string, Map<string, TopologySource>>();
  private readonly callersOf = new Map<string, Map<string, TopologySource>>();
  private readonly datastores: ReadonlySet<string>;
  /** Where each service's inventoried resources live: `environment|account|region` (parts may be empty). */
  private readonly locations = new Map<string, Set<string>>();

  private constructor(snapshot: TopologySnapshot, options: OwnerLookupOptions, extraEdges: readonly ServiceEdge[]) {
    const serviceKeys = options.serviceTagKeys ?? DEFAULT_SERVICE_TAG_KEYS;
    const environmentKeys = options.environmentTagKeys ?? DEFAULT_ENVIRONMENT_TAG_KEYS;
    this.generatedAt = snapshot.generatedAt;
    this.snapshot = snapshot;
    this.options = options;
    this.extraEdges = extraEdges;
    // Votes per stack: the service most of its tagged resources carry owns its untagged ones.
    const votes = new Map<string, Map<string, number>>();
    const stackEnv = new Map<string, string>();
    for (const r of snapshot.resources) {
      const resolved = resolveResource(r, serviceKeys, environmentKeys);
      this.resources.set(r.arn, resolved);
      if (resolved.service !== undefined) {
        const [, , , region = '', account = ''] = r.arn.split(':');
        const at = this.locations.get(resolved.service) ?? new Set<string>();
        at.add(`${resolved.environment ?? ''}|${account}|${region}`);
        this.locations.set(resolved.service, at);
      }
      if (resolved.stack && resolved.service) {
        const v = votes.get(resolved.stack) ?? new Map<string, number>();
        v.set(resolved.service, (v.get(resolved.service) ?? 0) + 1);
        votes.set(resolved.stack, v);
        if (resolved.environment) stackEnv.set(resolved.stack, resolved.environment);
      }
    }
    for (const [stack, v] of votes) {
      const [service] = [...v.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      this.stackServices.set(stack, { service, environment: stackEnv.get(stack) });
    }
    for (const e of [...snapshot.edges, ...extraEdges]) {
      if (e.from === e.to) continue;
      link(this.calleesOf, e.from, e.to, e.source);
      link(this.callersOf, e.to, e.from, e.source);
    }
    this.resourceCount = this.resources.size;
    this.edgeCount = [...this.calleesOf.values()].reduce((n, m) => n + m.size, 0);
    this.datastores = new Set(snapshot.datastores ?? []);
  }

  /** This topology with more edges (the rules' declared ones). */
  public withEdges(edges: readonly ServiceEdge[]): Topology {
    return new Topology(this.snapshot, this.options, [...this.extraEdges, ...edges]);
  }

  /**
   * The owner of a signal: its resource's (or a hinted ARN's) tags, else its stack's service, else the services the
   * source itself names, else the normaliser's guess (`signal.service`). Account and region come from the resource.
   */
  public owner(signal: Signal): Owner {
    const { account, region } = signal.resource;
    let service: string | undefined;
    let environment: string | undefined = signal.environment;
    let via: Owner['via'] = 'none';
    const arns = signal.resource.arn ? [signal.resource.arn, ...(signal.hints?.arns ?? [])] : signal.hints?.arns ?? [];
    const stacks: string[] = [...(signal.hints?.stacks ?? [])];
    for (const arn of arns) {
      const r = this.resources.get(arn);
      if (!r) continue;
      environment ??= r.environment;
      if (r.stack) stacks.push(r.stack);
      if (r.service !== undefined && service === undefined) {
        service = r.service;
        via = r.fromTags ? 'tags' : 'cdk-app';
      }
    }
    if (service === undefined) {
      for (const stack of stacks) {
        const s = this.stackServices.get(stack);
        if (!s) continue;
        service = s.service;
        environment ??= s.environment;
        via = 'stack';
        break;
      }
    }
    if (service === undefined && signal.hints?.services?.length) {
      service = signal.hints.services[0];
      via = 'hint';
    }
    if (service === undefined && signal.service !== undefined) {
      service = signal.service;
      via = 'signal';
    }
    if (service !== undefined && (environment === undefined || account === undefined || region === undefined)) {
      return { service, via, ...this.locate(service, environment, account, region) };
    }
    return { service, environment, account, region, via };
  }

  /**
   * The missing parts of a signal's location (an alarm ARN without tags, a pod without an account), filled in when the
   * inventory puts every resource of its service that matches the known parts in one environment, account and region.
   */
  private locate(service: string, environment?: string, account?: string, region?: string) {
    const known = { environment, account, region };
    let found: [string, string, string] | undefined;
    for (const location of this.locations.get(service) ?? []) {
      const [e, a, r] = location.split('|');
      const differs = (given: string | undefined, value: string) => given !== undefined && given !== value;
      if (differs(environment, e) || differs(account, a) || differs(region, r)) continue;
      if (found && (found[0] !== e || found[1] !== a || found[2] !== r)) return known;
      found = [e, a, r];
    }
    if (!found) return known;
    return {
      environment: environment ?? (found[0] || undefined),
      account: account ?? (found[1] || undefined),
      region: region ?? (found[2] || undefined),
    };
  }

  /** Services `service` calls directly, with where each edge came from. */
  public callees(service: string): ReadonlyMap<string, TopologySource> {
    return this.calleesOf.get(service) ?? EMPTY_MAP;
  }

  /** Services that call `service` directly. */
  public callers(service: string): ReadonlyMap<string, TopologySource> {
    return this.callersOf.get(service) ?? EMPTY_MAP;
  }

  /**
   * Services reachable from `service` along callee (`down`) or caller (`up`) edges within `maxHops`, nearest first,
   * each with its path (`[service, ..., reached]`) and the source of its last edge. Cycles are walked once.
   */
  public reachable(service: string, direction: 'down' | 'up', maxHops: number): readonly Reach[] {
    const next = direction === 'down' ? this.calleesOf : this.callersOf;
    const out: Reach[] = [];
    const seen = new Set<string>([service]);
    let frontier: Reach[] = [{ service, path: [service], source: 'declared' }];
    for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
      const nextFrontier: Reach[] = [];
      for (const at of frontier) {
        for (const [to, source] of next.get(at.service) ?? EMPTY_MAP) {
          if (seen.has(to)) continue;
          seen.add(to);
          const reach = { service: to, path: [...at.path, to], source };
          out.push(reach);
          nextFrontier.push(reach);
        }
      }
      frontier = nextFrontier;
    }
    return out;
  }

  /** Whether a service is a data store (a table, database or queue node of the graph). */
  public isDatastore(service: string): boolean {
    return this.datastores.has(service);
  }
}

/** A service reached by a bounded walk of the graph. */
export interface Reach {
  readonly service: string;
  readonly path: readonly string[];
  readonly source: TopologySource;
}

const EMPTY_MAP: ReadonlyMap<string, TopologySource> = new Map();

function link(map: Map<string, Map<string, TopologySource>>, a: string, b: string, source: TopologySource): void {
  const m = map.get(a) ?? new Map<string, TopologySource>();
  if (!m.has(b)) m.set(b, source);
  map.set(a, m);
}

function resolveResource(r: SnapshotResource, serviceKeys: readonly string[], environmentKeys: readonly string[]): ResolvedResource {
  const tags = r.tags ?? {};
  const tagged = firstTag(tags, serviceKeys);
  return {
    service: tagged ?? r.service,
    environment: firstTag(tags, environmentKeys) ?? r.environment,
    stack: tags[STACK_NAME_TAG],
    fromTags: tagged !== undefined,
  };
}

function firstTag(tags: Readonly<Record<string, string>>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = tags[k]?.trim();
    if (v) return v;
  }
  return undefined;
}
