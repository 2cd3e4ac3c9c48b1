import { FINGERPRINT_RECENT_MAX, type CompiledRules } from './rules';
import type { FingerprintRecord, RecentSignal } from '../ports/incident-store';

/** How long a fingerprint record of a firing fingerprint is kept after its last signal (7 days). */
export const FIRING_FINGERPRINT_RETENTION_SECONDS = 7 * 24 * 3600;

/** What a fingerprint record says about a new firing or resolved signal, before anything is written. */
export interface FingerprintAssessment {
  /** Older than the newest signal already applied: it cannot change the state any more. */
  readonly late: boolean;
  /** The fingerprint was not firing before (a new firing signal, counted by the storm rule). */
  readonly newlyFiring: boolean;
  /** Changed state more than the flap rule allows within its window, counting this signal. */
  readonly flapping: boolean;
}

/**
 * Whether the record already holds this signal id (a re-delivery). With the signal's time `at`, a signal newer
 * than everything applied (`lastAt` is the newest applied time) is known absent without a scan.
 */
export function hasRecent(record: FingerprintRecord | undefined, signalId: string, at?: number): boolean {
  if (!record || (at !== undefined && at > record.lastAt)) return false;
  const recent = record.recent;
  for (let i = recent.length - 1; i >= 0; i--) if (recent[i].id === signalId) return true;
  return false;
}

/** Firing occurrences in `[at - windowMs, at]`, not counting the signal at hand. */
export function occurrencesSince(record: FingerprintRecord | undefined, at: number, windowMs: number): RecentSignal[] {
  if (!record) return [];
  const from = at - windowMs;
  return record.recent.filter((r) => r.firing && r.at >= from && r.at <= at);
}

export function assessFingerprint(record: FingerprintRecord | undefined, state: 'firing' | 'resolved', at: number, rules: CompiledRules): FingerprintAssessment {
  const late = record !== undefined && at < record.lastAt;
  const flip = !late && record?.state !== undefined && record.state !== state;
  let flips = flip ? 1 : 0;
  if (record) {
    const from = at - rules.flapWindowMs;
    for (const t of record.flips) if (t >= from && t <= at) flips++;
  }
  return {
    late,
    newlyFiring: state === 'firing' && !late && record?.state !== 'firing',
    flapping: flips > rules.flapMax,
  };
}

/**
 * The record after applying one signal: its id among the recent ones, the state (unless the signal is late),
 * the state change, and the incident it went to. Returns undefined when the record already holds the signal.
 */
export function nextFingerprint(
  record: FingerprintRecord | undefined,
  fingerprint: string,
  signal: { readonly id: string; readonly state: 'firing' | 'resolved' },
  at: number,
  incidentId: string | undefined,
  rules: CompiledRules,
): FingerprintRecord | undefined {
  if (hasRecent(record, signal.id, at)) return undefined;
  const late = record !== undefined && at < record.lastAt;
  const lastAt = late ? record.lastAt : at;

  const horizon = lastAt - rules.dedupHorizonMs;
  const previous = record?.recent ?? [];
  let start = 0;
  while (start < previous.length && previous[start].at < horizon) start++;
  if (previous.length - start >= FINGERPRINT_RECENT_MAX) start = previous.length - FINGERPRINT_RECENT_MAX + 1;
  const recent = previous.slice(start);
  recent.push({ id: signal.id, at, firing: signal.state === 'firing' });

  let flips = record?.flips ?? [];
  let state = record?.state;
  if (!late) {
    if (state !== undefined && state !== signal.state) {
      const from = at - rules.flapWindowMs;
      const kept = flips.filter((t) => t >= from);
      kept.push(at);
      flips = kept.length > rules.flapMax + 1 ? kept.slice(kept.length - rules.flapMax - 1) : kept;
    }
    state = signal.state;
  }
  const retention = state === 'firing' ? FIRING_FINGERPRINT_RETENTION_SECONDS : Math.ceil(rules.dedupHorizonMs / 1000) + 3600;
  return {
    fingerprint,
    state,
    lastAt,
    recent,
    flips,
    incidentId: (late ? undefined : incidentId) ?? record?.incidentId ?? incidentId,
    version: (record?.version ?? 0) + 1,
    expiresAt: Math.floor(lastAt / 1000) + retention,
  };
}
