import * as z from 'zod';
import type { ResourceRef, Severity, SignalState } from '../model';
import {
  buildAll, cleanText, fingerprintOf, firstTime, looseString, parseWith, reject, type Envelope, type Outcome, type SignalDraft,
} from './common';
import { environmentFromTags, firstAccount, firstRegion, serviceFromTags, servicesFromTags, stacksFromTags } from './resource';
import { formatResourceArn, parseArn, resourceFromArn, typeFromId } from '../model/aws-resources';

/** Most affected entities turned into signals for one Health event; the count is kept in a label. */
export const MAX_HEALTH_ENTITIES = 25;

const DetailSchema = z.object({
  eventArn: z.string().min(1),
  service: z.string().min(1),
  eventTypeCode: z.string().min(1),
  eventTypeCategory: z.string().min(1),
  eventScopeCode: looseString,
  statusCode: looseString,
  eventRegion: looseString,
  affectedAccount: looseString,
  startTime: looseString,
  endTime: looseString,
  lastUpdatedTime: looseString,
  eventDescription: z.array(z.object({ language: looseString, latestDescription: looseString }).catch({})).optional().catch(undefined),
  affectedEntities: z.array(z.object({
    entityValue: z.string().min(1),
    entityArn: looseString,
    status: looseString,
    tags: z.record(z.string(), z.unknown()).optional().catch(undefined),
  }).catch({ entityValue: '' })).optional().catch(undefined),
});

/** CloudFormation type of an affected entity given by id only, per Health `service` (without an `AWS_` prefix). */
const ENTITY_TYPES: Readonly<Record<string, string>> = {
  EC2: 'AWS::EC2::Instance',
  EBS: 'AWS::EC2::Volume',
  ECS: 'AWS::ECS::Service',
  RDS: 'AWS::RDS::DBInstance',
  LAMBDA: 'AWS::Lambda::Function',
  ELASTICLOADBALANCING: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  EKS: 'AWS::EKS::Cluster',
  DYNAMODB: 'AWS::DynamoDB::Table',
  ELASTICACHE: 'AWS::ElastiCache::CacheCluster',
  SQS: 'AWS::SQS::Queue',
};

/**
 * Normalises an `AWS Health Event` (EventBridge `detail`, or the `Detail` of a PutEvents entry as the
 * aws-health-tools mocks send it). One signal per affected entity (at most {@link MAX_HEALTH_ENTITIES}),
 * or one about the event itself (`AWS::Health::Event`) when no entity is listed.
 *
 * - `statusCode: closed` → `resolved`, whatever the category.
 * - `issue` → `firing`; severity `high` when it is specific to the account, `medium` when `eventScopeCode` is PUBLIC
 *   (a regional service event that may not touch this workload).
 * - `scheduledChange` → `firing` `medium` while `open` (the change is under way now); `upcoming` or no status → `info`.
 * - `accountNotification`, and any other category → `info`, severity `info`.
 * - kind `health-event`; resource: the entity (ARN when given, EC2-style ids by prefix, else a type implied by the
 *   Health service, e.g. ECS `cluster/service` → `AWS::ECS::Service`).
 * - service: the entity's tags when present, else the Health `service` field (`EC2`, `EBS`, `ECS`...).
 * - environment: the entity's tags (`environment`, `env`, `stage`) when present.
 * - hints (per signal, about its own entity, so two entities of one event never lend each other an owner): arns = the
 *   entity's `entityArn` when it differs from the resource ARN, or the ARN its id makes in the event's region and
 *   account (`vol-…` → `arn:aws:ec2:…:volume/vol-…`); stacks and services = the entity's tags. A signal about the
 *   event itself (no entity listed) takes the envelope's `resources` ARNs.
 * - fingerprint: `health:<account>:<eventArn>:<entity>`.
 */
export function normaliseHealth(payload: unknown, env: Envelope): Outcome {
  const what = 'AWS Health Event';
  const parsed = parseWith(DetailSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const eventArn = parseArn(d.eventArn);
  const account = firstAccount(env.account, d.affectedAccount);
  const region = firstRegion(d.eventRegion, env.region, eventArn?.region);
  const time = firstTime(env.time, d.lastUpdatedTime, d.startTime);
  if (!time) return reject('malformed', `${what}: no usable time (time, lastUpdatedTime and startTime are missing or not dates)`, env);
  const category = d.eventTypeCategory;
  const status = (d.statusCode ?? '').toLowerCase();
  const { state, severity } = stateOf(category, status, d.eventScopeCode);
  const description = cleanText((d.eventDescription ?? []).find((x) => x.language === 'en_US')?.latestDescription ?? d.eventDescription?.[0]?.latestDescription);
  const healthService = d.service.replace(/^AWS_/, '');
  const entities = (d.affectedEntities ?? []).filter((e) => e.entityValue !== '');
  const regionAccount = { ...(region ? { region } : {}), ...(account ? { account } : {}) };
  const targets: { resource: ResourceRef; entity: string; tags?: Record<string, unknown>; arns: readonly unknown[] }[] = entities
    .slice(0, MAX_HEALTH_ENTITIES)
    .map((e) => {
      const resource = entityResource(e.entityValue, e.entityArn, healthService, regionAccount);
      const made = resource.arn ? undefined : formatResourceArn(resource.type, resource.id, region, account);
      return { resource, entity: e.entityValue, tags: e.tags, arns: [e.entityArn, made] };
    });
  if (targets.length === 0) {
    const id = eventArn ? eventArn.resource.replace(/^event\//, '') : d.eventArn;
    const resource: ResourceRef = { type: 'AWS::Health::Event', id, ...(eventArn ? { arn: eventArn.arn } : {}), ...regionAccount };
    targets.push({ resource, entity: '', arns: env.resources ?? [] });
  }
  const drafts: SignalDraft[] = targets.map((t) => ({
    source: 'health',
    kind: 'health-event',
    severity,
    state,
    resource: t.resource,
    service: serviceFromTags(t.tags) ?? d.service,
    environment: environmentFromTags(t.tags),
    hints: {
      arns: t.arns.filter((a) => parseArn(a) !== undefined),
      stacks: stacksFromTags(t.tags),
      services: servicesFromTags(t.tags),
    },
    fingerprint: fingerprintOf('health', account, d.eventArn, t.entity),
    time,
    title: `AWS Health ${category} ${d.eventTypeCode}${status ? ` (${status})` : ''}${t.entity ? ` affecting ${t.entity}` : ''}`,
    description,
    status: status || category,
    discriminator: t.entity,
    labels: {
      eventArn: d.eventArn,
      eventTypeCode: d.eventTypeCode,
      eventTypeCategory: category,
      eventScopeCode: d.eventScopeCode,
      statusCode: d.statusCode,
      healthService: d.service,
      affectedEntityCount: entities.length > 0 ? entities.length : undefined,
      startTime: firstTime(d.startTime),
      endTime: firstTime(d.endTime),
    },
  }));
  return buildAll(drafts, env);
}

function stateOf(category: string, status: string, scope: string | undefined): { state: SignalState; severity: Severity } {
  const firingSeverity: Severity = category === 'issue' ? (scope === 'PUBLIC' ? 'medium' : 'high')
    : category === 'scheduledChange' ? 'medium' : 'info';
  if (status === 'closed') return { state: 'resolved', severity: firingSeverity };
  if (category === 'issue') return { state: 'firing', severity: firingSeverity };
  if (category === 'scheduledChange' && status === 'open') return { state: 'firing', severity: firingSeverity };
  return { state: 'info', severity: 'info' };
}

function entityResource(
  value: string, entityArn: string | undefined, healthService: string, base: { region?: string; account?: string },
): ResourceRef {
  const fromArn = resourceFromArn(value) ?? resourceFromArn(entityArn);
  if (fromArn) return { ...base, ...fromArn, id: parseArn(value) ? fromArn.id : value };
  const type = typeFromId(value) ?? ENTITY_TYPES[healthService.toUpperCase()] ?? 'AWS::Health::AffectedEntity';
  return { type, id: value, ...base };
}
