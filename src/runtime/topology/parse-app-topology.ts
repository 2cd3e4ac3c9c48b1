import { arrayAt, recordAt, stringAt, TopologyInputError } from './errors';
import { MAX_ARN_LENGTH } from './parse-inventory';
import type { ServiceEdge, SnapshotResource } from './snapshot';

/** What the CDK app's `AppTopology` parameter and the hub's declared topology contribute. */
export interface DeclaredTopology {
  readonly edges: ServiceEdge[];
  readonly resources: SnapshotResource[];
}

/**
 * The AppTopology SSM parameter's JSON, `{ "edges": [{ "from", "to" }], "resources": [{ "arn", "service", "environment"? }] }`
 * (both lists optional): edges resolved at synth (`source: cdk-app`) and owners of the app's own resources.
 *
 * @throws TopologyInputError naming the place that does not fit.
 */
export function parseAppTopology(text: string): DeclaredTopology {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TopologyInputError(`not valid JSON (${(e as Error).message})`);
  }
  const doc = recordAt(json, '$');
  const edges = doc.edges === undefined ? [] : parseEdges(doc.edges, '$.edges', 'cdk-app');
  const resources = doc.resources === undefined ? [] : arrayAt(doc.resources, '$.resources').map((r, i): SnapshotResource => {
    const at = `$.resources[${i}]`;
    const o = recordAt(r, at);
    const arn = stringAt(o.arn, `${at}.arn`, MAX_ARN_LENGTH);
    const service = stringAt(o.service, `${at}.service`);
    return o.environment === undefined ? { arn, service } : { arn, service, environment: stringAt(o.environment, `${at}.environment`) };
  });
  return { edges, resources };
}

/** A JSON array of `{ from, to }` (the refresher's `AIOPS_DECLARED_EDGES`, the parameter's `edges`). */
export function parseEdges(value: unknown, path: string, source: ServiceEdge['source']): ServiceEdge[] {
  return arrayAt(value, path).map((e, i) => {
    const o = recordAt(e, `${path}[${i}]`);
    return { from: stringAt(o.from, `${path}[${i}].from`), to: stringAt(o.to, `${path}[${i}].to`), source };
  });
}
