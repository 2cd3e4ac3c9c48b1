import { readArgumentFile, UsageError } from './usage';
import { findJsonSyntaxError, lineAndColumn } from '../runtime/io';
import {
  buildSnapshot,
  parseInventory,
  parseServiceGraph,
  Topology,
  TopologyInputError,
  type OwnerLookupOptions,
} from '../runtime/topology';

/** The files of `--inventory` and `--service-graph`, each repeatable. */
export interface TopologyFiles {
  /** `GetResources` responses (`{"ResourceTagMappingList": [...]}`) or JSON arrays of such pages. */
  readonly inventory?: readonly string[];
  /** X-Ray `GetServiceGraph` or Application Signals `ListServiceDependencies` responses (or arrays of them). */
  readonly serviceGraph?: readonly string[];
}

/** A parsed document and the file it came from. */
export interface TopologyDocument {
  readonly file: string;
  readonly json: unknown;
}

/**
 * The Topology the local commands hand to triage, from the parsed documents: the same parsers and snapshot builder as
 * the refresher in AWS. `generatedAt` is fixed (the epoch): a local run is deterministic.
 *
 * @throws UsageError naming the file and the place in it that is not what the flag expects.
 */
export function topologyFromDocuments(
  inventory: readonly TopologyDocument[],
  serviceGraph: readonly TopologyDocument[],
  options: OwnerLookupOptions = {},
): Topology {
  const resources = inventory.map(({ file, json }) => parseOrUsage('inventory', file, 'a GetResources response', () => parseInventory(json)));
  const graphs = serviceGraph.map(({ file, json }) => parseOrUsage('service graph', file,
    'an X-Ray GetServiceGraph or Application Signals ListServiceDependencies response', () => parseServiceGraph(json)));
  return Topology.fromSnapshot(buildSnapshot({ generatedAt: new Date(0).toISOString(), resources, graphs }), options);
}

/**
 * Reads `--inventory` and `--service-graph` files into the Topology triage uses; undefined when neither flag was given
 * (triage then keeps its own default). An unreadable or malformed file is a UsageError (exit 2) naming it and why.
 */
export async function loadTopologyFiles(files: TopologyFiles): Promise<Topology | undefined> {
  const inventory = files.inventory ?? [];
  const serviceGraph = files.serviceGraph ?? [];
  if (inventory.length === 0 && serviceGraph.length === 0) return undefined;
  const read = (what: string) => async (file: string): Promise<TopologyDocument> => (
    { file, json: parseJson(what, file, await readArgumentFile(file, what)) });
  return topologyFromDocuments(
    await Promise.all(inventory.map(read('inventory'))),
    await Promise.all(serviceGraph.map(read('service graph'))),
  );
}

function parseJson(what: string, file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const error = findJsonSyntaxError(text);
    const at = error && lineAndColumn(text, error.offset);
    throw new UsageError(`${what} file ${file} is not valid JSON${error && at ? `: ${error.message} at line ${at.line}, column ${at.column}` : ''}`);
  }
}

function parseOrUsage<T>(what: string, file: string, expected: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof TopologyInputError) throw new UsageError(`${what} file ${file} is not ${expected}: at ${e.path}: ${e.reason}`);
    throw e;
  }
}

/** The help lines of the two flags, shared by `triage` and `replay`. */
export const TOPOLOGY_FLAGS_USAGE = `  -i, --inventory <f>  a Resource Groups Tagging API GetResources response
                       ({"ResourceTagMappingList": [...]}, or a JSON array of pages): resource
                       owners by tag (service, app, application, awsApplication; environment,
                       env, stage) and by stack. Repeatable
  -g, --service-graph <f>
                       an X-Ray GetServiceGraph or Application Signals ListServiceDependencies
                       response (or a JSON array of them): who calls whom. Repeatable`;
