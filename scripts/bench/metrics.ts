/**
 * Scoring against ground truth. Pairwise precision/recall are computed from counts per (predicted, truth) cell,
 * never by enumerating pairs, so 100k alerts cost O(n).
 */

/** n choose 2. */
export const pairs = (n: number): number => (n < 2 ? 0 : (n * (n - 1)) / 2);

export interface PairwiseScore {
  /** Pairs of alerts put in the same predicted group. */
  readonly predictedPairs: number;
  /** Pairs of alerts in the same ground-truth incident. */
  readonly truthPairs: number;
  /** Pairs in both. */
  readonly truePairs: number;
  /** truePairs / predictedPairs; 1 when nothing was grouped (no pair claimed, none wrong). */
  readonly precision: number;
  /** truePairs / truthPairs; 1 when the truth has no pairs. */
  readonly recall: number;
}

/**
 * Pairwise grouping precision and recall. `predicted[i]` and `truth[i]` are the group of alert i; an alert that
 * was put in no group must get a label of its own (see {@link singletonLabel}).
 */
export function pairwiseScore(predicted: readonly string[], truth: readonly string[]): PairwiseScore {
  if (predicted.length !== truth.length) throw new Error(`predicted has ${predicted.length} labels, truth ${truth.length}`);
  const byPredicted = new Map<string, number>();
  const byTruth = new Map<string, number>();
  const byCell = new Map<string, number>();
  for (let i = 0; i < predicted.length; i++) {
    byPredicted.set(predicted[i], (byPredicted.get(predicted[i]) ?? 0) + 1);
    byTruth.set(truth[i], (byTruth.get(truth[i]) ?? 0) + 1);
    const cell = `${predicted[i]}\u0000${truth[i]}`;
    byCell.set(cell, (byCell.get(cell) ?? 0) + 1);
  }
  let predictedPairs = 0;
  let truthPairs = 0;
  let truePairs = 0;
  for (const n of byPredicted.values()) predictedPairs += pairs(n);
  for (const n of byTruth.values()) truthPairs += pairs(n);
  for (const n of byCell.values()) truePairs += pairs(n);
  return {
    predictedPairs,
    truthPairs,
    truePairs,
    precision: predictedPairs === 0 ? 1 : truePairs / predictedPairs,
    recall: truthPairs === 0 ? 1 : truePairs / truthPairs,
  };
}

/** A label that no other alert shares, for an alert that was put in no group. */
export function singletonLabel(index: number): string {
  return `\u0001alone:${index}`;
}

export interface CoverageScore {
  /** Ground-truth incidents (noise excluded). */
  readonly incidents: number;
  /** Incidents with no page covering any of their alerts. */
  readonly missed: number;
  readonly missedIds: readonly string[];
  /** Noise episodes (false alarms) that were paged. */
  readonly noisePaged: number;
  readonly noiseEpisodes: number;
}

/**
 * Which ground-truth incidents got no page. `covered[i]` is true when alert i is in a group that paged someone.
 * Truth ids for which `isNoise` is true are false alarms: not incidents, counted apart.
 */
export function coverage(covered: readonly boolean[], truth: readonly string[], isNoise: (id: string) => boolean): CoverageScore {
  const hit = new Map<string, boolean>();
  for (let i = 0; i < truth.length; i++) hit.set(truth[i], (hit.get(truth[i]) ?? false) || covered[i]);
  let incidents = 0;
  let noiseEpisodes = 0;
  let noisePaged = 0;
  const missedIds: string[] = [];
  for (const [id, was] of hit) {
    if (isNoise(id)) {
      noiseEpisodes++;
      if (was) noisePaged++;
    } else {
      incidents++;
      if (!was) missedIds.push(id);
    }
  }
  return { incidents, missed: missedIds.length, missedIds, noisePaged, noiseEpisodes };
}

/** 1 − pages / alerts. */
export function noiseReduction(pages: number, alerts: number): number {
  return alerts === 0 ? 0 : 1 - pages / alerts;
}
