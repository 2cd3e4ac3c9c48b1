import { arrayAt, isRecord, kindOf, MAX_NAME_LENGTH, recordAt, stringAt, TopologyInputError } from './errors';
import { TOPOLOGY_MAX_EDGES, type ServiceEdge } from './snapshot';

/** What a service graph document says: who calls whom, and which nodes are data stores. */
export interface ParsedServiceGraph {
  readonly edges: ServiceEdge[];
  readonly datastores: string[];
}

export interface ParseServiceGraphOptions {
  /**
   * The service whose dependencies a `ListServiceDependencies` response lists, when the document does not say (no
   * top-level `KeyAttributes` and no `Service` dimension on its metric references).
   * @default - taken from the document; a TopologyInputError when it does not say
   */
  readonly caller?: string;
}

/**
 * Node types (X-Ray `Type`, Application Signals `ResourceType` or `AWS::Service` name) that hold data: a data store
 * never joins its caller's incident. A queue is one too: its consumer fails on its own.
 */
export const DATASTORE_TYPES: readonly string[] = Object.freeze([
  'AWS::DynamoDB::Table', 'AWS::DynamoDB',
  'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS',
  'AWS::SQS::Queue', 'AWS::SQS',
  'AWS::S3::Bucket', 'AWS::S3',
  'AWS::ElastiCache', 'AWS::Kinesis::Stream', 'AWS::Kinesis',
]);

/** X-Ray types of data stores beyond AWS services: `Database::SQL` (an instrumented SQL client's node). */
function isDatastoreType(type: string | undefined): boolean {
  return type !== undefined && (DATASTORE_TYPES.includes(type) || type.startsWith('Database::'));
}

/**
 * The edges and data stores of a service graph response, its shape detected:
 *
 * - X-Ray `GetServiceGraph` (`{ "Services": [...] }`): each node's `Edges[].ReferenceId` names the node it calls; the
 *   `client` node (the callers outside the graph) is skipped; nodes of a data-store type (`AWS::DynamoDB::Table`,
 *   `AWS::RDS::DBInstance`, `AWS::SQS::Queue`, `AWS::S3::Bucket`, `Database::SQL`...) are data stores.
 * - Application Signals `ListServiceDependencies` (`{ "ServiceDependencies": [...] }`): the dependencies of one
 *   service. The caller is the request's `KeyAttributes.Name` when the document carries it at the top level (the
 *   refresher adds it), else `options.caller`, else the `Service` dimension of the dependency's metric references (what
 *   the AWS response itself carries). The callee is `DependencyKeyAttributes.Name` (`Type: Service`, `AWS::Service`),
 *   else its `Identifier` (`AWS::Resource`, `Resource`).
 * - a JSON array of either (pages): merged.
 *
 * @throws TopologyInputError naming the place in the document that does not fit.
 * @see https://docs.aws.amazon.com/xray/latest/api/API_GetServiceGraph.html
 * @see https://docs.aws.amazon.com/applicationsignals/latest/APIReference/API_ListServiceDependencies.html
 */
export function parseServiceGraph(input: unknown, options: ParseServiceGraphOptions = {}): ParsedServiceGraph {
  const edges = new Map<string, ServiceEdge>();
  const datastores = new Set<string>();
  const add = (from: string, to: string, source: ServiceEdge['source'], path: string) => {
    if (from === to) return;
    const key = JSON.stringify([from, to]);
    if (edges.has(key)) return;
    if (edges.size >= TOPOLOGY_MAX_EDGES) throw new TopologyInputError(`more than ${TOPOLOGY_MAX_EDGES} edges`, path);
    edges.set(key, { from, to, source });
  };
  const documents = Array.isArray(input) ? input.map((doc, i) => ({ doc, path: `$[${i}]` })) : [{ doc: input, path: '$' }];
  for (const { doc, path } of documents) {
    if (isRecord(doc) && 'Services' in doc) {parseXray(doc, path, add, datastores);} else if (isRecord(doc) && 'ServiceDependencies' in doc) {parseDependencies(doc, path, options, add, datastores);} else {
      throw new TopologyInputError('not an X-Ray GetServiceGraph (Services) or Application Signals ListServiceDependencies '
        + `(ServiceDependencies) response, got ${isRecord(doc) ? `an object with ${Object.keys(doc).slice(0, 5).join(', ') || 'no keys'}` : kindOf(doc)}`, path);
    }
  }
  return { edges: [...edges.values()], datastores: [...datastores].sort() };
}

type AddEdge = (from: string, to: string, source: ServiceEdge['source'], path: string) => void;

function parseXray(doc: Record<string, unknown>, path: string, add: AddEdge, datastores: Set<string>): void {
  const services = arrayAt(doc.Services, `${path}.Services`);
  const nodes = new Map<number, { name: string; client: boolean }>();
  const read = services.map((service, i) => {
    const at = `${path}.Services[${i}]`;
    const s = recordAt(service, at);
    if (typeof s.ReferenceId !== 'number' || !Number.isInteger(s.ReferenceId)) {
      throw new TopologyInputError(`expected an integer ReferenceId, got ${kindOf(s.ReferenceId)}`, `${at}.ReferenceId`);
    }
    const type = s.Type === undefined || s.Type === null ? undefined : stringAt(s.Type, `${at}.Type`);
    const name = s.Name !== undefined && s.Name !== null
      ? stringAt(s.Name, `${at}.Name`)
      : stringAt(Array.isArray(s.Names) ? s.Names[0] : undefined, `${at}.Names[0]`);
    const client = type === 'client';
    nodes.set(s.ReferenceId, { name, client });
    if (!client && isDatastoreType(type)) datastores.add(name);
    return { s, at, name, client };
  });
  for (const { s, at, name, client } of read) {
    if (s.Edges === undefined || s.Edges === null) continue;
    arrayAt(s.Edges, `${at}.Edges`).forEach((edge, j) => {
      const e = recordAt(edge, `${at}.Edges[${j}]`);
      const target = nodes.get(e.ReferenceId as number);
      if (!target) throw new TopologyInputError('names no node of Services', `${at}.Edges[${j}].ReferenceId`);
      if (!client && !target.client) add(name, target.name, 'xray', `${at}.Edges[${j}]`);
    });
  }
}

function parseDependencies(
  doc: Record<string, unknown>, path: string, options: ParseServiceGraphOptions, add: AddEdge, datastores: Set<string>,
): void {
  const requested = isRecord(doc.KeyAttributes) && doc.KeyAttributes.Name !== undefined
    ? stringAt(doc.KeyAttributes.Name, `${path}.KeyAttributes.Name`)
    : options.caller;
  arrayAt(doc.ServiceDependencies, `${path}.ServiceDependencies`).forEach((dependency, i) => {
    const at = `${path}.ServiceDependencies[${i}]`;
    const d = recordAt(dependency, at);
    const attributes = recordAt(d.DependencyKeyAttributes, `${at}.DependencyKeyAttributes`);
    const callee = attributes.Name !== undefined
      ? stringAt(attributes.Name, `${at}.DependencyKeyAttributes.Name`)
      : stringAt(attributes.Identifier, `${at}.DependencyKeyAttributes.Identifier`);
    const caller = requested ?? serviceDimension(d.MetricReferences, `${at}.MetricReferences`);
    if (caller === undefined) {
      throw new TopologyInputError('cannot tell which service calls this dependency: no KeyAttributes, no caller given and '
        + 'no Service dimension in MetricReferences', at);
    }
    const type = typeof attributes.ResourceType === 'string' ? attributes.ResourceType : undefined;
    if (isDatastoreType(type) || (attributes.Type === 'AWS::Service' && isDatastoreType(callee))) datastores.add(callee);
    add(caller, callee, 'application-signals', at);
  });
}

/** The first `Service` dimension of a dependency's metric references: the service whose dependency it is. */
function serviceDimension(references: unknown, path: string): string | undefined {
  if (references === undefined || references === null) return undefined;
  const list = arrayAt(references, path);
  for (let i = 0; i < list.length; i++) {
    const r = recordAt(list[i], `${path}[${i}]`);
    if (r.Dimensions === undefined || r.Dimensions === null) continue;
    const dims = arrayAt(r.Dimensions, `${path}[${i}].Dimensions`);
    for (let j = 0; j < dims.length; j++) {
      const dim = recordAt(dims[j], `${path}[${i}].Dimensions[${j}]`);
      if (dim.Name === 'Service') return stringAt(dim.Value, `${path}[${i}].Dimensions[${j}].Value`, MAX_NAME_LENGTH);
    }
  }
  return undefined;
}
