import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { GET_RESOURCES_MAX_ARNS, ResourceGroupsTagReader } from '../../../src/adapters/tagging';

/**
 * No real GetResources response is among the shared fixtures: the responses here follow the documented shape
 * (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html).
 */
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
beforeEach(() => tagging.reset());

const arn = (i: number) => `arn:aws:ec2:eu-west-1:111122223333:instance/i-${i.toString(16).padStart(17, '0')}`;

describe('ResourceGroupsTagReader', () => {
  test('GIVEN ARNs WHEN read THEN tags by ARN, asked by ResourceARNList only; non-ARN references are not asked', async () => {
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [{ ResourceARN: arn(1), Tags: [{ Key: 'environment', Value: 'prod' }, { Key: 'team', Value: 'search' }] }],
      PaginationToken: '',
    });
    const tags = await new ResourceGroupsTagReader({ client: new ResourceGroupsTaggingAPIClient({}) }).tagsOf([arn(1), arn(2), 'Kubernetes::Pod/shop/cart', arn(1)]);
    expect(tags).toEqual({ [arn(1)]: { environment: 'prod', team: 'search' } });
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 1);
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceARNList: [arn(1), arn(2)] });
  });

  test('GIVEN more than 100 ARNs and paginated answers THEN chunks of 100 and every page followed', async () => {
    tagging.on(GetResourcesCommand).callsFake((input: { ResourceARNList: string[]; PaginationToken?: string }) => {
      const half = Math.ceil(input.ResourceARNList.length / 2);
      const part = input.PaginationToken ? input.ResourceARNList.slice(half) : input.ResourceARNList.slice(0, half);
      return {
        ResourceTagMappingList: part.map((a) => ({ ResourceARN: a, Tags: [{ Key: 'env', Value: 'dev' }] })),
        PaginationToken: input.PaginationToken ? '' : 'next',
      };
    });
    const arns = Array.from({ length: 150 }, (_, i) => arn(i));
    const tags = await new ResourceGroupsTagReader({ client: new ResourceGroupsTaggingAPIClient({}) }).tagsOf(arns);
    expect(Object.keys(tags)).toHaveLength(150);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 4);
    const sizes = tagging.commandCalls(GetResourcesCommand).map((c) => c.args[0].input.ResourceARNList?.length);
    expect(Math.max(...sizes.map((n) => n ?? 0))).toBe(GET_RESOURCES_MAX_ARNS);
  });

  test('GIVEN an error THEN it propagates (the caller must not guess an environment)', async () => {
    tagging.on(GetResourcesCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(new ResourceGroupsTagReader({ client: new ResourceGroupsTaggingAPIClient({}) }).tagsOf([arn(1)])).rejects.toThrow('denied');
  });

  test('GIVEN no ARN THEN no call', async () => {
    await expect(new ResourceGroupsTagReader({ client: new ResourceGroupsTaggingAPIClient({}) }).tagsOf(['web-asg'])).resolves.toEqual({});
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 0);
  });
});
