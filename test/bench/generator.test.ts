import { generateStream, EPOCH_MS } from '../../scripts/bench/episodes';
import { buildEstate, inventoryPages, serviceGraph, snapshotFromFiles } from '../../scripts/bench/estate';
import { isNoise, materialise, type EventSpec } from '../../scripts/bench/generator';
import { Rng } from '../../scripts/bench/rng';
import { inventoryOf, SCENARIOS, scenarioStream } from '../../scripts/bench/scenarios';
import { normaliseEvent } from '../../src/runtime/normalise';

describe('Rng', () => {
  test('same seed, same sequence; other seed, other sequence', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });
});

/** The services an event is on, by the estate's service objects. */
function serviceOf(e: EventSpec, stream: ReturnType<typeof scenarioStream>): number {
  if (e.type !== 'alarm') return stream.estate.services.findIndex((s) => s === e.service);
  return stream.estate.services.findIndex((s) => [...s.resources, ...s.fleet].some((r) => r.alarms.includes(e.alarm)));
}

describe('generateStream', () => {
  test('is reproducible from its seed, down to the payload bytes', () => {
    const one = scenarioStream('all-perturbations', 600, 11);
    const two = scenarioStream('all-perturbations', 600, 11);
    expect(two.truth).toEqual(one.truth);
    expect(JSON.stringify(two.events.map(materialise))).toEqual(JSON.stringify(one.events.map(materialise)));
    expect(JSON.stringify(scenarioStream('all-perturbations', 600, 12).events.map(materialise))).not.toEqual(JSON.stringify(one.events.map(materialise)));
  });

  test.each(Object.keys(SCENARIOS))('%s: every payload is accepted by normaliseEvent, each event has a ground-truth id', (name) => {
    const s = scenarioStream(name, 800, 3);
    expect(s.events.length).toBeGreaterThanOrEqual(800);
    expect(s.truth).toHaveLength(s.events.length);
    expect(s.roots).toHaveLength(s.events.length);
    expect(s.truth.every((id) => /^(inc|noise):\d+$/.test(id))).toBe(true);
    expect(s.events[0].time).toBeGreaterThanOrEqual(EPOCH_MS);
    expect(s.events.map(materialise).map((e) => normaliseEvent(e)).filter((o) => !o.ok)).toEqual([]);
  });

  test('no two episodes overlap on one service', () => {
    const s = scenarioStream('concurrent', 3000, 5);
    const span = new Map<string, [number, number, number]>(); // truth@service -> [service, first, last]
    s.events.forEach((e, i) => {
      const svc = serviceOf(e, s);
      const key = `${s.truth[i]}@${svc}`;
      const cur = span.get(key);
      span.set(key, cur ? [svc, Math.min(cur[1], e.time), Math.max(cur[2], e.time)] : [svc, e.time, e.time]);
    });
    const bySvc = new Map<number, [number, number][]>();
    for (const [svc, a, b] of span.values()) bySvc.set(svc, [...(bySvc.get(svc) ?? []), [a, b]]);
    let overlaps = 0;
    for (const list of bySvc.values()) {
      list.sort((x, y) => x[0] - y[0]);
      for (let k = 1; k < list.length; k++) if (list[k][0] < list[k - 1][1]) overlaps++;
    }
    expect(overlaps).toBe(0);
  });

  test('insights close with a CLOSED_INSIGHT event; Kubernetes Warnings never resolve', () => {
    const s = scenarioStream('cascades', 4000, 2);
    const insights = s.events.filter((e): e is Extract<EventSpec, { type: 'insight' }> => e.type === 'insight');
    const opened = insights.filter((e) => !e.closed).map((e) => e.insightId);
    const closed = insights.filter((e) => e.closed);
    expect(opened.length).toBeGreaterThan(0);
    expect(closed.map((e) => e.insightId).sort()).toEqual([...opened].sort());
    const out = normaliseEvent(materialise(closed[0]));
    expect(out.ok && out.signals[0].state).toBe('resolved');
    const pods = s.events.filter((e) => e.type === 'pod').map((e) => normaliseEvent(materialise(e)));
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((o) => o.ok && o.signals[0].state !== 'resolved')).toBe(true);
  });

  test('late roots: in a share of cascades the root alarms after the first symptom; never in the clean stream', () => {
    const late = (name: string) => {
      const s = scenarioStream(name, 4000, 4);
      const byInc = new Map<string, { root: number; symptom: number }>();
      s.events.forEach((e, i) => {
        if (e.type !== 'alarm' || e.to !== 'ALARM' || isNoise(s.truth[i]) || s.estate.services.length === 0) return;
        const cur = byInc.get(s.truth[i]) ?? { root: Infinity, symptom: Infinity };
        if (s.roots[i]) cur.root = Math.min(cur.root, e.time);
        else cur.symptom = Math.min(cur.symptom, e.time);
        byInc.set(s.truth[i], cur);
      });
      const judged = [...byInc.values()].filter((v) => v.root < Infinity && v.symptom < Infinity);
      return judged.filter((v) => v.root > v.symptom + 59_000).length / judged.length;
    };
    expect(late('cascades')).toBe(0);
    expect(late('late-roots')).toBeGreaterThan(0.25);
    expect(late('late-roots')).toBeLessThan(0.55);
  });

  test('duplicates are the same payload (same event id) delivered again', () => {
    const s = scenarioStream('duplicates', 2000, 6);
    const ids = s.events.filter((e) => e.type !== 'pod').map((e) => ('eventId' in e ? e.eventId : ''));
    const clean = scenarioStream('cascades', 2000, 6).events.filter((e) => e.type === 'alarm' || e.type === 'canary');
    const dupShare = 1 - new Set(ids).size / ids.length;
    expect(dupShare).toBeGreaterThan(0.08);
    expect(new Set(clean.map((e) => e.eventId)).size).toBe(clean.length);
  });

  test('storms: hundreds of distinct alarms within 90 seconds, one incident each', () => {
    const s = generateStream({ name: 's', description: '', seed: 1, alerts: 10, mix: { storm: 1 } });
    const firing = s.events.filter((e) => e.type === 'alarm' && e.to === 'ALARM');
    expect(new Set(s.truth).size).toBe(1);
    expect(new Set(firing.map((e) => (e.type === 'alarm' ? e.alarm.name : ''))).size).toBe(400);
    expect(firing[firing.length - 1].time - firing[0].time).toBeLessThanOrEqual(90_000);
  });
});

describe('estate and its inventory files', () => {
  test('GetResources pages and an X-Ray service graph in the API shapes; the untagged share has no service tag', () => {
    const estate = buildEstate(3, { untaggedShare: 0.15 });
    const pages = inventoryPages(estate);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toMatchObject({ PaginationToken: 'page-1', ResourceTagMappingList: expect.any(Array) });
    expect(pages[pages.length - 1].PaginationToken).toBe('');
    const rows = pages.flatMap((p) => p.ResourceTagMappingList);
    expect(rows[0]).toMatchObject({ ResourceARN: expect.stringMatching(/^arn:aws:/), Tags: expect.any(Array) });
    const untagged = rows.filter((r) => !r.Tags.some((t) => t.Key === 'service')).length / rows.length;
    expect(untagged).toBeGreaterThan(0.08);
    expect(untagged).toBeLessThan(0.22);
    const graph = serviceGraph(estate, 0, 3600_000);
    const node = graph.Services[0];
    expect(node).toMatchObject({ ReferenceId: 0, Name: 'checkout', Type: expect.stringMatching(/::Container$/), Edges: expect.any(Array) });
  });

  test('20 % of edges are missing or wrong in the bad-edges estate, none in the clean one', () => {
    const wrong = (opts: Parameters<typeof buildEstate>[1]) => {
      const e = buildEstate(8, opts);
      const truth = new Set(e.services.flatMap((s) => s.callees.map((c) => `${s.index}>${c}`)));
      const reported = new Set(e.reportedEdges.map((x) => `${x.from}>${x.to}`));
      return [...truth].filter((x) => !reported.has(x)).length / truth.size;
    };
    expect(wrong({})).toBe(0);
    expect(wrong({ badEdgeShare: 0.2 })).toBeGreaterThan(0.1);
    expect(wrong({ badEdgeShare: 0.2 })).toBeLessThan(0.3);
  });

  test('the topology from the files names the owner of an alarm on a tagged resource, and its callers', () => {
    const s = scenarioStream('cascades', 300, 2);
    const { topology } = inventoryOf(s);
    const i = s.events.findIndex((e) => e.type === 'alarm' && e.alarm.metric.namespace === 'AWS/DynamoDB');
    const out = normaliseEvent(materialise(s.events[i]));
    const svc = s.estate.services[serviceOf(s.events[i], s)];
    if (!out.ok) throw new Error('rejected');
    const owner = topology.owner(out.signals[0]);
    const tagged = svc.resources.find((r) => r.alarms.includes((s.events[i] as Extract<EventSpec, { type: 'alarm' }>).alarm))!.tagged;
    expect(owner.service === svc.name).toBe(tagged);
    expect([...topology.callers(svc.callees.length ? s.estate.services[svc.callees[0]].name : svc.name).keys()].length).toBeGreaterThan(0);
    const snapshot = snapshotFromFiles(inventoryPages(s.estate), serviceGraph(s.estate, 0, 1), new Date(0).toISOString());
    expect(snapshot.edges.every((e) => e.source === 'xray' && e.from !== e.to)).toBe(true);
  });

  test('opaque names carry no service; multi-account spreads services over accounts and regions', () => {
    const opaque = buildEstate(4, { opaqueNames: true });
    for (const s of opaque.services) for (const r of s.resources) for (const a of r.alarms) expect(a.name.includes(s.name)).toBe(false);
    const multi = buildEstate(4, { multiAccount: true });
    expect(new Set(multi.services.map((s) => s.account)).size).toBe(3);
    expect(new Set(multi.services.map((s) => s.region)).size).toBe(2);
    expect(multi.services.some((s) => s.environment === 'staging')).toBe(true);
  });
});
