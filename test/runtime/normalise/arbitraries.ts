import * as fc from 'fast-check';
import { RejectionSchema, SignalSchema, type NormaliseOutcome } from '../../../src/runtime/model';
import { SUPPORTED_DETAIL_TYPES } from '../../../src/runtime/normalise';
import { listFixtures, loadFixture } from '../../support/fixtures';

/*
 * Generators shared by the property tests and `scripts/fuzz-normalisers.ts`.
 */

/** Every real input the normaliser accepts: event fixtures (PutEvents files split into entries) and the SLO report. */
export function loadRealInputs(): { readonly name: string; readonly value: unknown }[] {
  const out: { name: string; value: unknown }[] = [];
  for (const file of [...listFixtures('events'), ...listFixtures('api/application-signals').filter((f) => f.includes('BudgetReport'))]) {
    const value = loadFixture(file);
    if (Array.isArray(value)) value.forEach((entry, i) => out.push({ name: `${file}#${i}`, value: entry }));
    else out.push({ name: file, value });
  }
  return out;
}

/** Why an outcome is not a valid NormaliseOutcome, or undefined when it is. */
export function outcomeProblem(outcome: NormaliseOutcome): string | undefined {
  if (outcome === null || typeof outcome !== 'object') return `not an outcome: ${String(outcome)}`;
  if (outcome.ok) {
    if (!Array.isArray(outcome.signals)) return 'signals is not an array';
    for (const signal of outcome.signals) {
      const checked = SignalSchema.safeParse(signal);
      if (!checked.success) return `invalid signal: ${checked.error.issues[0]?.message} at ${checked.error.issues[0]?.path.join('.')}`;
    }
    return undefined;
  }
  const checked = RejectionSchema.safeParse(outcome.rejection);
  if (!checked.success) return `invalid rejection: ${checked.error.issues[0]?.message}`;
  // The catch-all in normaliseEvent turns a thrown error into an `internal` rejection: a crash for every property.
  return outcome.rejection.code === 'internal' ? `internal error: ${outcome.rejection.reason}` : undefined;
}

const SOURCES = [
  'aws.cloudwatch', 'aws.devops-guru', 'aws.synthetics', 'aws.config', 'aws.health', 'aws.ssm', 'aws.states', 'aws.codebuild',
  'aws.codedeploy', 'aws.codepipeline', 'aws.ecs', 'aws.autoscaling', 'cdk-aiops', 'cdk-aiops.kubernetes', 'aws.ec2', 'custom.app',
];

/** Strings that stress text handling: full unicode, lone surrogates, control characters, long runs. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
  fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', '__proto__', 'constructor', 'arn:aws:::::', '2019-13-45T99:99:99Z', '-1', '1e400', '🔥'.repeat(300)),
  fc.nat({ max: 9000 }).map((n) => 'x'.repeat(n)),
);

/** Any value, JSON or not, including unicode-heavy strings. */
export const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.anything({
    withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true,
  }),
  nastyString,
);

/** An EventBridge-shaped event with a known (or random) detail-type and arbitrary detail. */
export const envelopeInput: fc.Arbitrary<unknown> = fc.record({
  'version': fc.constant('0'),
  'id': fc.oneof(fc.uuid(), nastyString),
  'source': fc.oneof(fc.constantFrom(...SOURCES), nastyString),
  'detail-type': fc.oneof(fc.constantFrom(...SUPPORTED_DETAIL_TYPES), nastyString),
  'account': fc.oneof(fc.constant('123456789012'), nastyString),
  'region': fc.oneof(fc.constant('us-east-1'), nastyString),
  'time': fc.oneof(fc.constant('2024-01-01T00:00:00Z'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), nastyString, fc.integer()),
  'resources': fc.array(fc.oneof(fc.string(), fc.anything()), { maxLength: 3 }),
  'detail': fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.anything())),
}, { requiredKeys: ['source', 'detail-type'] });

/** One edit to a JSON tree, at the `at`-th node (modulo the node count). */
export type Mutation =
  | { readonly op: 'delete' | 'null' | 'emptyObject' | 'emptyArray' | 'deep' | 'embedded' | 'hugeString'; readonly at: number }
  | { readonly op: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly op: 'text'; readonly at: number; readonly value: string };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete', 'null', 'emptyObject', 'emptyArray', 'deep', 'embedded', 'hugeString') as fc.Arbitrary<'delete'>, at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.integer(), fc.boolean(), fc.double()) }),
  fc.record({ op: fc.constant('text' as const), at: fc.nat(), value: nastyString }),
);

interface Slot { readonly parent: Record<string, unknown> | unknown[]; readonly key: string | number; readonly value: unknown }

function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const walk = (value: unknown, depth: number) => {
    if (depth > 40 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((child, i) => {
        out.push({ parent: value, key: i, value: child });
        walk(child, depth + 1);
      });
    } else {
      for (const [key, child] of Object.entries(value)) {
        out.push({ parent: value as Record<string, unknown>, key, value: child });
        walk(child, depth + 1);
      }
    }
  };
  walk(root, 0);
  return out;
}

function set(slot: Slot, value: unknown): void {
  (slot.parent as Record<string | number, unknown>)[slot.key] = value;
}

/** Applies the mutations to a deep copy of `input`, in order. */
export function mutate(input: unknown, mutations: readonly Mutation[]): unknown {
  const root = structuredClone(input);
  for (const m of mutations) {
    const all = slots(root);
    if (all.length === 0) break;
    const slot = all[m.at % all.length];
    switch (m.op) {
      case 'delete':
        if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
        else delete slot.parent[slot.key as string];
        break;
      case 'null': set(slot, null); break;
      case 'emptyObject': set(slot, {}); break;
      case 'emptyArray': set(slot, []); break;
      case 'hugeString': set(slot, 'Z'.repeat(20_000 + (m.at % 300_000))); break;
      case 'deep': {
        let nested: unknown = slot.value;
        for (let i = 0; i < 20 + (m.at % 200); i++) nested = i % 2 === 0 ? { n: nested } : [nested];
        set(slot, nested);
        break;
      }
      case 'embedded': {
        // Edit inside JSON carried in a string (SNS Message, PutEvents Detail), or turn a value into such a string.
        if (typeof slot.value === 'string') {
          try {
            const parsed: unknown = JSON.parse(slot.value);
            set(slot, JSON.stringify(mutate(parsed, [{ op: 'null', at: Math.floor(m.at / 8) }])));
          } catch {
            set(slot, `{"broken": ${JSON.stringify(slot.value).slice(0, 50)}`);
          }
        } else {
          set(slot, JSON.stringify(slot.value) ?? 'null');
        }
        break;
      }
      case 'replace': set(slot, m.value); break;
      case 'text': set(slot, m.value); break;
    }
  }
  return root;
}
