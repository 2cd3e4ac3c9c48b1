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

export interface BCubedScore {
  /** Mean over alerts of |own predicted group ∩ own truth group| / |own predicted group|. */
  readonly precision: number;
  /** Mean over alerts of |own predicted group ∩ own truth group| / |own truth group|. */
  readonly recall: number;
}

/** B-cubed precision and recall (Bagga & Baldwin), from counts per (predicted, truth) cell. */
export function bcubedScore(predicted: readonly string[], truth: readonly string[]): BCubedScore {
  if (predicted.length !== truth.length) throw new Error(`predicted has ${predicted.length} labels, truth ${truth.length}`);
  const n = predicted.length;
  if (n === 0) return { precision: 1, recall: 1 };
  const byPredicted = new Map<string, number>();
  const byTruth = new Map<string, number>();
  const cells = new Map<string, { p: string; t: string; n: number }>();
  for (let i = 0; i < n; i++) {
    byPredicted.set(predicted[i], (byPredicted.get(predicted[i]) ?? 0) + 1);
    byTruth.set(truth[i], (byTruth.get(truth[i]) ?? 0) + 1);
    const key = `${predicted[i]}\u0000${truth[i]}`;
    const cell = cells.get(key);
    if (cell) cell.n++;
    else cells.set(key, { p: predicted[i], t: truth[i], n: 1 });
  }
  let precision = 0;
  let recall = 0;
  for (const c of cells.values()) {
    precision += (c.n * c.n) / byPredicted.get(c.p)!;
    recall += (c.n * c.n) / byTruth.get(c.t)!;
  }
  return { precision: precision / n, recall: recall / n };
}

export interface TriageScore {
  /** One page per ground-truth episode: incidents plus noise episodes (legitimate low-priority pages). */
  readonly ideal: number;
  readonly pages: number;
  readonly pagesOverIdeal: number;
  readonly incidents: number;
  /** Incidents whose first page covers no other ground-truth episode (incident or noise). */
  readonly ownPage: number;
  readonly ownPageShare: number;
  readonly coverage: CoverageScore;
  readonly pairwise: PairwiseScore;
  readonly bcubed: BCubedScore;
}

/**
 * Scores one run. `group[i]` is the paged group alert i was put in (a cdk-aiops incident, an Alertmanager group's
 * lifetime), undefined when it reached no page. Events are in delivery order, so a group's first event is its opening:
 * an incident's first page is the earliest-opened group holding any of its alerts.
 */
export function scoreTriage(
  group: readonly (string | undefined)[], truth: readonly string[], pages: number, isNoise: (id: string) => boolean,
): TriageScore {
  const n = truth.length;
  const predicted = group.map((g, i) => g ?? singletonLabel(i));
  const covered = group.map((g) => g !== undefined);
  const openedAt = new Map<string, number>();
  const truthsOf = new Map<string, Set<string>>();
  const firstGroupOf = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const g = group[i];
    if (g === undefined) continue;
    if (!openedAt.has(g)) openedAt.set(g, i);
    const set = truthsOf.get(g) ?? new Set<string>();
    set.add(truth[i]);
    truthsOf.set(g, set);
    const first = firstGroupOf.get(truth[i]);
    if (first === undefined || openedAt.get(g)! < openedAt.get(first)!) firstGroupOf.set(truth[i], g);
  }
  const cov = coverage(covered, truth, isNoise);
  let ownPage = 0;
  for (const [id, g] of firstGroupOf) if (!isNoise(id) && truthsOf.get(g)!.size === 1) ownPage++;
  const ideal = cov.incidents + cov.noiseEpisodes;
  return {
    ideal,
    pages,
    pagesOverIdeal: ideal === 0 ? 0 : pages / ideal,
    incidents: cov.incidents,
    ownPage,
    ownPageShare: cov.incidents === 0 ? 1 : ownPage / cov.incidents,
    coverage: cov,
    pairwise: pairwiseScore(predicted, truth),
    bcubed: bcubedScore(predicted, truth),
  };
}

export interface RootScore {
  /** Incidents with a true root among their alerts whose main group names a root. */
  readonly judged: number;
  readonly correct: number;
  /** Incidents with a true root whose main group names no root (a core without `root`). */
  readonly unnamed: number;
}

/**
 * Whether triage names the true root. For each incident with root alerts, its main group is the one holding most
 * of its alerts; the answer is right when that group's root fingerprint is the fingerprint of one of the incident's
 * root alerts.
 */
export function rootScore(
  group: readonly (string | undefined)[], truth: readonly string[], roots: readonly boolean[],
  fingerprints: readonly (string | undefined)[], rootOfGroup: (group: string) => string | undefined,
): RootScore {
  const rootPrints = new Map<string, Set<string>>();
  const counts = new Map<string, Map<string, number>>();
  for (let i = 0; i < truth.length; i++) {
    if (roots[i] && fingerprints[i] !== undefined) {
      const s = rootPrints.get(truth[i]) ?? new Set<string>();
      s.add(fingerprints[i]!);
      rootPrints.set(truth[i], s);
    }
    const g = group[i];
    if (g === undefined) continue;
    const m = counts.get(truth[i]) ?? new Map<string, number>();
    m.set(g, (m.get(g) ?? 0) + 1);
    counts.set(truth[i], m);
  }
  let judged = 0;
  let correct = 0;
  let unnamed = 0;
  for (const [id, prints] of rootPrints) {
    const m = counts.get(id);
    if (!m) continue;
    let main: string | undefined;
    let best = 0;
    for (const [g, c] of m) {
      if (c > best) {
        best = c;
        main = g;
      }
    }
    const named = rootOfGroup(main!);
    if (named === undefined) {
      unnamed++;
      continue;
    }
    judged++;
    if (prints.has(named)) correct++;
  }
  return { judged, correct, unnamed };
}
