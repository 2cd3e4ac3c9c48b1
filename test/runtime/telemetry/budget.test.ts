import * as fc from 'fast-check';
import {
  capString,
  DEFAULT_TOKEN_BUDGET,
  type DraftBundle,
  estimateBundleTokens,
  estimateTokens,
  fairShares,
  fitToBudget,
  MAX_SUMMARY_CHARS,
  MIN_TOKEN_BUDGET,
  shrinkToFit,
} from '../../../src/runtime/telemetry/budget';
import { COLLECTOR_NAMES, type Evidence, TelemetryBundleSchema } from '../../../src/runtime/telemetry/types';

const WINDOW = { start: '2024-01-01T00:00:00.000Z', end: '2024-01-01T01:00:00.000Z' };

function draft(evidenceByCollector: Evidence[][], extra: Partial<DraftBundle> = {}): DraftBundle {
  return {
    incidentId: 'inc-1',
    window: WINDOW,
    results: evidenceByCollector.map((evidence, i) => ({ collector: COLLECTOR_NAMES[i % COLLECTOR_NAMES.length], status: 'ok', evidence, truncated: false })),
    ...extra,
  };
}

const item = (ref: string, chars: number): Evidence => ({ ref, summary: 'x'.repeat(chars), facts: { n: chars } });

describe('helpers', () => {
  test('tokens are characters / 4, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });

  test('capString never splits a surrogate pair', () => {
    expect(capString('ab😀cd', 4)).toBe('ab…');
    expect(capString('abc', 3)).toBe('abc');
    expect(capString('abc', 0)).toBe('');
  });

  test('shrinkToFit drops facts first, then shortens the summary, and gives up below the ref', () => {
    const e = item('r', 500);
    expect(shrinkToFit(e, 10_000)).toBe(e);
    expect(shrinkToFit(e, JSON.stringify({ ref: 'r', summary: e.summary }).length + 1)).toEqual({ ref: 'r', summary: e.summary });
    const small = shrinkToFit(e, 100)!;
    expect(JSON.stringify(small).length + 1).toBeLessThanOrEqual(100);
    expect(small.summary.endsWith('…')).toBe(true);
    expect(shrinkToFit(e, 5)).toBeUndefined();
  });

  test('fair shares: nobody gets more than asked, the rest is split evenly (max-min fair)', () => {
    expect(fairShares([100, 1000, 1000], 1000)).toEqual([100, 450, 450]);
    expect(fairShares([10, 20], 1000)).toEqual([10, 20]);
    expect(fairShares([0, 50], 10)).toEqual([0, 10]);
    fc.assert(fc.property(fc.array(fc.nat(5000), { maxLength: 8 }), fc.nat(20_000), (demands, total) => {
      const shares = fairShares(demands, total);
      const sum = shares.reduce((a, b) => a + b, 0);
      const unsatisfied = shares.filter((s, i) => s < demands[i]);
      return shares.every((s, i) => s >= 0 && s <= demands[i])
        && sum <= total
        // Whoever did not get all they asked for got at least as much as anyone else, up to rounding.
        && unsatisfied.every((s) => shares.every((o) => o <= s + demands.length))
        // Nothing is left unused while somebody still wants more, up to rounding.
        && (unsatisfied.length === 0 || total - sum < demands.length);
    }));
  });
});

describe('fitToBudget', () => {
  test('small output passes through untouched', () => {
    const d = draft([[item('metrics:a', 50)], [item('logs:1', 80)]]);
    const b = fitToBudget(d, DEFAULT_TOKEN_BUDGET);
    expect(b.results.map((r) => r.evidence)).toEqual(d.results.map((r) => r.evidence));
    expect(b.results.every((r) => !r.truncated)).toBe(true);
    expect(b.tokenEstimate).toBe(estimateBundleTokens(b));
  });

  test('a small collector keeps everything while two large ones share the rest and say what they left out', () => {
    const big = (p: string) => Array.from({ length: 40 }, (_, i) => item(`${p}:${i}`, 200));
    const b = fitToBudget(draft([[item('metrics:a', 100)], big('logs'), big('traces')]), 2000);
    const [metrics, logs, traces] = b.results;
    expect(metrics).toMatchObject({ truncated: false, evidence: [item('metrics:a', 100)] });
    expect(logs.truncated && traces.truncated).toBe(true);
    expect(Math.abs(logs.evidence.length - traces.evidence.length)).toBeLessThanOrEqual(1);
    expect(logs.evidence[logs.evidence.length - 1]).toMatchObject({ ref: 'logs:omitted' });
    expect(logs.evidence[logs.evidence.length - 1].summary).toMatch(/^\d+ more item\(s\) omitted to fit the token budget$/);
    expect(b.tokenEstimate).toBeLessThanOrEqual(2000);
    expect(b.tokenEstimate).toBeGreaterThan(1800);
  });

  test('hard caps cut long strings and mark the collector truncated', () => {
    const b = fitToBudget(draft([[{ ref: 'logs:1', summary: 'y'.repeat(5000), facts: { line: 'z'.repeat(5000) } }]]), 5000);
    expect(b.results[0].truncated).toBe(true);
    expect(b.results[0].evidence[0].summary.length).toBe(MAX_SUMMARY_CHARS);
    expect(String(b.results[0].evidence[0].facts!.line).length).toBeLessThanOrEqual(200);
  });

  test('a budget below the minimum is raised to it', () => {
    const b = fitToBudget(draft([[item('metrics:a', 5000)]]), 10);
    expect(b.tokenBudget).toBe(MIN_TOKEN_BUDGET);
    expect(b.tokenEstimate).toBeLessThanOrEqual(MIN_TOKEN_BUDGET);
  });

  const text = fc.oneof(
    // Sizes first: long plain strings, with a few characters JSON escapes (which cost more than one character).
    fc.tuple(fc.nat(3000), fc.constantFrom('x', 'é', '"', '\n')).map(([n, c]) => `${c}${'x'.repeat(n)}`),
    fc.string({ maxLength: 2000 }),
    fc.string({ unit: 'grapheme', maxLength: 500 }),
    fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '😀', 'é', 'a'), maxLength: 1500 }),
  );
  const evidence = fc.record({
    ref: fc.string({ minLength: 1, maxLength: 200 }),
    summary: text,
    facts: fc.option(
      fc.dictionary(fc.string({ maxLength: 80 }), fc.oneof(text, fc.double(), fc.boolean(), fc.constant(null)), { maxKeys: 20 }),
      { nil: undefined },
    ),
  }).map((e): Evidence => (e.facts === undefined ? { ref: e.ref, summary: e.summary } : { ref: e.ref, summary: e.summary, facts: e.facts }));
  const results = fc.array(fc.record({
    status: fc.constantFrom('ok' as const, 'skipped' as const, 'error' as const),
    reason: fc.option(text, { nil: undefined }),
    evidence: fc.array(evidence, { maxLength: 40 }),
  }), { minLength: 0, maxLength: 6 });

  test('never exceeds the budget, whatever the evidence sizes (property)', () => {
    fc.assert(fc.property(
      results,
      fc.integer({ min: 0, max: 12_000 }),
      fc.option(fc.array(text, { maxLength: 40 }), { nil: undefined }),
      fc.string({ minLength: 1, maxLength: 400 }),
      (rs, budget, nonCompliant, incidentId) => {
        const d: DraftBundle = {
          incidentId,
          window: WINDOW,
          results: rs.map((r, i) => ({ collector: COLLECTOR_NAMES[i], status: r.status, reason: r.reason, evidence: r.evidence, truncated: false })),
          errorBudgetRemaining: 0.25,
          nonCompliantResources: nonCompliant,
        };
        const b = fitToBudget(d, budget);
        expect(b.tokenBudget).toBe(Math.max(MIN_TOKEN_BUDGET, budget));
        expect(b.tokenEstimate).toBe(estimateBundleTokens(b));
        expect(b.tokenEstimate).toBeLessThanOrEqual(b.tokenBudget);
        expect(TelemetryBundleSchema.safeParse(b).success).toBe(true);
        // Anything lost is flagged: a result whose evidence changed is marked truncated.
        b.results.forEach((r, i) => {
          if (JSON.stringify(r.evidence) !== JSON.stringify(d.results[i].evidence)) expect(r.truncated).toBe(true);
        });
      },
    ), { numRuns: 150 });
  });
});
