/**
 * The event model every benchmark stream shares: compact event specs materialised on demand into the real payload
 * shapes (see envelopes.ts), so 100k-alert streams stay small in memory, with the ground truth in parallel arrays
 * that triage never sees. The estate and the episode generator of the triage scenarios live in estate.ts and
 * episodes.ts; this file keeps the small fixed topology of the memory run and the exactly-once test.
 */
import {
  alarmStateChange,
  canaryTestRun,
  devOpsGuruInsightClosed,
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
  /** The alarm's type as a team names it (`HighErrorRate`, `p99Latency`...): Alertmanager's `alertname`. */
  readonly type?: string;
  /** Where the alarm lives. @default ACCOUNT, REGION */
  readonly account?: string;
  readonly region?: string;
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

/** What a canary, insight or pod event needs of its service. */
export interface ServiceRef {
  readonly name: string;
  readonly canary: { readonly name: string; readonly id: string };
  readonly k8s?: { readonly namespace: string; readonly pods: readonly { name: string; uid: string; node: string }[] };
  /** @default ACCOUNT, REGION */
  readonly account?: string;
  readonly region?: string;
}

export interface ServiceDef extends ServiceRef {
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
  | { readonly type: 'canary'; readonly time: number; readonly eventId: string; readonly service: ServiceRef; readonly runId: string; readonly passed: boolean }
  | { readonly type: 'insight'; readonly time: number; readonly eventId: string; readonly insightId: string; readonly service: ServiceRef; readonly alarm: AlarmDef; readonly closed?: { readonly openedAt: number } }
  | { readonly type: 'pod'; readonly time: number; readonly uid: string; readonly service: ServiceRef; readonly pod: number; readonly count: number };

export interface AlertStream {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** Events in delivery order. */
  readonly events: readonly EventSpec[];
  /** Ground-truth incident id of each event (same index). `noise:*` ids are noise episodes. Never given to triage. */
  readonly truth: readonly string[];
  /** Per event (same index): true when it is an alarm or insight on its incident's true root resource. */
  readonly roots?: readonly boolean[];
}

/** True for ground-truth ids of noise episodes (false alarms: legitimate low-priority pages, not incidents). */
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
        account: a.account ?? ACCOUNT,
        region: a.region ?? REGION,
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
        account: spec.service.account ?? ACCOUNT,
        region: spec.service.region ?? REGION,
        time: spec.time,
        canaryName: spec.service.canary.name,
        canaryId: spec.service.canary.id,
        runId: spec.runId,
        passed: spec.passed,
        reason: spec.passed ? undefined : 'Error: Timed out after waiting 30000ms for response (status 504)',
      });
    case 'insight': {
      const insight = {
        eventId: spec.eventId,
        account: spec.alarm.account ?? ACCOUNT,
        region: spec.alarm.region ?? REGION,
        time: spec.time,
        insightId: spec.insightId,
        severity: 'high' as const,
        description: `${spec.alarm.metric.name} Anomalous In Stack ${spec.service.name}`,
        metric: spec.alarm.metric,
      };
      return spec.closed ? devOpsGuruInsightClosed({ ...insight, openedAt: spec.closed.openedAt }) : devOpsGuruInsightOpen(insight);
    }
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
