/** Configuration of the topology snapshot's reader (triage) and writer (the refresher), from the environment the hub sets. */
import * as z from 'zod';
import { EnvReader, type Env } from './env';
import { TopologyRefreshEnv, TriageEnv } from '../../contract/env';
import { parseEdges } from '../topology/parse-app-topology';
import type { ServiceEdge } from '../topology/snapshot';
import type { OwnerLookupOptions } from '../topology/topology';

/** Where triage reads the snapshot, and how it resolves owners. */
export interface TopologySnapshotConfig {
  readonly bucket: string;
  readonly key: string;
  /** @default 300 */
  readonly cacheSeconds: number;
  readonly ownerOptions: OwnerLookupOptions;
}

const TAG_KEYS = z.array(z.string().min(1).max(128)).max(20);

/** Triage's snapshot settings; undefined when no bucket is set (no refresher: Topology.EMPTY). */
export function readTopologySnapshotConfig(env: Env): TopologySnapshotConfig | undefined {
  const r = new EnvReader(env, 'triage handler');
  const bucket = r.optional(TriageEnv.TOPOLOGY_BUCKET);
  if (bucket === undefined) return undefined;
  const serviceTagKeys = r.json(TriageEnv.SERVICE_TAG_KEYS, TAG_KEYS.optional(), undefined);
  const environmentTagKeys = r.json(TriageEnv.ENVIRONMENT_TAG_KEYS, TAG_KEYS.optional(), undefined);
  return {
    bucket,
    key: r.required(TriageEnv.TOPOLOGY_KEY),
    cacheSeconds: r.number(TriageEnv.TOPOLOGY_CACHE_SECONDS, (v) => v >= 0 && v <= 86_400, 'must be 0 to 86400 seconds') ?? 300,
    ownerOptions: { ...(serviceTagKeys ? { serviceTagKeys } : {}), ...(environmentTagKeys ? { environmentTagKeys } : {}) },
  };
}

/** The refresher's settings. */
export interface TopologyRefreshConfig {
  readonly bucket: string;
  readonly key: string;
  readonly declared: ServiceEdge[];
  readonly appTopologyParameter?: string;
  readonly xray: boolean;
  readonly applicationSignals: boolean;
  readonly lookbackHours: number;
  readonly eventBusName?: string;
}

const EDGE = z.object({ from: z.string().min(1).max(256), to: z.string().min(1).max(256) });

export function readTopologyRefreshConfig(env: Env): TopologyRefreshConfig {
  const r = new EnvReader(env, 'topology refresher');
  r.requireAll([TopologyRefreshEnv.TOPOLOGY_BUCKET, TopologyRefreshEnv.TOPOLOGY_KEY]);
  return {
    bucket: r.required(TopologyRefreshEnv.TOPOLOGY_BUCKET),
    key: r.required(TopologyRefreshEnv.TOPOLOGY_KEY),
    declared: parseEdges(r.json(TopologyRefreshEnv.DECLARED_EDGES, z.array(EDGE).max(10_000), []), '$', 'declared'),
    appTopologyParameter: r.optional(TopologyRefreshEnv.APP_TOPOLOGY_PARAMETER),
    xray: r.oneOf(TopologyRefreshEnv.XRAY_ENABLED, ['true', 'false'], 'true') === 'true',
    applicationSignals: r.oneOf(TopologyRefreshEnv.APPLICATION_SIGNALS_ENABLED, ['true', 'false'], 'true') === 'true',
    lookbackHours: r.number(TopologyRefreshEnv.GRAPH_LOOKBACK_HOURS, (v) => v > 0 && v <= 24, 'must be more than 0 and at most 24 hours') ?? 6,
    eventBusName: r.optional(TopologyRefreshEnv.EVENT_BUS_NAME),
  };
}
