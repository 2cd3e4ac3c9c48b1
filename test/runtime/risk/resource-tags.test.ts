import { CachingTagReader, resolveEnvironment, type ResourceTagReader, type ResourceTags } from '../../../src/runtime/risk';

const SEARCH = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0';
const DB = 'arn:aws:rds:eu-west-1:111122223333:db:search-db';

describe('resolveEnvironment: tags first, names second, unknown means production', () => {
  const names = (service: string) => [`svc:${service}`, service, SEARCH];

  test.each<[string, Record<string, ResourceTags>, string, string, string]>([
    // The same instance: its tag decides, whatever the service is called.
    ['prod tag, qa name', { [SEARCH]: { environment: 'production' } }, 'search-qa', 'prod', 'tags'],
    ['prod tag, test name', { [SEARCH]: { Env: 'prod' } }, 'search-test', 'prod', 'tags'],
    ['dev tag, prod name', { [SEARCH]: { stage: 'dev' } }, 'search-prod', 'dev', 'tags'],
    // No environment tag: the names decide, as before.
    ['no tags, staging name', {}, 'search-staging', 'staging', 'names'],
    ['unrelated tags, qa name', { [SEARCH]: { team: 'search' } }, 'search-qa', 'staging', 'names'],
    ['nothing at all', {}, 'search', 'unknown', 'unknown'],
  ])('%s', (_name, tags, service, environment, from) => {
    expect(resolveEnvironment({ resources: [SEARCH], tags, names: names(service) })).toMatchObject({ environment, from });
  });

  test('the most cautious resource wins: one production resource makes the incident production', () => {
    const tags = { [SEARCH]: { environment: 'dev' }, [DB]: { environment: 'prod' } };
    expect(resolveEnvironment({ resources: [SEARCH, DB], tags, names: [] })).toMatchObject({ environment: 'prod', from: 'tags' });
  });

  test('an untagged resource beside a dev-tagged one falls back to names, and unknown beats dev', () => {
    const tags = { [SEARCH]: { environment: 'dev' } };
    expect(resolveEnvironment({ resources: [SEARCH, DB], tags, names: ['search'] }).environment).toBe('unknown');
  });

  test('tags that could not be read are unknown (treated as production), never the name\'s environment', () => {
    expect(resolveEnvironment({ resources: [SEARCH], tags: undefined, names: ['search-dev'] }))
      .toEqual({ environment: 'unknown', from: 'unknown', reason: expect.stringMatching(/could not be read/) });
  });

  test('the tag keys are configurable, compared case-insensitively', () => {
    const tags = { [SEARCH]: { Lifecycle: 'Production', environment: 'dev' } };
    expect(resolveEnvironment({ resources: [SEARCH], tags, names: [], tagKeys: ['lifecycle'] }).environment).toBe('prod');
    expect(resolveEnvironment({ resources: [SEARCH], tags, names: [] }).environment).toBe('dev');
  });
});

describe('CachingTagReader', () => {
  function counting(tags: Record<string, ResourceTags>) {
    const calls: string[][] = [];
    const reader: ResourceTagReader = {
      tagsOf: async (arns) => {
        calls.push([...arns]);
        return Object.fromEntries(arns.filter((a) => tags[a]).map((a) => [a, tags[a]]));
      },
    };
    return { reader, calls };
  }

  test('reads each ARN once per TTL, caches "no tags" too, and reads again after the TTL', async () => {
    let now = 0;
    const { reader, calls } = counting({ [SEARCH]: { environment: 'prod' } });
    const cache = new CachingTagReader(reader, { ttlMs: 1000, now: () => now });

    expect(await cache.tagsOf([SEARCH, DB])).toEqual({ [SEARCH]: { environment: 'prod' } });
    expect(await cache.tagsOf([DB, SEARCH])).toEqual({ [SEARCH]: { environment: 'prod' } });
    expect(calls).toEqual([[SEARCH, DB]]);
    now = 1000;
    await cache.tagsOf([SEARCH]);
    expect(calls).toEqual([[SEARCH, DB], [SEARCH]]);
  });

  test('an error is not cached: the next call asks again', async () => {
    let fail = true;
    const reader: ResourceTagReader = {
      tagsOf: async () => {
        if (fail) throw new Error('ThrottlingException');
        return { [SEARCH]: { env: 'dev' } };
      },
    };
    const cache = new CachingTagReader(reader);
    await expect(cache.tagsOf([SEARCH])).rejects.toThrow('ThrottlingException');
    fail = false;
    await expect(cache.tagsOf([SEARCH])).resolves.toEqual({ [SEARCH]: { env: 'dev' } });
  });

  test('keeps at most maxEntries ARNs, dropping the oldest', async () => {
    const { reader, calls } = counting({});
    const cache = new CachingTagReader(reader, { maxEntries: 2 });
    await cache.tagsOf(['arn:a', 'arn:b']);
    await cache.tagsOf(['arn:c']);
    await cache.tagsOf(['arn:b', 'arn:a']);
    expect(calls).toEqual([['arn:a', 'arn:b'], ['arn:c'], ['arn:a']]);
  });
});
