import * as fc from 'fast-check';
import { anyInput, envelopeInput, loadRealInputs, mutate, mutationArb, outcomeProblem } from './arbitraries';
import { normaliseEvent } from '../../../src/runtime/normalise';

const real = loadRealInputs();

/** Runs the normaliser and fails the property when it throws or returns an invalid outcome. */
function check(input: unknown): void {
  const outcome = normaliseEvent(input, { input: 'property' });
  const problem = outcomeProblem(outcome);
  if (problem) throw new Error(problem);
}

describe('normaliseEvent properties', () => {
  test('any JSON value or JS value: never throws, always a valid outcome', () => {
    fc.assert(fc.property(anyInput, check), { numRuns: 400, seed: 42 });
  });

  test('EventBridge-shaped events with supported detail-types and arbitrary details: never throws', () => {
    fc.assert(fc.property(envelopeInput, check), { numRuns: 400, seed: 43 });
  });

  test('mutated real fixtures (fields removed, wrong types, huge or unicode strings, deep nesting): never throws', () => {
    expect(real.length).toBeGreaterThan(40);
    const arb = fc.tuple(fc.constantFrom(...real), fc.array(mutationArb, { minLength: 1, maxLength: 4 }));
    fc.assert(fc.property(arb, ([fixture, mutations]) => check(mutate(fixture.value, mutations))), { numRuns: 400, seed: 44 });
  });

  test('the same input always gives the same outcome (ids are stable)', () => {
    const arb = fc.tuple(fc.constantFrom(...real), fc.array(mutationArb, { maxLength: 2 }));
    fc.assert(fc.property(arb, ([fixture, mutations]) => {
      const input = mutate(fixture.value, mutations);
      expect(normaliseEvent(structuredClone(input))).toEqual(normaliseEvent(input));
    }), { numRuns: 150, seed: 45 });
  });

  test('a single removed or retyped field of a real fixture still gives either valid signals or a reason naming a field', () => {
    const arb = fc.tuple(fc.constantFrom(...real), mutationArb.filter((m) => m.op === 'delete' || m.op === 'replace'));
    fc.assert(fc.property(arb, ([fixture, mutation]) => {
      const outcome = normaliseEvent(mutate(fixture.value, [mutation]));
      if (!outcome.ok && outcome.rejection.code === 'malformed') {
        expect(outcome.rejection.reason).toMatch(/ must | is required|no usable|not a|not JSON|nested more than/);
      }
    }), { numRuns: 200, seed: 46 });
  });
});
