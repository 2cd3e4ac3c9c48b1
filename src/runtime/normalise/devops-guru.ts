import * as z from 'zod';
import { OWNER_HINTS_MAX, type ResourceRef, type Severity, type SignalKind, type SignalState } from '../model';
import {
  buildOne, cleanText, fingerprintOf, firstText, firstTime, isRecord, looseString, parseWith, reject,
  type DraftHints, type Envelope, type Outcome,
} from './common';
import { firstAccount, firstRegion, serviceFromDimensions } from './resource';
import { formatResourceArn, parseArn, resourceFromArn, resourceFromDimensions } from '../model/aws-resources';

/** EventBridge detail-types of DevOps Guru, by the `messageType` of its SNS notifications. */
export const DEVOPS_GURU_DETAIL_TYPES: Readonly<Record<string, string>> = {
  NEW_INSIGHT: 'DevOps Guru New Insight Open',
  CLOSED_INSIGHT: 'DevOps Guru Insight Closed',
  NEW_ASSOCIATION: 'DevOps Guru New Anomaly Association',
  SEVERITY_UPGRADED: 'DevOps Guru Insight Severity Upgraded',
  NEW_RECOMMENDATION: 'DevOps Guru New Recommendation Created',
};

/**
 * What each DevOps Guru detail-type becomes:
 * - New Insight Open, Insight Severity Upgraded → `insight`, `firing`;
 * - New Anomaly Association → `insight-anomaly`, `firing` (one more anomaly in an open insight);
 * - New Recommendation Created → `insight-recommendation`, `info` (advice, context for the insight);
 * - Insight Closed → `insight`, `resolved`.
 */
const MAPPING: Readonly<Record<string, { kind: SignalKind; state: SignalState; verb: string }>> = {
  'DevOps Guru New Insight Open': { kind: 'insight', state: 'firing', verb: 'opened' },
  'DevOps Guru Insight Severity Upgraded': { kind: 'insight', state: 'firing', verb: 'severity upgraded' },
  'DevOps Guru New Anomaly Association': { kind: 'insight-anomaly', state: 'firing', verb: 'new anomaly' },
  'DevOps Guru New Recommendation Created': { kind: 'insight-recommendation', state: 'info', verb: 'new recommendation' },
  'DevOps Guru Insight Closed': { kind: 'insight', state: 'resolved', verb: 'closed' },
};

const SEVERITIES: Readonly<Record<string, Severity>> = { high: 'high', medium: 'medium', low: 'low' };

const ArnList = z.array(z.unknown()).optional().catch(undefined);
const TypedResources = z.array(z.object({ type: z.string(), name: z.string() }).catch({ type: '', name: '' })).optional().catch(undefined);
const SourceDetails = z.array(z.object({
  dataIdentifiers: z.object({ namespace: looseString, name: looseString, dimensions: z.unknown().optional() }).optional().catch(undefined),
}).catch({})).optional().catch(undefined);

const DetailSchema = z.object({
  insightId: z.string().min(1),
  insightSeverity: z.string().optional().catch(undefined),
  insightName: looseString,
  insightDescription: looseString,
  insightType: looseString,
  insightUrl: looseString,
  accountId: looseString,
  region: looseString,
  messageType: looseString,
  startTime: z.unknown().optional(),
  startTimeISO: looseString,
  endTime: z.unknown().optional(),
  endTimeISO: looseString,
  anomalies: z.array(z.object({
    id: looseString,
    openTimeISO: looseString,
    openTime: z.unknown().optional(),
    description: looseString,
    anomalyResources: TypedResources,
    associatedResourceArn: ArnList,
    associatedResourceArns: ArnList,
    sourceDetails: SourceDetails,
  }).catch({})).optional().catch(undefined),
  recommendations: z.array(z.object({
    name: looseString,
    reason: looseString,
    relatedAnomalies: z.array(z.object({ resources: TypedResources, associatedResourceArns: ArnList }).catch({})).optional().catch(undefined),
  }).catch({})).optional().catch(undefined),
  resourceCollection: z.object({
    cloudFormation: z.object({ stackNames: z.array(z.unknown()).optional().catch(undefined) }).optional().catch(undefined),
    tags: z.array(z.object({
      appBoundaryKey: looseString,
      tagValues: z.array(z.unknown()).optional().catch(undefined),
    }).catch({})).optional().catch(undefined),
  }).optional().catch(undefined),
});
type Detail = z.infer<typeof DetailSchema>;

/**
 * Normalises a DevOps Guru event: the EventBridge `detail`, or the SNS notification body (same fields),
 * for all five detail-types (see MAPPING).
 *
 * - severity: `insightSeverity` (high/medium/low) as is; recommendations are `info`. Closed insights keep the
 *   insight severity.
 * - fingerprint: `devops-guru:<account>:<region>:<insightId>`, so the five events of one insight relate.
 * - resource: the first anomaly's (or recommendation's) typed resource (`AWS::SQS::Queue` `SampleQueue`), with the
 *   associated ARN when there is one; else an ARN alone; else the resource of the anomaly's metric dimensions;
 *   else the insight itself (`AWS::DevOpsGuru::Insight`).
 * - service: the insight's resource collection, tag value first, then the first CloudFormation stack name;
 *   else a service-like metric dimension (`ServiceName`, `FunctionName`, `ApiName`).
 * - hints: every resource of the insight, not only the first: arns = the associated ARNs of every anomaly and of
 *   every recommendation's related anomalies, then the ARNs of typed resources given by name (`AWS::SQS::Queue`
 *   `SampleQueue` in the insight's region and account), then the anomaly metric's resource; stacks = every
 *   CloudFormation stack name of the resource collection; services = every tag value of the resource collection.
 * - time: envelope time; for a bare SNS body, the time of what happened (close time, newest anomaly open time,
 *   or the insight start time).
 */
export function normaliseDevOpsGuru(payload: unknown, env: Envelope): Outcome {
  const detailType = env.detailType ?? '';
  const mapping = MAPPING[detailType];
  if (!mapping) return reject('unsupported', `DevOps Guru detail-type ${JSON.stringify(detailType)} is not supported`, env);
  const parsed = parseWith(DetailSchema, payload, env, detailType);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const account = firstAccount(d.accountId, env.account);
  const region = firstRegion(d.region, env.region);
  const time = firstTime(env.time, ...eventTimes(d, mapping.verb));
  if (!time) return reject('malformed', `${detailType}: no usable time (envelope time, startTime and startTimeISO are missing or not dates)`, env);
  const dims = dimensionsOf(d);
  const resource = resourceOf(d, dims, region, account);
  const service = serviceOf(d) ?? (dims ? serviceFromDimensions(dims.dimensions) : undefined);
  const severity: Severity = mapping.state === 'info' ? 'info' : SEVERITIES[(d.insightSeverity ?? '').toLowerCase()] ?? 'medium';
  const name = cleanText(d.insightName) ?? cleanText(d.insightDescription) ?? d.insightId;
  const recommendation = d.recommendations?.[0];
  const hints = hintsOf(d, dims, region, account);
  return buildOne({
    source: 'devops-guru',
    kind: mapping.kind,
    severity,
    state: mapping.state,
    resource,
    service,
    fingerprint: fingerprintOf('devops-guru', account, region, d.insightId),
    time,
    title: `DevOps Guru insight ${mapping.verb}: ${mapping.kind === 'insight-recommendation' && recommendation?.name ? recommendation.name : name}`,
    description: [d.insightDescription, recommendation?.reason].filter(Boolean).join('\n\n') || undefined,
    status: d.messageType ?? detailType,
    hints,
    labels: {
      insightId: d.insightId,
      insightSeverity: d.insightSeverity,
      insightType: d.insightType,
      insightUrl: d.insightUrl,
      anomalyCount: d.anomalies?.length,
      metric: dims?.name ? `${dims.namespace ?? ''}/${dims.name}` : undefined,
    },
  }, env);
}

function eventTimes(d: Detail, verb: string): unknown[] {
  if (verb === 'closed') return [d.endTimeISO, d.endTime, d.startTimeISO, d.startTime];
  if (verb === 'new anomaly') {
    const opens = (d.anomalies ?? []).map((a) => firstTime(a.openTimeISO, a.openTime)).filter((t): t is string => Boolean(t)).sort();
    return [opens[opens.length - 1], d.startTimeISO, d.startTime];
  }
  return [d.startTimeISO, d.startTime];
}

function dimensionsOf(d: Detail): { namespace?: string; name?: string; dimensions: Record<string, string> } | undefined {
  for (const anomaly of d.anomalies ?? []) {
    for (const source of anomaly.sourceDetails ?? []) {
      const ids = source.dataIdentifiers;
      if (!ids) continue;
      return { namespace: ids.namespace, name: ids.name, dimensions: dimensionRecord(ids.dimensions) };
    }
  }
  return undefined;
}

/** Dimensions come as `[{name, value}]` (EventBridge) or as a JSON object string (SNS). */
function dimensionRecord(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  let value = raw;
  if (typeof value === 'string' && value.length < 10_000) {
    try {
      value = JSON.parse(value);
    } catch {
      return out;
    }
  }
  if (Array.isArray(value)) {
    for (const item of value) if (isRecord(item) && typeof item.name === 'string' && typeof item.value === 'string') out[item.name] = item.value;
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function resourceOf(d: Detail, dims: ReturnType<typeof dimensionsOf>, region?: string, account?: string): ResourceRef {
  const candidates: { typed?: { type: string; name: string }; arns: unknown[] }[] = [];
  for (const a of d.anomalies ?? []) {
    candidates.push({ typed: a.anomalyResources?.[0], arns: [...(a.associatedResourceArns ?? []), ...(a.associatedResourceArn ?? [])] });
  }
  for (const r of d.recommendations ?? []) {
    for (const rel of r.relatedAnomalies ?? []) candidates.push({ typed: rel.resources?.[0], arns: rel.associatedResourceArns ?? [] });
  }
  const regionAccount = { ...(region ? { region } : {}), ...(account ? { account } : {}) };
  for (const c of candidates) {
    const arn = c.arns.map((a) => parseArn(a)).find(Boolean);
    if (c.typed && c.typed.type !== '' && c.typed.name !== '') {
      const arnPart = arn ? { arn: arn.arn, ...(arn.region ? { region: arn.region } : {}) } : {};
      return { type: c.typed.type, id: c.typed.name, ...regionAccount, ...arnPart };
    }
    const fromArn = c.arns.map((a) => resourceFromArn(a)).find(Boolean);
    if (fromArn) return fromArn;
  }
  const fromDims = dims ? resourceFromDimensions(dims, region, account) : undefined;
  if (fromDims) return fromDims;
  return { type: 'AWS::DevOpsGuru::Insight', id: d.insightId, ...regionAccount };
}

function hintsOf(d: Detail, dims: ReturnType<typeof dimensionsOf>, region?: string, account?: string): DraftHints {
  const arns: unknown[] = [];
  const named: { type: string; name: string }[] = [];
  for (const a of d.anomalies ?? []) {
    arns.push(...(a.associatedResourceArns ?? []), ...(a.associatedResourceArn ?? []));
    named.push(...(a.anomalyResources ?? []));
  }
  for (const r of d.recommendations ?? []) {
    for (const rel of r.relatedAnomalies ?? []) {
      arns.push(...(rel.associatedResourceArns ?? []));
      named.push(...(rel.resources ?? []));
    }
  }
  const valid = arns.filter((a) => parseArn(a) !== undefined);
  for (const n of named.slice(0, OWNER_HINTS_MAX)) {
    if (n.type !== '' && n.name !== '') valid.push(formatResourceArn(n.type, n.name, region, account));
  }
  if (dims) valid.push(resourceFromDimensions(dims, region, account)?.arn);
  const collection = d.resourceCollection;
  const services = (collection?.tags ?? []).flatMap((t) => t.tagValues ?? []).filter((v) => v !== '*');
  return { arns: valid, stacks: collection?.cloudFormation?.stackNames ?? [], services };
}

function serviceOf(d: Detail): string | undefined {
  const collection = d.resourceCollection;
  for (const tag of collection?.tags ?? []) {
    const value = firstText(...(tag.tagValues ?? []));
    if (value && value !== '*') return value;
  }
  return firstText(...(collection?.cloudFormation?.stackNames ?? []));
}

/** True for a bare DevOps Guru SNS notification body. */
export function isDevOpsGuruMessage(value: Record<string, unknown>): boolean {
  return typeof value.messageType === 'string' && 'insightId' in value;
}
