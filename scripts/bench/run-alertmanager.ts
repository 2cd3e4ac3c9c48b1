/**
 * The Alertmanager side, configured as a user would: every event becomes an alert built from the same normalised
 * signal and the same enrichment cdk-aiops gets (`service` from the topology's owner lookup over the inventory tags,
 * else what the signal says), `alertname` per alarm type (`HighErrorRate`, `p99Latency`, `CanaryFailed`...), routed by
 * `group_by: [service]` (and, reported beside it, `[alertname, service]`) with the default timers, and one inhibition
 * rule equivalent to cdk-aiops's: a firing canary, SLO, insight or Health alert on a service inhibits the alarms and
 * pod alerts of that service.
 *
 * Pages are judged on Alertmanager's dispatcher rules replayed over each stream's own timeline ({@link modelDispatch}):
 * the streams span hours to days of event time, which a real instance could only replay in real time. The real binary
 * is fed each stream at once, for its ingest throughput and memory only.
 */
import {
  AlertmanagerInstance, GROUP_INTERVAL_MS, GROUP_WAIT_MS, GROUPINGS, INHIBITED_SOURCES, INHIBITING_SOURCES, labelKey, REPEAT_INTERVAL_MS,
  type Grouping, type PostableAlert,
} from './alertmanager';
import { isNoise, materialise, type AlertStream, type EventSpec } from './generator';
import { scoreTriage, type TriageScore } from './metrics';
import { normaliseEvent } from '../../src/runtime/normalise';
import type { Topology } from '../../src/runtime/topology';
import { resourceIdentity } from '../../src/runtime/triage';

export interface AmPlan {
  /** Label set of each event's alert (undefined: rejected, or an info signal). */
  readonly labels: readonly (Record<string, string> | undefined)[];
  /** Alertmanager identity (sorted label set) of each event's alert. */
  readonly keyOf: readonly (string | undefined)[];
  readonly firingOf: readonly boolean[];
  /** Signal time of each event (epoch ms). */
  readonly timeOf: readonly number[];
  /** Whether the event's alert is an inhibition source, or a target, of the rule. */
  readonly inhibitorOf: readonly boolean[];
  readonly inhibitableOf: readonly boolean[];
}

/** The alert type a team names its alarm by; the kind of check for the other sources. */
function alertname(spec: EventSpec, fallback: string): string {
  switch (spec.type) {
    case 'alarm': return spec.alarm.type ?? fallback;
    case 'canary': return 'CanaryFailed';
    case 'insight': return 'DevOpsGuruInsight';
    case 'pod': return 'KubePodCrashLooping';
  }
}

/** Alertmanager labels for each event, from its normalised signal and the same owner lookup cdk-aiops uses. */
export function planAlerts(stream: AlertStream, topology?: Topology): AmPlan {
  const n = stream.events.length;
  const labels: (Record<string, string> | undefined)[] = new Array(n);
  const keyOf: (string | undefined)[] = new Array(n);
  const firingOf = new Array<boolean>(n).fill(false);
  const timeOf = stream.events.map((e) => e.time);
  const inhibitorOf = new Array<boolean>(n).fill(false);
  const inhibitableOf = new Array<boolean>(n).fill(false);
  stream.events.forEach((spec, i) => {
    const outcome = normaliseEvent(materialise(spec));
    if (!outcome.ok || outcome.signals.length === 0) return;
    const signal = outcome.signals[0];
    if (signal.state === 'info') return;
    const owner = topology?.owner(signal);
    const l: Record<string, string> = {
      alertname: alertname(spec, signal.labels?.alarmName ?? signal.kind),
      resource: resourceIdentity(signal.resource),
      source: signal.source,
      severity: signal.severity,
    };
    const service = owner?.service ?? signal.service;
    if (service) l.service = service;
    const environment = owner?.environment ?? signal.environment;
    if (environment) l.environment = environment;
    if (signal.resource.account) l.account = signal.resource.account;
    if (signal.resource.region) l.region = signal.resource.region;
    labels[i] = l;
    keyOf[i] = labelKey(l);
    // A Kubernetes Warning has no resolution: it fires, and Alertmanager's resolve_timeout (5 min) ends it.
    firingOf[i] = signal.state !== 'resolved';
    timeOf[i] = Date.parse(signal.time);
    inhibitorOf[i] = (INHIBITING_SOURCES as readonly string[]).includes(signal.source);
    inhibitableOf[i] = (INHIBITED_SOURCES as readonly string[]).includes(signal.source);
  });
  return { labels, keyOf, firingOf, timeOf, inhibitorOf, inhibitableOf };
}

/** Alerts that are not re-sent end after resolve_timeout (Alertmanager's default, 5 min): pod Warnings, here. */
export const RESOLVE_TIMEOUT_MS = 300_000;

export interface DispatchResult {
  /** Notifications that held a firing, uninhibited alert not in the group's previous notification. */
  readonly pages: number;
  /** Re-notifications of an unchanged group after repeat_interval (counted apart, not as pages). */
  readonly repeats: number;
  /** Per event: the group lifetime it was paged in (undefined: never in a page). */
  readonly group: readonly (string | undefined)[];
}

/**
 * Alertmanager's dispatcher replayed over the stream's own timeline: a group (by `groupBy` labels) is created by its
 * first firing alert, flushes after group_wait and then every group_interval, sends when it holds a firing alert that
 * is neither inhibited nor in its last notification (or after repeat_interval), and is deleted once all its alerts have
 * resolved. An alert is inhibited at a flush while an inhibition source with the same `service` fires.
 */
export function modelDispatch(plan: AmPlan, groupBy: readonly string[]): DispatchResult {
  const n = plan.keyOf.length;
  const order = [...Array(n).keys()].filter((i) => plan.keyOf[i] !== undefined).sort((a, b) => plan.timeOf[a] - plan.timeOf[b] || a - b);
  // Inhibition source intervals per service: [start, end) while each source alert fires.
  const sources = new Map<string, [number, number][]>();
  const open = new Map<string, number>();
  for (const i of order) {
    if (!plan.inhibitorOf[i] || !plan.labels[i]!.service) continue;
    const key = plan.keyOf[i]!;
    if (plan.firingOf[i]) {
      if (!open.has(key)) open.set(key, plan.timeOf[i]);
    } else if (open.has(key)) {
      const list = sources.get(plan.labels[i]!.service) ?? [];
      list.push([open.get(key)!, plan.timeOf[i]]);
      sources.set(plan.labels[i]!.service, list);
      open.delete(key);
    }
  }
  for (const [key, start] of open) {
    const service = /(?:^|,)service=([^,]*)/.exec(key)?.[1] ?? '';
    const list = sources.get(service) ?? [];
    list.push([start, Infinity]);
    sources.set(service, list);
  }
  const inhibited = (i: number, at: number) => {
    if (!plan.inhibitableOf[i]) return false;
    const service = plan.labels[i]!.service;
    return service !== undefined && (sources.get(service) ?? []).some(([a, b]) => a <= at && at < b);
  };
  const byGroup = new Map<string, number[]>();
  for (const i of order) {
    const g = groupBy.map((k) => `${k}=${plan.labels[i]![k] ?? ''}`).join(',');
    const list = byGroup.get(g);
    if (list) list.push(i);
    else byGroup.set(g, [i]);
  }
  const group: (string | undefined)[] = new Array(n);
  let pages = 0;
  let repeats = 0;
  let lifetime = 0;
  const streamEnd = order.length ? plan.timeOf[order[order.length - 1]] + GROUP_WAIT_MS + RESOLVE_TIMEOUT_MS : 0;
  for (const [g, indexes] of byGroup) {
    let next = 0;
    while (next < indexes.length) {
      while (next < indexes.length && !plan.firingOf[indexes[next]]) next++;
      if (next >= indexes.length) break;
      const label = `${g}#${++lifetime}`;
      const members: number[] = [];
      const firing = new Map<string, { i: number; lastSeen: number }>();
      let lastNotified = new Set<string>();
      let lastAt = -Infinity;
      let paged = false;
      let flush = plan.timeOf[indexes[next]] + GROUP_WAIT_MS;
      for (;;) {
        while (next < indexes.length && plan.timeOf[indexes[next]] <= flush) {
          const i = indexes[next++];
          members.push(i);
          if (plan.firingOf[i]) firing.set(plan.keyOf[i]!, { i, lastSeen: plan.timeOf[i] });
          else firing.delete(plan.keyOf[i]!);
        }
        for (const [k, a] of firing) if (plan.labels[a.i]!.source === 'kubernetes' && a.lastSeen + RESOLVE_TIMEOUT_MS < flush) firing.delete(k);
        const active = [...firing.entries()].filter(([, a]) => !inhibited(a.i, flush)).map(([k]) => k);
        const fresh = active.some((k) => !lastNotified.has(k));
        if (active.length > 0 && (fresh || flush - lastAt >= REPEAT_INTERVAL_MS)) {
          if (fresh) pages++;
          else repeats++;
          paged = true;
          lastNotified = new Set(active);
          lastAt = flush;
        }
        if (firing.size === 0) break;
        if (next >= indexes.length && flush >= streamEnd) break;
        flush += GROUP_INTERVAL_MS;
      }
      if (paged) for (const i of members) group[i] = label;
    }
  }
  return { pages, repeats, group };
}

export interface AmModelResult {
  readonly grouping: Grouping;
  readonly pages: number;
  readonly repeats: number;
  readonly score: TriageScore;
}

/** Both routes' dispatcher models over one stream (plan it once with {@link planAlerts}). */
export function modelAlertmanager(stream: AlertStream, plan: AmPlan): AmModelResult[] {
  return (Object.keys(GROUPINGS) as Grouping[]).map((grouping) => {
    const d = modelDispatch(plan, GROUPINGS[grouping]);
    return { grouping, pages: d.pages, repeats: d.repeats, score: scoreTriage(d.group, stream.truth, d.pages, isNoise) };
  });
}

export interface AmIngestResult {
  readonly alerts: number;
  readonly posted: number;
  readonly ingestAlertsPerS: number;
  readonly peakRssMb: number;
}

/** The real binary, configured as above, fed the stream at once (firing, then resolutions): ingest and memory only. */
export async function amIngest(stream: AlertStream, plan: AmPlan): Promise<AmIngestResult> {
  const firing: PostableAlert[] = [];
  const resolving: Record<string, string>[] = [];
  plan.labels.forEach((l, i) => {
    if (!l) return;
    if (plan.firingOf[i]) firing.push({ labels: l });
    else resolving.push(l);
  });
  const am = await AlertmanagerInstance.start(GROUPINGS.service);
  try {
    const startsAt = new Date().toISOString();
    const ms1 = await am.post(firing.map((a) => ({ ...a, startsAt })));
    const endsAt = new Date().toISOString();
    const ms2 = await am.post(resolving.map((labels) => ({ labels, startsAt, endsAt })));
    const posted = firing.length + resolving.length;
    return { alerts: stream.events.length, posted, ingestAlertsPerS: posted / ((ms1 + ms2) / 1000), peakRssMb: am.peakRssMb() };
  } finally {
    await am.stop();
  }
}
