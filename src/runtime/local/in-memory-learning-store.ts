import type { LearnedRecord } from '../learning/model';
import type { ListableLearningStore } from '../learning/ports';

/**
 * The LearningStore in process memory, for `cdk-aiops replay` and tests. Conditional writes compare versions exactly
 * like the DynamoDB store, so concurrent updates interleaving at `await`s conflict and retry the same way. It keeps
 * the very records it is given: callers never mutate them. Nothing expires (a replay is short).
 */
export class InMemoryLearningStore implements ListableLearningStore {
  private readonly records = new Map<string, LearnedRecord>();

  public async get(fingerprint: string): Promise<LearnedRecord | undefined> {
    return this.records.get(fingerprint);
  }

  public async put(record: LearnedRecord, expectedVersion: number | undefined): Promise<boolean> {
    const current = this.records.get(record.fingerprint);
    if (current?.version !== expectedVersion) return false;
    this.records.set(record.fingerprint, record);
    return true;
  }

  public async list(): Promise<readonly LearnedRecord[]> {
    return [...this.records.values()];
  }
}
