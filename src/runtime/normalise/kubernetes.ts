import * as z from 'zod';
import type { Severity } from '../model';
import {
  buildOne, cleanText, describeValue, fingerprintOf, firstText, firstTime, isRecord, looseNumber, looseString, parseWith, reject,
  type Envelope, type Outcome,
} from './common';
import { environmentFromTags, serviceFromTags, servicesFromTags } from './resource';

const Labels = z.record(z.string(), z.unknown()).optional().catch(undefined);
const OwnerReferences = z.array(z.object({ kind: looseString, name: looseString }).catch({})).optional().catch(undefined);

const EventSchema = z.object({
  kind: z.literal('Event'),
  apiVersion: z.literal('v1'),
  type: z.enum(['Normal', 'Warning']),
  reason: z.string().min(1),
  message: looseString,
  count: looseNumber,
  firstTimestamp: z.unknown().optional(),
  lastTimestamp: z.unknown().optional(),
  eventTime: z.unknown().optional(),
  series: z.object({ lastObservedTime: z.unknown().optional() }).nullish().catch(undefined),
  involvedObject: z.object({
    kind: z.string().min(1),
    name: z.string().min(1),
    namespace: looseString,
    uid: looseString,
    fieldPath: looseString,
    // Added by event exporters that enrich the involved object (kubernetes-event-exporter `involvedObject.labels`...).
    labels: Labels,
    ownerReferences: OwnerReferences,
  }),
  metadata: z.object({
    uid: looseString,
    name: looseString,
    creationTimestamp: z.unknown().optional(),
    labels: Labels,
    ownerReferences: OwnerReferences,
  }).optional().catch(undefined),
  source: z.object({ component: looseString, host: looseString }).nullish().catch(undefined),
  reportingComponent: looseString,
});

/** The condition a Warning reason reports, and how bad it is. */
interface ReasonClass { readonly condition: string; readonly severity: Severity }

/**
 * Warning reasons with a known meaning. Crash loops and OOM kills take a workload down (`high`);
 * image pulls and scheduling failures block a rollout or a scale-out (`medium`); a failing readiness or startup
 * probe is `low` (the pod is taken out of rotation), a failing liveness probe `medium` (it will be restarted).
 */
const WARNING_REASONS: Readonly<Record<string, ReasonClass>> = {
  BackOff: { condition: 'crash-loop', severity: 'high' },
  CrashLoopBackOff: { condition: 'crash-loop', severity: 'high' },
  OOMKilled: { condition: 'oom', severity: 'high' },
  OOMKilling: { condition: 'oom', severity: 'high' },
  Failed: { condition: 'failed', severity: 'medium' },
  ErrImagePull: { condition: 'image-pull', severity: 'medium' },
  ImagePullBackOff: { condition: 'image-pull', severity: 'medium' },
  ErrImageNeverPull: { condition: 'image-pull', severity: 'medium' },
  InspectFailed: { condition: 'image-pull', severity: 'medium' },
  FailedScheduling: { condition: 'scheduling', severity: 'medium' },
  Unhealthy: { condition: 'probe', severity: 'low' },
  FailedMount: { condition: 'volume', severity: 'medium' },
  FailedAttachVolume: { condition: 'volume', severity: 'medium' },
  Evicted: { condition: 'eviction', severity: 'medium' },
  NodeNotReady: { condition: 'node-not-ready', severity: 'high' },
};

/** Severity of a Warning whose reason is not in the table. */
const UNKNOWN_WARNING_SEVERITY: Severity = 'low';

function classify(reason: string, message: string): ReasonClass {
  const known = WARNING_REASONS[reason];
  const pulling = /pull(ing)? image|image pull|ErrImagePull|ImagePullBackOff/i.test(message);
  if ((reason === 'BackOff' || reason === 'Failed') && pulling) return { condition: 'image-pull', severity: 'medium' };
  if (reason === 'Unhealthy' && /liveness/i.test(message)) return { condition: 'probe', severity: 'medium' };
  return known ?? { condition: reason, severity: UNKNOWN_WARNING_SEVERITY };
}

/**
 * Normalises a Kubernetes `core/v1` Event, bare or forwarded in an EventBridge `Kubernetes Event` envelope.
 *
 * - `Warning` → `firing` with the severity of its reason (see WARNING_REASONS; `BackOff`/`Failed` about pulling an
 *   image count as image-pull problems); `Normal` → `info`, severity `info`.
 * - kind `pod-event` (also for events about other objects); resource `Kubernetes::<involvedObject.kind>`,
 *   id `<namespace>/<name>` (just the name for cluster-scoped objects); region and account are unknown.
 * - service: the event's `app.kubernetes.io/name` / `app` / `service` label, else the owner's name derived from the
 *   object name (pod random suffix, ReplicaSet pod-template hash and CronJob schedule suffix stripped:
 *   `web-7d4b9c8f5-x2k4z` → `web`, `hello-1567197780-mn4mv` → `hello`, `db-0` → `db`). None for Nodes.
 *   Labels and owner references of the involved object (as enriching exporters add them) come first.
 * - environment: an `environment`, `env` or `stage` label.
 * - hints.services: every service the event states, in order: the involved object's and the event's
 *   `service`/`app`/`application`/`app.kubernetes.io/name`/`app.kubernetes.io/part-of` labels, the workloads of its
 *   owner references (ReplicaSet `web-7d9f8` → Deployment `web`, {@link workloadOf}), else the owner derived from the
 *   object name; the namespace only when none of these is known.
 * - fingerprint: `kubernetes:<namespace>:<kind>:<name>:<condition>` (crash-loop, oom, image-pull... or the reason),
 *   so `BackOff` and `CrashLoopBackOff` about one pod are one condition.
 * - time: lastTimestamp, series.lastObservedTime, eventTime, firstTimestamp, then creationTimestamp.
 */
export function normaliseKubernetesEvent(payload: unknown, env: Envelope): Outcome {
  const what = 'Kubernetes Event';
  const apiVersion = isRecord(payload) ? payload.apiVersion : undefined;
  if (typeof apiVersion === 'string' && apiVersion !== 'v1') {
    return reject('unsupported', `${what}: apiVersion ${describeValue(apiVersion)} is not supported; only core "v1" Events are`, env);
  }
  const parsed = parseWith(EventSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const e = parsed.data;
  const time = firstTime(e.lastTimestamp, e.series?.lastObservedTime, e.eventTime, e.firstTimestamp, e.metadata?.creationTimestamp, env.time);
  if (!time) return reject('malformed', `${what}: no usable time (lastTimestamp, eventTime, firstTimestamp and metadata.creationTimestamp are missing or not dates)`, env);
  const object = e.involvedObject;
  const namespace = firstText(object.namespace);
  const message = cleanText(e.message) ?? '';
  const warning = e.type === 'Warning';
  const cls = warning ? classify(e.reason, message) : { condition: e.reason, severity: 'info' as const };
  const id = namespace ? `${namespace}/${object.name}` : object.name;
  const scoped: Envelope = { ...env, eventId: env.eventId ?? firstText(e.metadata?.uid) };
  const labels = { ...(e.metadata?.labels ?? {}), ...(object.labels ?? {}) };
  const owners = [...(object.ownerReferences ?? []), ...(e.metadata?.ownerReferences ?? [])]
    .map((ref) => (ref.kind && ref.name ? workloadOf(ref.kind, ref.name, labels) : undefined));
  const derived = ownerName(object.kind, object.name);
  const stated = [...servicesFromTags(object.labels), ...servicesFromTags(e.metadata?.labels), ...owners, ...(owners.some(Boolean) ? [] : [derived])]
    .filter((v): v is string => typeof v === 'string' && v !== '');
  return buildOne({
    source: 'kubernetes',
    kind: 'pod-event',
    severity: cls.severity,
    state: warning ? 'firing' : 'info',
    resource: { type: `Kubernetes::${object.kind}`, id },
    service: serviceFromTags(object.labels) ?? serviceFromTags(e.metadata?.labels) ?? firstText(...owners) ?? derived,
    environment: environmentFromTags(labels),
    hints: { services: stated.length > 0 ? stated : [namespace] },
    fingerprint: fingerprintOf('kubernetes', namespace, object.kind, object.name, cls.condition),
    time,
    title: `${e.type} ${e.reason} on ${object.kind} ${id}${message ? `: ${message}` : ''}`,
    description: message || undefined,
    status: `${e.type}/${e.reason}`,
    discriminator: e.count !== undefined ? String(e.count) : undefined,
    labels: {
      reason: e.reason,
      type: e.type,
      condition: cls.condition,
      namespace,
      involvedKind: object.kind,
      involvedName: object.name,
      fieldPath: object.fieldPath,
      count: e.count,
      component: e.source?.component ?? e.reportingComponent,
      host: e.source?.host,
    },
  }, scoped);
}

/** Characters Kubernetes uses in generated name suffixes (no vowels, so real words rarely match). */
const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]';
const POD_SUFFIX = new RegExp(`-${SUFFIX}{5}$`);
const TEMPLATE_HASH = new RegExp(`-${SUFFIX}{6,10}$`);
/** Any pod-template hash suffix, for names known to be a ReplicaSet's (an owner reference says so). */
const ANY_TEMPLATE_HASH = new RegExp(`-${SUFFIX}{1,10}$`);
const SCHEDULE_SUFFIX = /-\d{8,10}$/;

/**
 * The owning workload's name from an object name: strips the pod's random suffix, then a ReplicaSet
 * pod-template hash or a CronJob schedule suffix, or a StatefulSet ordinal. Undefined for Nodes and Namespaces.
 */
export function ownerName(kind: string, name: string): string | undefined {
  if (kind === 'Node' || kind === 'Namespace') return undefined;
  let owner = name;
  if (kind === 'Pod') {
    const stripped = owner.replace(POD_SUFFIX, '');
    owner = stripped !== owner ? stripped.replace(TEMPLATE_HASH, '').replace(SCHEDULE_SUFFIX, '') : owner.replace(/-\d+$/, '');
  } else if (kind === 'ReplicaSet') {
    owner = owner.replace(TEMPLATE_HASH, '');
  } else if (kind === 'Job') {
    owner = owner.replace(SCHEDULE_SUFFIX, '');
  }
  return owner === '' ? name : owner;
}

/**
 * The workload an owner reference names: a ReplicaSet's Deployment (its `pod-template-hash` label stripped when
 * given, else a generated hash suffix of 1 to 10 characters: `web-7d9f8` → `web`), a Job's CronJob (schedule
 * suffix stripped), else the owner itself (StatefulSet, DaemonSet...).
 */
export function workloadOf(kind: string, name: string, labels: Readonly<Record<string, unknown>> = {}): string {
  if (kind === 'ReplicaSet') {
    const hash = labels['pod-template-hash'];
    if (typeof hash === 'string' && hash !== '' && name.endsWith(`-${hash}`) && name.length > hash.length + 1) {
      return name.slice(0, -(hash.length + 1));
    }
    const stripped = name.replace(ANY_TEMPLATE_HASH, '');
    return stripped === '' ? name : stripped;
  }
  return ownerName(kind, name) ?? name;
}

/** True for a Kubernetes Event object (`kind: Event`). */
export function isKubernetesEvent(value: Record<string, unknown>): boolean {
  return value.kind === 'Event' && typeof value.apiVersion === 'string';
}
