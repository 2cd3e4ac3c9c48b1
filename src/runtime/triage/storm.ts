import type { Signal } from '../model';
import type { CompiledRules } from './rules';
import type { StormBucket } from '../ports/incident-store';

/** Scope of the storm counter: `account/region` when the resource has both, else `global`. */
export function stormScope(signal: Signal, rules: CompiledRules): string {
  if (rules.stormGlobal) return 'global';
  const { account, region } = signal.resource;
  return account && region ? `${account}/${region}` : 'global';
}

/** Correlation key of the storm incident of a scope. */
export function stormKey(scope: string): string {
  return `storm:${scope}`;
}

/** The fixed-window bucket a signal at `at` (epoch ms) counts in. */
export function stormBucket(signal: Signal, at: number, rules: CompiledRules): StormBucket {
  const window = rules.stormWindowSeconds;
  const bucket = Math.floor(at / 1000 / window);
  return { scope: stormScope(signal, rules), bucket, expiresAt: (bucket + 2) * window + 3600 };
}

/** Whether the count of a bucket makes it a storm. */
export function isStorm(count: number, rules: CompiledRules): boolean {
  return count > rules.stormMax;
}

/**
 * The two buckets an opening counts in: fixed windows of the storm window's length, the second series shifted by
 * half a window, so any burst shorter than half a window falls whole into one bucket (no boundary halves a storm).
 */
export function openingBuckets(signal: Signal, at: number, rules: CompiledRules): [StormBucket, StormBucket] {
  const window = rules.stormWindowSeconds;
  const scope = stormScope(signal, rules);
  const t = at / 1000;
  const a = Math.floor(t / window);
  const b = Math.floor((t + window / 2) / window);
  return [
    { scope: `${scope}#opened`, bucket: a, expiresAt: (a + 2) * window + 3600 },
    { scope: `${scope}#opened-half`, bucket: b, expiresAt: (b + 2) * window + 3600 },
  ];
}
