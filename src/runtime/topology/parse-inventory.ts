import { arrayAt, isRecord, recordAt, stringAt, TopologyInputError } from './errors';
import { TOPOLOGY_MAX_RESOURCES, type SnapshotResource } from './snapshot';

/** Longest ARN the snapshot keeps. */
export const MAX_ARN_LENGTH = 2048;

/**
 * The resources of a Resource Groups Tagging API `GetResources` response (`{ "ResourceTagMappingList": [...] }`) or of
 * a JSON array of such pages, with their `Tags` list as a map. An ARN listed twice keeps the union of its tags (the
 * later page wins a key). `ComplianceDetails` and `PaginationToken` are ignored.
 *
 * @throws TopologyInputError naming the place in the document that is not a GetResources response.
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 */
export function parseInventory(input: unknown): SnapshotResource[] {
  const pages = Array.isArray(input) ? input.map((page, i) => ({ page, path: `$[${i}]` })) : [{ page: input, path: '$' }];
  const byArn = new Map<string, Map<string, string>>();
  for (const { page, path } of pages) {
    const body = recordAt(page, path);
    if (!('ResourceTagMappingList' in body)) {
      throw new TopologyInputError('not a GetResources response: no ResourceTagMappingList', path);
    }
    const list = arrayAt(body.ResourceTagMappingList, `${path}.ResourceTagMappingList`);
    list.forEach((mapping, i) => {
      const at = `${path}.ResourceTagMappingList[${i}]`;
      const m = recordAt(mapping, at);
      const arn = stringAt(m.ResourceARN, `${at}.ResourceARN`, MAX_ARN_LENGTH);
      const tags = byArn.get(arn) ?? new Map<string, string>();
      if (m.Tags !== undefined && m.Tags !== null) {
        arrayAt(m.Tags, `${at}.Tags`).forEach((tag, j) => {
          const t = recordAt(tag, `${at}.Tags[${j}]`);
          const key = stringAt(t.Key, `${at}.Tags[${j}].Key`, 128);
          const value = t.Value === undefined || t.Value === null ? '' : t.Value;
          if (typeof value !== 'string' || value.length > MAX_ARN_LENGTH) {
            throw new TopologyInputError('expected a string of at most 2048 characters', `${at}.Tags[${j}].Value`);
          }
          tags.set(key, value);
        });
      }
      byArn.set(arn, tags);
      if (byArn.size > TOPOLOGY_MAX_RESOURCES) {
        throw new TopologyInputError(`more than ${TOPOLOGY_MAX_RESOURCES} resources`, at);
      }
    });
  }
  // Object.fromEntries defines own properties, so a tag key such as `__proto__` stays a plain key.
  return [...byArn].map(([arn, tags]) => (tags.size > 0 ? { arn, tags: Object.fromEntries(tags) } : { arn }));
}

/** Whether a document looks like a GetResources response (or pages of one), without validating it. */
export function isInventoryDocument(input: unknown): boolean {
  const first = Array.isArray(input) ? input[0] : input;
  return isRecord(first) && 'ResourceTagMappingList' in first;
}
