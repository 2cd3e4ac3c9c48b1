import { DEFAULT_TRIAGE_RULES, resolveTriageRules, declaredEdges, TriageRulesError } from '../../../src/runtime/triage';

describe('resolveTriageRules', () => {
  test('no rules, {} and an empty string give the documented defaults', () => {
    for (const input of [undefined, {}, '', '  ']) {
      expect(JSON.parse(JSON.stringify(resolveTriageRules(input)))).toEqual(JSON.parse(JSON.stringify(DEFAULT_TRIAGE_RULES)));
    }
    expect(DEFAULT_TRIAGE_RULES).toMatchObject({
      groupingWindowSeconds: 900,
      flapping: { maxChanges: 4, windowSeconds: 1800 },
      storm: { maxSignals: 50, maxIncidents: 4, windowSeconds: 120, scope: 'account-region' },
      correlation: { maxHops: 2, lateRootWindowSeconds: 600, hopWindowSeconds: 300, learnedConfidence: 0.6 },
      lifecycle: { expiringKinds: ['pod-event', 'insight', 'insight-anomaly'], quietSeconds: 3600, reopenSeconds: 900, foldSeconds: 300 },
      inhibition: { parentKinds: ['canary-run', 'slo-budget', 'insight', 'health-event'] },
      thresholds: [{ match: { source: 'kubernetes', kind: 'pod-event' }, occurrences: 3, windowSeconds: 600 }],
    });
  });

  test('a partial object keeps the defaults of everything it leaves out, and a JSON string is parsed', () => {
    const rules = resolveTriageRules('{"flapping":{"maxChanges":2},"topology":{"checkout":["payments"]}}');
    expect(rules.flapping).toEqual({ maxChanges: 2, windowSeconds: 1800 });
    expect(rules.groupingWindowSeconds).toBe(900);
    expect(rules.storm.maxSignals).toBe(50);
    expect(rules.topology).toEqual({ checkout: ['payments'] });
  });

  test.each([
    ['a negative window', { groupingWindowSeconds: -1 }, /groupingWindowSeconds: /],
    ['a misspelt field', { groupingWindow: 60 }, /\(root\): Unrecognized key: "groupingWindow"/],
    ['a misspelt nested field', { storm: { max: 5 } }, /storm: Unrecognized key: "max"/],
    ['a zero flap limit', { flapping: { maxChanges: 0 } }, /flapping\.maxChanges: /],
    ['a threshold above the record bound', { thresholds: [{ match: {}, occurrences: 100, windowSeconds: 60 }] }, /thresholds\.0\.occurrences: /],
    ['an unknown source in a match', { thresholds: [{ match: { source: 'nagios' }, occurrences: 2, windowSeconds: 60 }] }, /thresholds\.0\.match\.source/],
    ['a threshold without a window', { thresholds: [{ match: {}, occurrences: 2 }] }, /thresholds\.0\.windowSeconds/],
    ['an unknown storm scope', { storm: { scope: 'galaxy' } }, /storm\.scope: /],
    ['an unknown parent kind', { inhibition: { parentKinds: ['pager'] } }, /inhibition\.parentKinds\.0: /],
    ['a kind both parent and child', { inhibition: { parentKinds: ['insight'], childKinds: ['insight'] } }, /inhibition\.childKinds: kinds cannot be both parent and child: insight/],
    ['a learned confidence above 1', { correlation: { learnedConfidence: 1.5 } }, /correlation\.learnedConfidence: /],
    ['an unknown expiring kind', { lifecycle: { expiringKinds: ['page'] } }, /lifecycle\.expiringKinds\.0: /],
    ['not an object', 42, /\(root\): /],
    ['invalid JSON', '{"groupingWindowSeconds":', /not valid JSON/],
  ])('%s is a TriageRulesError naming the field', (_name, input, message) => {
    let error: unknown;
    try {
      resolveTriageRules(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TriageRulesError);
    expect((error as TriageRulesError).message).toMatch(message);
    expect((error as TriageRulesError).issues.length).toBeGreaterThan(0);
  });
});

describe('declaredEdges', () => {
  test('map and group forms, caller to callees; several callees and callers per service; cycles kept as edges', () => {
    expect(declaredEdges({ checkout: ['payments', 'inventory'], payments: ['ledger'], fraud: ['payments'] })).toEqual([
      { from: 'checkout', to: 'payments', source: 'declared' },
      { from: 'checkout', to: 'inventory', source: 'declared' },
      { from: 'payments', to: 'ledger', source: 'declared' },
      { from: 'fraud', to: 'payments', source: 'declared' },
    ]);
    expect(declaredEdges([['checkout', 'payments', 'checkout'], ['search', 'index'], ['index', 'search']])).toEqual([
      { from: 'checkout', to: 'payments', source: 'declared' },
      { from: 'search', to: 'index', source: 'declared' },
      { from: 'index', to: 'search', source: 'declared' },
    ]);
  });

  test('a service calling two services is a valid graph (it was rejected when the topology was a tree)', () => {
    expect(() => resolveTriageRules({ topology: { checkout: ['fraud', 'orders'], fraud: ['orders'] } })).not.toThrow();
  });
});
