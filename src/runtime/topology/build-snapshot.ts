import type { ParsedServiceGraph } from './parse-service-graph';
import {
  TOPOLOGY_MAX_EDGES,
  TOPOLOGY_MAX_RESOURCES,
  TOPOLOGY_SNAPSHOT_VERSION,
  TOPOLOGY_SOURCES,
  type ServiceEdge,
  type SnapshotResource,
  type TopologySnapshot,
} from './snapshot';

export interface BuildSnapshotInput {
  /** When the snapshot is built (ISO-8601). */
  readonly generatedAt: string;
  /** Resource lists (inventory pages, the AppTopology parameter's owners), merged by ARN: tags are united, the later list wins a key. */
  readonly resources?: readonly (readonly SnapshotResource[])[];
  /** Parsed service graphs (X-Ray, Application Signals, files). */
  readonly graphs?: readonly ParsedServiceGraph[];
  /** Declared and CDK-app edges. */
  readonly declared?: readonly ServiceEdge[];
  /** Extra data stores (by service name). */
  readonly datastores?: readonly string[];
  /** What each source gave, recorded in the snapshot. @default - not recorded */
  readonly sources?: TopologySnapshot['sources'];
}

/**
 * One snapshot out of everything read: resources de-duplicated by ARN, edges by `from → to` (self-edges dropped; an
 * edge seen in several sources keeps the most authoritative: declared, then cdk-app, then X-Ray, then Application
 * Signals), data stores united. Bounded by TOPOLOGY_MAX_RESOURCES and TOPOLOGY_MAX_EDGES: beyond them the rest is
 * dropped (`truncated: true` says so). Sorted, so the same inputs always give the same bytes.
 */
export function buildSnapshot(input: BuildSnapshotInput): TopologySnapshot {
  const resources = new Map<string, { tags: Map<string, string>; service?: string; environment?: string }>();
  for (const list of input.resources ?? []) {
    for (const r of list) {
      const at = resources.get(r.arn) ?? { tags: new Map<string, string>() };
      for (const [k, v] of Object.entries(r.tags ?? {})) at.tags.set(k, v);
      if (r.service !== undefined) at.service = r.service;
      if (r.environment !== undefined) at.environment = r.environment;
      resources.set(r.arn, at);
    }
  }
  const rank = (e: ServiceEdge) => TOPOLOGY_SOURCES.indexOf(e.source);
  const edges = new Map<string, ServiceEdge>();
  for (const e of [...(input.declared ?? []), ...(input.graphs ?? []).flatMap((g) => g.edges)]) {
    if (e.from === e.to) continue;
    const key = JSON.stringify([e.from, e.to]);
    const seen = edges.get(key);
    if (!seen || rank(e) < rank(seen)) edges.set(key, { from: e.from, to: e.to, source: e.source });
  }
  const datastores = new Set<string>([...(input.datastores ?? []), ...(input.graphs ?? []).flatMap((g) => g.datastores)]);
  const outResources: SnapshotResource[] = [...resources.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([arn, r]) => ({
      arn,
      ...(r.tags.size > 0 ? { tags: Object.fromEntries([...r.tags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } : {}),
      ...(r.service !== undefined ? { service: r.service } : {}),
      ...(r.environment !== undefined ? { environment: r.environment } : {}),
    }));
  const outEdges = [...edges.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  const truncated = outResources.length > TOPOLOGY_MAX_RESOURCES || outEdges.length > TOPOLOGY_MAX_EDGES;
  return {
    version: TOPOLOGY_SNAPSHOT_VERSION,
    generatedAt: input.generatedAt,
    resources: outResources.slice(0, TOPOLOGY_MAX_RESOURCES),
    edges: outEdges.slice(0, TOPOLOGY_MAX_EDGES),
    ...(datastores.size > 0 ? { datastores: [...datastores].sort() } : {}),
    ...(input.sources ? { sources: [...input.sources] } : {}),
    ...(truncated ? { truncated } : {}),
  };
}
