/**
 * The episode generator of the triage scenarios: over an estate (estate.ts), episodes arrive as a Poisson process,
 * many at once, and never two on one service at a time (an episode reserves every service it touches, until ten
 * minutes after its last event), so each event has exactly one ground-truth episode.
 *
 * - cascade: a root resource fails (a data store in most episodes); its service's callers fail after random
 *   propagation delays, and theirs after more (two hops, sometimes three); each affected service raises some of its
 *   alarms, its canary fails every 5 minutes, its EKS pods emit BackOff Warnings (which never resolve: they stop);
 *   a DevOps Guru insight may open on the root and closes later with a `CLOSED_INSIGHT` event; durations vary; the
 *   root clears first. With `lateRootShare`, the root alarms 1-6 minutes after the first symptom instead.
 * - concurrent (with `concurrentShare`): an independent failure of one resource on a service near a cascade's root
 *   (two hops in the graph, untouched by the cascade), within 3 minutes of it.
 * - flapping: one alarm flips ALARM/OK 3-15 times, 1-4 minutes apart. burst: one state change delivered 5-40 times,
 *   or one alarm type across a fleet within 20 s. noise: one alarm fires and clears within 1-5 minutes.
 * - storm: 400 distinct alarms across the estate within 90 s (one incident: a regional event).
 * - duplicates (with `duplicateShare`): a share of events delivered again (same event id) up to 30 s later.
 *
 * Ground truth per event: its episode id (`inc:<n>`, or `noise:<n>` for noise episodes, which are legitimate
 * low-priority pages, not incidents) and whether it is an alarm or insight on its incident's true root resource.
 */
import type { AlarmStateValue } from './envelopes';
import { buildEstate, DATA_KINDS, type Estate, type EstateOptions, type EstateResource, type EstateService } from './estate';
import { type AlertStream, type AlarmDef, type EventSpec } from './generator';
import { Rng } from './rng';

export const EPOCH_MS = Date.UTC(2025, 2, 3, 0, 0, 0);
const MIN = 60_000;

export type EpisodeKind = 'cascade' | 'flapping' | 'burst' | 'noise' | 'storm';

export interface StreamOptions {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** Episodes are generated until the stream holds at least this many events. */
  readonly alerts: number;
  readonly estate?: EstateOptions;
  readonly mix: Partial<Record<EpisodeKind, number>>;
  /** Mean minutes between episode arrivals. @default 3 */
  readonly meanGapMinutes?: number;
  readonly lateRootShare?: number;
  readonly concurrentShare?: number;
  readonly duplicateShare?: number;
  /** Distinct alarms of a storm episode. @default 400 */
  readonly stormAlarms?: number;
}

export interface GeneratedStream extends AlertStream {
  readonly roots: readonly boolean[];
  readonly estate: Estate;
  /** Each episode's kind, by ground-truth id. */
  readonly kinds: Readonly<Record<string, EpisodeKind>>;
}

/** `at` orders delivery: a duplicate is the same payload delivered later. */
interface Draft { spec: EventSpec; truth: string; root: boolean; seq: number; at: number }

const FRONT = new Set(['appsignals', 'alb', 'apigw', 'ecs', 'lambda', 'ec2']);

export function generateStream(o: StreamOptions): GeneratedStream {
  const rng = new Rng(o.seed);
  const estate = buildEstate(o.seed, o.estate);
  const S = estate.services;
  const drafts: Draft[] = [];
  const kinds: Record<string, EpisodeKind> = {};
  let seq = 0;
  const busy = new Array<number>(S.length).fill(0);
  const state = new Map<string, { state: AlarmStateValue; since: number }>();
  let incidents = 0;
  let noises = 0;

  const push = (spec: EventSpec, truth: string, root = false, at = spec.time) => drafts.push({ spec, truth, root, seq: seq++, at });
  const transition = (alarm: AlarmDef, time: number, to: AlarmStateValue, truth: string, root = false, eventId = rng.uuid()) => {
    const key = `${alarm.account}:${alarm.region}:${alarm.name}`;
    const prev = state.get(key) ?? { state: 'OK' as AlarmStateValue, since: time - 6 * 3600_000 };
    const value = to === 'ALARM' ? alarm.threshold * (1.1 + rng.next()) + 1 : alarm.threshold * (0.2 + 0.6 * rng.next());
    push({ type: 'alarm', time, eventId, alarm, from: prev.state, to, value: Math.round(value * 1000) / 1000, previousTime: prev.since }, truth, root);
    state.set(key, { state: to, since: time });
  };
  /** Fires then clears an alarm; returns the clear time. */
  const episodeOf = (alarm: AlarmDef, at: number, clear: number, truth: string, root = false) => {
    transition(alarm, at, 'ALARM', truth, root);
    const end = Math.max(clear, at + MIN);
    transition(alarm, end, 'OK', truth, root);
    return end;
  };
  const reserve = (services: readonly number[], until: number) => {
    for (const s of services) busy[s] = Math.max(busy[s], until + 10 * MIN);
  };
  const delay = (lo: number, hi: number) => Math.round(lo + (hi - lo) * rng.next() ** 1.5);

  const kindsWeighted = (Object.entries(o.mix) as [EpisodeKind, number][]).filter(([, w]) => w > 0);
  const total = kindsWeighted.reduce((s, [, w]) => s + w, 0);
  const drawKind = (): EpisodeKind => {
    let r = rng.next() * total;
    for (const [k, w] of kindsWeighted) if ((r -= w) < 0) return k;
    return kindsWeighted[kindsWeighted.length - 1][0];
  };
  const gap = (o.meanGapMinutes ?? 3) * MIN;
  let t = EPOCH_MS;

  while (drafts.length < o.alerts) {
    t += Math.max(1000, Math.round(rng.exp(gap)));
    const kind = drawKind();
    const free = S.filter((s) => busy[s.index] <= t);
    if (kind === 'storm') {
      if (free.length < S.length) continue;
      const id = `inc:${++incidents}`;
      kinds[id] = 'storm';
      const alarms = rng.sample(S.flatMap((s) => s.resources.flatMap((r) => r.alarms)), o.stormAlarms ?? 400);
      let end = t;
      for (const a of alarms) end = Math.max(end, episodeOf(a, t + rng.int(0, 90_000), t + rng.int(10, 40) * MIN, id));
      reserve(S.map((s) => s.index), end);
      continue;
    }
    if (free.length === 0) continue;
    const svc = rng.pick(free);
    if (kind === 'noise') {
      const id = `noise:${++noises}`;
      kinds[id] = 'noise';
      const alarm = rng.pick(rng.pick(svc.resources).alarms);
      reserve([svc.index], episodeOf(alarm, t, t + rng.int(60, 300) * 1000, id) - 8 * MIN);
      continue;
    }
    const id = `inc:${++incidents}`;
    kinds[id] = kind;
    if (kind === 'flapping') {
      const alarm = rng.pick(rng.pick(svc.resources).alarms);
      const period = rng.int(1, 4) * MIN;
      let at = t;
      for (let f = rng.int(3, 15); f > 0; f--) {
        transition(alarm, at, 'ALARM', id, true);
        at += period + rng.int(0, 30_000);
        transition(alarm, at, 'OK', id, true);
        at += period + rng.int(0, 30_000);
      }
      reserve([svc.index], at);
    } else if (kind === 'burst') {
      reserve([svc.index], burst(svc, id));
    } else {
      cascade(svc, id);
    }
  }

  function burst(svc: EstateService, id: string): number {
    if (rng.chance(0.5)) {
      // At-least-once delivery, a redriven DLQ: one state change delivered again and again with its event id.
      const alarm = rng.pick(rng.pick(svc.resources).alarms);
      const eventId = rng.uuid();
      const key = `${alarm.account}:${alarm.region}:${alarm.name}`;
      const prev = state.get(key) ?? { state: 'OK' as AlarmStateValue, since: t - 6 * 3600_000 };
      const value = Math.round(alarm.threshold * (1.5 + rng.next()) * 1000) / 1000 + 1;
      let at = t;
      for (let c = rng.int(5, 40); c > 0; c--) {
        push({ type: 'alarm', time: at, eventId, alarm, from: prev.state, to: 'ALARM', value, previousTime: prev.since }, id, true);
        at += rng.int(0, 3000);
      }
      state.set(key, { state: 'ALARM', since: t });
      const end = t + rng.int(5, 30) * MIN;
      transition(alarm, end, 'OK', id, true);
      return end;
    }
    // A bad deploy across a fleet: the same alarm type on every instance, seconds apart.
    const which = rng.int(0, 1);
    let end = t;
    for (const r of svc.fleet) end = Math.max(end, episodeOf(r.alarms[which], t + rng.int(0, 20_000), t + rng.int(5, 25) * MIN, id, true));
    return end;
  }

  function cascade(root: EstateService, id: string): void {
    const duration = Math.min(90, 8 + Math.round(rng.exp(15))) * MIN;
    const affected = new Map<number, number>([[root.index, t]]);
    const spread = (from: number, at: number, hop: number) => {
      for (const c of S[from].callers) {
        if (affected.has(c) || busy[c] > t || !rng.chance(hop === 1 ? 0.85 : hop === 2 ? 0.5 : 0.2)) continue;
        const when = at + delay(20_000, hop === 1 ? 180_000 : 240_000);
        affected.set(c, when);
        if (hop < 3) spread(c, when, hop + 1);
      }
    };
    spread(root.index, t, 1);
    const dataRes = root.resources.filter((r) => DATA_KINDS.includes(r.kind));
    const rootRes: EstateResource = dataRes.length > 0 && rng.chance(0.7) ? rng.pick(dataRes) : rng.pick(root.resources.filter((r) => r.kind !== 'appsignals'));
    const fired: { alarm: AlarmDef; at: number; root: boolean }[] = [];
    for (const [s, at] of affected) {
      const front = S[s].resources.filter((r) => r !== rootRes && FRONT.has(r.kind));
      for (const r of rng.sample(front, rng.int(1, 3))) {
        const alarms = r.alarms.filter(() => rng.chance(0.6));
        for (const a of alarms.length ? alarms : [r.alarms[0]]) fired.push({ alarm: a, at: at + rng.int(10_000, 200_000), root: false });
      }
    }
    const firstSymptom = Math.min(...fired.map((f) => f.at));
    const rootAt = o.lateRootShare && rng.chance(o.lateRootShare) ? firstSymptom + rng.int(60_000, 360_000) : t;
    fired.push({ alarm: rootRes.alarms[0], at: rootAt, root: true });
    if (rootRes.alarms.length > 1 && rng.chance(0.6)) fired.push({ alarm: rootRes.alarms[1], at: rootAt + rng.int(10_000, 90_000), root: true });
    const end = Math.max(t, rootAt) + duration;
    let last = end;
    for (const f of fired) {
      last = Math.max(last, episodeOf(f.alarm, f.at, f.root ? end : end + rng.int(30_000, 300_000), id, f.root));
    }
    for (const [s, at] of affected) {
      const svc = S[s];
      if (rng.chance(0.6)) {
        for (let run = at + rng.int(30_000, 300_000); run < end; run += 5 * MIN) {
          push({ type: 'canary', time: run, eventId: rng.uuid(), service: svc, runId: rng.uuid(), passed: false }, id);
        }
        push({ type: 'canary', time: end + rng.int(1, 5) * MIN, eventId: rng.uuid(), service: svc, runId: rng.uuid(), passed: true }, id);
      }
      if (svc.k8s && rng.chance(0.5)) {
        for (let p = rng.int(1, svc.k8s.pods.length) - 1; p >= 0; p--) {
          const uid = rng.uuid();
          let count = 1;
          for (let at2 = at + rng.int(30_000, 120_000); at2 < end; at2 += rng.int(2, 5) * MIN) {
            push({ type: 'pod', time: at2, uid, service: svc, pod: p, count: count++ }, id);
          }
        }
      }
    }
    if (rng.chance(0.3)) {
      const opened = rootAt + rng.int(5, 12) * MIN;
      const insightId = `AI${rng.hex(40)}`;
      const closedAt = end + rng.int(10, 40) * MIN;
      push({ type: 'insight', time: opened, eventId: rng.uuid(), insightId, service: root, alarm: rootRes.alarms[0] }, id, true);
      push({ type: 'insight', time: closedAt, eventId: rng.uuid(), insightId, service: root, alarm: rootRes.alarms[0], closed: { openedAt: opened } }, id, true);
      last = Math.max(last, closedAt);
    }
    reserve([...affected.keys()], last);
    if (o.concurrentShare && rng.chance(o.concurrentShare)) concurrent(root, affected);
  }

  function concurrent(root: EstateService, affected: ReadonlyMap<number, number>): void {
    const near = new Set<number>();
    for (const a of [...root.callers, ...root.callees]) {
      near.add(a);
      for (const b of [...S[a].callers, ...S[a].callees]) near.add(b);
    }
    const candidates = [...near].filter((s) => !affected.has(s) && busy[s] <= t);
    if (candidates.length === 0) return;
    const svc = S[rng.pick(candidates)];
    const id = `inc:${++incidents}`;
    kinds[id] = 'cascade';
    const res = rng.pick(svc.resources.filter((r) => r.kind !== 'appsignals'));
    const at = t + rng.int(0, 180_000);
    const clear = at + rng.int(5, 30) * MIN;
    let last = at;
    for (const a of res.alarms.slice(0, rng.int(1, res.alarms.length))) last = Math.max(last, episodeOf(a, at + rng.int(0, 60_000), clear, id, true));
    reserve([svc.index], last);
  }

  if (o.duplicateShare) {
    for (const d of [...drafts]) {
      if (!rng.chance(o.duplicateShare)) continue;
      for (let k = rng.int(1, 2); k > 0; k--) push(d.spec, d.truth, d.root, d.at + rng.int(1000, 30_000));
    }
  }
  drafts.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return {
    name: o.name,
    description: o.description,
    seed: o.seed,
    events: drafts.map((d) => d.spec),
    truth: drafts.map((d) => d.truth),
    roots: drafts.map((d) => d.root),
    estate,
    kinds,
  };
}
