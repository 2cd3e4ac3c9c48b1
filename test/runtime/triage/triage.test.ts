import { signal, transition } from './signal-factory';
import { InMemoryIncidentStore, triageSignals } from '../../../src/runtime/local';
import {
  INCIDENT_SAMPLE_EXCERPT_MAX_CHARS, INCIDENT_SAMPLES_MAX, IncidentSchema, TIMELINE_MAX_ENTRIES, type Signal,
} from '../../../src/runtime/model';
import { resolveTriageRules, Triage, TriageConflictError, type IncidentStore, type TriageOutcome } from '../../../src/runtime/triage';

/** `action` or `action:suppression`, per signal in time order. */
function step(o: TriageOutcome): string {
  return o.suppression ? `${o.action}:${o.suppression}` : o.action;
}

async function run(signals: Signal[], rules?: unknown) {
  const result = await triageSignals(signals, { rules: resolveTriageRules(rules) });
  return { ...result, steps: result.outcomes.map(step) };
}

/** The lifecycle rules off: no quiet reopen, no escalation folding (to test the rules they complement on their own). */
const NO_LIFECYCLE = { lifecycle: { reopenSeconds: 0, foldSeconds: 0 } };

describe('Triage rules', () => {
  const alarm = (id: string, at: number, extra: Parameters<typeof signal>[0] = {}) => signal({ id, at, ...extra });

  test.each<[string, () => Signal[], string[], number, unknown?]>([
    // dedup
    ['same signal id twice', () => {
      const a = alarm('a', 0);
      return [a, { ...a }];
    }, ['opened', 'suppressed:duplicate'], 1],
    ['same fingerprint firing again in its open incident', () => [alarm('a', 0), alarm('b', 60)], ['opened', 'attached:duplicate'], 1],
    // grouping
    ['same service, other resource, inside the window', () => [alarm('a', 0), alarm('b', 600, { resource: 'i-2' })], ['opened', 'attached:grouped'], 1],
    ['same service, other resource, after the window', () => [alarm('a', 0), alarm('b', 901, { resource: 'i-2' })], ['opened', 'opened'], 2],
    ['the window runs from the last firing signal', () => [
      alarm('a', 0), alarm('b', 800, { resource: 'i-2' }), alarm('c', 1600, { resource: 'i-3' }),
    ], ['opened', 'attached:grouped', 'attached:grouped'], 1],
    ['different services', () => [alarm('a', 0), alarm('b', 10, { service: 'search', resource: 'i-2' })], ['opened', 'opened'], 2],
    ['no service: same resource groups', () => [
      alarm('a', 0, { service: null, kind: 'metric-alarm' }), alarm('b', 10, { service: null, kind: 'anomaly-alarm' }),
    ], ['opened', 'attached:grouped'], 1],
    ['no service: different resources do not group', () => [
      alarm('a', 0, { service: null }), alarm('b', 10, { service: null, resource: 'i-2' }),
    ], ['opened', 'opened'], 2],
    // checkout calls payments and inventory: payments' table fails, checkout follows (a symptom joins its cause);
    // inventory's table then fails on its own (a sibling, linked only through checkout: not its cause, a new incident)
    ['topology map: a caller joins its callee\'s incident; a sibling\'s own failure does not', () => [
      alarm('a', 0, { service: 'payments', resource: 'payments-ledger', resourceType: 'AWS::DynamoDB::Table' }),
      alarm('b', 10, { resource: 'i-2' }),
      // (minutes later: within moments of checkout's, failures along one edge would be taken as one incident)
      alarm('c', 200, { service: 'inventory', resource: 'inventory-stock', resourceType: 'AWS::DynamoDB::Table' }),
    ], ['opened', 'attached:grouped', 'opened'], 2, { topology: { checkout: ['payments', 'inventory'] }, ...NO_LIFECYCLE }],
    ['topology groups: a dependent first, then its root', () => [
      alarm('a', 0, { service: 'payments' }), alarm('b', 10, { service: 'checkout', resource: 'i-2' }),
    ], ['opened', 'attached:grouped'], 1, { topology: [['checkout', 'payments']] }],
  ])('%s', async (_name, make, steps, incidents, ...[rules]) => {
    const result = await run(make(), rules);
    expect(result.steps).toEqual(steps);
    expect(result.incidents).toHaveLength(incidents);
  });

  test('a duplicate delivery changes nothing and publishes nothing', async () => {
    const store = new InMemoryIncidentStore();
    const triage = new Triage(store);
    const a = alarm('a', 0);
    await triage.process(a);
    const before = (await store.listIncidents())[0];
    const again = await triage.process({ ...a });
    expect(again).toMatchObject({ action: 'suppressed', suppression: 'duplicate', published: [] });
    expect((await store.listIncidents())[0]).toBe(before);
  });

  test('a fingerprint duplicate is attached and counted as suppressed, without a page', async () => {
    const { incidents, outcomes } = await run([alarm('a', 0), alarm('b', 60)]);
    expect(incidents[0]).toMatchObject({ signalIds: ['a', 'b'], signalCount: 2, firing: ['metric-alarm:i-1'], suppressedCount: 1 });
    expect(outcomes[1].published).toEqual([]);
  });

  describe('flapping', () => {
    // fire/resolve every 2 minutes: the 5th change within 30 minutes is a flap
    const flaps = () => {
      const f = alarm('f0', 0);
      const seq: Signal[] = [f];
      for (let i = 1; i < 8; i++) seq.push(transition(f, i % 2 ? 'resolved' : 'firing', i * 120, `f${i}`));
      return seq;
    };

    test('more than 4 changes in 30 minutes are not re-paged: the incident reopens quietly, and still resolves', async () => {
      const seq = flaps();
      // stable again an hour later: a new firing pages as usual
      seq.push(transition(seq[0], 'firing', 7 * 120 + 3600, 'stable-firing'));
      const { steps, incidents, outcomes } = await run(seq, NO_LIFECYCLE);
      expect(steps).toEqual([
        'opened', 'resolved', 'opened', 'resolved', 'opened',
        'resolved', 'attached:flapping', 'resolved',
        'opened',
      ]);
      expect(outcomes[6].published.map((e) => e.type)).toEqual(['updated']);
      expect(incidents).toHaveLength(4);
      const flapped = incidents[2];
      expect(flapped).toMatchObject({ status: 'resolved', suppressedCount: 1, signalIds: ['f4', 'f5', 'f6', 'f7'] });
      expect(flapped.timeline.map((e) => e.type)).toContain('reopened');
      expect(incidents[3]).toMatchObject({ status: 'open', signalIds: ['stable-firing'] });
    });

    test('a flapping fingerprint below its occurrence threshold is still held by the threshold', async () => {
      const pod = signal({ id: 'p0', kind: 'pod-event', severity: 'medium', resource: 'web-1' });
      const seq = [pod, transition(pod, 'resolved', 60, 'p1'), transition(pod, 'firing', 120, 'p2'), transition(pod, 'firing', 180, 'p3')];
      const { steps } = await run(seq, { flapping: { maxChanges: 1 } });
      expect(steps).toEqual(['suppressed:below-threshold', 'suppressed:stale-resolution', 'suppressed:below-threshold', 'opened']);
    });

    // Recall: a second flapping episode inside the flap window (but past the grouping window) must land in exactly
    // one incident, whatever became of the first episode's incident; it never vanishes as `flapping`.
    const EPISODE_2 = 7 * 120 + 1000; // first episode ends at 840 s; 1000 s later (> 900 s grouping, < 1800 s flap window)
    // An unrelated incident that opens and resolves between the episodes: a store keeping one resolved incident forgets the first episode's.
    const unrelated = () => {
      const other = alarm('other', 1200, { service: 'search', resource: 'i-9' });
      return [other, transition(other, 'resolved', 1260, 'other-ok')];
    };
    test.each<[string, { retainResolved: number; between?: () => Signal[] }, string[]]>([
      ['the store forgot the first episode\'s incident: the second opens one (one page), later flaps are held in it', {
        retainResolved: 1, between: unrelated,
      }, ['opened', 'resolved', 'attached:flapping', 'resolved', 'attached:flapping']],
      ['the store kept it: the second episode reopens it quietly', { retainResolved: Infinity },
        ['attached:flapping', 'resolved', 'attached:flapping', 'resolved', 'attached:flapping']],
      ['another incident is open on the key: the second episode joins it (one update), later flaps are held in it', {
        retainResolved: 1, between: () => [...unrelated(), alarm('neighbour', EPISODE_2 - 60, { resource: 'i-2' })],
      }, ['attached:grouped', 'attached', 'attached:flapping', 'attached', 'attached:flapping']],
    ])('flap, resolve, flap again inside the flap window: %s', async (_name, { retainResolved, between }, episode2Steps) => {
      const first = flaps();
      const second: Signal[] = [];
      for (let i = 0; i < 5; i++) second.push(transition(first[0], i % 2 ? 'resolved' : 'firing', EPISODE_2 + i * 120, `g${i}`));
      const extra = between?.() ?? [];
      const store = new InMemoryIncidentStore({ retainResolved });
      const { outcomes } = await triageSignals([...first, ...extra, ...second], { store });
      const ep2 = outcomes.filter((o) => o.signalId.startsWith('g'));
      expect(ep2.map(step)).toEqual(episode2Steps);
      // every signal of the episode is in an incident, and in the same one
      expect(ep2.every((o) => o.incident !== undefined)).toBe(true);
      expect(new Set(ep2.map((o) => o.incident!.id)).size).toBe(1);
      // at most one page for the whole episode
      expect(ep2.filter((o) => o.action === 'opened')).toHaveLength(episode2Steps[0] === 'opened' ? 1 : 0);
      expect(ep2.flatMap((o) => o.published).filter((e) => e.type === 'opened')).toHaveLength(episode2Steps[0] === 'opened' ? 1 : 0);
    });

    test('a flapping fingerprint whose incident is open is held in it', async () => {
      const a = alarm('a', 0);
      const b = alarm('b', 10, { resource: 'i-2' });
      const seq = [a, b, transition(a, 'resolved', 60, 'a1'), transition(a, 'firing', 120, 'a2')];
      const { steps, incidents } = await run(seq, { flapping: { maxChanges: 1 } });
      expect(steps).toEqual(['opened', 'attached:grouped', 'attached', 'attached:flapping']);
      expect(incidents[0]).toMatchObject({ status: 'open', firing: ['metric-alarm:i-2', 'metric-alarm:i-1'], suppressedCount: 1 });
    });

    test('changes spread wider than the window are not a flap', async () => {
      const f = alarm('f0', 0);
      const seq = [f];
      for (let i = 1; i < 8; i++) seq.push(transition(f, i % 2 ? 'resolved' : 'firing', i * 600, `f${i}`));
      const { steps } = await run(seq, NO_LIFECYCLE);
      expect(steps).toEqual(['opened', 'resolved', 'opened', 'resolved', 'opened', 'resolved', 'opened', 'resolved']);
    });

    test('one page per episode: a re-fire within reopenSeconds of the resolution reopens quietly, from the first flap', async () => {
      const { steps, incidents, outcomes } = await run(flaps());
      expect(steps).toEqual(['opened', 'resolved', 'attached:flapping', 'resolved', 'attached:flapping', 'resolved', 'attached:flapping', 'resolved']);
      expect(incidents).toHaveLength(1);
      expect(outcomes.flatMap((o) => o.published).filter((e) => e.type === 'opened' || e.type === 'escalated')).toHaveLength(1);
      expect(incidents[0].timeline.filter((e) => e.type === 'reopened')).toHaveLength(3);
    });

    test('changes 10 minutes apart are one episode; a re-fire after the reopen window is a new one (a page)', async () => {
      const f = alarm('f0', 0);
      const seq = [f];
      for (let i = 1; i < 6; i++) seq.push(transition(f, i % 2 ? 'resolved' : 'firing', i * 600, `f${i}`));
      seq.push(transition(f, 'firing', 5 * 600 + 901, 'next-episode'));
      const { steps } = await run(seq);
      expect(steps).toEqual(['opened', 'resolved', 'attached:flapping', 'resolved', 'attached:flapping', 'resolved', 'opened']);
    });
  });

  describe('occurrence thresholds', () => {
    const pod = (id: string, at: number, extra: Parameters<typeof signal>[0] = {}) => signal({
      id, at, kind: 'pod-event', severity: 'medium', resource: 'web-1', resourceType: 'Kubernetes::Pod', ...extra,
    });

    test.each<[string, () => Signal[], string[], unknown?]>([
      ['pod events open on the 3rd occurrence in 10 minutes', () => [pod('p1', 0), pod('p2', 60), pod('p3', 120), pod('p4', 180)],
        ['suppressed:below-threshold', 'suppressed:below-threshold', 'opened', 'attached:duplicate']],
      ['occurrences spread wider than the window never open', () => [pod('p1', 0), pod('p2', 360), pod('p3', 720), pod('p4', 1080)],
        ['suppressed:below-threshold', 'suppressed:below-threshold', 'suppressed:below-threshold', 'suppressed:below-threshold']],
      ['a critical pod event opens at once', () => [pod('p1', 0, { severity: 'critical' })], ['opened']],
      ['a resolution of a pod that never reached the threshold is stale', () => [pod('p1', 0), transition(pod('p1', 0), 'resolved', 30)],
        ['suppressed:below-threshold', 'suppressed:stale-resolution']],
      // A redelivery is a duplicate before anything else: counted as an occurrence it would open (and page) an incident.
      ['a below-threshold pod event delivered three times stays one occurrence', () => [pod('p1', 0), pod('p1', 0), pod('p1', 0)],
        ['suppressed:below-threshold', 'suppressed:duplicate', 'suppressed:duplicate']],
      ['redeliveries between occurrences do not count towards the threshold', () => [pod('p1', 0), pod('p1', 0), pod('p2', 60), pod('p2', 60), pod('p3', 120)],
        ['suppressed:below-threshold', 'suppressed:duplicate', 'suppressed:below-threshold', 'suppressed:duplicate', 'opened']],
      ['a custom rule on alarms of one service', () => [alarm('a1', 0), alarm('a2', 30), alarm('x', 40, { service: 'search', resource: 'i-9' })],
        ['suppressed:below-threshold', 'opened', 'opened'], { thresholds: [{ match: { kind: 'metric-alarm', service: 'checkout' }, occurrences: 2, windowSeconds: 60 }] }],
    ])('%s', async (_name, make, steps, ...[rules]) => {
      expect((await run(make(), rules)).steps).toEqual(steps);
    });

    test('the incident lists the occurrences that reached the threshold', async () => {
      const { incidents } = await run([pod('p1', 0), pod('p2', 60), pod('p3', 120)]);
      expect(incidents[0].signalIds).toEqual(['p1', 'p2', 'p3']);
      expect(incidents[0].signalCount).toBe(3);
    });
  });

  describe('inhibition', () => {
    const canary = (id: string, at: number) => signal({ id, at, kind: 'canary-run', resource: 'checkout-canary', resourceType: 'AWS::Synthetics::Canary' });

    test.each<[string, () => Signal[], string[]]>([
      ['parent first: children on the service are inhibited', () => [canary('c', 0), alarm('a', 10), alarm('b', 20, { kind: 'pod-event', severity: 'critical', resource: 'pod-1' })],
        ['opened', 'attached:inhibited', 'attached:inhibited']],
      ['child first: the parent joins, later children are inhibited', () => [alarm('a', 0), canary('c', 10), alarm('b', 20, { resource: 'i-2' })],
        ['opened', 'attached:grouped', 'attached:inhibited']],
      ['a parent still firing inhibits past the grouping window', () => [canary('c', 0), alarm('a', 3600)], ['opened', 'attached:inhibited']],
      ['a resolved parent no longer inhibits', () => [canary('c', 0), alarm('a', 10), transition(canary('c', 0), 'resolved', 20, 'c-ok'), alarm('b', 30, { resource: 'i-2' })],
        ['opened', 'attached:inhibited', 'attached', 'attached:grouped']],
      ['other services are not inhibited', () => [canary('c', 0), alarm('a', 10, { service: 'search' })], ['opened', 'opened']],
      // (the SLO source also raises the priority: 10 s after the opening, folded into the opening page as an update)
      ['a second parent is not a child', () => [canary('c', 0), signal({ id: 'slo', at: 10, kind: 'slo-budget', resource: 'slo-1' })], ['opened', 'attached:grouped']],
    ])('%s', async (_name, make, steps) => {
      expect((await run(make())).steps).toEqual(steps);
    });

    test('inhibited children are counted, attached, never paged', async () => {
      const { incidents, outcomes } = await run([canary('c', 0), alarm('a', 10), alarm('b', 20, { resource: 'i-2', severity: 'critical' })]);
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({ suppressedCount: 2, signalIds: ['c', 'a', 'b'], parents: ['canary-run:checkout-canary'] });
      expect(outcomes.slice(1).flatMap((o) => o.published)).toEqual([]);
    });
  });

  describe('alert storm', () => {
    const many = (n: number, extra: (i: number) => Parameters<typeof signal>[0] = () => ({})) =>
      Array.from({ length: n }, (_, i) => alarm(`s${i}`, i, { service: `svc-${i}`, resource: `r-${i}`, ...extra(i) }));

    /** Storms counted on newly firing signals only (the incident count off), as before openings were counted. */
    const SIGNAL_STORM = { storm: { maxSignals: 5, maxIncidents: 100_000, windowSeconds: 60 }, ...NO_LIFECYCLE };

    test('past the limit, openers join one storm incident', async () => {
      const { steps, incidents, outcomes } = await run(many(10), SIGNAL_STORM);
      // the storm incident (P2 at least) escalates to P1 once it spans 3 services
      expect(steps).toEqual([...Array(5).fill('opened'), 'opened', 'attached:storm', 'escalated:storm', 'attached:storm', 'attached:storm']);
      const storm = incidents.filter((i) => i.storm);
      expect(storm).toHaveLength(1);
      expect(storm[0]).toMatchObject({ key: 'storm:123456789012/eu-west-1', signalCount: 5, suppressedCount: 4, firing: expect.arrayContaining(['metric-alarm:r-9']) });
      expect(outcomes.flatMap((o) => o.published).filter((e) => e.type === 'opened')).toHaveLength(6);
    });

    test('storms are counted per account and region', async () => {
      const { incidents } = await run(many(10, (i) => ({ account: `00000000000${i % 2}` })), SIGNAL_STORM);
      expect(incidents.filter((i) => i.storm)).toHaveLength(0);
      const global = await run(many(10, (i) => ({ account: `00000000000${i % 2}` })), { ...SIGNAL_STORM, storm: { ...SIGNAL_STORM.storm, scope: 'global' } });
      expect(global.incidents.filter((i) => i.storm)).toHaveLength(1);
    });

    test('signals in a new window are not a storm', async () => {
      const signals = many(10).map((s, i) => (i >= 5 ? { ...s, time: new Date(Date.parse(s.time) + 120_000).toISOString() } : s));
      const { incidents } = await run(signals, SIGNAL_STORM);
      expect(incidents.filter((i) => i.storm)).toHaveLength(0);
      expect(incidents).toHaveLength(10);
    });

    test('hundreds of distinct alarms within two minutes page at most five times (four openings, then the storm)', async () => {
      const signals = Array.from({ length: 400 }, (_, i) => alarm(`x${i}`, Math.floor(i * 90 / 400) + 37, { service: `fleet-${i}`, resource: `r-${i}` }));
      const { incidents, outcomes } = await run(signals);
      const pages = outcomes.flatMap((o) => o.published).filter((e) => e.type === 'opened' || e.type === 'escalated');
      expect(pages.length).toBeLessThanOrEqual(5);
      expect(incidents.filter((i) => i.storm)).toHaveLength(1);
      expect(incidents.find((i) => i.storm)!.signalCount).toBe(396);
    });

    test('a burst across a window boundary still counts whole in the half-shifted window', async () => {
      // 120 s windows: openings at 115..125 s straddle the boundary at 120 s, and fall whole into the shifted window 60..180 s
      const signals = Array.from({ length: 8 }, (_, i) => alarm(`y${i}`, 115 + i, { service: `svc-${i}`, resource: `r-${i}` }));
      const { outcomes } = await run(signals);
      expect(outcomes.map(step)).toEqual([...Array(4).fill('opened'), 'opened', 'attached:storm', 'attached:storm', 'attached:storm']);
      expect(outcomes[4].incident!.storm).toBe(true);
    });

    test('openings spread wider than the window are not a storm', async () => {
      const signals = Array.from({ length: 8 }, (_, i) => alarm(`z${i}`, i * 121, { service: `svc-${i}`, resource: `r-${i}` }));
      const { incidents } = await run(signals);
      expect(incidents.filter((i) => i.storm)).toHaveLength(0);
      expect(incidents).toHaveLength(8);
    });

    test('storm members resolve the storm incident', async () => {
      const signals = many(8);
      const resolutions = signals.slice(5).map((s, i) => transition(s, 'resolved', 100 + i));
      const { incidents } = await run([...signals, ...resolutions], SIGNAL_STORM);
      expect(incidents.find((i) => i.storm)).toMatchObject({ status: 'resolved', firing: [] });
    });
  });

  describe('priority and escalation', () => {
    test('an AWS Health event weighs one level more', async () => {
      const { incidents } = await run([signal({ id: 'h', kind: 'health-event', severity: 'medium', service: null, resource: 'EC2' })]);
      expect(incidents[0].priority).toBe('P2');
    });

    test('a growing blast radius escalates once, and says so', async () => {
      const signals = Array.from({ length: 6 }, (_, i) => alarm(`a${i}`, i * 10, { resource: `i-${i}`, severity: 'medium' }));
      const { steps, incidents, outcomes } = await run(signals, NO_LIFECYCLE);
      expect(steps).toEqual(['opened', 'attached:grouped', 'attached:grouped', 'attached:grouped', 'escalated:grouped', 'attached:grouped']);
      expect(outcomes[4].published.map((e) => e.type)).toEqual(['escalated']);
      expect(outcomes[1].published.map((e) => e.type)).toEqual(['updated']);
      expect(incidents[0].priority).toBe('P2');
    });

    test('a worse severity escalates', async () => {
      const { steps, incidents } = await run([alarm('a', 0, { severity: 'low' }), alarm('b', 10, { resource: 'i-2', severity: 'critical' })], NO_LIFECYCLE);
      expect(steps).toEqual(['opened', 'escalated:grouped']);
      expect(incidents[0]).toMatchObject({ priority: 'P1', severity: 'critical' });
    });

    test('priority raised in the first five minutes is folded into the opening page; later it escalates', async () => {
      const early = await run([alarm('a', 0, { severity: 'low' }), alarm('b', 299, { resource: 'i-2', severity: 'critical' })]);
      expect(early.steps).toEqual(['opened', 'attached:grouped']);
      expect(early.outcomes[1].published.map((e) => e.type)).toEqual(['updated']);
      expect(early.incidents[0]).toMatchObject({ priority: 'P1' });
      const late = await run([alarm('a', 0, { severity: 'low' }), alarm('b', 301, { resource: 'i-2', severity: 'critical' })]);
      expect(late.steps).toEqual(['opened', 'escalated:grouped']);
    });
  });

  describe('resolution', () => {
    test('an incident resolves when all its firing fingerprints have resolved', async () => {
      const a = alarm('a', 0);
      const b = alarm('b', 10, { resource: 'i-2' });
      const { steps, incidents, outcomes } = await run([a, b, transition(a, 'resolved', 100), transition(b, 'resolved', 200)]);
      expect(steps).toEqual(['opened', 'attached:grouped', 'attached', 'resolved']);
      expect(incidents[0]).toMatchObject({ status: 'resolved', firing: [], resolvedAt: transition(b, 'resolved', 200).time });
      expect(outcomes[3].published.map((e) => e.type)).toEqual(['resolved']);
      expect(incidents[0].timeline.at(-1)).toMatchObject({ type: 'resolved' });
    });

    test('info signals never hold an incident open', async () => {
      const a = alarm('a', 0);
      const deploy = signal({ id: 'd', at: 30, kind: 'deployment', state: 'info', resource: 'dg-1' });
      const { steps, incidents } = await run([a, deploy, transition(a, 'resolved', 100)]);
      expect(steps).toEqual(['opened', 'attached:context', 'resolved']);
      expect(incidents[0].status).toBe('resolved');
    });

    test.each<[string, () => Signal[], string[]]>([
      ['a resolution with no incident is stale', () => [transition(alarm('a', 0), 'resolved', 0)], ['suppressed:stale-resolution']],
      ['a second resolution is stale', () => [alarm('a', 0), transition(alarm('a', 0), 'resolved', 10, 'r1'), transition(alarm('a', 0), 'resolved', 20, 'r2')],
        ['opened', 'resolved', 'suppressed:stale-resolution']],
    ])('%s', async (_name, make, steps) => {
      expect((await run(make())).steps).toEqual(steps);
    });

    test('out of order: a resolution older than a later firing is stale', async () => {
      const store = new InMemoryIncidentStore();
      const triage = new Triage(store);
      const a = alarm('a', 0);
      for (const s of [a, transition(a, 'resolved', 10, 'r1'), transition(a, 'firing', 20, 'f2')]) await triage.process(s);
      expect(step(await triage.process(transition(a, 'resolved', 15, 'r-late')))).toBe('suppressed:stale-resolution');
      expect(await store.listIncidents({ status: 'open' })).toHaveLength(1);
    });

    test('out of order: a firing older than its resolution is superseded', async () => {
      const store = new InMemoryIncidentStore();
      const triage = new Triage(store);
      const a = alarm('a', 0);
      await triage.process(a);
      await triage.process(transition(a, 'resolved', 100, 'r'));
      expect(step(await triage.process(transition(a, 'firing', 50, 'late')))).toBe('suppressed:duplicate');
      expect(await store.listIncidents({ status: 'open' })).toHaveLength(0);
    });
  });

  describe('context (info) signals', () => {
    const deploy = (id: string, at: number) => signal({ id, at, kind: 'deployment', state: 'info', resource: 'dg-1', title: 'checkout v42' });

    test('never open an incident', async () => {
      const { steps, incidents, suppressed } = await run([deploy('d', 0)]);
      expect(steps).toEqual(['suppressed:context']);
      expect(incidents).toEqual([]);
      expect(suppressed).toEqual([{ signalId: 'd', reason: 'context' }]);
    });

    test('a deployment shortly before an incident shows on its timeline', async () => {
      const { incidents } = await run([deploy('d', 0), alarm('a', 180)]);
      expect(incidents[0].timeline.map((e) => [e.type, e.message])).toEqual([
        ['opened', 'metric-alarm on i-1 firing'],
        ['context', 'deployment 3 minutes before opening: checkout v42'],
      ]);
      expect(incidents[0].signalIds).toEqual(['d', 'a']);
    });

    test('a deployment long before is forgotten', async () => {
      const { incidents } = await run([deploy('d', 0), alarm('a', 3600)]);
      expect(incidents[0].timeline.map((e) => e.type)).toEqual(['opened']);
    });

    test('a deployment during an incident is attached as context, with an update', async () => {
      const { steps, incidents, outcomes } = await run([alarm('a', 0), deploy('d', 120)]);
      expect(steps).toEqual(['opened', 'attached:context']);
      expect(incidents[0].timeline[1]).toMatchObject({ type: 'context', message: 'deployment 2 minutes after opening: checkout v42' });
      expect(incidents[0].suppressedCount).toBe(0);
      expect(outcomes[1].published.map((e) => e.type)).toEqual(['updated']);
    });
  });

  describe('samples (representative signals for the agents)', () => {
    const ids = (o: { incident?: { samples?: readonly Signal[] } }) => o.incident?.samples?.map((x) => x.id);

    test.each<[string, () => Signal[], (string[] | undefined)[]]>([
      ['the opener is the first sample', () => [alarm('a', 0)], [['a']]],
      ['grouped signals of other fingerprints follow it, in time order', () => [
        alarm('a', 0), alarm('b', 10, { resource: 'i-2' }), alarm('c', 20, { resource: 'i-3' }),
      ], [['a'], ['a', 'b'], ['a', 'b', 'c']]],
      ['duplicates, resolutions and info signals never become samples', () => [
        alarm('a', 0), alarm('a2', 10), alarm('b', 20, { resource: 'i-2' }),
        transition(alarm('b', 20, { resource: 'i-2' }), 'resolved', 30, 'b-ok'),
        signal({ id: 'deploy', at: 40, kind: 'deployment', state: 'info', resource: 'app' }),
      ], [['a'], ['a'], ['a', 'b'], ['a', 'b'], ['a', 'b']]],
      ['a newer firing of a sampled fingerprint replaces its sample and moves last', () => [
        alarm('a', 0), alarm('b', 10, { resource: 'i-2' }), alarm('c', 20, { resource: 'i-3' }),
        transition(alarm('b', 10, { resource: 'i-2' }), 'resolved', 30, 'b-ok'),
        transition(alarm('b', 10, { resource: 'i-2' }), 'firing', 40, 'b-again'),
      ], [['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'c', 'b-again']]],
      [`bounded at ${INCIDENT_SAMPLES_MAX}: the oldest after the opener is replaced`, () => [
        alarm('a', 0), ...[1, 2, 3, 4, 5, 6].map((i) => alarm(`r${i}`, i * 10, { resource: `i-${i + 1}` })),
      ], [['a'], ['a', 'r1'], ['a', 'r1', 'r2'], ['a', 'r1', 'r2', 'r3'], ['a', 'r1', 'r2', 'r3', 'r4'],
        ['a', 'r2', 'r3', 'r4', 'r5'], ['a', 'r3', 'r4', 'r5', 'r6']]],
      ['inhibited children are sampled (they are the symptoms)', () => [
        signal({ id: 'canary', at: 0, kind: 'canary-run', resource: 'probe' }), alarm('child', 10, { resource: 'i-2' }),
      ], [['canary'], ['canary', 'child']]],
    ])('%s', async (_name, signals, expected) => {
      const { outcomes, incidents } = await run(signals());
      expect(outcomes.map(ids)).toEqual(expected);
      for (const incident of incidents) expect(IncidentSchema.safeParse(incident).success).toBe(true);
    });

    test('storm members are sampled on the storm incident, bounded', async () => {
      const signals = Array.from({ length: 60 }, (_, i) => alarm(`s${i}`, i, { service: `svc-${i}`, resource: `i-${i}` }));
      const { incidents } = await run(signals);
      const storm = incidents.find((i) => i.storm)!;
      expect(storm.samples).toHaveLength(INCIDENT_SAMPLES_MAX);
      expect(storm.samples![0].id).toBe(storm.signalIds[0]);
      expect(storm.samples!.slice(1).map((x) => x.id)).toEqual(['s56', 's57', 's58', 's59']);
    });

    test(`a sample's raw excerpt is cut to ${INCIDENT_SAMPLE_EXCERPT_MAX_CHARS} characters, the signal itself untouched`, async () => {
      const big = { ...alarm('a', 0), raw: { source: 'test', bytes: 3000, excerpt: `{"x":"${'\u{1F600}'.repeat(600)}"}` } };
      const { incidents } = await run([big]);
      const excerpt = incidents[0].samples![0].raw.excerpt;
      expect(excerpt.length).toBeLessThanOrEqual(INCIDENT_SAMPLE_EXCERPT_MAX_CHARS);
      expect(excerpt.endsWith('…')).toBe(true);
      expect(() => encodeURIComponent(excerpt)).not.toThrow(); // no lone surrogate
      expect(big.raw.excerpt.length).toBeGreaterThan(INCIDENT_SAMPLE_EXCERPT_MAX_CHARS);
      expect(incidents[0].samples![0]).toMatchObject({ id: 'a', kind: 'metric-alarm', resource: big.resource, fingerprint: big.fingerprint });
    });
  });

  describe('bounds', () => {
    test('the timeline stays within TIMELINE_MAX_ENTRIES, folding old entries', async () => {
      const signals = Array.from({ length: 400 }, (_, i) => alarm(`a${i}`, i, { resource: `i-${i}` }));
      const { incidents } = await run(signals);
      const timeline = incidents[0].timeline;
      expect(timeline).toHaveLength(TIMELINE_MAX_ENTRIES);
      expect(timeline[0].type).toBe('opened');
      expect(timeline[1]).toMatchObject({ type: 'folded', data: { count: 400 - TIMELINE_MAX_ENTRIES + 1 } });
      expect(timeline.at(-1)?.signalId).toBe('a399');
      expect(incidents[0].signalCount).toBe(400);
      expect(incidents[0].resources).toHaveLength(100);
    });
  });

  describe('retries', () => {
    test('a store that always conflicts ends in TriageConflictError', async () => {
      const inner = new InMemoryIncidentStore();
      const store: IncidentStore = Object.assign(Object.create(inner), {
        putCorrelation: async () => false,
        getCorrelation: inner.getCorrelation.bind(inner),
        getFingerprint: inner.getFingerprint.bind(inner),
        countStormSignal: inner.countStormSignal.bind(inner),
      });
      const triage = new Triage(store, { maxRetries: 3, backoff: async () => undefined });
      await expect(triage.process(alarm('a', 0))).rejects.toThrow(TriageConflictError);
      await expect(triage.process(alarm('a', 0))).rejects.toThrow(/lost 4 conditional writes/);
    });

    test('an interrupted delivery (incident written, fingerprint not) completes on re-delivery without a second effect', async () => {
      const inner = new InMemoryIncidentStore();
      let crash = true;
      const store: IncidentStore = Object.assign(Object.create(inner), {
        putFingerprint: async (...args: Parameters<IncidentStore['putFingerprint']>) => {
          if (crash) throw new Error('Lambda timed out');
          return inner.putFingerprint(...args);
        },
      });
      const a = alarm('a', 0);
      const b = alarm('b', 10, { resource: 'i-2' });
      const triage = new Triage(store);
      await expect(triage.process(a)).rejects.toThrow('Lambda timed out');
      crash = false;
      expect(step(await triage.process(a))).toBe('suppressed:duplicate');
      expect(step(await triage.process(b))).toBe('attached:grouped');
      const [incident] = await inner.listIncidents();
      expect(incident).toMatchObject({ signalIds: ['a', 'b'], signalCount: 2 });
      expect((await inner.getFingerprint(a.fingerprint))?.recent.map((r) => r.id)).toEqual(['a']);
    });
  });

  test('triageSignals sorts by time, stably', async () => {
    const late = alarm('late', 100, { resource: 'i-2' });
    const early = alarm('early', 0);
    const tie = alarm('tie', 100, { resource: 'i-3' });
    const { outcomes, incidents } = await run([late, early, tie]);
    expect(outcomes.map((o) => o.signalId)).toEqual(['early', 'late', 'tie']);
    expect(incidents[0].id).toBe(outcomes[0].incident?.id);
  });
});
