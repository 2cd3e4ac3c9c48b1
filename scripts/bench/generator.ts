/**
 * Seeded, reproducible alert-storm generator. It builds a topology of N services × M resources (each resource with
 * the CloudWatch alarms a team would set on it), then a timeline of episodes: cascading failures, flapping alarms,
 * bursts of identical alarms, background noise, each followed by its resolution. Every event is kept as a compact
 * spec and materialised on demand into the real payload shape (see envelopes.ts), so 100k-alert streams stay small
 * in memory. Every event carries its ground-truth incident id in a parallel array that triage never sees.
 *
 * Ground truth: one id per episode. Cascade, flapping and burst episodes are incidents (`inc:<n>`); background noise
 * (an alarm that fires once and clears within minutes, unrelated to anything) is a false alarm (`noise:<n>`): it
 * must not be paged, and it must not be grouped with anything else.
 */
import {
  alarmStateChange,
  canaryTestRun,
  devOpsGuruInsightOpen,
  kubernetesEvent,
  type AlarmStateValue,
  type MetricRef,
} from './envelopes';
import { Rng } from './rng';

export const ACCOUNT = '210987654321';
export const REGION = 'eu-west-1';
/** Timelines start here (a Monday, UTC). */
export const EPOCH_MS = Date.UTC(2025, 2, 3, 0, 0, 0);

const MINUTE = 60_000;

export interface AlarmDef {
  readonly name: string;
  readonly description: string;
  readonly metric: MetricRef;
  readonly threshold: number;
}

export type ResourceKind = 'appsignals' | 'ecs' | 'lambda' | 'rds' | 'alb' | 'sqs' | 'dynamodb' | 'apigw' | 'ec2';

export interface ResourceDef {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly alarms: readonly AlarmDef[];
}

export interface ServiceDef {
  readonly index: number;
  readonly name: string;
  readonly resources: readonly ResourceDef[];
  /** Services this one calls (its dependencies). */
  readonly dependsOn: number[];
  /** Services that call this one. */
  readonly dependents: number[];
  readonly canary: { readonly name: string; readonly id: string };
  /** Runs on EKS: its pods emit Kubernetes events when they crash. */
  readonly k8s?: { readonly namespace: string; readonly pods: readonly { name: string; uid: string; node: string }[] };
}

export interface Topology {
  readonly services: readonly ServiceDef[];
}

/** One event of a stream, compact until materialised. */
export type EventSpec =
  | { readonly type: 'alarm'; readonly time: number; readonly eventId: string; readonly alarm: AlarmDef; readonly from: AlarmStateValue; readonly to: AlarmStateValue; readonly value: number; readonly previousTime: number }
  | { readonly type: 'canary'; readonly time: number; readonly eventId: string; readonly service: ServiceDef; readonly runId: string; readonly passed: boolean }
  | { readonly type: 'insight'; readonly time: number; readonly eventId: string; readonly insightId: string; readonly service: ServiceDef; readonly alarm: AlarmDef }
  | { readonly type: 'pod'; readonly time: number; readonly uid: string; readonly service: ServiceDef; readonly pod: number; readonly count: number };

export interface AlertStream {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** Events in delivery order. */
  readonly events: readonly EventSpec[];
  /** Ground-truth incident id of each event (same index). `noise:*` ids are false alarms. Never given to triage. */
  readonly truth: readonly string[];
}

/** True for ground-truth ids of false alarms (noise), which no incident should cover. */
export function isNoise(truthId: string): boolean {
  return truthId.startsWith('noise:');
}

/** The real payload for one event spec. */
export function materialise(spec: EventSpec): Record<string, unknown> {
  switch (spec.type) {
    case 'alarm': {
      const a = spec.alarm;
      const n = a.metric.period >= 300 ? 1 : 3;
      const datapoints = Array.from({ length: n }, (_, i) => round(spec.value * (1 - 0.02 * (n - 1 - i))));
      return alarmStateChange({
        eventId: spec.eventId,
        account: ACCOUNT,
        region: REGION,
        time: spec.time,
        alarmName: a.name,
        description: a.description,
        metric: a.metric,
        threshold: a.threshold,
        from: spec.from,
        to: spec.to,
        datapoints,
        previousTime: spec.previousTime,
      });
    }
    case 'canary':
      return canaryTestRun({
        eventId: spec.eventId,
        account: ACCOUNT,
        region: REGION,
        time: spec.time,
        canaryName: spec.service.canary.name,
        canaryId: spec.service.canary.id,
        runId: spec.runId,
        passed: spec.passed,
        reason: spec.passed ? undefined : 'Error: Timed out after waiting 30000ms for response (status 504)',
      });
    case 'insight':
      return devOpsGuruInsightOpen({
        eventId: spec.eventId,
        account: ACCOUNT,
        region: REGION,
        time: spec.time,
        insightId: spec.insightId,
        severity: 'high',
        description: `${spec.alarm.metric.name} Anomalous In Stack ${spec.service.name}`,
        metric: spec.alarm.metric,
      });
    case 'pod': {
      const k8s = spec.service.k8s!;
      const pod = k8s.pods[spec.pod];
      return kubernetesEvent({
        uid: spec.uid,
        time: spec.time,
        namespace: k8s.namespace,
        pod: pod.name,
        podUid: pod.uid,
        container: spec.service.name,
        node: pod.node,
        reason: 'BackOff',
        message: `Back-off restarting failed container ${spec.service.name} in pod ${pod.name}`,
        warning: true,
        count: spec.count,
      });
    }
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** The alphabet Kubernetes draws generated name suffixes from (no vowels, no 0/1/3). */
const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const SERVICE_NAMES = [
  'checkout', 'payments', 'catalog', 'search', 'cart', 'orders', 'inventory', 'shipping', 'auth', 'profile',
  'recommend', 'reviews', 'notify', 'pricing', 'ledger', 'billing', 'gateway', 'media', 'analytics', 'fraud',
  'loyalty', 'returns', 'tax', 'wishlist', 'session', 'content', 'geo', 'quotes', 'invoices', 'partners',
];

/** N services × M resources. Services call 1-3 services further down the list (a layered graph, no cycles). */
export function buildTopology(rng: Rng, services: number, resourcesPerService: number): Topology {
  const defs: ServiceDef[] = [];
  for (let s = 0; s < services; s++) {
    const base = SERVICE_NAMES[s % SERVICE_NAMES.length];
    const name = s < SERVICE_NAMES.length ? base : `${base}${Math.floor(s / SERVICE_NAMES.length) + 1}`;
    const onEks = rng.chance(0.3);
    const kinds: ResourceKind[] = ['appsignals', onEks ? 'ec2' : 'ecs', 'rds', 'alb'];
    const extra: ResourceKind[] = ['lambda', 'sqs', 'dynamodb', 'ec2', 'lambda', 'apigw', 'rds', 'ec2'];
    while (kinds.length < resourcesPerService) kinds.push(rng.pick(extra));
    const resources = kinds.slice(0, resourcesPerService).map((kind, i) => buildResource(rng, name, kind, i));
    defs.push({
      index: s,
      name,
      resources,
      dependsOn: [],
      dependents: [],
      canary: { name: `${name}-canary`.slice(0, 21), id: rng.uuid() },
      ...(onEks
        ? {
          k8s: {
            namespace: name,
            pods: Array.from({ length: 4 }, () => ({
              // Deployment pods: <deployment>-<pod-template-hash>-<suffix>, in Kubernetes' own safe alphabet.
              name: `${name}-${rng.chars(K8S_ALPHABET, 10)}-${rng.chars(K8S_ALPHABET, 5)}`,
              uid: rng.uuid(),
              node: `ip-10-0-${rng.int(0, 255)}-${rng.int(1, 254)}.${REGION}.compute.internal`,
            })),
          },
        }
        : {}),
    });
  }
  for (const svc of defs) {
    const below = defs.slice(svc.index + 1);
    for (const dep of rng.sample(below, rng.int(1, 3))) {
      svc.dependsOn.push(dep.index);
      dep.dependents.push(svc.index);
    }
  }
  return { services: defs };
}

function buildResource(rng: Rng, service: string, kind: ResourceKind, i: number): ResourceDef {
  const alarm = (
    suffix: string,
    namespace: string,
    metric: string,
    dimensions: Record<string, string>,
    stat: string,
    period: number,
    threshold: number,
    what: string,
  ): AlarmDef => ({
    name: `${service}-${kind}${i}-${suffix}`,
    description: `${what} (${service}, owned by team-${service})`,
    metric: { namespace, name: metric, dimensions, stat, period },
    threshold,
  });
  switch (kind) {
    case 'appsignals': {
      const dims = { Service: service, Operation: `POST /${service}`, Environment: 'eks:prod' };
      return {
        kind,
        id: service,
        alarms: [
          alarm('latency-p99', 'ApplicationSignals', 'Latency', dims, 'p99', 60, 1500, 'p99 latency above 1.5 s'),
          alarm('fault-rate', 'ApplicationSignals', 'Fault', dims, 'Average', 60, 0.05, 'Fault rate above 5 %'),
        ],
      };
    }
    case 'ecs': {
      const dims = { ClusterName: 'prod', ServiceName: service };
      return {
        kind,
        id: `prod/${service}`,
        alarms: [
          alarm('cpu-high', 'AWS/ECS', 'CPUUtilization', dims, 'Average', 60, 85, 'ECS service CPU above 85 %'),
          alarm('memory-high', 'AWS/ECS', 'MemoryUtilization', dims, 'Average', 60, 90, 'ECS service memory above 90 %'),
        ],
      };
    }
    case 'lambda': {
      const dims = { FunctionName: `${service}-worker-${i}` };
      return {
        kind,
        id: dims.FunctionName,
        alarms: [
          alarm('errors', 'AWS/Lambda', 'Errors', dims, 'Sum', 60, 5, 'Lambda errors above 5 a minute'),
          alarm('throttles', 'AWS/Lambda', 'Throttles', dims, 'Sum', 60, 1, 'Lambda throttled'),
        ],
      };
    }
    case 'rds': {
      const dims = { DBInstanceIdentifier: `${service}-db-${i}` };
      return {
        kind,
        id: dims.DBInstanceIdentifier,
        alarms: [
          alarm('cpu-high', 'AWS/RDS', 'CPUUtilization', dims, 'Average', 60, 90, 'Database CPU above 90 %'),
          alarm('connections', 'AWS/RDS', 'DatabaseConnections', dims, 'Maximum', 60, 400, 'Database connections above 400'),
        ],
      };
    }
    case 'alb': {
      const dims = { LoadBalancer: `app/${service}-alb/${rng.hex(16)}` };
      return {
        kind,
        id: dims.LoadBalancer,
        alarms: [
          alarm('5xx', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', dims, 'Sum', 60, 50, 'Target 5XX above 50 a minute'),
          alarm('latency', 'AWS/ApplicationELB', 'TargetResponseTime', dims, 'p99', 60, 1.5, 'Target response time p99 above 1.5 s'),
        ],
      };
    }
    case 'sqs': {
      const dims = { QueueName: `${service}-queue-${i}` };
      return {
        kind,
        id: dims.QueueName,
        alarms: [alarm('age', 'AWS/SQS', 'ApproximateAgeOfOldestMessage', dims, 'Maximum', 300, 300, 'Oldest message older than 5 min')],
      };
    }
    case 'dynamodb': {
      const dims = { TableName: `${service}-table-${i}` };
      return {
        kind,
        id: dims.TableName,
        alarms: [alarm('throttled', 'AWS/DynamoDB', 'ThrottledRequests', dims, 'Sum', 60, 10, 'DynamoDB throttled requests')],
      };
    }
    case 'apigw': {
      const dims = { ApiName: `${service}-api`, Stage: 'prod' };
      return {
        kind,
        id: dims.ApiName,
        alarms: [
          alarm('5xx', 'AWS/ApiGateway', '5XXError', dims, 'Average', 60, 0.05, 'API 5XX rate above 5 %'),
          alarm('latency', 'AWS/ApiGateway', 'Latency', dims, 'p99', 60, 2000, 'API p99 latency above 2 s'),
        ],
      };
    }
    case 'ec2': {
      const dims = { InstanceId: `i-0${rng.hex(16)}` };
      return {
        kind,
        id: dims.InstanceId,
        alarms: [
          alarm('cpu-high', 'AWS/EC2', 'CPUUtilization', dims, 'Average', 300, 80, 'Instance CPU above 80 %'),
          alarm('status-check', 'AWS/EC2', 'StatusCheckFailed', dims, 'Maximum', 60, 0.5, 'Instance status check failed'),
        ],
      };
    }
  }
}

export type EpisodeKind = 'cascade' | 'flapping' | 'burst' | 'noise';

export interface StormOptions {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** Generate episodes until the stream holds at least this many events. */
  readonly alerts: number;
  readonly services?: number;
  readonly resourcesPerService?: number;
  /** Relative weight of each episode kind. */
  readonly mix: Partial<Record<EpisodeKind, number>>;
  /** Mean minutes between episode starts (Poisson arrivals). */
  readonly meanGapMinutes?: number;
}

interface Draft { readonly spec: EventSpec; readonly truth: string; readonly seq: number }

/**
 * Builds a storm: Poisson-arriving episodes of the given mix until `alerts` events exist, sorted into delivery order
 * (time, then generation order). Incident episodes never overlap on one service, so ground truth stays well defined;
 * noise can land anywhere (but never on an alarm already in use).
 */
export function generateStorm(options: StormOptions): AlertStream {
  const rng = new Rng(options.seed);
  const topo = buildTopology(rng, options.services ?? 30, options.resourcesPerService ?? 12);
  const drafts: Draft[] = [];
  let seq = 0;
  const push = (spec: EventSpec, truth: string) => drafts.push({ spec, truth, seq: seq++ });

  const kinds = (Object.entries(options.mix) as [EpisodeKind, number][]).filter(([, w]) => w > 0);
  const total = kinds.reduce((s, [, w]) => s + w, 0);
  const drawKind = (): EpisodeKind => {
    let r = rng.next() * total;
    for (const [k, w] of kinds) {
      if ((r -= w) < 0) return k;
    }
    return kinds[kinds.length - 1][0];
  };

  const serviceBusyUntil = new Array<number>(topo.services.length).fill(0);
  const alarmBusyUntil = new Map<string, number>();
  const alarmState = new Map<string, { state: AlarmStateValue; since: number }>();
  let t = EPOCH_MS;
  let incidents = 0;
  let noises = 0;
  const gap = (options.meanGapMinutes ?? 4) * MINUTE;

  const transition = (alarm: AlarmDef, time: number, to: AlarmStateValue, truth: string, eventId = rng.uuid()) => {
    const prev = alarmState.get(alarm.name) ?? { state: 'OK' as AlarmStateValue, since: time - 6 * 3600_000 };
    const value = to === 'ALARM' ? alarm.threshold * (1.1 + rng.next()) : alarm.threshold * (0.2 + 0.6 * rng.next());
    push({ type: 'alarm', time, eventId, alarm, from: prev.state, to, value: round(value), previousTime: prev.since }, truth);
    alarmState.set(alarm.name, { state: to, since: time });
  };

  while (drafts.length < options.alerts) {
    t += Math.max(1000, Math.round(rng.exp(gap)));
    const kind = drawKind();
    if (kind === 'noise') {
      // A transient false alarm: fires once, clears 1-5 minutes later.
      const svc = rng.pick(topo.services);
      const res = rng.pick(svc.resources);
      const alarm = rng.pick(res.alarms);
      if ((alarmBusyUntil.get(alarm.name) ?? 0) > t) continue;
      const id = `noise:${++noises}`;
      const end = t + rng.int(1, 5) * MINUTE;
      transition(alarm, t, 'ALARM', id);
      transition(alarm, end, 'OK', id);
      alarmBusyUntil.set(alarm.name, end + MINUTE);
      continue;
    }
    const free = topo.services.filter((s) => serviceBusyUntil[s.index] <= t && s.dependents.every((d) => serviceBusyUntil[d] <= t));
    if (free.length === 0) continue;
    const svc = rng.pick(free);
    const id = `inc:${++incidents}`;
    let busyUntil = t;
    if (kind === 'cascade') {
      busyUntil = cascade(svc, id);
    } else if (kind === 'flapping') {
      const alarm = rng.pick(rng.pick(svc.resources).alarms);
      const period = rng.int(1, 4) * MINUTE;
      const flips = rng.int(3, 15);
      let at = t;
      for (let f = 0; f < flips; f++) {
        transition(alarm, at, 'ALARM', id);
        at += period + rng.int(0, 30) * 1000;
        transition(alarm, at, 'OK', id);
        at += period + rng.int(0, 30) * 1000;
      }
      busyUntil = at;
      alarmBusyUntil.set(alarm.name, at + MINUTE);
    } else {
      busyUntil = burst(svc, id);
    }
    const touched = [svc.index, ...svc.dependents, ...svc.dependents.flatMap((d) => topo.services[d].dependents)];
    for (const s of touched) serviceBusyUntil[s] = Math.max(serviceBusyUntil[s], busyUntil + 10 * MINUTE);

    function burst(service: ServiceDef, truth: string): number {
      if (rng.chance(0.5)) {
        // One alarm state change delivered again and again (at-least-once delivery, a redriven DLQ): same event id.
        const alarm = rng.pick(rng.pick(service.resources).alarms);
        const eventId = rng.uuid();
        const copies = rng.int(5, 40);
        const prev = alarmState.get(alarm.name) ?? { state: 'OK' as AlarmStateValue, since: t - 6 * 3600_000 };
        const value = round(alarm.threshold * (1.5 + rng.next()));
        for (let c = 0; c < copies; c++) {
          push({ type: 'alarm', time: t + c * rng.int(0, 3000), eventId, alarm, from: prev.state, to: 'ALARM', value, previousTime: prev.since }, truth);
        }
        alarmState.set(alarm.name, { state: 'ALARM', since: t });
        const end = t + rng.int(5, 30) * MINUTE;
        transition(alarm, end, 'OK', truth);
        alarmBusyUntil.set(alarm.name, end + MINUTE);
        return end;
      }
      // The same alarm on every resource of one kind (a bad deploy across a fleet): identical alarms, seconds apart.
      const kindPicked = rng.pick(service.resources).kind;
      const fleet = service.resources.filter((r) => r.kind === kindPicked);
      const which = rng.int(0, fleet[0].alarms.length - 1);
      let end = t;
      for (const r of fleet) {
        const alarm = r.alarms[which];
        transition(alarm, t + rng.int(0, 20) * 1000, 'ALARM', truth);
        const e = t + rng.int(5, 25) * MINUTE;
        transition(alarm, e, 'OK', truth);
        alarmBusyUntil.set(alarm.name, e + MINUTE);
        end = Math.max(end, e);
      }
      return end;
    }

    function cascade(root: ServiceDef, truth: string): number {
      // Root failure on a data-layer resource (if the service has one), then its own front door, then its callers.
      const dataLayer = root.resources.filter((r) => r.kind === 'rds' || r.kind === 'dynamodb' || r.kind === 'sqs');
      const rootRes = dataLayer.length > 0 ? rng.pick(dataLayer) : rng.pick(root.resources);
      const duration = rng.int(10, 45) * MINUTE;
      const fired: { alarm: AlarmDef; at: number }[] = [];
      const fire = (alarm: AlarmDef, at: number) => {
        if ((alarmBusyUntil.get(alarm.name) ?? 0) > at) return;
        transition(alarm, at, 'ALARM', truth);
        fired.push({ alarm, at });
      };
      fire(rootRes.alarms[0], t);
      if (rootRes.alarms.length > 1 && rng.chance(0.6)) fire(rootRes.alarms[1], t + rng.int(10, 90) * 1000);
      const affected: { svc: ServiceDef; lag: number }[] = [{ svc: root, lag: 0 }];
      for (const d of root.dependents) {
        affected.push({ svc: topo.services[d], lag: rng.int(1, 4) * MINUTE });
        for (const dd of topo.services[d].dependents) {
          if (rng.chance(0.5) && !affected.some((a) => a.svc.index === dd)) affected.push({ svc: topo.services[dd], lag: rng.int(3, 7) * MINUTE });
        }
      }
      for (const { svc: s, lag } of affected) {
        const front = s.resources.filter((r) => r !== rootRes && (r.kind === 'appsignals' || r.kind === 'alb' || r.kind === 'apigw' || r.kind === 'ecs' || r.kind === 'lambda' || r.kind === 'ec2'));
        const hit = rng.sample(front, s === root ? rng.int(2, Math.max(2, front.length)) : rng.int(1, 4));
        for (const r of hit) {
          for (const a of r.alarms) if (rng.chance(0.7)) fire(a, t + lag + rng.int(20, 240) * 1000);
        }
        // The service's canary fails on every run (every 5 minutes) until the service recovers.
        if (rng.chance(0.7)) {
          for (let at = t + lag + rng.int(30, 300) * 1000; at < t + duration; at += 5 * MINUTE) {
            push({ type: 'canary', time: at, eventId: rng.uuid(), service: s, runId: rng.uuid(), passed: false }, truth);
          }
          push({ type: 'canary', time: t + duration + rng.int(1, 5) * MINUTE, eventId: rng.uuid(), service: s, runId: rng.uuid(), passed: true }, truth);
        }
        // Pods crash-loop on EKS services: BackOff warnings with a rising count.
        if (s.k8s && rng.chance(0.5)) {
          const pods = rng.int(1, s.k8s.pods.length);
          for (let p = 0; p < pods; p++) {
            const uid = rng.uuid();
            let count = 1;
            for (let at = t + lag + rng.int(30, 120) * 1000; at < t + duration; at += rng.int(2, 5) * MINUTE) {
              push({ type: 'pod', time: at, uid, service: s, pod: p, count: count++ }, truth);
            }
          }
        }
      }
      if (rng.chance(0.3)) {
        push({ type: 'insight', time: t + rng.int(5, 12) * MINUTE, eventId: rng.uuid(), insightId: `AI${rng.hex(40)}`, service: root, alarm: rootRes.alarms[0] }, truth);
      }
      // Recovery: the root clears first, the dependants within minutes after it.
      let end = t + duration;
      for (const f of fired) {
        const at = Math.max(f.at + MINUTE, t + duration + (f.alarm === rootRes.alarms[0] ? 0 : rng.int(30, 300) * 1000));
        transition(f.alarm, at, 'OK', truth);
        alarmBusyUntil.set(f.alarm.name, at + MINUTE);
        end = Math.max(end, at);
      }
      return end;
    }
  }

  drafts.sort((a, b) => a.spec.time - b.spec.time || a.seq - b.seq);
  return {
    name: options.name,
    description: options.description,
    seed: options.seed,
    events: drafts.map((d) => d.spec),
    truth: drafts.map((d) => d.truth),
  };
}

/** The synthetic scenarios the benchmark runs, by name. */
export const STORM_SCENARIOS: Record<string, Omit<StormOptions, 'seed' | 'alerts'>> = {
  'cascading-storm': {
    name: 'cascading-storm',
    description: 'Cascading failures only: a data-layer root alarm, then its service and its callers within minutes (canaries, pods, insights), then recovery',
    services: 30,
    resourcesPerService: 12,
    mix: { cascade: 1 },
    meanGapMinutes: 3,
  },
  'flapping': {
    name: 'flapping',
    description: 'Alarms flipping ALARM/OK every 1-4 minutes, 3-15 times per episode',
    mix: { flapping: 1 },
    meanGapMinutes: 2,
  },
  'identical-bursts': {
    name: 'identical-bursts',
    description: 'Bursts of identical alarms: one event redelivered 5-40 times, or one alarm across a whole fleet',
    mix: { burst: 1 },
    meanGapMinutes: 3,
  },
  'mixed': {
    name: 'mixed',
    description: 'Cascades, flapping, bursts and background noise (false alarms) together, with resolutions',
    mix: { cascade: 0.2, flapping: 0.15, burst: 0.15, noise: 0.5 },
    meanGapMinutes: 2,
  },
};

/** A storm scenario by name, of at least `alerts` events. */
export function stormScenario(name: string, alerts: number, seed: number): AlertStream {
  const options = STORM_SCENARIOS[name];
  if (!options) throw new Error(`unknown scenario ${name}; one of ${Object.keys(STORM_SCENARIOS).join(', ')}`);
  return generateStorm({ ...options, alerts, seed });
}

/**
 * Sequential incidents for the memory run, streamed one at a time: each has 1-2 alarms of one service fire within
 * two minutes and clear 5-20 minutes later; the next starts 1-10 minutes after it ended. Nothing is kept, so a
 * million events cost no memory here.
 */
export function* sequentialIncidents(seed: number, incidents: number): Generator<{ spec: EventSpec; truth: string }> {
  const rng = new Rng(seed);
  const topo = buildTopology(rng, 30, 12);
  let t = EPOCH_MS;
  for (let k = 1; k <= incidents; k++) {
    const truth = `inc:${k}`;
    const svc = rng.pick(topo.services);
    const alarms = rng.sample(svc.resources.flatMap((r) => r.alarms), rng.int(1, 2));
    const fired = alarms.map((alarm, i) => ({ alarm, at: t + i * rng.int(10, 60) * 1000 }));
    const specs: EventSpec[] = [];
    for (const { alarm, at } of fired) {
      specs.push({ type: 'alarm', time: at, eventId: rng.uuid(), alarm, from: 'OK', to: 'ALARM', value: round(alarm.threshold * 1.5), previousTime: at - 3600_000 });
    }
    const end = t + rng.int(5, 20) * MINUTE;
    fired.forEach(({ alarm, at }, i) => {
      specs.push({ type: 'alarm', time: end + i * 1000, eventId: rng.uuid(), alarm, from: 'ALARM', to: 'OK', value: round(alarm.threshold * 0.5), previousTime: at });
    });
    for (const spec of specs) yield { spec, truth };
    t = end + rng.int(1, 10) * MINUTE;
  }
}

/**
 * Service outages for the exactly-once test: in each of `groups` services, `perGroup` per-operation Application
 * Signals alarms (Latency and Fault of each operation, dimensions Service/Operation/Environment) fire within 90
 * seconds; services fail two minutes apart. Ground truth: one incident per service outage.
 */
export function serviceOutages(seed: number, groups: number, perGroup: number): AlertStream {
  const rng = new Rng(seed);
  const events: EventSpec[] = [];
  const truth: string[] = [];
  const services = rng.sample(SERVICE_NAMES, groups);
  services.forEach((service, g) => {
    const start = EPOCH_MS + g * 2 * MINUTE;
    for (let k = 0; k < perGroup; k++) {
      const operation = `${k % 2 === 0 ? 'GET' : 'POST'} /${service}/v1/op${Math.floor(k / 2)}`;
      const dims = { Service: service, Operation: operation, Environment: 'eks:prod' };
      const latency = k % 2 === 0;
      const alarm: AlarmDef = {
        name: `${service}-op${Math.floor(k / 2)}-${latency ? 'latency-p99' : 'fault-rate'}`,
        description: latency ? `p99 latency of ${operation} above 1.5 s` : `Fault rate of ${operation} above 5 %`,
        metric: { namespace: 'ApplicationSignals', name: latency ? 'Latency' : 'Fault', dimensions: dims, stat: latency ? 'p99' : 'Average', period: 60 },
        threshold: latency ? 1500 : 0.05,
      };
      const time = start + Math.round((k * 90_000) / perGroup);
      events.push({ type: 'alarm', time, eventId: rng.uuid(), alarm, from: 'OK', to: 'ALARM', value: round(alarm.threshold * 2), previousTime: time - 3600_000 });
      truth.push(`inc:${g + 1}`);
    }
  });
  return { name: 'service-outages', description: 'per-operation alarms of one service at a time', seed, events, truth };
}
