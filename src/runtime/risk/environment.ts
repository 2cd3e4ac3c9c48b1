/** Deployment environment of an incident's resources. `unknown` is treated as production by the default policies. */
export const ENVIRONMENTS = ['prod', 'staging', 'dev', 'unknown'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Tag keys that name an environment, compared case-insensitively, first found wins. */
export const ENVIRONMENT_TAG_KEYS: readonly string[] = ['aiops:environment', 'environment', 'env', 'stage', 'tier'];

const WORDS: ReadonlyArray<[Environment, ReadonlySet<string>]> = [
  ['prod', new Set(['prod', 'production', 'prd', 'live'])],
  ['staging', new Set(['staging', 'stage', 'stg', 'preprod', 'uat', 'qa'])],
  ['dev', new Set(['dev', 'development', 'test', 'testing', 'sandbox', 'sbx'])],
];

/**
 * The environment named by a resource's tags: the first of `keys` (case-insensitive) whose value is or contains an
 * environment word (`production`, `prod-eu`, `dev`...). `undefined` when no such tag.
 */
export function environmentFromTags(tags: Readonly<Record<string, string>>, keys: readonly string[] = ENVIRONMENT_TAG_KEYS): Environment | undefined {
  const byKey = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  for (const key of keys) {
    const value = byKey.get(key.toLowerCase());
    if (value === undefined) continue;
    const env = classify(value.trim()) ?? value.trim().split(/[^A-Za-z0-9]+/).map(classify).find((e) => e !== undefined);
    if (env) return env;
  }
  return undefined;
}

function classify(word: string): Environment | undefined {
  const w = word.toLowerCase();
  return WORDS.find(([, words]) => words.has(w))?.[0];
}

/**
 * Infers the environment from resource tags (`environment=production`, `env=dev`...), else from service, stack
 * or resource names split into words (`checkout-prod`, `orders_staging_db`). Conflicting names give the most
 * cautious answer (prod over staging over dev); nothing recognisable gives `unknown`.
 */
export function inferEnvironment(source: { tags?: Readonly<Record<string, string>>; names?: readonly string[] }): Environment {
  const tagged = environmentFromTags(source.tags ?? {});
  if (tagged) return tagged;
  const found = new Set<Environment>();
  for (const name of source.names ?? []) {
    for (const word of name.split(/[^A-Za-z0-9]+/)) {
      const env = classify(word);
      if (env) found.add(env);
    }
  }
  for (const env of ['prod', 'staging', 'dev'] as const) if (found.has(env)) return env;
  return 'unknown';
}
