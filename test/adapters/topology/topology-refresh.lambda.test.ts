import { gunzipSync } from 'zlib';
import { ApplicationSignalsClient, ListServiceDependenciesCommand, ListServicesCommand } from '@aws-sdk/client-application-signals';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { GetServiceGraphCommand, XRayClient } from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { TopologyRefreshEnv } from '../../../src/contract/env';
import { handler } from '../../../src/hub/topology-refresh.lambda';
import { TopologySnapshotSchema, type TopologySnapshot } from '../../../src/runtime/topology';
import { loadFixture } from '../../support/fixtures';

const NOW = new Date('2024-11-20T13:00:00.000Z');
const BUCKET = 'topology-bucket';
const KEY = 'topology/v1/snapshot.json';

/**
 * GetResources pages built from the documented shape (there is no real GetResources response in the fixtures, see
 * SOURCES.md): https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 */
const PAGES = [
  { PaginationToken: 'next-1', ResourceTagMappingList: [{ ResourceARN: 'arn:aws:lambda:us-east-1:123456789012:function:updater', Tags: [{ Key: 'service', Value: 'PetAdoptionStatusUpdater' }] }] },
  { PaginationToken: '', ResourceTagMappingList: [{ ResourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/pets', Tags: [{ Key: 'app', Value: 'PetAdoptionStatusUpdater' }, { Key: 'stage', Value: 'prod' }] }] },
];

const s3 = mockClient(S3Client);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const xray = mockClient(XRayClient);
const signals = mockClient(ApplicationSignalsClient);
const ssm = mockClient(SSMClient);
const savedEnv = { ...process.env };

function body(json: unknown) {
  // The one method of the SDK's stream mixin that the store calls.
  return { transformToByteArray: async () => new Uint8Array(Buffer.from(JSON.stringify(json))) };
}

function written(): TopologySnapshot {
  const put = s3.commandCalls(PutObjectCommand);
  expect(put).toHaveLength(1);
  const raw = put[0].args[0].input.Body as Buffer;
  return TopologySnapshotSchema.parse(JSON.parse((raw[0] === 0x1f ? gunzipSync(raw) : raw).toString('utf8')));
}

beforeEach(() => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'queueMicrotask', 'hrtime', 'performance'] });
  for (const m of [s3, tagging, xray, signals, ssm]) m.reset();
  process.env = {
    ...savedEnv,
    AWS_REGION: 'us-east-1',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    [TopologyRefreshEnv.TOPOLOGY_BUCKET]: BUCKET,
    [TopologyRefreshEnv.TOPOLOGY_KEY]: KEY,
    [TopologyRefreshEnv.DECLARED_EDGES]: JSON.stringify([{ from: 'checkout', to: 'PetAdoptionStatusUpdater' }]),
    [TopologyRefreshEnv.APP_TOPOLOGY_PARAMETER]: '/app/topology',
  };
  s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no such key', $metadata: {} }));
  s3.on(PutObjectCommand).resolves({});
  tagging.on(GetResourcesCommand).resolvesOnce(PAGES[0]).resolvesOnce(PAGES[1]);
  xray.on(GetServiceGraphCommand).resolves(loadFixture('api/xray/GetServiceGraph.json'));
  signals.on(ListServicesCommand).resolves(loadFixture('api/application-signals/ListServices.json'));
  signals.on(ListServiceDependenciesCommand).resolves(loadFixture('api/application-signals/ListServiceDependencies.json'));
  ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/app/topology', Value: JSON.stringify({ edges: [{ from: 'web', to: 'checkout' }], resources: [{ arn: 'arn:aws:lambda:us-east-1:123456789012:function:web', service: 'web' }] }) } });
});

afterEach(() => {
  jest.useRealTimers();
  process.env = savedEnv;
});

describe('topology refresher handler over the real service graph fixtures', () => {
  test('GIVEN every source answers WHEN it runs THEN one snapshot with owners, edges and data stores of all of them', async () => {
    const report = await handler();

    expect(tagging.commandCalls(GetResourcesCommand).map((c) => c.args[0].input)).toEqual([
      { ResourcesPerPage: 100 }, { ResourcesPerPage: 100, PaginationToken: 'next-1' },
    ]);
    const graph = xray.commandCalls(GetServiceGraphCommand)[0].args[0].input;
    expect(graph.EndTime).toEqual(NOW);
    expect(graph.StartTime).toEqual(new Date(NOW.getTime() - 6 * 3_600_000));
    // ListServiceDependencies is asked for each service ListServices returned, with its KeyAttributes.
    expect(signals.commandCalls(ListServiceDependenciesCommand)[0].args[0].input.KeyAttributes)
      .toEqual({ Environment: 'lambda:default', Name: 'hello-world-python', Type: 'Service' });

    const snapshot = written();
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ Bucket: BUCKET, Key: KEY, ContentType: 'application/json' });
    expect(snapshot.generatedAt).toBe(NOW.toISOString());
    expect(snapshot.edges).toEqual([
      { from: 'checkout', to: 'PetAdoptionStatusUpdater', source: 'declared' },
      // The request's KeyAttributes name the caller, not the fixture's own metric dimension.
      { from: 'hello-world-python', to: 'Services-name', source: 'application-signals' },
      { from: 'web', to: 'checkout', source: 'cdk-app' },
      { from: 'xray-sample.elasticbeanstalk.com', to: 'SNS', source: 'xray' },
      { from: 'xray-sample.elasticbeanstalk.com', to: 'awseb-e-dixzws4s9p-stack-StartupSignupsTable-4IMSMHAYX2BA', source: 'xray' },
    ]);
    expect(snapshot.datastores).toEqual(['awseb-e-dixzws4s9p-stack-StartupSignupsTable-4IMSMHAYX2BA']);
    expect(snapshot.resources.map((r) => r.arn)).toEqual([
      'arn:aws:dynamodb:us-east-1:123456789012:table/pets',
      'arn:aws:lambda:us-east-1:123456789012:function:updater',
      'arn:aws:lambda:us-east-1:123456789012:function:web',
    ]);
    expect(snapshot.sources?.map((s) => [s.source, s.status, s.items])).toEqual([
      ['declared', 'ok', 1], ['tags', 'ok', 2], ['xray', 'ok', 2], ['application-signals', 'ok', 1], ['cdk-app', 'ok', 2],
    ]);
    expect(report).toMatchObject({ written: true, key: KEY, ageSeconds: 0, resources: 3, edges: 5, datastores: 1 });
  });

  test('GIVEN X-Ray throttles and the parameter is missing WHEN it runs THEN the others are kept and the previous X-Ray edges carried', async () => {
    const previous: TopologySnapshot = {
      version: 1,
      generatedAt: '2024-11-20T12:45:00.000Z',
      resources: [],
      edges: [{ from: 'old-caller', to: 'old-callee', source: 'xray' }, { from: 'gone', to: 'away', source: 'application-signals' }],
      datastores: ['old-table'],
    };
    s3.on(GetObjectCommand).resolves({ Body: body(previous) as never });
    xray.on(GetServiceGraphCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));

    const report = await handler();

    const snapshot = written();
    expect(snapshot.edges).toContainEqual({ from: 'old-caller', to: 'old-callee', source: 'xray' });
    expect(snapshot.edges).not.toContainEqual(expect.objectContaining({ from: 'gone' }));
    expect(snapshot.edges).toContainEqual({ from: 'hello-world-python', to: 'Services-name', source: 'application-signals' });
    expect(snapshot.datastores).toEqual(['old-table']);
    expect(snapshot.sources).toContainEqual({ source: 'xray', status: 'failed', items: 1, reason: 'ThrottlingException: Rate exceeded' });
    expect(snapshot.sources).toContainEqual({ source: 'cdk-app', status: 'skipped', items: 0, reason: 'not found' });
    expect(report.written).toBe(true);
  });

  test('GIVEN every source is denied WHEN it runs THEN nothing is written and the previous snapshot stays, its age reported', async () => {
    const previous: TopologySnapshot = { version: 1, generatedAt: '2024-11-20T12:30:00.000Z', resources: [], edges: [] };
    s3.on(GetObjectCommand).resolves({ Body: body(previous) as never });
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    tagging.on(GetResourcesCommand).rejects(denied);
    xray.on(GetServiceGraphCommand).rejects(denied);
    signals.on(ListServicesCommand).rejects(denied);
    ssm.on(GetParameterCommand).rejects(denied);

    const report = await handler();

    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(report).toMatchObject({ written: false, generatedAt: previous.generatedAt, ageSeconds: 1800 });
    expect(report.sources.filter((s) => s.status === 'failed').map((s) => s.source)).toEqual(['tags', 'xray', 'application-signals', 'cdk-app']);
  });

  test('GIVEN X-Ray and Application Signals switched off and a .gz key WHEN it runs THEN they are skipped and the object is gzip', async () => {
    process.env[TopologyRefreshEnv.XRAY_ENABLED] = 'false';
    process.env[TopologyRefreshEnv.APPLICATION_SIGNALS_ENABLED] = 'false';
    process.env[TopologyRefreshEnv.TOPOLOGY_KEY] = 'topology/v1/snapshot.json.gz';

    await handler();

    expect(xray.commandCalls(GetServiceGraphCommand)).toHaveLength(0);
    expect(signals.commandCalls(ListServicesCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input.ContentEncoding).toBe('gzip');
    expect(written().sources).toContainEqual({ source: 'xray', status: 'skipped', items: 0, reason: 'switched off' });
  });

  test('GIVEN no bucket WHEN it runs THEN it fails naming the variables', async () => {
    delete process.env[TopologyRefreshEnv.TOPOLOGY_BUCKET];
    await expect(handler()).rejects.toThrow(/AIOPS_TOPOLOGY_BUCKET/);
  });
});
