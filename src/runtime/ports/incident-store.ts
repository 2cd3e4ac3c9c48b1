import type { Incident, IncidentStatus } from '../model';

/**
 * The storage port of triage. It names only the calls the triage core needs, and every call is a
 * single-item read or a single-item conditional write, so that an implementation over DynamoDB (without
 * transactions) gives exactly-once effects under at-least-once, concurrent delivery:
 *
 * - every write is conditional on the version that was read (`expectedVersion`, `undefined` = must not exist)
 *   and returns `false` on a conflict; the core then re-reads and decides again;
 * - every write is idempotent per signal id (fingerprint records list recent signal ids, incidents de-duplicate
 *   `signalIds`, storm buckets are sets of signal ids), so a re-delivered signal changes nothing;
 * - incident ids are deterministic (correlation key + first signal), so racing deliveries of one first
 *   signal compute the same id; a correlation record is claimed conditionally so that two different first
 *   signals of one group never open two incidents.
 *
 * Records passed in and returned are plain data. Implementations may keep and return the very objects they
 * were given (the in-memory store does): callers must treat them as immutable and never mutate a returned
 * record or incident; copy it (shallowly, with new arrays for changed lists) to change it.
 */
export interface IncidentStore {
  getFingerprint(fingerprint: string): Promise<FingerprintRecord | undefined>;
  /**
   * Write a fingerprint record iff the stored one has `expectedVersion` (or none exists when `undefined`).
   * `record.version` must be `expectedVersion + 1` (1 for a new record).
   * @returns false on a version conflict.
   */
  putFingerprint(record: FingerprintRecord, expectedVersion: number | undefined): Promise<boolean>;

  getCorrelation(key: string): Promise<CorrelationRecord | undefined>;
  /**
   * Write (claim, move or release) a correlation record iff the stored one has `expectedVersion`
   * (or none exists when `undefined`). `record.version` must be `expectedVersion + 1` (1 for a new record).
   * @returns false on a version conflict.
   */
  putCorrelation(record: CorrelationRecord, expectedVersion: number | undefined): Promise<boolean>;

  getIncident(id: string): Promise<Incident | undefined>;
  /**
   * Create an incident iff no incident with its id exists. `incident.version` is 1.
   * @returns false when it already exists (a racing delivery created it, or an earlier attempt did).
   */
  createIncident(incident: Incident): Promise<boolean>;
  /**
   * Replace an incident iff the stored one has `expectedVersion`. `incident.version` must be `expectedVersion + 1`.
   * @returns false on a version conflict or when it does not exist.
   */
  updateIncident(incident: Incident, expectedVersion: number): Promise<boolean>;
  /** Incidents, optionally with one status. Stores may forget resolved incidents after a retention period. */
  listIncidents(query?: ListIncidentsQuery): Promise<Incident[]>;

  /**
   * Add a signal to the storm bucket of a scope and return the number of distinct signals in it.
   * Idempotent per signal id. Once a bucket holds more than `cap` signals the store may stop adding and
   * return any number greater than `cap`.
   */
  countStormSignal(bucket: StormBucket, signalId: string, cap: number): Promise<number>;
}

export interface ListIncidentsQuery {
  readonly status?: IncidentStatus;
}

/** One signal recently applied to a fingerprint. */
export interface RecentSignal {
  readonly id: string;
  /** Signal time, epoch milliseconds. */
  readonly at: number;
  /** True for a firing signal (an occurrence, counted by thresholds). */
  readonly firing: boolean;
}

/** What triage remembers about one fingerprint (one alarm on one resource, one pod event reason on one pod...). */
export interface FingerprintRecord {
  readonly fingerprint: string;
  /** Last known state, by signal time. Undefined until a firing or resolved signal is seen. */
  readonly state?: 'firing' | 'resolved';
  /** Time of the newest signal applied, epoch milliseconds. */
  readonly lastAt: number;
  /** Recently applied signals, oldest first, bounded by FINGERPRINT_RECENT_MAX and by the dedup horizon. */
  readonly recent: readonly RecentSignal[];
  /** Times of recent state changes (firing <-> resolved), epoch milliseconds, oldest first, bounded. */
  readonly flips: readonly number[];
  /** Incident this fingerprint last fired into. */
  readonly incidentId?: string;
  readonly version: number;
  /** When the record may be forgotten, epoch seconds (DynamoDB TTL). Derived from signal time. */
  readonly expiresAt: number;
}

/** An info signal remembered on a correlation key, so an incident opened later can show it as context. */
export interface ContextNote {
  readonly signalId: string;
  /** Signal time, epoch milliseconds. */
  readonly at: number;
  readonly kind: string;
  readonly title: string;
}

/**
 * The pointer from a correlation key (`service:checkout`, `resource:arn...`, `storm:123456789012/eu-west-1`)
 * to its open incident, plus recent context notes.
 */
export interface CorrelationRecord {
  readonly key: string;
  readonly incidentId?: string;
  /**
   * The incident as it was when this record claimed it. Whoever finds `incidentId` missing from the store
   * creates it from the seed (the claimer may have stopped between claiming and creating), so a claim never
   * dangles and nobody has to wait.
   */
  readonly seed?: Incident;
  /** Recent info signals on this key, oldest first, bounded. */
  readonly context: readonly ContextNote[];
  readonly version: number;
  /** When the record may be forgotten, epoch seconds (DynamoDB TTL). Derived from signal time. */
  readonly expiresAt: number;
}

/** A fixed time bucket of the storm counter of one scope. */
export interface StormBucket {
  /** `account/region`, or `global`. */
  readonly scope: string;
  /** Bucket number: floor(signal epoch seconds / storm window seconds). */
  readonly bucket: number;
  /** When the bucket may be forgotten, epoch seconds. */
  readonly expiresAt: number;
}
