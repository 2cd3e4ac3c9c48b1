/**
 * AWS adapters of the topology refresher's read ports. Each yields the raw API responses; the pure core parses them
 * with the same parsers the CLI uses on files. All calls are read-only.
 */
import {
  ApplicationSignalsClient,
  ListServiceDependenciesCommand,
  ListServicesCommand,
} from '@aws-sdk/client-application-signals';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetServiceGraphCommand, XRayClient } from '@aws-sdk/client-xray';
import type { AppTopologyReader, GraphWindow, InventoryReader, ServiceGraphReader } from '../../runtime/topology/refresh';

/** GetResources' largest page. */
export const RESOURCES_PER_PAGE = 100;
/** Application Signals' page size for ListServices and ListServiceDependencies. */
export const APPLICATION_SIGNALS_PAGE_SIZE = 100;

/**
 * Every resource of the account and Region with its tags: `tag:GetResources`, 100 a page, following
 * `PaginationToken` (the core bounds how many pages it reads).
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 */
export class TaggingInventoryReader implements InventoryReader {
  constructor(private readonly client: ResourceGroupsTaggingAPIClient = new ResourceGroupsTaggingAPIClient({})) {}

  public async *pages(): AsyncIterable<unknown> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new GetResourcesCommand({
        ResourcesPerPage: RESOURCES_PER_PAGE, ...(token ? { PaginationToken: token } : {}),
      }));
      yield { ResourceTagMappingList: page.ResourceTagMappingList ?? [] };
      token = page.PaginationToken || undefined;
    } while (token);
  }
}

/** The X-Ray service graph over the window: `xray:GetServiceGraph`, following `NextToken`. */
export class XRayServiceGraphReader implements ServiceGraphReader {
  constructor(private readonly client: XRayClient = new XRayClient({})) {}

  public async *pages(window: GraphWindow): AsyncIterable<unknown> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new GetServiceGraphCommand({
        StartTime: window.start, EndTime: window.end, ...(token ? { NextToken: token } : {}),
      }));
      yield { Services: page.Services ?? [] };
      token = page.NextToken || undefined;
    } while (token);
  }
}

/**
 * The Application Signals graph: `application-signals:ListServices` over the window, then for each service
 * `application-signals:ListServiceDependencies`, each page yielded with the service's `KeyAttributes` (the caller).
 * @param maxServices most services whose dependencies are read (a bound on calls per refresh)
 */
export class ApplicationSignalsGraphReader implements ServiceGraphReader {
  constructor(
    private readonly client: ApplicationSignalsClient = new ApplicationSignalsClient({}),
    private readonly maxServices = 200,
  ) {}

  public async *pages(window: GraphWindow): AsyncIterable<unknown> {
    const services: Record<string, string>[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListServicesCommand({
        StartTime: window.start, EndTime: window.end, MaxResults: APPLICATION_SIGNALS_PAGE_SIZE, ...(token ? { NextToken: token } : {}),
      }));
      for (const s of page.ServiceSummaries ?? []) if (s.KeyAttributes && services.length < this.maxServices) services.push(s.KeyAttributes);
      token = services.length < this.maxServices ? page.NextToken || undefined : undefined;
    } while (token);
    for (const keyAttributes of services) {
      let next: string | undefined;
      do {
        const page = await this.client.send(new ListServiceDependenciesCommand({
          StartTime: window.start,
          EndTime: window.end,
          KeyAttributes: keyAttributes,
          MaxResults: APPLICATION_SIGNALS_PAGE_SIZE,
          ...(next ? { NextToken: next } : {}),
        }));
        yield { KeyAttributes: keyAttributes, ServiceDependencies: page.ServiceDependencies ?? [] };
        next = page.NextToken || undefined;
      } while (next);
    }
  }
}

/** The AppTopology SSM parameter's value (`ssm:GetParameter`); a missing parameter is none. */
export class SsmAppTopologyReader implements AppTopologyReader {
  constructor(private readonly parameterName: string, private readonly client: SSMClient = new SSMClient({})) {}

  public async read(): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetParameterCommand({ Name: this.parameterName }));
      return out.Parameter?.Value;
    } catch (e) {
      if ((e as { name?: string }).name === 'ParameterNotFound') return undefined;
      throw e;
    }
  }
}
