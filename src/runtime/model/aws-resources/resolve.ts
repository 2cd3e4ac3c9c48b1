/** ARN ↔ type and id, and metric dimensions → resource, over the catalogue in `types.ts` and `metrics.ts`. */
import { formatArn, parseArn, type ParsedArn } from './arn';
import { DIMENSION_TYPES, ECS_NAMESPACES, EKS_NAMESPACE } from './metrics';
import { partitionOf } from './regions';
import { RESOURCE_TYPES, resourceType, type ResourceTypeSpec } from './types';
import type { ResourceRef } from '../signal';

/** A catalogued resource named by an ARN. */
export interface CataloguedResource {
  readonly type: string;
  /** The resource's own id or name (`i-123`, the function name, `app/my-alb/123`). */
  readonly id: string;
  readonly spec: ResourceTypeSpec;
  readonly arn: ParsedArn;
}

/** The catalogue entry and id an ARN names; undefined when it is not an ARN or its type is not catalogued. */
export function catalogueArn(value: unknown): CataloguedResource | undefined {
  const arn = typeof value === 'string' ? parseArn(value) : undefined;
  if (!arn) return undefined;
  for (const spec of RESOURCE_TYPES) {
    if (spec.service !== arn.service) continue;
    let rest: string;
    if (spec.prefix === '') {
      rest = arn.resource;
    } else {
      if (!arn.resource.startsWith(spec.prefix) || arn.resource[spec.prefix.length] !== spec.separator) continue;
      rest = arn.resource.slice(spec.prefix.length + 1);
    }
    const id = spec.idOf ? spec.idOf(rest) : rest;
    if (id) return { type: spec.type, id, spec, arn };
  }
  return undefined;
}

/**
 * A ResourceRef from an ARN: CloudFormation-style type, and the resource's own id or name
 * (`i-123`, the function name, `app/my-alb/123`). Uncatalogued services keep the ARN's last resource segment as
 * id, typed `AWS::<service>::Resource`.
 */
export function resourceFromArn(value: unknown): ResourceRef | undefined {
  const arn = parseArn(value);
  if (!arn) return undefined;
  const base = { arn: arn.arn, ...(arn.region ? { region: arn.region } : {}), ...(arn.account ? { account: arn.account } : {}) };
  const known = catalogueArn(value);
  if (known) return { ...base, type: known.type, id: known.id };
  const last = arn.resource.split(/[/:]/).filter((p) => p !== '');
  return { ...base, type: `AWS::${arn.service}::Resource`, id: last.length > 0 ? last[last.length - 1] : arn.resource };
}

/**
 * The ARN of a catalogued type and id, with the region and account its ARNs carry (S3 buckets have neither,
 * API Gateway no account). Undefined when the type is not catalogued, one of those is missing, or the id alone
 * cannot make the ARN (an Auto Scaling group's ARN holds a UUID).
 */
export function formatResourceArn(type: string, id: string, region?: string, account?: string): string | undefined {
  const spec = resourceType(type);
  if (!spec || id === '') return undefined;
  const scope = spec.scope ?? 'regional';
  if (scope !== 'global' && !region) return undefined;
  if (scope === 'regional' && !account) return undefined;
  const resource = spec.resourceOf ? spec.resourceOf(id) : spec.prefix === '' ? id : `${spec.prefix}${spec.separator}${id}`;
  if (resource === undefined) return undefined;
  return formatArn({
    // A bucket's ARN has no region, but its partition is still the region's.
    partition: partitionOf(region),
    service: spec.service,
    region: scope === 'global' ? undefined : region,
    account: scope === 'regional' ? account : undefined,
    resource,
  });
}

/**
 * A ResourceRef for a resource named by a dimension or an event field, with its ARN when the type's names are ARN
 * ids (`arnFromName`) and region and account are known.
 */
export function namedResource(type: string, id: string, region?: string, account?: string): ResourceRef {
  const arn = resourceType(type)?.arnFromName && region && account ? formatResourceArn(type, id, region, account) : undefined;
  return { type, id, ...(arn ? { arn } : {}), ...(region ? { region } : {}), ...(account ? { account } : {}) };
}

/** Id prefixes of EC2-family resources, for identifiers given without an ARN. */
const ID_PREFIXES: readonly (readonly [RegExp, string])[] = [
  [/^i-[0-9a-f]{8,17}$/, 'AWS::EC2::Instance'],
  [/^vol-[0-9a-f]{8,17}$/, 'AWS::EC2::Volume'],
  [/^sg-[0-9a-f]{8,17}$/, 'AWS::EC2::SecurityGroup'],
  [/^subnet-[0-9a-f]{8,17}$/, 'AWS::EC2::Subnet'],
  [/^vpc-[0-9a-f]{8,17}$/, 'AWS::EC2::VPC'],
  [/^eni-[0-9a-f]{8,17}$/, 'AWS::EC2::NetworkInterface'],
  [/^ami-[0-9a-f]{8,17}$/, 'AWS::EC2::Image'],
  [/^snap-[0-9a-f]{8,17}$/, 'AWS::EC2::Snapshot'],
];

/** The CloudFormation type an EC2-style id implies (`i-…`, `vol-…`), if any. */
export function typeFromId(id: string): string | undefined {
  for (const [pattern, type] of ID_PREFIXES) if (pattern.test(id)) return type;
  return undefined;
}

/** A metric: namespace and dimensions, as the three alarm payload shapes give them. */
export interface MetricDims {
  readonly namespace?: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * The resource a metric is about, from its dimensions (`InstanceId` → `AWS::EC2::Instance`,
 * `ClusterName`+`ServiceName` in `AWS/ECS` → `AWS::ECS::Service` with id `cluster/service`...).
 * Undefined when no dimension identifies a resource.
 */
export function resourceFromDimensions(metric: MetricDims, region?: string, account?: string): ResourceRef | undefined {
  const dims = metric.dimensions;
  const cluster = dims.ClusterName;
  const ecs = metric.namespace !== undefined && ECS_NAMESPACES.includes(metric.namespace);
  if (cluster && dims.ServiceName && ecs) {
    return namedResource('AWS::ECS::Service', `${cluster}/${dims.ServiceName}`, region, account);
  }
  for (const [name, type] of DIMENSION_TYPES) {
    const value = dims[name];
    if (!value) continue;
    if (name === 'StateMachineArn') {
      const fromArn = resourceFromArn(value);
      if (fromArn) return fromArn;
    }
    return namedResource(type, value, region, account);
  }
  if (cluster) {
    const type = ecs ? 'AWS::ECS::Cluster' : metric.namespace === EKS_NAMESPACE ? 'AWS::EKS::Cluster' : undefined;
    if (type) return namedResource(type, cluster, region, account);
  }
  return undefined;
}
