import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { captureIo, SCENARIO_DIR } from './helpers';
import { loadTopologyFiles, runReplayCommand, runTriageCommand, topologyFromDocuments } from '../../src/cli';
import { FIXTURES_DIR, loadFixture } from '../support/fixtures';

const GRAPH = path.join(FIXTURES_DIR, 'api/xray/GetServiceGraph.json');
const DEPENDENCIES = path.join(FIXTURES_DIR, 'api/application-signals/ListServiceDependencies.json');

/** Built from the documented GetResources shape: the repository has no real GetResources response (SOURCES.md). */
const INVENTORY = {
  ResourceTagMappingList: [
    { ResourceARN: 'arn:aws:lambda:us-east-1:123456789012:function:checkout-api', Tags: [{ Key: 'service', Value: 'checkout' }, { Key: 'env', Value: 'prod' }] },
    { ResourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders', Tags: [{ Key: 'service', Value: 'checkout' }] },
  ],
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cdk-aiops-topology-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const lambdaSignal = (arn: string) => ({ resource: { arn, account: '123456789012', region: 'us-east-1' } }) as never;

describe('loadTopologyFiles', () => {
  test('GIVEN no flag WHEN loaded THEN undefined (triage keeps its default)', async () => {
    await expect(loadTopologyFiles({})).resolves.toBeUndefined();
  });

  test('GIVEN an inventory and both real service graphs WHEN loaded THEN the Topology has their owners and edges', async () => {
    const inventory = file('inventory.json', JSON.stringify([INVENTORY, { ResourceTagMappingList: [] }]));
    const topology = (await loadTopologyFiles({ inventory: [inventory], serviceGraph: [GRAPH, DEPENDENCIES] }))!;
    expect(topology.owner(lambdaSignal('arn:aws:lambda:us-east-1:123456789012:function:checkout-api')))
      .toMatchObject({ service: 'checkout', environment: 'prod', via: 'tags' });
    expect(topology.owner(lambdaSignal('arn:aws:dynamodb:us-east-1:123456789012:table/orders'))).toMatchObject({ service: 'checkout' });
    expect([...topology.callees('xray-sample.elasticbeanstalk.com').keys()]).toEqual(['SNS', 'awseb-e-dixzws4s9p-stack-StartupSignupsTable-4IMSMHAYX2BA']);
    expect([...topology.callers('Services-name').keys()]).toEqual(['PetAdoptionStatusUpdater']);
    expect(topology.isDatastore('awseb-e-dixzws4s9p-stack-StartupSignupsTable-4IMSMHAYX2BA')).toBe(true);
  });

  test('GIVEN documents WHEN topologyFromDocuments THEN the same Topology as from files', () => {
    const t = topologyFromDocuments([{ file: 'x', json: INVENTORY }], [{ file: 'g', json: loadFixture('api/xray/GetServiceGraph.json') }]);
    expect(t.resourceCount).toBe(2);
    expect(t.edgeCount).toBe(2);
  });
});

describe.each([
  ['triage', runTriageCommand],
  ['replay', runReplayCommand],
])('cdk-aiops %s --inventory / --service-graph', (command, run) => {
  test.each([
    ['not JSON', '--inventory', '{"ResourceTagMappingList": [', /inventory file .*bad\.json is not valid JSON/],
    ['a graph given as inventory', '--inventory', JSON.stringify(loadFixture('api/xray/GetServiceGraph.json')), /inventory file .*bad\.json is not a GetResources response: at \$: not a GetResources response: no ResourceTagMappingList/],
    ['an inventory given as graph', '--service-graph', JSON.stringify(INVENTORY), /service graph file .*bad\.json is not an X-Ray GetServiceGraph or Application Signals ListServiceDependencies response: at \$/],
    ['a bad edge', '-g', '{"Services":[{"ReferenceId":0,"Name":"a","Edges":[{"ReferenceId":7}]}]}', /at \$\.Services\[0\]\.Edges\[0\]\.ReferenceId: names no node/],
  ])('GIVEN %s WHEN run THEN exit 2 naming the file and the reason', async (_what, flag, text, message) => {
    const bad = file('bad.json', text);
    const io = captureIo();
    const code = await run([SCENARIO_DIR, flag, bad], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^cdk-aiops ${command}: `));
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  test('GIVEN a missing file WHEN run THEN exit 2', async () => {
    const io = captureIo();
    expect(await run([SCENARIO_DIR, '--service-graph', path.join(dir, 'nope.json')], io)).toBe(2);
    expect(io.err()).toMatch(/cannot read service graph file .*nope\.json: no such file/);
  });

  test('GIVEN valid files WHEN run THEN exit 0 and the help lists both flags', async () => {
    const inventory = file('ok.json', JSON.stringify(INVENTORY));
    const io = captureIo();
    expect(await run([SCENARIO_DIR, '-i', inventory, '-g', GRAPH, '-g', DEPENDENCIES, '--format', 'json'], io)).toBe(0);
    expect(io.err()).toBe('');
    const help = captureIo();
    await run(['--help'], help);
    expect(help.out()).toMatch(/--inventory <f>/);
    expect(help.out()).toMatch(/--service-graph <f>/);
  });
});
