/**
 * The Alertmanager side: the same streams, turned into Alertmanager alerts from the same normalised signals
 * cdk-aiops sees (so both get the same service and resource information), fed through the v2 API.
 *
 * Time mapping (Alertmanager runs on wall-clock time, the streams span hours or days): each stream is fed at once,
 * as fast as the API takes it, in timeline order, in two phases.
 *   1. Every firing transition is posted as a firing alert (startsAt = now, no endsAt). We wait for group_wait (30 s)
 *      plus a margin after the last post and count the webhook notifications: one per (alertname, service) group.
 *   2. Every resolution is posted (endsAt = now). Resolved notifications would only follow after group_interval (5 min);
 *      we do not wait for them, and we would not count them as pages anyway.
 * In real time Alertmanager sends at least one firing notification per group that ever fires, and more (every
 * group_interval while a group changes, again after a group resolves and fires again), so the page count measured
 * here is a LOWER BOUND on what it would send, and "cdk-aiops pages fewer" comparisons are conservative. Its grouping
 * is the opposite: one group per (alertname, service) over the whole stream merges episodes that real time would
 * notify apart, so its pairwise precision here is pessimistic, and its recall optimistic.
 */
import { AlertmanagerInstance, GROUP_BY, GROUP_INTERVAL_MS, GROUP_WAIT_MS, labelKey, sleep, type PostableAlert } from './alertmanager';
import { isNoise, materialise, type AlertStream } from './generator';
import { coverage, noiseReduction, pairwiseScore, singletonLabel, type CoverageScore, type PairwiseScore } from './metrics';
import { normaliseEvent } from '../../src/runtime/normalise';
import { resourceIdentity } from '../../src/runtime/triage';

/** Wait past group_wait before counting. */
export const FLUSH_MARGIN_MS = 5_000;

export interface AmPlan {
  readonly firing: readonly Record<string, string>[];
  readonly resolving: readonly Record<string, string>[];
  /** Alertmanager identity (label set) of each event's alert; undefined when the event was rejected or is context. */
  readonly keyOf: readonly (string | undefined)[];
  /** Per event (same index): its route group (group_by labels), whether it fires, and its signal time (epoch ms). */
  readonly groupOf: readonly (string | undefined)[];
  readonly firingOf: readonly boolean[];
  readonly timeOf: readonly number[];
}

/** Alertmanager labels for each event, from its normalised signal. */
export function planAlerts(stream: AlertStream): AmPlan {
  const firing: Record<string, string>[] = [];
  const resolving: Record<string, string>[] = [];
  const keyOf: (string | undefined)[] = new Array(stream.events.length);
  const groupOf: (string | undefined)[] = new Array(stream.events.length);
  const firingOf: boolean[] = new Array(stream.events.length).fill(false);
  const timeOf: number[] = stream.events.map((e) => e.time);
  stream.events.forEach((spec, i) => {
    const outcome = normaliseEvent(materialise(spec));
    if (!outcome.ok || outcome.signals.length === 0) return;
    const signal = outcome.signals[0];
    if (signal.state === 'info') return;
    const labels: Record<string, string> = {
      alertname: signal.labels?.alarmName ?? signal.kind,
      resource: resourceIdentity(signal.resource),
      severity: signal.severity,
    };
    if (signal.service) labels.service = signal.service;
    keyOf[i] = labelKey(labels);
    groupOf[i] = GROUP_BY.map((k) => labels[k] ?? '').join('\u0000');
    firingOf[i] = signal.state === 'firing';
    timeOf[i] = Date.parse(signal.time);
    (signal.state === 'firing' ? firing : resolving).push(labels);
  });
  return { firing, resolving, keyOf, groupOf, firingOf, timeOf };
}

export interface ModelledAm {
  /**
   * Firing notifications Alertmanager's dispatcher rules would send if the stream arrived in real time because a
   * group holds a firing alert it has not notified yet.
   */
  readonly pages: number;
  /** Re-notifications of an unchanged firing group after repeat_interval: counted apart, not as pages. */
  readonly repeats: number;
  readonly noiseReduction: number;
  readonly coverage: CoverageScore;
}

/**
 * A MODEL, not a measurement: Alertmanager's dispatcher rules replayed over the stream's own timeline
 * (group_wait, group_interval, repeat_interval 4 h, send_resolved; the DedupStage rule that a group notifies when it
 * has firing alerts not in its last notification, or after repeat_interval). Shown beside the measured lower bound
 * to say what real time would look like; the targets are judged on the measured figure.
 */
export function modelRealTime(stream: AlertStream, plan: AmPlan): ModelledAm {
  const REPEAT_MS = 4 * 3600_000;
  const byGroup = new Map<string, number[]>();
  plan.groupOf.forEach((g, i) => {
    if (g === undefined) return;
    const list = byGroup.get(g);
    if (list) list.push(i);
    else byGroup.set(g, [i]);
  });
  let pages = 0;
  let repeats = 0;
  const covered = new Array<boolean>(stream.events.length).fill(false);
  // Alerts still firing at the end of the stream are not followed past it (no repeat pages after the last event).
  const streamEnd = plan.timeOf.reduce((m, t) => Math.max(m, t), -Infinity) + GROUP_WAIT_MS;
  for (const indexes of byGroup.values()) {
    indexes.sort((a, b) => plan.timeOf[a] - plan.timeOf[b] || a - b);
    let next = 0;
    while (next < indexes.length) {
      // A group starts with a firing alert; resolutions of alerts it does not hold change nothing.
      while (next < indexes.length && !plan.firingOf[indexes[next]]) next++;
      if (next >= indexes.length) break;
      const firingNow = new Map<string, number[]>(); // alert key -> events since it fired
      let lastNotified = new Set<string>();
      let lastAt = -Infinity;
      let flush = plan.timeOf[indexes[next]] + GROUP_WAIT_MS;
      for (;;) {
        while (next < indexes.length && plan.timeOf[indexes[next]] <= flush) {
          const i = indexes[next++];
          const key = plan.keyOf[i]!;
          if (plan.firingOf[i]) {
            const events = firingNow.get(key);
            if (events) events.push(i);
            else firingNow.set(key, [i]);
          } else {
            // A resolution belongs to the episode it ends: covered when that episode was paged.
            const events = firingNow.get(key);
            if (events) events.push(i);
            firingNow.delete(key);
            if (events && events.some((e) => covered[e])) covered[i] = true;
          }
        }
        const fresh = [...firingNow.keys()].some((k) => !lastNotified.has(k));
        if (firingNow.size > 0 && (fresh || flush - lastAt >= REPEAT_MS)) {
          if (fresh) pages++;
          else repeats++;
          for (const events of firingNow.values()) for (const i of events) covered[i] = true;
          lastNotified = new Set(firingNow.keys());
          lastAt = flush;
        } else if (firingNow.size === 0) {
          // All resolved: the resolved notification goes out (not a page) and the group is deleted.
          break;
        }
        if (next >= indexes.length && flush >= streamEnd) break;
        flush += GROUP_INTERVAL_MS;
      }
    }
  }
  return { pages, repeats, noiseReduction: noiseReduction(pages, stream.events.length), coverage: coverage(covered, stream.truth, isNoise) };
}

export interface AmScenarioResult {
  readonly alerts: number;
  readonly posted: number;
  readonly postMs: number;
  readonly ingestAlertsPerS: number;
  readonly pages: number;
  readonly groups: number;
  readonly notificationsTotal: number;
  readonly noiseReduction: number;
  readonly pairwise: PairwiseScore;
  readonly coverage: CoverageScore;
  readonly peakRssMb: number;
  /** Alertmanager's rules replayed over the real timeline: a model, for scale only. */
  readonly modelledRealTime: ModelledAm;
}

/** A stream in flight: started and fed phase 1, waiting for its first flush. */
export class AmRun {
  public static async start(stream: AlertStream): Promise<AmRun> {
    const plan = planAlerts(stream);
    const am = await AlertmanagerInstance.start();
    try {
      const startsAt = new Date().toISOString();
      const ms = await am.post(plan.firing.map((labels): PostableAlert => ({ labels, startsAt })));
      return new AmRun(stream, plan, am, startsAt, ms, Date.now());
    } catch (err) {
      await am.stop();
      throw err;
    }
  }

  private constructor(
    private readonly stream: AlertStream,
    private readonly plan: AmPlan,
    public readonly am: AlertmanagerInstance,
    private readonly startsAt: string,
    private readonly phase1Ms: number,
    /** When phase 1 ended: every group has flushed by this + group_wait. */
    public readonly fedAt: number,
  ) {}

  /** Waits for the first flush, posts the resolutions, scores, and stops Alertmanager. */
  public async finish(): Promise<AmScenarioResult> {
    try {
      const wait = this.fedAt + GROUP_WAIT_MS + FLUSH_MARGIN_MS - Date.now();
      if (wait > 0) await sleep(wait);
      const firstFlush = this.am.notifications.filter((n) => n.status === 'firing');
      const endsAt = new Date().toISOString();
      const phase2Ms = await this.am.post(this.plan.resolving.map((labels): PostableAlert => ({ labels, startsAt: this.startsAt, endsAt })));
      const groupOf = new Map<string, string>();
      for (const n of firstFlush) {
        for (const a of n.alerts) {
          const key = labelKey(a.labels);
          if (!groupOf.has(key)) groupOf.set(key, n.groupKey);
        }
      }
      const n = this.stream.events.length;
      const predicted = new Array<string>(n);
      const covered = new Array<boolean>(n);
      for (let i = 0; i < n; i++) {
        const key = this.plan.keyOf[i];
        const group = key !== undefined ? groupOf.get(key) : undefined;
        predicted[i] = group ?? singletonLabel(i);
        covered[i] = group !== undefined;
      }
      const posted = this.plan.firing.length + this.plan.resolving.length;
      const postMs = this.phase1Ms + phase2Ms;
      return {
        alerts: n,
        posted,
        postMs,
        ingestAlertsPerS: posted / (postMs / 1000),
        pages: firstFlush.length,
        groups: new Set(firstFlush.map((f) => f.groupKey)).size,
        notificationsTotal: this.am.notifications.length,
        noiseReduction: noiseReduction(firstFlush.length, n),
        pairwise: pairwiseScore(predicted, this.stream.truth),
        coverage: coverage(covered, this.stream.truth, isNoise),
        peakRssMb: this.am.peakRssMb(),
        modelledRealTime: modelRealTime(this.stream, this.plan),
      };
    } finally {
      await this.am.stop();
    }
  }
}

/** Ingest and memory only (no wait for notifications): for the scaling table. */
export async function amIngest(stream: AlertStream): Promise<{ alerts: number; posted: number; ingestAlertsPerS: number; peakRssMb: number }> {
  const plan = planAlerts(stream);
  const am = await AlertmanagerInstance.start();
  try {
    const startsAt = new Date().toISOString();
    const ms1 = await am.post(plan.firing.map((labels): PostableAlert => ({ labels, startsAt })));
    const endsAt = new Date().toISOString();
    const ms2 = await am.post(plan.resolving.map((labels): PostableAlert => ({ labels, startsAt, endsAt })));
    const posted = plan.firing.length + plan.resolving.length;
    return { alerts: stream.events.length, posted, ingestAlertsPerS: posted / ((ms1 + ms2) / 1000), peakRssMb: am.peakRssMb() };
  } finally {
    await am.stop();
  }
}
