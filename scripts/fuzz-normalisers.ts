/**
 * Stress run of normaliseEvent with the same generators as the property tests, for many more cases.
 *
 *   npx tsx scripts/fuzz-normalisers.ts [--runs 100000] [--seed 20240601]
 *
 * Prints cases run, crashes (a throw, an `internal` rejection from the catch-all, or an outcome that is not a valid
 * Signal/Rejection; target 0),
 * rejections by code vs signal outcomes, max heap used and elapsed time. Exits 1 on any crash.
 * Seeded: the same arguments replay the same cases. Works without ../shared/fixtures (the mutated-fixture
 * part is then skipped, and says so).
 */
import { existsSync } from 'fs';
import * as fc from 'fast-check';
import { normaliseEvent } from '../src/runtime/normalise';
import { anyInput, envelopeInput, loadRealInputs, mutate, mutationArb, outcomeProblem } from '../test/runtime/normalise/arbitraries';
import { FIXTURES_DIR } from '../test/support/fixtures';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer`);
    process.exit(2);
  }
  return value;
}

function excerpt(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 300);
  } catch {
    try {
      return String(value).slice(0, 300);
    } catch {
      return '<unprintable>';
    }
  }
}

const runs = arg('runs', 100_000);
const seed = arg('seed', 20240601);
const BATCH = 1000;

const haveFixtures = existsSync(FIXTURES_DIR);
const real = haveFixtures ? loadRealInputs() : [];
const mutated: fc.Arbitrary<unknown> | undefined = real.length > 0
  ? fc.tuple(fc.constantFrom(...real), fc.array(mutationArb, { minLength: 1, maxLength: 4 })).map(([f, m]) => mutate(f.value, m))
  : undefined;

// Four parts in ten arbitrary values, two EventBridge-shaped events, four mutated real fixtures.
const parts: { name: string; arb: fc.Arbitrary<unknown>; weight: number }[] = [
  { name: 'arbitrary values', arb: anyInput, weight: mutated ? 4 : 6 },
  { name: 'EventBridge-shaped', arb: envelopeInput, weight: mutated ? 2 : 4 },
  ...(mutated ? [{ name: 'mutated fixtures', arb: mutated, weight: 4 }] : []),
];

console.log(`fuzz-normalisers: ${runs} cases, seed ${seed}`);
if (!mutated) console.log(`fixtures not found at ${FIXTURES_DIR}: skipping the mutated-fixture part`);
else console.log(`${real.length} real inputs from ${FIXTURES_DIR}`);

const counts = { cases: 0, crashes: 0, signalOutcomes: 0, signals: 0, rejections: {} as Record<string, number> };
const perPart: Record<string, number> = {};
const crashes: string[] = [];
let maxHeap = process.memoryUsage().heapUsed;
const started = process.hrtime.bigint();
const totalWeight = parts.reduce((n, p) => n + p.weight, 0);

for (let batch = 0; counts.cases < runs; batch++) {
  const size = Math.min(BATCH, runs - counts.cases);
  let left = size;
  for (const [i, part] of parts.entries()) {
    const n = i === parts.length - 1 ? left : Math.round((size * part.weight) / totalWeight);
    left -= n;
    if (n === 0) continue;
    const inputs = fc.sample(part.arb, { numRuns: n, seed: seed + batch * 31 + part.weight });
    for (const input of inputs) {
      counts.cases++;
      perPart[part.name] = (perPart[part.name] ?? 0) + 1;
      try {
        const outcome = normaliseEvent(input, { input: `fuzz#${counts.cases}` });
        const problem = outcomeProblem(outcome);
        if (problem) throw new Error(problem);
        if (outcome.ok) {
          counts.signalOutcomes++;
          counts.signals += outcome.signals.length;
        } else {
          counts.rejections[outcome.rejection.code] = (counts.rejections[outcome.rejection.code] ?? 0) + 1;
        }
      } catch (err) {
        counts.crashes++;
        if (crashes.length < 5) crashes.push(`${part.name} case ${counts.cases}: ${err instanceof Error ? err.message : String(err)}\n  input: ${excerpt(input)}`);
      }
    }
  }
  maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
}

const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
const rejected = Object.values(counts.rejections).reduce((a, b) => a + b, 0);
console.log(`cases run:        ${counts.cases} (${Object.entries(perPart).map(([k, v]) => `${k} ${v}`).join(', ')})`);
console.log(`crashes:          ${counts.crashes}`);
console.log(`signal outcomes:  ${counts.signalOutcomes} (${counts.signals} signals)`);
console.log(`rejections:       ${rejected} (${Object.entries(counts.rejections).map(([k, v]) => `${k} ${v}`).join(', ')})`);
console.log(`max heap used:    ${(maxHeap / 1024 / 1024).toFixed(1)} MiB`);
console.log(`elapsed:          ${elapsed.toFixed(1)} s (${Math.round(counts.cases / elapsed)} cases/s)`);
for (const crash of crashes) console.log(`CRASH ${crash}`);
process.exit(counts.crashes > 0 ? 1 : 0);
