import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { ResourceTagReader, ResourceTags } from '../../runtime/risk/resource-tags';

/** Most ARNs one GetResources call takes in `ResourceARNList`. */
export const GET_RESOURCES_MAX_ARNS = 100;

/**
 * Reads resource tags through the Resource Groups Tagging API (`tag:GetResources`, read-only), 100 ARNs a call,
 * following pagination. Only ARNs are asked for; anything else (a `Kubernetes::Pod/ns/name` reference) has no tags
 * here. A resource the API does not return (not taggable, or no tags) is absent from the answer.
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 */
export class ResourceGroupsTagReader implements ResourceTagReader {
  private readonly client: ResourceGroupsTaggingAPIClient;

  constructor(props: { client?: ResourceGroupsTaggingAPIClient } = {}) {
    this.client = props.client ?? new ResourceGroupsTaggingAPIClient({});
  }

  public async tagsOf(arns: readonly string[]): Promise<Readonly<Record<string, ResourceTags>>> {
    const wanted = [...new Set(arns.filter((a) => a.startsWith('arn:')))];
    const out: Record<string, ResourceTags> = {};
    for (let i = 0; i < wanted.length; i += GET_RESOURCES_MAX_ARNS) {
      const chunk = wanted.slice(i, i + GET_RESOURCES_MAX_ARNS);
      let token: string | undefined;
      do {
        const page = await this.client.send(new GetResourcesCommand({ ResourceARNList: chunk, ...(token ? { PaginationToken: token } : {}) }));
        for (const mapping of page.ResourceTagMappingList ?? []) {
          if (!mapping.ResourceARN) continue;
          out[mapping.ResourceARN] = Object.fromEntries((mapping.Tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? '']));
        }
        token = page.PaginationToken || undefined;
      } while (token);
    }
    return out;
  }
}
