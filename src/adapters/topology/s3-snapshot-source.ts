/** The triage handler's view of the topology snapshot: loaded from S3, cached, the last good one kept. */
import { S3Client } from '@aws-sdk/client-s3';
import { readSnapshotObject } from './s3-snapshot-store';
import type { Log } from '../../runtime/ports/observability';
import { Topology, type OwnerLookupOptions } from '../../runtime/topology/topology';

export interface S3SnapshotSourceProps {
  readonly client?: S3Client;
  readonly bucket: string;
  readonly key: string;
  /** Seconds a loaded snapshot is used before it is read again. @default 300 */
  readonly cacheSeconds?: number;
  /** Tag keys for owners. @default - the Topology defaults */
  readonly ownerOptions?: OwnerLookupOptions;
  /** @default Date.now */
  readonly now?: () => number;
  readonly log?: Log;
}

/**
 * A cached Topology over the snapshot object. `refresh()` (awaited once per batch) reads it again when the cache has
 * expired; a failed or invalid read keeps the last good snapshot (Topology.EMPTY before the first), and is tried
 * again at the next expiry. `current()` is what triage's hot path calls: no I/O.
 */
export class S3SnapshotSource {
  private readonly client: S3Client;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private topology: Topology = Topology.EMPTY;
  private loaded = false;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly props: S3SnapshotSourceProps) {
    this.client = props.client ?? new S3Client({});
    this.ttlMs = (props.cacheSeconds ?? 300) * 1000;
    this.now = props.now ?? Date.now;
  }

  /** The topology triage uses now. */
  public current(): Topology {
    return this.topology;
  }

  /** Seconds since the current snapshot was generated; undefined before one was loaded. */
  public ageSeconds(): number | undefined {
    return this.loaded ? Math.max(0, (this.now() - Date.parse(this.topology.generatedAt)) / 1000) : undefined;
  }

  /** Reads the snapshot again when the cache has expired. Never throws. */
  public async refresh(): Promise<void> {
    const at = this.now();
    if (at - this.checkedAt < this.ttlMs) return;
    this.checkedAt = at;
    try {
      const snapshot = await readSnapshotObject(this.client, this.props.bucket, this.props.key);
      if (!snapshot) {
        this.props.log?.info('topology snapshot not written yet; owners come from the signals', { key: this.props.key });
        return;
      }
      this.topology = Topology.fromSnapshot(snapshot, this.props.ownerOptions);
      this.loaded = true;
    } catch (e) {
      this.props.log?.warn('topology snapshot could not be loaded; the last good one stays', { key: this.props.key, error: String((e as Error)?.message ?? e) });
    }
  }
}
