/** The topology snapshot in S3: the refresher writes it, the triage handler reads it (with a cache). */
import { promisify } from 'util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'zlib';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SnapshotStore } from '../../runtime/topology/refresh';
import { TopologySnapshotSchema, type TopologySnapshot } from '../../runtime/topology/snapshot';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

export interface S3SnapshotLocation {
  readonly client?: S3Client;
  readonly bucket: string;
  /** The object key (the bucket is versioned: every write is a new version of it). */
  readonly key: string;
}

/** Reads the snapshot object; undefined when it does not exist yet. Throws when it is unreadable or invalid. */
export async function readSnapshotObject(client: S3Client, bucket: string, key: string): Promise<TopologySnapshot | undefined> {
  let body: Uint8Array;
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    body = await out.Body!.transformToByteArray();
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchKey') return undefined;
    throw e;
  }
  // gzip's magic bytes: the object says how it was written whatever its metadata says.
  const bytes = body[0] === 0x1f && body[1] === 0x8b ? await gunzip(body) : Buffer.from(body);
  return TopologySnapshotSchema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
}

/** The refresher's store: reads the latest snapshot, writes the next one (JSON, gzip when `gzip` is set). */
export class S3SnapshotStore implements SnapshotStore {
  private readonly client: S3Client;

  constructor(private readonly location: S3SnapshotLocation & { readonly gzip?: boolean }) {
    this.client = location.client ?? new S3Client({});
  }

  public read(): Promise<TopologySnapshot | undefined> {
    return readSnapshotObject(this.client, this.location.bucket, this.location.key);
  }

  public async write(snapshot: TopologySnapshot): Promise<{ key: string; bytes: number }> {
    const json = Buffer.from(JSON.stringify(snapshot), 'utf8');
    const body = this.location.gzip ? await gzip(json) : json;
    await this.client.send(new PutObjectCommand({
      Bucket: this.location.bucket,
      Key: this.location.key,
      Body: body,
      ContentType: 'application/json',
      ...(this.location.gzip ? { ContentEncoding: 'gzip' } : {}),
    }));
    return { key: this.location.key, bytes: body.length };
  }
}
