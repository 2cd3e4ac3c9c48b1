import { z } from 'zod';

/**
 * The pod bundle the diagnosis reads: a core/v1 Pod, its Events, and its containers' current and previous logs,
 * with optional context (the owning Job, the Node, CPU metrics). Only the fields the analyzers read are checked; any
 * other field of a real object is accepted and ignored.
 */

const Quantity = z.union([z.string(), z.number()]);

const Condition = z.object({
  type: z.string().min(1),
  status: z.string(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
});

const Waiting = z.object({ reason: z.string().nullish(), message: z.string().nullish() });
const Terminated = z.object({
  reason: z.string().nullish(),
  message: z.string().nullish(),
  exitCode: z.number().int().nullish(),
  signal: z.number().int().nullish(),
});
const ContainerState = z.object({
  waiting: Waiting.nullish(),
  running: z.unknown().optional(),
  terminated: Terminated.nullish(),
});

const ContainerStatus = z.object({
  // Real API objects always name their containers; test data built from Go literals (k8sgpt's) may leave it empty.
  name: z.string(),
  image: z.string().nullish(),
  ready: z.boolean().nullish(),
  restartCount: z.number().int().nonnegative().nullish(),
  state: ContainerState.nullish(),
  lastState: ContainerState.nullish(),
});

const Container = z.object({
  name: z.string().min(1),
  image: z.string().nullish(),
  resources: z.object({
    limits: z.record(z.string(), Quantity).nullish(),
    requests: z.record(z.string(), Quantity).nullish(),
  }).nullish(),
  livenessProbe: z.unknown().optional(),
  readinessProbe: z.unknown().optional(),
  startupProbe: z.unknown().optional(),
});

const OwnerReference = z.object({
  kind: z.string().min(1),
  name: z.string().min(1),
  controller: z.boolean().nullish(),
});

const ObjectMeta = z.object({
  name: z.string().min(1),
  namespace: z.string().nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
  ownerReferences: z.array(OwnerReference).nullish(),
});

const PodSchema = z.object({
  apiVersion: z.literal('v1').optional(),
  kind: z.literal('Pod').optional(),
  metadata: ObjectMeta,
  spec: z.object({
    nodeName: z.string().nullish(),
    containers: z.array(Container).min(1),
    initContainers: z.array(Container).nullish(),
  }).nullish(),
  status: z.object({
    phase: z.string().nullish(),
    reason: z.string().nullish(),
    message: z.string().nullish(),
    conditions: z.array(Condition).nullish(),
    containerStatuses: z.array(ContainerStatus).nullish(),
    initContainerStatuses: z.array(ContainerStatus).nullish(),
  }).nullish(),
});

/** A core/v1 Event, or an events.k8s.io/v1 Event (`note`, `regarding`), reduced to one shape. */
const EventSchema = z.object({
  kind: z.literal('Event').optional(),
  type: z.string().nullish(),
  reason: z.string().min(1),
  message: z.string().nullish(),
  note: z.string().nullish(),
  count: z.number().int().nullish(),
  series: z.object({ count: z.number().int().nullish() }).nullish(),
  involvedObject: z.object({ kind: z.string().nullish(), name: z.string().nullish() }).nullish(),
  regarding: z.object({ kind: z.string().nullish(), name: z.string().nullish() }).nullish(),
}).transform((e) => ({
  type: e.type ?? undefined,
  reason: e.reason,
  message: e.message ?? e.note ?? '',
  count: e.count ?? e.series?.count ?? undefined,
  objectKind: e.involvedObject?.kind ?? e.regarding?.kind ?? undefined,
  objectName: e.involvedObject?.name ?? e.regarding?.name ?? undefined,
}));

/** The pod's controller when the bundle carries it (a batch/v1 Job, an apps/v1 ReplicaSet or Deployment...). */
const OwnerSchema = z.object({
  kind: z.string().min(1),
  metadata: z.object({ name: z.string().min(1) }),
  spec: z.object({
    backoffLimit: z.number().int().nullish(),
    activeDeadlineSeconds: z.number().int().nullish(),
  }).nullish(),
  status: z.object({ conditions: z.array(Condition).nullish(), failed: z.number().int().nullish() }).nullish(),
});

const NodeSchema = z.object({
  kind: z.literal('Node').optional(),
  metadata: z.object({ name: z.string().min(1) }),
  status: z.object({ conditions: z.array(Condition).nullish() }).nullish(),
});

/**
 * CPU figures of one container over a recent window: the kubelet's cAdvisor CFS counters
 * (`container_cpu_cfs_periods_total`, `container_cpu_cfs_throttled_periods_total`, increases over the window) and/or
 * the usage `kubectl top` / metrics-server reports, in millicores.
 */
const ContainerMetrics = z.object({
  cfsPeriods: z.number().nonnegative().optional(),
  cfsThrottledPeriods: z.number().nonnegative().optional(),
  cpuMillicores: z.number().nonnegative().optional(),
}).refine((m) => (m.cfsPeriods === undefined) === (m.cfsThrottledPeriods === undefined), {
  message: 'cfsPeriods and cfsThrottledPeriods come together',
});

const Logs = z.union([z.string(), z.record(z.string(), z.string())]);

const BundleSchema = z.object({
  pod: PodSchema,
  events: z.array(EventSchema).optional(),
  logs: Logs.optional(),
  previousLogs: Logs.optional(),
  owner: OwnerSchema.optional(),
  node: NodeSchema.optional(),
  metrics: z.record(z.string(), ContainerMetrics).optional(),
});

export type PodCondition = z.infer<typeof Condition>;
export type ContainerStatusInfo = z.infer<typeof ContainerStatus>;
export type ContainerSpec = z.infer<typeof Container>;
export type PodObject = z.infer<typeof PodSchema>;
export type BundleEvent = z.output<typeof EventSchema>;
export type OwnerObject = z.infer<typeof OwnerSchema>;
export type NodeObject = z.infer<typeof NodeSchema>;
export type ContainerCpuMetrics = z.infer<typeof ContainerMetrics>;

/** A validated pod bundle: logs always keyed by container. */
export interface PodBundle {
  readonly pod: PodObject;
  readonly events: readonly BundleEvent[];
  readonly logs: Readonly<Record<string, string>>;
  readonly previousLogs: Readonly<Record<string, string>>;
  readonly owner?: OwnerObject;
  readonly node?: NodeObject;
  readonly metrics: Readonly<Record<string, ContainerCpuMetrics>>;
}

/** Why a value is not a pod bundle: the first problem found, with where it is. */
export class PodBundleError extends Error {
  constructor(public readonly reason: string) {
    super(`not a pod bundle: ${reason}`);
    this.name = 'PodBundleError';
  }
}

export type ParsedBundle = { readonly ok: true; readonly bundle: PodBundle } | { readonly ok: false; readonly reason: string };

/** The names of the pod's containers, from its spec, else from its status. */
export function containerNames(pod: PodObject): string[] {
  const fromSpec = pod.spec?.containers.map((c) => c.name);
  if (fromSpec && fromSpec.length > 0) return fromSpec;
  return (pod.status?.containerStatuses ?? []).map((c) => c.name);
}

function logsByContainer(field: 'logs' | 'previousLogs', value: unknown, pod: PodObject): Record<string, string> {
  if (value === undefined) return {};
  const names = containerNames(pod);
  if (typeof value === 'string') {
    if (names.length !== 1) {
      throw new PodBundleError(`${field} is one text but the pod has ${names.length} containers (${names.join(', ') || 'none named'}): give {"<container>": "<text>"}`);
    }
    return { [names[0]]: value };
  }
  const byName = value as Record<string, string>;
  const unknown = Object.keys(byName).filter((n) => !names.includes(n) && !(pod.spec?.initContainers ?? []).some((c) => c.name === n));
  if (unknown.length > 0) throw new PodBundleError(`${field} names container ${unknown.map((n) => `'${n}'`).join(', ')}, which the pod does not have (${names.join(', ')})`);
  return { ...byName };
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'bundle';
  return `${where}: ${issue.message}`;
}

/**
 * Validates a pod bundle where it enters. Never throws: a value that is not a bundle comes back with the reason
 * (the first offending field and what was wrong with it).
 */
export function parsePodBundle(value: unknown): ParsedBundle {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `expected an object {"pod": ..., "events"?: [...], "logs"?: ...}, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
  }
  if (!('pod' in value)) return { ok: false, reason: 'pod: missing (a bundle is {"pod": <core/v1 Pod>, ...})' };
  const parsed = BundleSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: issueText(parsed.error) };
  const b = parsed.data;
  try {
    return {
      ok: true,
      bundle: {
        pod: b.pod,
        events: b.events ?? [],
        logs: logsByContainer('logs', b.logs, b.pod),
        previousLogs: logsByContainer('previousLogs', b.previousLogs, b.pod),
        owner: b.owner,
        node: b.node,
        metrics: b.metrics ?? {},
      },
    };
  } catch (e) {
    if (e instanceof PodBundleError) return { ok: false, reason: e.reason };
    throw e;
  }
}
