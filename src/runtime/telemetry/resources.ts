/**
 * The resources telemetry looks at, resolved through the one AWS resource catalogue
 * (`src/runtime/model/aws-resources`) that normalisation uses too.
 */
import { catalogueArn, metricSubject, METRIC_PROFILES, type MetricProfile } from '../model/aws-resources';
import type { ResourceRef } from '../model/signal';

/** A resource with its CloudFormation type, Config id and, where different, the name metrics use. */
export interface ResolvedResource {
  readonly type: string;
  /** Id as AWS Config knows it (the ARN for load balancers, state machines, ECS services and SLOs). */
  readonly id: string;
  readonly arn?: string;
  /** Short name (function, table, queue name; `app/x/y` for a load balancer). */
  readonly name: string;
  /** Extra parts some dimensions need (ECS cluster). */
  readonly cluster?: string;
}

/** Resolve an ARN to a CloudFormation type and ids; undefined unless the catalogue knows its type. */
export function resolveArn(arn: string): ResolvedResource | undefined {
  const known = catalogueArn(arn);
  if (!known) return undefined;
  const subject = metricSubject(known.type, known.id, arn);
  return {
    type: known.type,
    id: known.spec.configIdIsArn ? arn : known.id,
    arn,
    name: subject.name,
    ...(subject.cluster ? { cluster: subject.cluster } : {}),
  };
}

/** Resolve a signal's resource reference (ARN preferred). */
export function resolveResourceRef(ref: ResourceRef): ResolvedResource {
  const fromArn = ref.arn ? resolveArn(ref.arn) : ref.id.startsWith('arn:') ? resolveArn(ref.id) : undefined;
  if (fromArn) return fromArn;
  const name = ref.id.startsWith('arn:') ? (ref.id.split(/[:/]/).pop() ?? ref.id) : ref.id;
  // The normaliser names an ECS service `cluster/service` when it has no ARN for it.
  const subject = metricSubject(ref.type, name);
  return { type: ref.type, id: ref.id, arn: ref.arn, name: subject.name, ...(subject.cluster ? { cluster: subject.cluster } : {}) };
}

/** Resolve an incident resource identity (`arn:...` or `type/id`). */
export function resolveIdentity(identity: string): ResolvedResource | undefined {
  if (identity.startsWith('arn:')) return resolveArn(identity);
  const slash = identity.indexOf('/');
  if (slash <= 0 || slash === identity.length - 1) return undefined;
  const type = identity.slice(0, slash);
  const id = identity.slice(slash + 1);
  return resolveResourceRef({ type, id });
}

/** Golden signals per resource type, most telling first: the catalogue's metric profiles. */
export const GOLDEN_SIGNALS: Readonly<Record<string, MetricProfile>> = METRIC_PROFILES;
