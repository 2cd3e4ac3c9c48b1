import { fingerprintsOf } from './members';
import {
  applyLearning, confidentPartners, decayRecord, emptyRecord, pairConfidence, PRUNE_WEIGHT, resolveLearningOptions,
  type LearnedRecord, type LearningEvent, type LearningOptions, type ResolvedLearningOptions,
} from './model';
import type { LearningStore } from './ports';
import type { Incident } from '../model';
import { SILENT_LOG, type Log } from '../ports/observability';
import type { LearnedCorrelation, LearnedPartner } from '../triage/learned';

/** Attempts of one record's read-modify-write before the update is given up (a lost update loses a little learning). */
export const LEARNING_WRITE_ATTEMPTS = 8;

export interface StoredLearnedCorrelationOptions extends LearningOptions {
  /** @default - silent */
  readonly log?: Log;
  /** Read-modify-write attempts per record under contention. @default LEARNING_WRITE_ATTEMPTS */
  readonly attempts?: number;
}

/** Human feedback on correlation, as the Slack merge and split buttons record it. */
export interface LearningFeedback {
  /** `source` fingerprints belong with `target` fingerprints: strong positive for every pair across the two. */
  recordMerge(source: readonly string[], target: readonly string[], at: number): Promise<void>;
  /** `fingerprint` does not belong with `others`: the pairs are reset to a negative weight. */
  recordSplit(fingerprint: string, others: readonly string[], at: number): Promise<void>;
}

/**
 * LearnedCorrelation (and LearningFeedback) over a LearningStore. Every update is a read, a pure change
 * (`applyLearning`) and a write conditional on the version read, re-read on conflict up to `attempts` times; an
 * update still conflicting after that, or failing in the store, is logged and dropped: learning is best effort and
 * never fails a signal or a click. Observing one incident twice counts it once (records remember recent incident ids).
 */
export class StoredLearnedCorrelation implements LearnedCorrelation, LearningFeedback {
  public readonly options: ResolvedLearningOptions;
  private readonly log: Log;
  private readonly attempts: number;

  constructor(private readonly store: LearningStore, options: StoredLearnedCorrelationOptions = {}) {
    const { log, attempts, ...model } = options;
    this.options = resolveLearningOptions(model);
    this.log = log ?? SILENT_LOG;
    this.attempts = attempts ?? LEARNING_WRITE_ATTEMPTS;
    if (!Number.isInteger(this.attempts) || this.attempts < 1) throw new Error(`learning: attempts must be a whole number of at least 1, got ${attempts}`);
  }

  public async partners(fingerprint: string, at: number, limit: number): Promise<readonly LearnedPartner[]> {
    try {
      const record = await this.store.get(fingerprint);
      return record ? confidentPartners(record, at, this.options).slice(0, Math.max(0, limit)) : [];
    } catch (e) {
      this.log.warn('learned partners unavailable', { fingerprint, error: (e as Error)?.message });
      return [];
    }
  }

  public async observe(resolved: Incident): Promise<void> {
    const fps = fingerprintsOf(resolved, this.options.maxFingerprintsPerIncident);
    const at = Date.parse(resolved.resolvedAt ?? resolved.updatedAt);
    for (const f of fps) await this.update(f, { kind: 'observe', incidentId: resolved.id, partners: fps, at });
  }

  public async recordMerge(source: readonly string[], target: readonly string[], at: number): Promise<void> {
    const cap = this.options.maxFingerprintsPerIncident;
    const s = [...new Set(source)].slice(0, cap);
    const t = [...new Set(target)].filter((f) => !s.includes(f)).slice(0, cap);
    for (const f of s) await this.update(f, { kind: 'merge', partners: t, at });
    for (const f of t) await this.update(f, { kind: 'merge', partners: s, at });
  }

  public async recordSplit(fingerprint: string, others: readonly string[], at: number): Promise<void> {
    const o = [...new Set(others)].filter((f) => f !== fingerprint).slice(0, this.options.maxFingerprintsPerIncident);
    await this.update(fingerprint, { kind: 'split', partners: o, at });
    for (const f of o) await this.update(f, { kind: 'split', partners: [fingerprint], at });
  }

  /** One record's read-modify-write. @returns whether the change was written (or there was nothing to change). */
  private async update(fingerprint: string, event: LearningEvent): Promise<boolean> {
    try {
      for (let attempt = 0; attempt < this.attempts; attempt++) {
        const current = await this.store.get(fingerprint);
        const next = applyLearning(current ?? emptyRecord(fingerprint, event.at), event, this.options);
        if (!next) return true;
        if (await this.store.put(next, current?.version)) return true;
      }
      this.log.warn('learning update lost to contention', { fingerprint, kind: event.kind, attempts: this.attempts });
    } catch (e) {
      this.log.warn('learning update failed', { fingerprint, kind: event.kind, error: (e as Error)?.message });
    }
    return false;
  }
}

/** One learned pair as `cdk-aiops replay` prints it. */
export interface LearnedPairSummary {
  readonly fingerprint: string;
  readonly partner: string;
  /** 0..1 at the time asked. */
  readonly confidence: number;
  /** Joint incidents counted (the support). */
  readonly support: number;
  /** At or above the threshold: triage would use it. */
  readonly used: boolean;
}

/**
 * The strongest pairs of a set of records at `at`, each unordered pair once (its more confident direction), most
 * confident first, at most `limit`. Pairs without confidence (below the support, or split) are left out.
 */
export function learnedPairs(records: readonly LearnedRecord[], at: number, options: LearningOptions = {}, limit = 10): LearnedPairSummary[] {
  const o = resolveLearningOptions(options);
  const best = new Map<string, LearnedPairSummary>();
  for (const record of records) {
    const now = decayRecord(record, at, o);
    for (const p of now.partners) {
      if (Math.abs(p.weight) < PRUNE_WEIGHT) continue;
      const confidence = pairConfidence(now, p, o);
      if (confidence <= 0) continue;
      const key = [record.fingerprint, p.fingerprint].sort().join('\u0000');
      const seen = best.get(key);
      if (seen && seen.confidence >= confidence) continue;
      best.set(key, { fingerprint: record.fingerprint, partner: p.fingerprint, confidence, support: p.count, used: confidence >= o.threshold });
    }
  }
  return [...best.values()]
    .sort((a, b) => b.confidence - a.confidence || a.fingerprint.localeCompare(b.fingerprint) || a.partner.localeCompare(b.partner))
    .slice(0, Math.max(0, limit));
}
