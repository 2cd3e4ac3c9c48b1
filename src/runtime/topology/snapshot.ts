import * as z from 'zod';

/**
 * What triage knows about the estate, as plain JSON: who owns each resource and which service calls which.
 *
 * The hot path never calls AWS per signal: it reads one snapshot. In AWS the topology refresher writes it (Resource
 * Groups Tagging API `GetResources` pages, X-Ray `GetServiceGraph`, Application Signals `ListServiceDependencies`,
 * the edges the CDK app declared at synth); locally `cdk-aiops triage|replay --inventory FILE --service-graph FILE`
 * builds it from the same API responses.
 */
export const TOPOLOGY_SNAPSHOT_VERSION = 1;

/** Where an edge or an owner came from, so a merge can say why it happened. */
export const TOPOLOGY_SOURCES = ['declared', 'cdk-app', 'xray', 'application-signals', 'tags'] as const;
export type TopologySource = (typeof TOPOLOGY_SOURCES)[number];

/** Most resources and most edges a snapshot may hold (a bound on memory and load time, not a business limit). */
export const TOPOLOGY_MAX_RESOURCES = 200_000;
export const TOPOLOGY_MAX_EDGES = 50_000;

const name = z.string().min(1).max(256);

export const SnapshotResourceSchema = z.object({
  /** The resource ARN, as `GetResources` returns it. */
  arn: z.string().min(1).max(2048),
  /** Its tags (`GetResources` `Tags`, as a map). */
  tags: z.record(z.string(), z.string()).optional(),
  /** Its owning service when known without tags (the CDK app's own resources, resolved at synth). */
  service: name.optional(),
  /** Its environment when known without tags. */
  environment: name.optional(),
});
export type SnapshotResource = z.infer<typeof SnapshotResourceSchema>;

/** `from` calls `to`: failures flow from `to` up to `from`. */
export const ServiceEdgeSchema = z.object({
  from: name,
  to: name,
  source: z.enum(TOPOLOGY_SOURCES),
});
export type ServiceEdge = z.infer<typeof ServiceEdgeSchema>;

/**
 * One source of a refreshed snapshot: `ok` (read now), `failed` (throttled, denied...: its part of the previous
 * snapshot was carried over, `carried` counts it), `skipped` (switched off or not configured).
 */
export const SnapshotSourceSchema = z.object({
  source: z.enum(TOPOLOGY_SOURCES),
  status: z.enum(['ok', 'failed', 'skipped']),
  /** Resources or edges it contributed (for a failed source: carried over from the previous snapshot). */
  items: z.number().int().nonnegative(),
  /** Why it failed or was skipped. */
  reason: z.string().max(1024).optional(),
});
export type SnapshotSource = z.infer<typeof SnapshotSourceSchema>;

export const TopologySnapshotSchema = z.object({
  version: z.literal(TOPOLOGY_SNAPSHOT_VERSION),
  /** When the snapshot was built (ISO-8601); its age is the refresher's staleness metric. */
  generatedAt: z.iso.datetime({ offset: true }),
  resources: z.array(SnapshotResourceSchema).max(TOPOLOGY_MAX_RESOURCES),
  edges: z.array(ServiceEdgeSchema).max(TOPOLOGY_MAX_EDGES),
  /** Services that are data stores (a DynamoDB table, an RDS database, a queue...): they never join a caller's incident. */
  datastores: z.array(name).optional(),
  /** What each source gave when the refresher built it (absent in a snapshot built from files). */
  sources: z.array(SnapshotSourceSchema).max(TOPOLOGY_SOURCES.length * 2).optional(),
  /** True when a bound (TOPOLOGY_MAX_RESOURCES, TOPOLOGY_MAX_EDGES) dropped part of what was read. */
  truncated: z.boolean().optional(),
});
export type TopologySnapshot = z.infer<typeof TopologySnapshotSchema>;

/** An empty snapshot: owners come only from what each signal says, and there are no edges. */
export function emptySnapshot(generatedAt = new Date(0).toISOString()): TopologySnapshot {
  return { version: TOPOLOGY_SNAPSHOT_VERSION, generatedAt, resources: [], edges: [] };
}
