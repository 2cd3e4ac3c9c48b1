import { signal, transition, T0 } from './signal-factory';
import { triageSignals } from '../../../src/runtime/local';
import { IncidentSchema, type Incident, type Signal } from '../../../src/runtime/model';
import { Topology, type TopologySnapshot } from '../../../src/runtime/topology';
import { resolveTriageRules, type LearnedCorrelation, type LearnedPartner, type TriageOutcome } from '../../../src/runtime/triage';

/** A shop: api -> checkout -> (orders, payments); orders -> orders-db (a data store); fraud -> payments. */
const SHOP: TopologySnapshot = {
  version: 1,
  generatedAt: new Date(T0).toISOString(),
  resources: [],
  edges: [
    { from: 'api', to: 'checkout', source: 'xray' },
    { from: 'checkout', to: 'orders', source: 'xray' },
    { from: 'checkout', to: 'payments', source: 'declared' },
    { from: 'orders', to: 'orders-db', source: 'cdk-app' },
    { from: 'fraud', to: 'payments', source: 'xray' },
  ],
  datastores: ['orders-db'],
};

const step = (o: TriageOutcome) => (o.suppression ? `${o.action}:${o.suppression}` : o.action);
const alarm = (id: string, at: number, service: string | null, extra: Parameters<typeof signal>[0] = {}) =>
  signal({ id, at, service, resource: `${service ?? 'x'}-${id}`, ...extra });

async function run(signals: Signal[], options: { topology?: Topology; rules?: unknown; learning?: LearnedCorrelation } = {}) {
  const result = await triageSignals(signals, {
    topology: options.topology ?? Topology.fromSnapshot(SHOP),
    rules: resolveTriageRules(options.rules),
    learning: options.learning,
  });
  const pages = result.outcomes.flatMap((o) => o.published).filter((e) => e.type === 'opened' || e.type === 'escalated').length;
  return { ...result, steps: result.outcomes.map(step), pages };
}

describe('causal, time-windowed grouping over the service graph', () => {
  test('a symptom joins the open incident of a service it calls, with its evidence (path, edge source, gap)', async () => {
    const { steps, incidents, pages } = await run([alarm('db', 0, 'orders'), alarm('co', 60, 'checkout'), alarm('api', 90, 'api')]);
    expect(steps).toEqual(['opened', 'attached:grouped', 'attached:grouped']);
    expect(incidents).toHaveLength(1);
    expect(pages).toBe(1);
    expect(incidents[0].correlation).toEqual([
      expect.objectContaining({ rule: 'downstream', signalId: 'co', path: ['checkout', 'orders'], edgeSource: 'xray', gapSeconds: 60 }),
      // checkout's key now points at the incident: the nearest hop finds it
      expect.objectContaining({ rule: 'downstream', signalId: 'api', path: ['api', 'checkout'], gapSeconds: 90 }),
    ]);
    expect(incidents[0].root).toMatchObject({ signalId: 'db', service: 'orders' });
    expect(incidents[0].timeline.filter((e) => e.type === 'correlated').map((e) => e.message)).toEqual([
      expect.stringContaining('downstream: checkout -> orders (xray), 60 s after'),
      expect.stringContaining('downstream: api -> checkout (xray), 90 s after'),
    ]);
    expect(() => IncidentSchema.parse(incidents[0])).not.toThrow();
  });

  test('the joined owner holds the incident from then on: its next signals group directly on their own key', async () => {
    const { steps, incidents } = await run([alarm('db', 0, 'orders'), alarm('co1', 60, 'checkout'), alarm('co2', 80, 'checkout')]);
    expect(steps).toEqual(['opened', 'attached:grouped', 'attached:grouped']);
    expect(incidents[0].keys).toEqual(['service:checkout@123456789012/eu-west-1']);
    expect(incidents[0].correlation).toHaveLength(1);
  });

  const table = { resourceType: 'AWS::DynamoDB::Table' };

  test('a callee that alarms after its caller, on a deeper resource, joins as the late root and becomes the root', async () => {
    const { steps, incidents } = await run([alarm('co', 0, 'checkout'), alarm('ord', 180, 'orders', table)]);
    expect(steps).toEqual(['opened', 'attached:grouped']);
    expect(incidents[0].root).toMatchObject({ signalId: 'ord', service: 'orders' });
    expect(incidents[0].correlation![0]).toMatchObject({ rule: 'late-root', path: ['orders', 'checkout'], gapSeconds: 180 });
  });

  test('a late root after the late-root window, or no deeper than the incident\'s root, opens its own incident', async () => {
    expect((await run([alarm('co', 0, 'checkout'), alarm('ord', 601, 'orders', table)])).steps).toEqual(['opened', 'opened']);
    // an instance of orders is as deep as checkout's: minutes later, an independent failure as likely as a cause;
    // within moments (half a hop's delay), one incident, and the incident keeps its root
    expect((await run([alarm('co', 0, 'checkout'), alarm('ord', 180, 'orders')])).steps).toEqual(['opened', 'opened']);
    const close = await run([alarm('co', 0, 'checkout', table), alarm('ord', 60, 'orders')]);
    expect(close.steps).toEqual(['opened', 'attached:grouped']);
    expect(close.incidents[0].root).toMatchObject({ signalId: 'co' });
  });

  test('a symptom joins its callee\'s incident only within the propagation delay of its hops; a data store of its own never', async () => {
    expect((await run([alarm('ord', 0, 'orders'), alarm('co', 301, 'checkout')])).steps).toEqual(['opened', 'opened']);
    expect((await run([alarm('ord', 0, 'orders'), alarm('co', 30, 'checkout', table)])).steps).toEqual(['opened', 'opened']);
  });

  test('a data store never joins its callers\' incident: failures flow upward', async () => {
    const { steps, incidents } = await run([alarm('ord', 0, 'orders'), alarm('db', 60, 'orders-db')]);
    expect(steps).toEqual(['opened', 'opened']);
    expect(incidents.map((i) => i.root?.service)).toEqual(['orders', 'orders-db']);
  });

  test('a callee\'s incident older than the grouping window is not joined', async () => {
    const { steps } = await run([alarm('ord', 0, 'orders'), alarm('co', 901, 'checkout')]);
    expect(steps).toEqual(['opened', 'opened']);
  });

  test('unrelated services (no path within maxHops) do not merge; nor do services a hop too far', async () => {
    expect((await run([alarm('p', 0, 'payments'), alarm('o', 30, 'orders')])).steps).toEqual(['opened', 'opened']);
    // checkout -> orders -> orders-db: two hops, the default reach; api is three away
    expect((await run([alarm('db', 0, 'orders-db'), alarm('api', 30, 'api')])).steps).toEqual(['opened', 'opened']);
    const near = await run([alarm('db', 0, 'orders-db'), alarm('co', 30, 'checkout')]);
    expect(near.steps).toEqual(['opened', 'attached:grouped']);
    const far = await run([alarm('db', 0, 'orders-db'), alarm('co', 30, 'checkout')], { rules: { correlation: { maxHops: 1 } } });
    expect(far.steps).toEqual(['opened', 'opened']);
  });

  test('two callers of one service (a DAG, not a tree) both join its incident', async () => {
    const { steps } = await run([alarm('pay', 0, 'payments'), alarm('co', 20, 'checkout'), alarm('fr', 40, 'fraud')]);
    expect(steps).toEqual(['opened', 'attached:grouped', 'attached:grouped']);
  });

  test('cycles are tolerated: every walk is bounded', async () => {
    const cyclic = Topology.fromSnapshot({ ...SHOP, edges: [{ from: 'a', to: 'b', source: 'declared' }, { from: 'b', to: 'a', source: 'declared' }] });
    const { steps } = await run([alarm('a', 0, 'a'), alarm('b', 10, 'b'), alarm('c', 20, 'c')], { topology: cyclic });
    expect(steps).toEqual(['opened', 'attached:grouped', 'opened']);
  });

  test('two environments, accounts or regions of one service never merge, even along an edge', async () => {
    const prod = { account: '111111111111' };
    const staging = { account: '222222222222' };
    const { steps } = await run([alarm('o1', 0, 'orders', prod), alarm('o2', 10, 'orders', staging), alarm('c', 20, 'checkout', staging)]);
    expect(steps).toEqual(['opened', 'opened', 'attached:grouped']);
    const regions = await run([alarm('o1', 0, 'orders', { region: 'eu-west-1' }), alarm('o2', 10, 'orders', { region: 'us-east-1' })]);
    expect(regions.steps).toEqual(['opened', 'opened']);
  });

  test('the rules\' declared edges are merged into the snapshot\'s', async () => {
    const { steps } = await run([alarm('i', 0, 'index'), alarm('s', 30, 'search')], {
      topology: Topology.EMPTY, rules: { topology: { search: ['index'] } },
    });
    expect(steps).toEqual(['opened', 'attached:grouped']);
  });
});

describe('owners from the inventory', () => {
  const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;
  const fn = (id: string, at: number, name: string) => signal({
    id, at, service: name, resource: name, resourceType: 'AWS::Lambda::Function',
  });
  const withArn = (s: Signal, a: string): Signal => ({ ...s, resource: { ...s.resource, arn: a } });
  const inventory = (tags: Record<string, Record<string, string>>): Topology => Topology.fromSnapshot({
    ...SHOP, edges: [], resources: Object.entries(tags).map(([name, t]) => ({ arn: arn(name), tags: t })),
  });

  test('resources tagged with one service are one owner: function names are not services', async () => {
    const topology = inventory({ 'orders-api': { service: 'orders' }, 'orders-worker': { service: 'orders' } });
    const signals = [withArn(fn('a', 0, 'orders-api'), arn('orders-api')), withArn(fn('b', 30, 'orders-worker'), arn('orders-worker'))];
    expect((await run(signals, { topology })).steps).toEqual(['opened', 'attached:grouped']);
    expect((await run(signals, { topology: Topology.EMPTY })).steps).toEqual(['opened', 'opened']);
  });

  test('untagged resources take the service most of their stack carries', async () => {
    const topology = inventory({
      'orders-api': { 'service': 'orders', 'aws:cloudformation:stack-name': 'Orders' },
      'orders-cron': { 'aws:cloudformation:stack-name': 'Orders' },
    });
    const signals = [withArn(fn('a', 0, 'orders-api'), arn('orders-api')), withArn(fn('b', 30, 'orders-cron'), arn('orders-cron'))];
    const { steps, incidents } = await run(signals, { topology });
    expect(steps).toEqual(['opened', 'attached:grouped']);
    expect(incidents[0].services).toEqual(['orders']);
  });

  test('a signal missing part of its location takes the one place the inventory puts its service', async () => {
    const topology = inventory({ 'orders-api': { service: 'orders', environment: 'prod' } });
    const tagged = withArn(fn('a', 0, 'orders-api'), arn('orders-api'));
    // an alarm on an untagged resource of the same service, and a pod event with no account or region
    const untagged = signal({ id: 'b', at: 20, service: 'orders', resource: 'orders-alarm' });
    const pod = { ...signal({ id: 'c', at: 40, service: 'orders', resource: 'orders/pod-1', resourceType: 'Kubernetes::Pod' }) };
    const located = { ...pod, resource: { type: pod.resource.type, id: pod.resource.id } };
    const { steps, incidents } = await run([tagged, untagged, located], { topology });
    expect(steps).toEqual(['opened', 'attached:grouped', 'attached:grouped']);
    expect(incidents[0].key).toBe('service:orders@prod/123456789012/eu-west-1');
    // two environments of the service in the inventory: nothing is guessed
    const two = inventory({ 'orders-api': { service: 'orders', environment: 'prod' }, 'orders-stg': { service: 'orders', environment: 'staging' } });
    expect((await run([tagged, untagged], { topology: two })).steps).toEqual(['opened', 'opened']);
  });

  test('an environment tag separates staging from production', async () => {
    const topology = inventory({ 'orders-prod': { service: 'orders', environment: 'prod' }, 'orders-stg': { service: 'orders', environment: 'staging' } });
    const signals = [withArn(fn('a', 0, 'orders-prod'), arn('orders-prod')), withArn(fn('b', 30, 'orders-stg'), arn('orders-stg'))];
    const { steps, incidents } = await run(signals, { topology });
    expect(steps).toEqual(['opened', 'opened']);
    expect(incidents.map((i) => i.environment)).toEqual(['prod', 'staging']);
  });
});

describe('lifecycle', () => {
  const warning = (id: string, at: number) => signal({ id, at, kind: 'pod-event', severity: 'critical', resource: 'web-1', service: 'web' });

  test('signals that never resolve expire after the quiet period: a later, unrelated failure opens its own incident', async () => {
    const { steps, incidents } = await run([warning('w1', 0), warning('w2', 60), alarm('later', 4 * 3600, 'web', { resource: 'web-lb' })]);
    expect(steps).toEqual(['opened', 'attached:duplicate', 'opened']);
    expect(incidents[0]).toMatchObject({ status: 'resolved', resolvedAt: new Date(T0 + (60 + 3600) * 1000).toISOString() });
    expect(incidents[0].timeline.at(-1)).toMatchObject({ type: 'resolved', message: expect.stringContaining('Expired') });
  });

  test('an alarm that resolves normally is not expired by the quiet period', async () => {
    const a = alarm('a', 0, 'web');
    const { incidents } = await run([a, warning('w', 10), alarm('b', 4 * 3600, 'web', { resource: 'other' })]);
    // the alarm still fires: hours later the incident is open (a new failure past the grouping window opens its own)
    expect(incidents[0]).toMatchObject({ status: 'open', firing: ['metric-alarm:web-a', 'pod-event:web-1'] });
    expect(incidents).toHaveLength(2);
    const resolved = await run([a, transition(a, 'resolved', 60)]);
    expect(resolved.incidents[0].status).toBe('resolved');
  });

  test('a duplicate of a warning after its incident expired opens a new episode (one page), not a silent duplicate', async () => {
    const { steps } = await run([warning('w1', 0), warning('w2', 5 * 3600)]);
    expect(steps).toEqual(['opened', 'opened']);
  });
});

describe('learned co-occurrence', () => {
  /** Learning as a table of pairs: partners() answers from what observe() was taught, nothing else. */
  class PairTable implements LearnedCorrelation {
    public readonly observed: Incident[] = [];
    constructor(private readonly pairs: Record<string, LearnedPartner[]>) {}
    async partners(fingerprint: string, _at: number, limit: number) {
      return (this.pairs[fingerprint] ?? []).slice(0, limit);
    }
    async observe(resolved: Incident) {
      this.observed.push(resolved);
    }
  }
  const noOwner = (id: string, at: number, resource: string) => signal({ id, at, service: null, resource });

  test('a signal with no owner or edge joins a confident partner\'s open incident, with the confidence as evidence', async () => {
    const learning = new PairTable({ 'metric-alarm:nat-1': [{ fingerprint: 'metric-alarm:vpn-1', confidence: 0.8 }] });
    const { steps, incidents } = await run([noOwner('vpn', 0, 'vpn-1'), noOwner('nat', 30, 'nat-1')], { learning });
    expect(steps).toEqual(['opened', 'attached:grouped']);
    expect(incidents[0].correlation![0]).toMatchObject({ rule: 'learned', confidence: 0.8 });
  });

  test('below the confidence threshold the signal opens its own incident', async () => {
    const learning = new PairTable({ 'metric-alarm:nat-1': [{ fingerprint: 'metric-alarm:vpn-1', confidence: 0.59 }] });
    expect((await run([noOwner('vpn', 0, 'vpn-1'), noOwner('nat', 30, 'nat-1')], { learning })).steps).toEqual(['opened', 'opened']);
  });

  test('a resolved incident is handed to learning; a learning failure never fails the signal', async () => {
    const learning = new PairTable({});
    const a = noOwner('vpn', 0, 'vpn-1');
    await run([a, transition(a, 'resolved', 60)], { learning });
    expect(learning.observed.map((i) => i.status)).toEqual(['resolved']);
    const failing: LearnedCorrelation = {
      partners: async () => { throw new Error('throttled'); },
      observe: async () => { throw new Error('throttled'); },
    };
    const { steps } = await run([a, noOwner('nat', 30, 'nat-1'), transition(a, 'resolved', 60)], { learning: failing });
    expect(steps).toEqual(['opened', 'opened', 'resolved']);
  });
});
