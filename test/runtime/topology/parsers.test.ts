import * as fc from 'fast-check';
import {
  buildSnapshot,
  parseAppTopology,
  parseInventory,
  parseServiceGraph,
  Topology,
  TopologyInputError,
  TopologySnapshotSchema,
  type ParsedServiceGraph,
  type SnapshotResource,
} from '../../../src/runtime/topology';
import { loadFixture } from '../../support/fixtures';

const GRAPH = 'api/xray/GetServiceGraph.json';
const DEPENDENCIES = 'api/application-signals/ListServiceDependencies.json';

/**
 * The repository has no real `GetResources` response (SOURCES.md lists none), so the pages here are built from the
 * documented shape: https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 */
const PAGE_1 = {
  PaginationToken: 'token-1',
  ResourceTagMappingList: [
    { ResourceARN: 'arn:aws:lambda:eu-west-1:111122223333:function:checkout-api', Tags: [{ Key: 'service', Value: 'checkout' }, { Key: 'environment', Value: 'prod' }] },
    { ResourceARN: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', Tags: [{ Key: 'app', Value: 'checkout' }] },
  ],
};
const PAGE_2 = {
  PaginationToken: '',
  ResourceTagMappingList: [
    { ResourceARN: 'arn:aws:sqs:eu-west-1:111122223333:payments', Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'Payments' }], ComplianceDetails: { ComplianceStatus: true } },
    { ResourceARN: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', Tags: [{ Key: 'environment', Value: 'prod' }] },
    { ResourceARN: 'arn:aws:s3:::untagged' },
  ],
};

describe('parseInventory', () => {
  test('GIVEN one GetResources page WHEN parsed THEN each mapping is a resource with its Tags as a map', () => {
    expect(parseInventory(PAGE_1)).toEqual([
      { arn: 'arn:aws:lambda:eu-west-1:111122223333:function:checkout-api', tags: { service: 'checkout', environment: 'prod' } },
      { arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', tags: { app: 'checkout' } },
    ]);
  });

  test('GIVEN an array of pages WHEN parsed THEN an ARN listed twice keeps the union of its tags', () => {
    const resources = parseInventory([PAGE_1, PAGE_2]);
    expect(resources).toHaveLength(4);
    expect(resources.find((r) => r.arn.endsWith('table/orders'))).toEqual({
      arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', tags: { app: 'checkout', environment: 'prod' },
    });
    expect(resources.find((r) => r.arn === 'arn:aws:s3:::untagged')).toEqual({ arn: 'arn:aws:s3:::untagged' });
  });

  test('GIVEN a tag key __proto__ WHEN parsed THEN it is a plain own key', () => {
    const [r] = parseInventory({ ResourceTagMappingList: [{ ResourceARN: 'arn:x', Tags: [{ Key: '__proto__', Value: 'v' }] }] });
    expect(Object.getPrototypeOf(r.tags)).toBe(Object.prototype);
    expect(Object.keys(r.tags!)).toEqual(['__proto__']);
  });

  test.each([
    [{}, '$', /no ResourceTagMappingList/],
    [{ ResourceTagMappingList: {} }, '$.ResourceTagMappingList', /expected an array/],
    [{ ResourceTagMappingList: [{ Tags: [] }] }, '$.ResourceTagMappingList[0].ResourceARN', /expected a string/],
    [[PAGE_1, { ResourceTagMappingList: [{ ResourceARN: 'a', Tags: [{ Value: 'x' }] }] }], '$[1].ResourceTagMappingList[0].Tags[0].Key', /expected a string/],
    ['text', '$', /expected an object/],
  ])('GIVEN malformed inventory %# WHEN parsed THEN a TopologyInputError names the place', (input, path, reason) => {
    let error: unknown;
    try {
      parseInventory(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TopologyInputError);
    expect((error as TopologyInputError).path).toBe(path);
    expect((error as TopologyInputError).reason).toMatch(reason);
  });
});

describe('parseServiceGraph', () => {
  test('GIVEN the real X-Ray GetServiceGraph WHEN parsed THEN the EC2 node calls the table and SNS, the client node is skipped', () => {
    const graph = parseServiceGraph(loadFixture(GRAPH));
    expect(graph.edges).toEqual([
      { from: 'xray-sample.elasticbeanstalk.com', to: 'awseb-e-dixzws4s9p-stack-StartupSignupsTable-4IMSMHAYX2BA', source: 'xray' },
      { from: 'xray-sample.elasticbeanstalk.com', to: 'SNS', source: 'xray' },
    ]);
    expect(graph.datastores).toEqual(['awseb-e-dixzws4s9p-stack-StartupSignupsTable-4IMSMHAYX2BA']);
  });

  test('GIVEN the real ListServiceDependencies WHEN parsed THEN its caller is the Service dimension of its metric references', () => {
    expect(parseServiceGraph(loadFixture(DEPENDENCIES))).toEqual({
      edges: [{ from: 'PetAdoptionStatusUpdater', to: 'Services-name', source: 'application-signals' }],
      datastores: [],
    });
  });

  test('GIVEN the response with the request KeyAttributes (as the refresher passes it) WHEN parsed THEN the request names the caller', () => {
    const doc = { KeyAttributes: { Type: 'Service', Name: 'pet-site', Environment: 'eks:petsite' }, ...loadFixture(DEPENDENCIES) };
    expect(parseServiceGraph(doc).edges).toEqual([{ from: 'pet-site', to: 'Services-name', source: 'application-signals' }]);
  });

  test('GIVEN a dependency without metric references WHEN no caller is known THEN a TopologyInputError; WHEN given THEN it is used', () => {
    const doc = { ServiceDependencies: [{ DependencyKeyAttributes: { Type: 'AWS::Resource', ResourceType: 'AWS::DynamoDB::Table', Identifier: 'orders' } }] };
    expect(() => parseServiceGraph(doc)).toThrow(TopologyInputError);
    expect(parseServiceGraph(doc, { caller: 'checkout' })).toEqual({
      edges: [{ from: 'checkout', to: 'orders', source: 'application-signals' }], datastores: ['orders'],
    });
  });

  test('GIVEN both real documents in one array WHEN parsed THEN their edges are merged', () => {
    const graph = parseServiceGraph([loadFixture(GRAPH), loadFixture(DEPENDENCIES)]);
    expect(graph.edges.map((e) => e.source)).toEqual(['xray', 'xray', 'application-signals']);
  });

  test.each([
    [{ Foo: [] }, '$', /not an X-Ray GetServiceGraph/],
    [{ Services: [{ ReferenceId: 'a', Name: 'x' }] }, '$.Services[0].ReferenceId', /integer ReferenceId/],
    [{ Services: [{ ReferenceId: 0, Name: 'x', Edges: [{ ReferenceId: 9 }] }] }, '$.Services[0].Edges[0].ReferenceId', /names no node/],
    [{ ServiceDependencies: [{}] }, '$.ServiceDependencies[0].DependencyKeyAttributes', /expected an object/],
    [{ Services: [{ ReferenceId: 0, Name: 'x'.repeat(300) }] }, '$.Services[0].Name', /longer than 256/],
  ])('GIVEN a malformed graph %# WHEN parsed THEN a TopologyInputError names the place', (input, path, reason) => {
    let error: unknown;
    try {
      parseServiceGraph(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TopologyInputError);
    expect((error as TopologyInputError).path).toBe(path);
    expect((error as TopologyInputError).reason).toMatch(reason);
  });
});

describe('parseAppTopology', () => {
  test('GIVEN the AppTopology parameter WHEN parsed THEN edges are cdk-app edges and resources carry their service', () => {
    expect(parseAppTopology(JSON.stringify({
      edges: [{ from: 'checkout', to: 'payments' }],
      resources: [{ arn: 'arn:aws:lambda:eu-west-1:111122223333:function:pay', service: 'payments', environment: 'prod' }],
    }))).toEqual({
      edges: [{ from: 'checkout', to: 'payments', source: 'cdk-app' }],
      resources: [{ arn: 'arn:aws:lambda:eu-west-1:111122223333:function:pay', service: 'payments', environment: 'prod' }],
    });
    expect(() => parseAppTopology('{')).toThrow(/not valid JSON/);
    expect(() => parseAppTopology('{"edges":[{"from":"a"}]}')).toThrow(/\$\.edges\[0\]\.to/);
  });
});

describe('buildSnapshot', () => {
  test('GIVEN inventory, both real graphs and declared edges WHEN built THEN a valid snapshot whose Topology knows owners and edges', () => {
    const snapshot = buildSnapshot({
      generatedAt: '2026-01-01T00:00:00.000Z',
      resources: [parseInventory([PAGE_1, PAGE_2])],
      graphs: [parseServiceGraph(loadFixture(GRAPH)), parseServiceGraph(loadFixture(DEPENDENCIES))],
      declared: [
        { from: 'xray-sample.elasticbeanstalk.com', to: 'SNS', source: 'declared' },
        { from: 'checkout', to: 'checkout', source: 'declared' },
      ],
    });
    expect(TopologySnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.edges).toHaveLength(3);
    expect(snapshot.edges.find((e) => e.to === 'SNS')?.source).toBe('declared');
    const topology = Topology.fromSnapshot(snapshot);
    const signal = { resource: { arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', account: '111122223333', region: 'eu-west-1' } };
    expect(topology.owner(signal as never)).toMatchObject({ service: 'checkout', environment: 'prod', via: 'tags' });
    expect([...topology.callees('PetAdoptionStatusUpdater').keys()]).toEqual(['Services-name']);
    expect(topology.isDatastore('awseb-e-dixzws4s9p-stack-StartupSignupsTable-4IMSMHAYX2BA')).toBe(true);
  });

  test('GIVEN the same inputs in another order WHEN built THEN the same snapshot', () => {
    const a = parseInventory(PAGE_1);
    const b = parseInventory(PAGE_2);
    const g = parseServiceGraph(loadFixture(GRAPH));
    const one = buildSnapshot({ generatedAt: '2026-01-01T00:00:00Z', resources: [a, b], graphs: [g] });
    const two = buildSnapshot({ generatedAt: '2026-01-01T00:00:00Z', resources: [b, a], graphs: [g] });
    expect(two).toEqual(one);
  });
});

describe('the parsers and arbitrary JSON', () => {
  const onlyTopologyErrors = (parse: (input: unknown) => unknown) => (input: unknown) => {
    try {
      parse(input);
    } catch (e) {
      if (!(e instanceof TopologyInputError)) throw e;
    }
  };
  const shaped = fc.oneof(
    fc.jsonValue(),
    fc.record({
      ResourceTagMappingList: fc.array(fc.record({
        ResourceARN: fc.jsonValue(),
        Tags: fc.array(fc.dictionary(fc.constantFrom('Key', 'Value', 'x'), fc.jsonValue())),
      })),
    }),
    fc.record({
      Services: fc.array(fc.record({
        ReferenceId: fc.oneof(fc.nat(5), fc.jsonValue()),
        Name: fc.jsonValue(),
        Type: fc.jsonValue(),
        Edges: fc.array(fc.record({ ReferenceId: fc.oneof(fc.nat(5), fc.jsonValue()) })),
      })),
    }),
    fc.record({ ServiceDependencies: fc.array(fc.record({ DependencyKeyAttributes: fc.jsonValue(), MetricReferences: fc.jsonValue() })) }),
  );

  test('never throw anything but TopologyInputError', () => {
    fc.assert(fc.property(shaped, onlyTopologyErrors(parseInventory)), { numRuns: 300 });
    fc.assert(fc.property(shaped, onlyTopologyErrors(parseServiceGraph)), { numRuns: 300 });
    fc.assert(fc.property(fc.string(), onlyTopologyErrors((t) => parseAppTopology(t as string))), { numRuns: 200 });
    fc.assert(fc.property(fc.jsonValue().map((v) => JSON.stringify(v)), onlyTopologyErrors((t) => parseAppTopology(t as string))), { numRuns: 200 });
  });

  test('whatever parses builds a snapshot the schema accepts', () => {
    fc.assert(fc.property(shaped, shaped, (inv, graph) => {
      let resources: SnapshotResource[];
      let parsed: ParsedServiceGraph;
      try {
        resources = parseInventory(inv);
      } catch {
        resources = [];
      }
      try {
        parsed = parseServiceGraph(graph);
      } catch {
        parsed = { edges: [], datastores: [] };
      }
      const snapshot = buildSnapshot({ generatedAt: '2026-01-01T00:00:00Z', resources: [resources], graphs: [parsed] });
      expect(TopologySnapshotSchema.safeParse(snapshot).success).toBe(true);
    }), { numRuns: 200 });
  });
});
