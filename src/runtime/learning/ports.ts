import type { LearnedRecord } from './model';

/**
 * Where learned records live: one item per fingerprint, written with single-item conditional writes (no
 * transactions). The DynamoDB one keeps them in the incident table under `LEARN#<fingerprint>` with a TTL; the
 * in-memory one serves the CLI and tests. Records passed in and returned are plain data, never mutated.
 */
export interface LearningStore {
  get(fingerprint: string): Promise<LearnedRecord | undefined>;
  /**
   * Write `record` iff the stored one has `expectedVersion` (or none exists when `undefined`).
   * `record.version` is `expectedVersion + 1` (1 for a new record).
   * @returns false on a version conflict
   */
  put(record: LearnedRecord, expectedVersion: number | undefined): Promise<boolean>;
}

/** A store that can also list what it holds (the in-memory one), for `cdk-aiops replay`'s `learned` section. */
export interface ListableLearningStore extends LearningStore {
  list(): Promise<readonly LearnedRecord[]>;
}
