/**
 * The co-occurrence model of learned correlation, as pure functions over one plain record per fingerprint.
 *
 * For a fingerprint A the record keeps, decayed exponentially with a half-life:
 *
 * - `occurrences`: how many resolved incidents A was part of;
 * - for each partner B, `weight`: how many of those incidents B was part of too (plus human merges, minus human
 *   splits), and `count`: the same without decay, as a plain support count.
 *
 * The confidence that B belongs with A at time t is
 *
 *     confidence(A → B, t) = clamp(weight_AB(t) / occurrences_A(t), 0, 1)   when count_AB ≥ minSupport,
 *                            0                                             otherwise
 *
 * (the share of A's recent incidents that also held B, the classic association-rule confidence). Decay weighs recent
 * incidents more; both terms decay alike, so an old but consistent pair keeps its ratio until its weight falls below
 * PRUNE_WEIGHT and it is forgotten. The support count keeps one or two coincidences from ever merging anything.
 *
 * Human feedback: a merge adds `feedbackWeight` to the pair's weight, count and to the occurrences (one merge alone
 * reaches the default support); a split sets the weight to `-feedbackWeight` and the count to 0, so it takes several
 * fresh joint incidents (and the veto's decay) before the pair can be learned again.
 */

/** One learned partner of a fingerprint. Values are as of the record's `at`. */
export interface LearnedPairRecord {
  readonly fingerprint: string;
  /** Decayed co-occurrences (negative after a split). */
  readonly weight: number;
  /** Joint incidents counted without decay since the last split (the support count). */
  readonly count: number;
}

/** What is learned about one fingerprint, stored under `LEARN#<fingerprint>`. */
export interface LearnedRecord {
  readonly fingerprint: string;
  /** Decayed number of resolved incidents (and merges) the fingerprint was part of, as of `at`. */
  readonly occurrences: number;
  /** Epoch milliseconds the decayed values are measured at. */
  readonly at: number;
  /** Partners, largest |weight| first, at most `maxPartners`. */
  readonly partners: readonly LearnedPairRecord[];
  /** Ids of the latest incidents learned from (a re-delivered observation counts once), at most RECENT_INCIDENTS_MAX. */
  readonly incidents: readonly string[];
  /** Optimistic-concurrency version, incremented by every write. */
  readonly version: number;
  /** When the record may be forgotten, epoch seconds (DynamoDB TTL): `ttlDays` after the last update. */
  readonly expiresAt: number;
}

/** The model's knobs; every one has a default (DEFAULT_LEARNING_OPTIONS). */
export interface LearningOptions {
  /** Half-life of the decay, days. @default 14 */
  readonly halfLifeDays?: number;
  /** Lowest confidence `partners()` returns. @default 0.6 */
  readonly threshold?: number;
  /** Joint incidents (undecayed) a pair needs before it has any confidence. @default 3 */
  readonly minSupport?: number;
  /** Most partners kept per fingerprint (the largest weights). @default 20 */
  readonly maxPartners?: number;
  /** Most fingerprints of one incident learned from (the first ones: root, correlated, sampled, firing). @default 20 */
  readonly maxFingerprintsPerIncident?: number;
  /** Weight of one human merge or split. @default 3 */
  readonly feedbackWeight?: number;
  /** Days an untouched record is kept (DynamoDB TTL). @default 90 */
  readonly ttlDays?: number;
}

export type ResolvedLearningOptions = Required<LearningOptions>;

export const DEFAULT_LEARNING_OPTIONS: ResolvedLearningOptions = {
  halfLifeDays: 14,
  threshold: 0.6,
  minSupport: 3,
  maxPartners: 20,
  maxFingerprintsPerIncident: 20,
  feedbackWeight: 3,
  ttlDays: 90,
};

/** Partners whose decayed |weight| falls below this are forgotten. */
export const PRUNE_WEIGHT = 0.05;

/** Incident ids remembered per record, so that observing one incident twice counts it once. */
export const RECENT_INCIDENTS_MAX = 20;

const DAY_MS = 86_400_000;

/** The options with defaults, validated (a bad value throws with its name). */
export function resolveLearningOptions(options: LearningOptions = {}): ResolvedLearningOptions {
  const o = { ...DEFAULT_LEARNING_OPTIONS, ...stripUndefined(options) };
  const positive = (name: keyof ResolvedLearningOptions) => {
    if (!Number.isFinite(o[name]) || o[name] <= 0) throw new Error(`learning: ${name} must be a positive number, got ${o[name]}`);
  };
  (['halfLifeDays', 'minSupport', 'feedbackWeight', 'ttlDays'] as const).forEach(positive);
  if (!(o.threshold > 0 && o.threshold <= 1)) throw new Error(`learning: threshold must be in (0, 1], got ${o.threshold}`);
  for (const name of ['maxPartners', 'maxFingerprintsPerIncident'] as const) {
    if (!Number.isInteger(o[name]) || o[name] < 1) throw new Error(`learning: ${name} must be a whole number of at least 1, got ${o[name]}`);
  }
  return o;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The factor a value decays by from `from` to `to` (epoch ms); 1 when `to` is not later. */
export function decayFactor(from: number, to: number, halfLifeDays: number): number {
  if (!(to > from)) return 1;
  return Math.pow(2, -(to - from) / (halfLifeDays * DAY_MS));
}

/** A new, empty record for `fingerprint` (version 0: not stored yet). */
export function emptyRecord(fingerprint: string, at: number): LearnedRecord {
  return { fingerprint, occurrences: 0, at, partners: [], incidents: [], version: 0, expiresAt: 0 };
}

/** The record's values decayed to `at` (never back in time: an older `at` leaves them as they are). */
export function decayRecord(record: LearnedRecord, at: number, o: ResolvedLearningOptions): LearnedRecord {
  if (!(at > record.at)) return record;
  const f = decayFactor(record.at, at, o.halfLifeDays);
  return {
    ...record,
    at,
    occurrences: record.occurrences * f,
    partners: record.partners.map((p) => ({ ...p, weight: p.weight * f })),
  };
}

/** Confidence of one pair of a record already decayed to the time of interest (see the module doc). */
export function pairConfidence(record: Pick<LearnedRecord, 'occurrences'>, pair: LearnedPairRecord, o: ResolvedLearningOptions): number {
  if (pair.count < o.minSupport || pair.weight <= 0 || !(record.occurrences > 0)) return 0;
  return Math.min(1, Math.max(0, pair.weight / record.occurrences));
}

/** Partners with their confidence at `at`, most confident first (ties by fingerprint), only those at or above `min`. */
export function confidentPartners(
  record: LearnedRecord, at: number, o: ResolvedLearningOptions, min: number = o.threshold,
): Array<{ fingerprint: string; confidence: number }> {
  const now = decayRecord(record, at, o);
  return now.partners
    .filter((p) => Math.abs(p.weight) >= PRUNE_WEIGHT)
    .map((p) => ({ fingerprint: p.fingerprint, confidence: pairConfidence(now, p, o) }))
    .filter((p) => p.confidence > 0 && p.confidence >= min)
    .sort((a, b) => b.confidence - a.confidence || a.fingerprint.localeCompare(b.fingerprint));
}

/** What one change does to a record: the incident's co-members, or a human's merge or split. */
export type LearningEvent =
  | { readonly kind: 'observe'; readonly incidentId: string; readonly partners: readonly string[]; readonly at: number }
  | { readonly kind: 'merge' | 'split'; readonly partners: readonly string[]; readonly at: number };

/**
 * The record after one event, or `undefined` when nothing changes (the incident was already learned from).
 * The event's time may be older than the record's: its increment is then decayed to the record's time instead.
 */
export function applyLearning(record: LearnedRecord, event: LearningEvent, o: ResolvedLearningOptions): LearnedRecord | undefined {
  if (event.kind === 'observe' && record.incidents.includes(event.incidentId)) return undefined;
  const partnersIn = [...new Set(event.partners)].filter((f) => f !== record.fingerprint);
  if (event.kind !== 'observe' && partnersIn.length === 0) return undefined;
  const now = decayRecord(record, event.at, o);
  const inc = decayFactor(event.at, now.at, o.halfLifeDays);
  const byFp = new Map(now.partners.map((p) => [p.fingerprint, p]));
  let occurrences = now.occurrences;
  if (event.kind === 'observe') {
    occurrences += inc;
    for (const f of partnersIn) {
      const p = byFp.get(f);
      byFp.set(f, { fingerprint: f, weight: (p?.weight ?? 0) + inc, count: (p?.count ?? 0) + 1 });
    }
  } else if (event.kind === 'merge') {
    const w = o.feedbackWeight * inc;
    occurrences += w;
    for (const f of partnersIn) {
      const p = byFp.get(f);
      byFp.set(f, { fingerprint: f, weight: Math.max(0, p?.weight ?? 0) + w, count: Math.max(p?.count ?? 0, 0) + o.feedbackWeight });
    }
  } else {
    for (const f of partnersIn) byFp.set(f, { fingerprint: f, weight: -o.feedbackWeight * inc, count: 0 });
  }
  const partners = [...byFp.values()]
    .filter((p) => Math.abs(p.weight) >= PRUNE_WEIGHT)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.fingerprint.localeCompare(b.fingerprint))
    .slice(0, o.maxPartners);
  const incidents = event.kind === 'observe' ? [...now.incidents, event.incidentId].slice(-RECENT_INCIDENTS_MAX) : now.incidents;
  return {
    ...now,
    occurrences: Math.max(occurrences, ...partners.map((p) => p.weight), 0),
    partners,
    incidents,
    version: record.version + 1,
    expiresAt: Math.floor(now.at / 1000) + Math.round(o.ttlDays * 86400),
  };
}
