import type { Incident } from '../model';

/** A fingerprint that learned statistics say fires together with another, and how sure they are (0..1). */
export interface LearnedPartner {
  readonly fingerprint: string;
  readonly confidence: number;
}

/**
 * Learned correlation, the port triage reads for signals that no owner or edge links (see src/runtime/learning).
 * Implementations read and write the incident table; every call is best effort from triage's side: a failure to learn
 * never fails a signal.
 */
export interface LearnedCorrelation {
  /** Partners of a fingerprint at or above the confidence threshold, most confident first, at most `limit`. */
  partners(fingerprint: string, at: number, limit: number): Promise<readonly LearnedPartner[]>;
  /** Learn from an incident that just resolved: its fingerprints fired together. */
  observe(resolved: Incident): Promise<void>;
}
