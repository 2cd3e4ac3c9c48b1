import { ENVIRONMENT_TAG_KEYS, environmentFromTags, inferEnvironment, type Environment } from './environment';

/** Tags of one resource, by key. */
export type ResourceTags = Readonly<Record<string, string>>;

/**
 * Port: reads the tags of resources by ARN (the Resource Groups Tagging API in AWS). A resource it knows nothing of
 * is absent from the answer. Errors propagate: the caller decides what an unreadable tag means (never "not prod").
 */
export interface ResourceTagReader {
  tagsOf(arns: readonly string[]): Promise<Readonly<Record<string, ResourceTags>>>;
}

export interface CachingTagReaderOptions {
  /** How long an answer (tags, or no tags) is reused, in milliseconds. @default 300_000 (5 minutes) */
  readonly ttlMs?: number;
  /** Most ARNs kept; the oldest are dropped first. @default 1000 */
  readonly maxEntries?: number;
  /** The clock. @default Date.now */
  readonly now?: () => number;
}

/**
 * A read-through cache in front of a ResourceTagReader, kept across invocations of a warm Lambda: one incident's
 * resources are read once per TTL, however many steps ask. "No tags" is cached too; errors are not.
 */
export class CachingTagReader implements ResourceTagReader {
  private readonly entries = new Map<string, { readonly tags: ResourceTags | undefined; readonly at: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly inner: ResourceTagReader, options: CachingTagReaderOptions = {}) {
    this.ttlMs = options.ttlMs ?? 300_000;
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
  }

  public async tagsOf(arns: readonly string[]): Promise<Readonly<Record<string, ResourceTags>>> {
    const now = this.now();
    const missing = [...new Set(arns)].filter((arn) => {
      const hit = this.entries.get(arn);
      return hit === undefined || now - hit.at >= this.ttlMs;
    });
    if (missing.length > 0) {
      const read = await this.inner.tagsOf(missing);
      for (const arn of missing) {
        this.entries.delete(arn);
        this.entries.set(arn, { tags: read[arn], at: now });
      }
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    const out: Record<string, ResourceTags> = {};
    for (const arn of arns) {
      const tags = this.entries.get(arn)?.tags;
      if (tags) out[arn] = tags;
    }
    return out;
  }
}

/** The environment of an incident and how it was found, for the decision's reasons. */
export interface ResolvedEnvironment {
  readonly environment: Environment;
  /** `tags` when at least one resource's tags named it, `names` when only names did, `unknown` otherwise. */
  readonly from: 'tags' | 'names' | 'unknown';
  readonly reason: string;
}

const CAUTION: readonly Environment[] = ['prod', 'unknown', 'staging', 'dev'];

/**
 * The environment of an incident's resources: each resource's own tags first (the first of `tagKeys` that names an
 * environment), its names second (the incident's key, services and resources, as `inferEnvironment` reads them), and
 * the most cautious of the resources wins (prod, then unknown, then staging, then dev). A resource whose tags could
 * not be read (`tags` undefined) is `unknown`, which the default policies treat as production.
 */
export function resolveEnvironment(options: {
  readonly resources: readonly string[];
  /** Tags by resource ARN; `undefined` when they could not be read. */
  readonly tags: Readonly<Record<string, ResourceTags>> | undefined;
  /** The names to fall back on (incident key, services, resources). */
  readonly names: readonly string[];
  /** @default ENVIRONMENT_TAG_KEYS */
  readonly tagKeys?: readonly string[];
}): ResolvedEnvironment {
  const keys = options.tagKeys ?? ENVIRONMENT_TAG_KEYS;
  if (options.tags === undefined) {
    return { environment: 'unknown', from: 'unknown', reason: 'resource tags could not be read: environment unknown, treated as production' };
  }
  const byName = inferEnvironment({ names: options.names });
  const found: Array<{ readonly env: Environment; readonly tagged: boolean }> = options.resources.map((arn) => {
    const tagged = environmentFromTags(options.tags![arn] ?? {}, keys);
    return tagged ? { env: tagged, tagged: true } : { env: byName, tagged: false };
  });
  if (found.length === 0) found.push({ env: byName, tagged: false });
  const env = CAUTION.find((e) => found.some((f) => f.env === e))!;
  const tagged = found.some((f) => f.tagged && f.env === env);
  if (tagged) return { environment: env, from: 'tags', reason: `environment ${env} from resource tags (${keys.join(', ')})` };
  if (env !== 'unknown') return { environment: env, from: 'names', reason: `environment ${env} from names (no environment tag)` };
  return { environment: 'unknown', from: 'unknown', reason: 'no environment tag or name: environment unknown, treated as production' };
}
