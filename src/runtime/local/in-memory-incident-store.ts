import type { Incident } from '../model';
import type {
  CorrelationRecord, FingerprintRecord, IncidentStore, ListIncidentsQuery, StormBucket,
} from '../ports/incident-store';

export interface InMemoryIncidentStoreOptions {
  /**
   * Resolved incidents kept (the most recently resolved); older ones are forgotten, so memory stays flat in the
   * number of resolved incidents. `Infinity` keeps them all (the CLI does, to print them).
   * @default 1000
   */
  readonly retainResolved?: number;
}

/** Writes between two sweeps of expired records (at least; a sweep also waits for the maps to grow). */
const SWEEP_EVERY = 4096;

/**
 * The IncidentStore in process memory: for the CLI, the benchmark and tests.
 *
 * It stores and returns the very objects it is given (no copies): callers must never mutate a record or incident
 * they passed in or got back. Conditional writes compare versions exactly like the DynamoDB store, so concurrent
 * `process` calls interleaving at `await`s behave the same.
 *
 * Memory: fingerprint, correlation and storm records are forgotten once their `expiresAt` is older than the newest
 * signal time the store has seen (it has no clock of its own); resolved incidents beyond `retainResolved` are forgotten.
 */
export class InMemoryIncidentStore implements IncidentStore {
  private readonly fingerprints = new Map<string, FingerprintRecord>();
  private readonly correlations = new Map<string, CorrelationRecord>();
  private readonly incidents = new Map<string, Incident>();
  private readonly storms = new Map<string, { readonly members: Set<string>; readonly expiresAt: number }>();
  /** Ids of resolved incidents, oldest resolution first. */
  private readonly resolved = new Set<string>();
  private readonly retainResolved: number;
  /** Newest signal time seen, epoch seconds. */
  private now = 0;
  private writesSinceSweep = 0;
  private sizeAtSweep = 0;

  constructor(options: InMemoryIncidentStoreOptions = {}) {
    this.retainResolved = options.retainResolved ?? 1000;
  }

  public async getFingerprint(fingerprint: string): Promise<FingerprintRecord | undefined> {
    return this.fingerprints.get(fingerprint);
  }

  public async putFingerprint(record: FingerprintRecord, expectedVersion: number | undefined): Promise<boolean> {
    const current = this.fingerprints.get(record.fingerprint);
    if (current?.version !== expectedVersion) return false;
    // Delete then set: the map stays ordered by last write, which the sweep relies on.
    this.fingerprints.delete(record.fingerprint);
    this.fingerprints.set(record.fingerprint, record);
    const t = Math.floor(record.lastAt / 1000);
    if (t > this.now) this.now = t;
    this.wrote();
    return true;
  }

  public async getCorrelation(key: string): Promise<CorrelationRecord | undefined> {
    return this.correlations.get(key);
  }

  public async putCorrelation(record: CorrelationRecord, expectedVersion: number | undefined): Promise<boolean> {
    const current = this.correlations.get(record.key);
    if (current?.version !== expectedVersion) return false;
    this.correlations.delete(record.key);
    this.correlations.set(record.key, record);
    this.wrote();
    return true;
  }

  public async getIncident(id: string): Promise<Incident | undefined> {
    return this.incidents.get(id);
  }

  public async createIncident(incident: Incident): Promise<boolean> {
    if (this.incidents.has(incident.id)) return false;
    this.incidents.set(incident.id, incident);
    if (incident.status === 'resolved') this.noteResolved(incident.id);
    return true;
  }

  public async updateIncident(incident: Incident, expectedVersion: number): Promise<boolean> {
    const current = this.incidents.get(incident.id);
    if (!current || current.version !== expectedVersion) return false;
    this.incidents.set(incident.id, incident);
    if (incident.status === 'resolved') this.noteResolved(incident.id);
    else this.resolved.delete(incident.id);
    return true;
  }

  public async listIncidents(query: ListIncidentsQuery = {}): Promise<Incident[]> {
    const out: Incident[] = [];
    for (const incident of this.incidents.values()) {
      if (query.status === undefined || incident.status === query.status) out.push(incident);
    }
    return out;
  }

  public async countStormSignal(bucket: StormBucket, signalId: string, cap: number): Promise<number> {
    const name = `${bucket.scope}#${bucket.bucket}`;
    let entry = this.storms.get(name);
    if (!entry) {
      entry = { members: new Set(), expiresAt: bucket.expiresAt };
      this.storms.set(name, entry);
    }
    if (entry.members.size <= cap) entry.members.add(signalId);
    return entry.members.size;
  }

  /** Number of records held, by kind: for tests and the benchmark's memory figures. */
  public get size(): { fingerprints: number; correlations: number; incidents: number; stormBuckets: number } {
    return {
      fingerprints: this.fingerprints.size,
      correlations: this.correlations.size,
      incidents: this.incidents.size,
      stormBuckets: this.storms.size,
    };
  }

  private noteResolved(id: string): void {
    this.resolved.delete(id);
    this.resolved.add(id);
    while (this.resolved.size > this.retainResolved) {
      const oldest = this.resolved.values().next().value as string;
      this.resolved.delete(oldest);
      this.incidents.delete(oldest);
    }
  }

  private wrote(): void {
    if (++this.writesSinceSweep < SWEEP_EVERY) return;
    const size = this.fingerprints.size + this.correlations.size + this.storms.size;
    if (size < this.sizeAtSweep * 1.25 && this.writesSinceSweep < size) return;
    this.writesSinceSweep = 0;
    const now = this.now;
    for (const map of [this.fingerprints, this.correlations, this.storms] as Map<string, { readonly expiresAt: number }>[]) {
      for (const [key, value] of map) if (value.expiresAt < now) map.delete(key);
    }
    this.sizeAtSweep = this.fingerprints.size + this.correlations.size + this.storms.size;
  }
}
