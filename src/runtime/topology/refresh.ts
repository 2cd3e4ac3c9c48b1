import { buildSnapshot } from './build-snapshot';
import { parseAppTopology } from './parse-app-topology';
import { parseInventory } from './parse-inventory';
import { parseServiceGraph, type ParsedServiceGraph } from './parse-service-graph';
import type { ServiceEdge, SnapshotResource, SnapshotSource, TopologySnapshot, TopologySource } from './snapshot';
import { SILENT_LOG } from '../ports/observability';
import type { Log } from '../ports/observability';

/** The time range the service graph sources are read over. */
export interface GraphWindow {
  readonly start: Date;
  readonly end: Date;
}

/** Pages of the Resource Groups Tagging API `GetResources` (the raw responses, `{ ResourceTagMappingList }`). */
export interface InventoryReader {
  pages(): AsyncIterable<unknown>;
}

/**
 * Pages of a service graph: X-Ray `GetServiceGraph` responses, or Application Signals `ListServiceDependencies`
 * responses each with the request's `KeyAttributes` at the top level (so the parser knows the caller).
 */
export interface ServiceGraphReader {
  pages(window: GraphWindow): AsyncIterable<unknown>;
}

/** The AppTopology parameter's value; undefined when there is no parameter. */
export interface AppTopologyReader {
  read(): Promise<string | undefined>;
}

/** Where snapshots live: the latest one, and writing a new one. */
export interface SnapshotStore {
  /** The latest snapshot; undefined when there is none yet. Throws when it cannot be read. */
  read(): Promise<TopologySnapshot | undefined>;
  write(snapshot: TopologySnapshot): Promise<{ readonly key: string; readonly bytes: number }>;
}

/** Bounds of one refresh, so a huge estate cannot run the function out of time or memory. */
export interface RefreshLimits {
  /** GetResources pages of 100 read at most. @default 2000 (200,000 resources, TOPOLOGY_MAX_RESOURCES) */
  readonly inventoryPages?: number;
  /** Pages read at most per graph source (X-Ray pages; Application Signals dependency pages). @default 500 */
  readonly graphPages?: number;
}

export interface RefreshTopologyInput {
  readonly store: SnapshotStore;
  /** @default - the source is skipped */
  readonly inventory?: InventoryReader;
  /** @default - the source is skipped */
  readonly xray?: ServiceGraphReader;
  /** @default - the source is skipped */
  readonly applicationSignals?: ServiceGraphReader;
  /** @default - the source is skipped */
  readonly appTopology?: AppTopologyReader;
  /** The hub's declared edges (its `topology` prop). @default - none */
  readonly declared?: readonly ServiceEdge[];
  /** The clock. */
  readonly now: () => Date;
  /** Hours of traces the graph sources read back. @default 6 */
  readonly lookbackHours?: number;
  readonly limits?: RefreshLimits;
  /** @default SILENT_LOG */
  readonly log?: Log;
}

/** What a refresh did. */
export interface RefreshReport {
  /** Whether a new snapshot was written (false: every source failed and the previous snapshot stays). */
  readonly written: boolean;
  readonly key?: string;
  readonly bytes?: number;
  /** The snapshot now current (the new one, else the previous one). */
  readonly generatedAt?: string;
  /** Seconds between the current snapshot's generatedAt and now; undefined when there is no snapshot at all. */
  readonly ageSeconds?: number;
  readonly resources: number;
  readonly edges: number;
  readonly datastores: number;
  readonly sources: readonly SnapshotSource[];
}

const DEFAULT_INVENTORY_PAGES = 2000;
const DEFAULT_GRAPH_PAGES = 500;

/**
 * One refresh: read every configured source, each on its own (a throttled or denied source does not lose the others:
 * its part of the previous snapshot is carried over and the snapshot records it as `failed`), build one snapshot and
 * write it. When every source that was read failed, nothing is written and the previous snapshot stays.
 */
export async function refreshTopology(input: RefreshTopologyInput): Promise<RefreshReport> {
  const log = input.log ?? SILENT_LOG;
  const now = input.now();
  const window = { start: new Date(now.getTime() - (input.lookbackHours ?? 6) * 3_600_000), end: now };
  let previous: TopologySnapshot | undefined;
  try {
    previous = await input.store.read();
  } catch (e) {
    log.warn('topology refresh: the previous snapshot could not be read; failed sources carry nothing', { error: describe(e) });
  }

  const sources: SnapshotSource[] = [];
  const resources: SnapshotResource[][] = [];
  const graphs: ParsedServiceGraph[] = [];
  const edges: ServiceEdge[] = [...(input.declared ?? [])];
  sources.push(input.declared?.length ? ok('declared', input.declared.length) : skipped('declared', 'no declared topology'));
  let read = 0;
  let failed = 0;

  const attempt = async (source: TopologySource, run: () => Promise<{ items: number; reason?: string } | 'absent'>, carry: () => number) => {
    try {
      const result = await run();
      if (result === 'absent') {
        sources.push(skipped(source, 'not found'));
        return;
      }
      read++;
      sources.push({ source, status: 'ok', items: result.items, ...(result.reason ? { reason: result.reason } : {}) });
    } catch (e) {
      read++;
      failed++;
      const reason = describe(e);
      log.warn('topology refresh: a source failed; its part of the previous snapshot is kept', { source, error: reason });
      sources.push({ source, status: 'failed', items: carry(), reason });
    }
  };

  // Owners by tag.
  if (input.inventory) {
    const reader = input.inventory;
    await attempt('tags', async () => {
      const pages = await take(reader.pages(), input.limits?.inventoryPages ?? DEFAULT_INVENTORY_PAGES);
      const parsed = parseInventory(pages.items);
      resources.push(parsed);
      return { items: parsed.length, ...(pages.more ? { reason: `stopped after ${pages.items.length} pages` } : {}) };
    }, () => {
      const carried = (previous?.resources ?? []).filter((r) => r.tags).map((r) => ({ arn: r.arn, tags: r.tags }));
      resources.push(carried);
      return carried.length;
    });
  } else {sources.push(skipped('tags', 'switched off'));}

  // The service graphs.
  for (const [source, reader] of [['xray', input.xray], ['application-signals', input.applicationSignals]] as const) {
    if (!reader) {
      sources.push(skipped(source, 'switched off'));
      continue;
    }
    await attempt(source, async () => {
      const pages = await take(reader.pages(window), input.limits?.graphPages ?? DEFAULT_GRAPH_PAGES);
      const graph = parseServiceGraph(pages.items);
      graphs.push(graph);
      return { items: graph.edges.length, ...(pages.more ? { reason: `stopped after ${pages.items.length} pages` } : {}) };
    }, () => carryEdges(previous, source, edges));
  }

  // The CDK app's own topology (edges resolved at synth, owners of its resources).
  if (input.appTopology) {
    const reader = input.appTopology;
    await attempt('cdk-app', async () => {
      const text = await reader.read();
      if (text === undefined) return 'absent';
      const app = parseAppTopology(text);
      edges.push(...app.edges);
      resources.push(app.resources);
      return { items: app.edges.length + app.resources.length };
    }, () => {
      const owned = (previous?.resources ?? []).filter((r) => r.service !== undefined)
        .map((r) => ({ arn: r.arn, service: r.service, ...(r.environment ? { environment: r.environment } : {}) }));
      resources.push(owned);
      return carryEdges(previous, 'cdk-app', edges) + owned.length;
    });
  } else {sources.push(skipped('cdk-app', 'no AppTopology parameter'));}

  if (read > 0 && failed === read && previous) {
    log.error('topology refresh: every source failed; the previous snapshot stays', { sources });
    return report(previous, now, false, sources);
  }
  const snapshot = buildSnapshot({
    generatedAt: now.toISOString(),
    resources,
    graphs,
    declared: edges,
    // A failed graph source keeps the data stores it named before.
    datastores: sources.some((s) => s.status === 'failed' && (s.source === 'xray' || s.source === 'application-signals')) ? previous?.datastores : undefined,
    sources,
  });
  const written = await input.store.write(snapshot);
  log.info('topology refresh: snapshot written', { key: written.key, bytes: written.bytes, resources: snapshot.resources.length, edges: snapshot.edges.length });
  return { ...report(snapshot, now, true, sources), key: written.key, bytes: written.bytes };
}

function report(snapshot: TopologySnapshot, now: Date, written: boolean, sources: SnapshotSource[]): RefreshReport {
  return {
    written,
    generatedAt: snapshot.generatedAt,
    ageSeconds: Math.max(0, (now.getTime() - Date.parse(snapshot.generatedAt)) / 1000),
    resources: snapshot.resources.length,
    edges: snapshot.edges.length,
    datastores: snapshot.datastores?.length ?? 0,
    sources,
  };
}

/** Adds the previous snapshot's edges of `source` to `into`; returns how many. */
function carryEdges(previous: TopologySnapshot | undefined, source: TopologySource, into: ServiceEdge[]): number {
  const carried = (previous?.edges ?? []).filter((e) => e.source === source);
  into.push(...carried);
  return carried.length;
}

/** At most `max` items of an async iterable, and whether there were more. */
async function take(pages: AsyncIterable<unknown>, max: number): Promise<{ items: unknown[]; more: boolean }> {
  const items: unknown[] = [];
  for await (const page of pages) {
    if (items.length >= max) return { items, more: true };
    items.push(page);
  }
  return { items, more: false };
}

function ok(source: TopologySource, items: number): SnapshotSource {
  return { source, status: 'ok', items };
}

function skipped(source: TopologySource, reason: string): SnapshotSource {
  return { source, status: 'skipped', items: 0, reason };
}

function describe(e: unknown): string {
  const error = e as { name?: string; message?: string };
  return `${error?.name ?? 'Error'}: ${error?.message ?? String(e)}`.slice(0, 1024);
}
