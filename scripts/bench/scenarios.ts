/**
 * The triage scenarios by name, and the inventory files each one's estate is written to. Every perturbation runs
 * apart on the same cascade mix, so each one's cost shows on its own; `all-perturbations` combines them.
 */
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { generateStream, type GeneratedStream, type StreamOptions } from './episodes';
import { inventoryPages, serviceGraph, snapshotFromFiles, type ResourcesPage, type ServiceGraphResponse } from './estate';
import { Topology } from '../../src/runtime/topology';

export type ScenarioOptions = Omit<StreamOptions, 'seed' | 'alerts' | 'name'> & {
  /** Which target lines judge it. */
  readonly group: 'cascades' | 'perturbation' | 'repeat' | 'storm' | 'mixed';
};

const CASCADES = { cascade: 0.75, noise: 0.25 } as const;
/**
 * Mean minutes between episodes of the cascade streams: one every 15 minutes on 30 services, around the clock (about 100 a
 * day, a busy estate). Denser arrivals mostly measure coincidences on neighbouring services, which the `concurrent`
 * perturbation injects on purpose (an independent failure within two hops of a cascade's root, within 3 minutes).
 */
const CASCADE_GAP = 15;

export const SCENARIOS: Record<string, ScenarioOptions> = {
  'cascades': {
    group: 'cascades',
    description: 'Cascades (data-store or compute root, callers failing after random delays, canaries, pods, insights that close) and noise episodes',
    mix: CASCADES,
    meanGapMinutes: CASCADE_GAP,
  },
  'opaque-names': {
    group: 'perturbation',
    description: 'cascades; alarm, resource and canary names without the service',
    mix: CASCADES,
    meanGapMinutes: CASCADE_GAP,
    estate: { opaqueNames: true },
  },
  'late-roots': {
    group: 'perturbation',
    description: 'cascades; in 40 % of them the root alarms 1-6 minutes after its first symptom',
    mix: CASCADES,
    meanGapMinutes: CASCADE_GAP,
    lateRootShare: 0.4,
  },
  'untagged': {
    group: 'perturbation',
    description: 'cascades; 15 % of resources without a service tag (half of them keep the CloudFormation stack tag)',
    mix: CASCADES,
    meanGapMinutes: CASCADE_GAP,
    estate: { untaggedShare: 0.15 },
  },
  'bad-edges': {
    group: 'perturbation',
    description: 'cascades; 20 % of service-graph edges missing or pointing at the wrong service',
    mix: CASCADES,
    meanGapMinutes: CASCADE_GAP,
    estate: { badEdgeShare: 0.2 },
  },
  'multi-account': {
    group: 'perturbation',
    description: 'cascades; services in 2 accounts × 2 regions, and a staging twin (same names, a third account) of a third of them',
    mix: CASCADES,
    meanGapMinutes: CASCADE_GAP,
    estate: { multiAccount: true },
  },
  'concurrent': {
    group: 'perturbation',
    description: 'cascades; after 50 % of them an independent failure on a service within two hops of the root (untouched by the cascade), within 3 minutes',
    mix: CASCADES,
    meanGapMinutes: CASCADE_GAP,
    concurrentShare: 0.5,
  },
  'duplicates': {
    group: 'perturbation',
    description: 'cascades; 10 % of events delivered again (same event id) 1-30 s later',
    mix: CASCADES,
    meanGapMinutes: CASCADE_GAP,
    duplicateShare: 0.1,
  },
  'all-perturbations': {
    group: 'perturbation',
    description: 'cascades with every perturbation above at once',
    mix: CASCADES,
    meanGapMinutes: CASCADE_GAP,
    estate: { opaqueNames: true, untaggedShare: 0.15, badEdgeShare: 0.2, multiAccount: true },
    lateRootShare: 0.4,
    concurrentShare: 0.5,
    duplicateShare: 0.1,
  },
  'flapping': {
    group: 'repeat',
    description: 'One alarm flipping ALARM/OK 3-15 times, 1-4 minutes apart, per episode',
    mix: { flapping: 1 },
    meanGapMinutes: 2,
  },
  'identical-bursts': {
    group: 'repeat',
    description: 'One state change delivered 5-40 times, or one alarm type across a fleet of 3-8 instances within 20 s',
    mix: { burst: 1 },
    meanGapMinutes: 2,
  },
  'storm': {
    group: 'storm',
    description: 'Fleet-wide storms: 400 distinct alarms across the estate within 90 s, each storm one incident',
    mix: { storm: 1 },
    meanGapMinutes: 30,
  },
  'mixed': {
    group: 'mixed',
    description: 'Cascades, flapping, bursts and noise together (the scaling stream)',
    mix: { cascade: 0.3, flapping: 0.15, burst: 0.15, noise: 0.4 },
    meanGapMinutes: 2,
  },
};

export function scenarioStream(name: string, alerts: number, seed: number): GeneratedStream {
  const o = SCENARIOS[name];
  if (!o) throw new Error(`unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(', ')}`);
  return generateStream({ ...o, name, alerts, seed });
}

export interface InventoryFiles {
  readonly inventory: ResourcesPage[];
  readonly graph: ServiceGraphResponse;
  readonly topology: Topology;
}

/** The stream's estate as the two API responses, and the topology built from them. */
export function inventoryOf(stream: GeneratedStream): InventoryFiles {
  const first = stream.events[0]?.time ?? 0;
  const last = stream.events[stream.events.length - 1]?.time ?? 0;
  const inventory = inventoryPages(stream.estate);
  const graph = serviceGraph(stream.estate, first - 3600_000, last);
  const topology = Topology.fromSnapshot(snapshotFromFiles(inventory, graph, new Date(first).toISOString()));
  return { inventory, graph, topology };
}

/** Writes `<dir>/<name>.inventory.json` (GetResources pages) and `<dir>/<name>.service-graph.json`; returns the CLI command. */
export function writeInventory(dir: string, name: string, files: InventoryFiles): string {
  mkdirSync(dir, { recursive: true });
  const inv = path.join(dir, `${name}.inventory.json`);
  const graph = path.join(dir, `${name}.service-graph.json`);
  writeFileSync(inv, `${JSON.stringify(files.inventory, null, 1)}\n`);
  writeFileSync(graph, `${JSON.stringify(files.graph, null, 1)}\n`);
  return `cdk-aiops triage --inventory ${inv} --service-graph ${graph}`;
}
