import { App, Stack, Stage, Token, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ENV, fn, sampleApp } from './sample-app';
import { AppTopology } from '../../src';
import { cfnLintApps } from '../support/cfn-lint';

type Json = any;

/**
 * The parameter's value as CloudFormation will resolve it at deploy: Fn::Join joined, Fn::ImportValue followed to the
 * producing stack's export, and each resource reference written `ref(<logicalId>)` or `<logicalId>.<attribute>`.
 */
function deployedValue(app: App, stack: Stack): Json {
  const assembly = app.synth();
  const templates = assembly.stacks.map((s) => s.template as Json);
  const exports = new Map<string, { value: Json; template: Json }>();
  for (const template of templates) {
    for (const output of Object.values<Json>(template.Outputs ?? {})) {
      if (output.Export?.Name) exports.set(output.Export.Name, { value: output.Value, template });
    }
  }
  const pseudo: Record<string, string> = { 'AWS::Region': ENV.region!, 'AWS::AccountId': ENV.account!, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };
  const evaluate = (node: Json, template: Json): string => {
    if (typeof node === 'string') return node;
    if (node['Fn::Join']) return node['Fn::Join'][1].map((p: Json) => evaluate(p, template)).join(node['Fn::Join'][0]);
    if (node['Fn::ImportValue']) {
      const found = exports.get(node['Fn::ImportValue']);
      if (!found) throw new Error(`no export ${node['Fn::ImportValue']}`);
      return evaluate(found.value, found.template);
    }
    if (node.Ref) return pseudo[node.Ref] ?? `ref(${node.Ref})`;
    if (node['Fn::GetAtt']) return `${node['Fn::GetAtt'][0]}.${node['Fn::GetAtt'][1]}`;
    throw new Error(`cannot evaluate ${JSON.stringify(node)}`);
  };
  const template = assembly.getStackByName(stack.stackName).template as Json;
  const params = Object.values<Json>(template.Resources).filter((r) => r.Type === 'AWS::SSM::Parameter');
  expect(params).toHaveLength(1);
  return { value: JSON.parse(evaluate(params[0].Properties.Value, template)), tier: params[0].Properties.Tier };
}

const logicalId = (construct: { node: { defaultChild?: unknown } }) => {
  const child = construct.node.defaultChild as CfnElement;
  return Stack.of(child).getLogicalId(child);
};

describe('AppTopology on a sample app', () => {
  test('edges: API integrations, a state machine, a function\'s environment, an event source mapping, a subscription, a load balancer', () => {
    const { topology, app } = sampleApp();
    app.synth();
    expect(topology.edges).toEqual([
      { from: 'Worker', to: 'orders', via: 'event-source-mapping' },
      { from: 'Worker', to: 'storefront', via: 'sns-subscription' },
      { from: 'edge', to: 'web-backend', via: 'load-balancer' },
      { from: 'fulfilment', to: 'orders', via: 'state-machine' },
      { from: 'mobile-api', to: 'orders', via: 'api-integration' },
      { from: 'orders', to: 'inventory-db', via: 'lambda-environment' },
      { from: 'storefront', to: 'orders', via: 'api-integration' },
    ]);
  });

  test('owners: the nearest mark, else the stack\'s service tag, else the stack name; data-store services', () => {
    const s = sampleApp();
    expect(s.topology.ownerOf(s.ordersFunction)).toBe('orders');
    expect(s.topology.ownerOf(s.ordersTable)).toBe('orders');
    expect(s.topology.ownerOf(s.inventoryTable)).toBe('inventory-db');
    expect(s.topology.ownerOf(s.workerFunction)).toBe('Worker');
    expect(s.topology.ownerOf(s.stacks.api.node.findChild('Rest'))).toBe('storefront');
    expect(s.topology.datastores).toEqual(['inventory-db']);
    expect(s.topology.services).toEqual(expect.arrayContaining(['Worker', 'edge', 'fulfilment', 'inventory-db', 'mobile-api', 'orders', 'storefront', 'web-backend']));
  });

  test('the parameter holds the graph; CloudFormation resolves the ARNs at deploy (standard tier)', () => {
    const s = sampleApp();
    const { value, tier } = deployedValue(s.app, s.stacks.topology);
    expect(tier).toBe('Standard');
    expect(value.edges).toContainEqual({ from: 'storefront', to: 'orders' });
    expect(value.edges).toHaveLength(7);
    expect(value.datastores).toEqual(['inventory-db']);
    expect(value.resources).toEqual(expect.arrayContaining([
      { arn: `${logicalId(s.ordersFunction)}.Arn`, service: 'orders', environment: 'production' },
      { arn: `${logicalId(s.ordersTable)}.Arn`, service: 'orders', environment: 'production' },
      { arn: `${logicalId(s.inventoryTable)}.Arn`, service: 'inventory-db', environment: 'production' },
      { arn: `${logicalId(s.workerFunction)}.Arn`, service: 'Worker' },
      { arn: `arn:aws:apigateway:eu-west-1::/restapis/ref(${logicalId(s.stacks.api.node.findChild('Rest'))})`, service: 'storefront' },
    ]));
    for (const r of value.resources) expect(r.arn).not.toMatch(/\$\{Token/);
  });

  test('cfn-lint finds no error in the sample app\'s templates (exports, imports, the parameter\'s tier)', () => {
    const matches = cfnLintApps({ sample: sampleApp().app, edgesOnly: sampleApp({ includeResources: false }).app });
    expect(matches.filter((m) => m.level === 'Error').map((m) => `${m.rule} ${m.file}: ${m.message}`)).toEqual([]);
  }, 300_000);

  test('marked subtrees are tagged with their service, so the Tagging API sees the owner too', () => {
    const s = sampleApp();
    Template.fromStack(s.stacks.orders).hasResourceProperties('AWS::Lambda::Function', {
      Tags: Match.arrayWith([{ Key: 'service', Value: 'orders' }]),
    });
    const untagged = sampleApp({ tagServices: false });
    Template.fromStack(untagged.stacks.orders).hasResourceProperties('AWS::Lambda::Function', {
      Tags: Match.absent(),
    });
    expect(untagged.topology.ownerOf(untagged.ordersFunction)).toBe('orders');
  });

  test('an explicit environment wins over stack tags; includeResources: false keeps the edges alone', () => {
    const s = sampleApp({ environment: 'staging', includeResources: false });
    const { value } = deployedValue(s.app, s.stacks.topology);
    expect(value.resources).toEqual([]);
    expect(value.edges).toHaveLength(7);
    const e = sampleApp({ environment: 'staging' });
    expect(deployedValue(e.app, e.stacks.topology).value.resources.every((r: Json) => r.environment === 'staging')).toBe(true);
  });
});

describe('AppTopology scopes', () => {
  test('the nearest mark wins: a child marked inside a marked subtree is its own service', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const parent = new Construct(stack, 'Orders');
    const child = new Construct(parent, 'Ledger');
    AppTopology.service(parent, 'orders');
    AppTopology.service(child, 'ledger');
    const table = new dynamodb.Table(child, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const handler = fn(parent, 'Handler', { LEDGER: table.tableName });
    const topology = new AppTopology(stack, 'T');
    expect([topology.ownerOf(handler), topology.ownerOf(table)]).toEqual(['orders', 'ledger']);
    expect(topology.edges).toEqual([{ from: 'orders', to: 'ledger', via: 'lambda-environment' }]);
    expect(topology.datastores).toEqual(['ledger']);
    // The tags agree with the marks: the nearer tag wins.
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', { Tags: [{ Key: 'service', Value: 'ledger' }] });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Tags: [{ Key: 'service', Value: 'orders' }] });
  });

  test('inside a Stage it reads the stacks of that Stage only', () => {
    const app = new App();
    const outside = new Stack(app, 'Outside', { env: ENV });
    AppTopology.service(fn(outside, 'Other'), 'other');
    const stage = new Stage(app, 'Prod', { env: ENV });
    const inside = new Stack(stage, 'Inside');
    AppTopology.service(fn(inside, 'Mine'), 'mine');
    const topology = new AppTopology(new Stack(stage, 'Topology'), 'T');
    expect(topology.services).toEqual(['mine']);
    expect(() => app.synth()).not.toThrow();
  });
});

describe('AppTopology size and tier', () => {
  function appWith(functions: number, includeResources = true) {
    const app = new App();
    const stack = new Stack(app, 'Many', { env: ENV });
    for (let i = 0; i < functions; i++) AppTopology.service(fn(stack, `F${i}`), `service-${i}`);
    const topology = new AppTopology(stack, 'AppTopology', { includeResources });
    return { app, stack, topology };
  }

  test('beyond 4 KB the parameter is advanced-tier', () => {
    const { stack } = appWith(30);
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Parameter', { Tier: 'Advanced' });
  });

  test('beyond 8 KB synthesis fails with a message; without resources it fits', () => {
    expect(() => appWith(60).app.synth()).toThrow(/may reach \d+ characters at deploy, more than the 8192.*includeResources: false/);
    const { stack } = appWith(60, false);
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Parameter', { Tier: 'Standard' });
  });
});

describe('AppTopology validation', () => {
  test('service names must be known, non-blank and short; a subtree has one service', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => AppTopology.service(stack, ' ')).toThrow(/service name must be 1 to 256 characters/);
    expect(() => AppTopology.service(stack, Token.asString({ Ref: 'X' }))).toThrow(/must be known at synth/);
    expect(() => AppTopology.service(stack, 'x'.repeat(257))).toThrow(/1 to 256/);
    AppTopology.service(stack, 'a');
    AppTopology.service(stack, 'a');
    expect(() => AppTopology.service(stack, 'b')).toThrow(/already marked as service 'a'/);
  });

  test('stacks must share the topology\'s environment, and not be empty', () => {
    const app = new App();
    const here = new Stack(app, 'Here', { env: ENV });
    const there = new Stack(app, 'There', { env: { account: '222222222222', region: 'eu-west-1' } });
    expect(() => new AppTopology(here, 'T', { stacks: [there] })).toThrow(/There is in another account or Region.*one AppTopology per environment/);
    expect(() => new AppTopology(here, 'U', { stacks: [] })).toThrow(/stacks is empty/);
    expect(() => new AppTopology(here, 'V', { serviceTagKey: '' })).toThrow(/serviceTagKey must be 1 to 256/);
  });

  test('by default stacks of another environment are not read', () => {
    const app = new App();
    const here = new Stack(app, 'Here', { env: ENV });
    const there = new Stack(app, 'There', { env: { account: '222222222222', region: 'eu-west-1' } });
    AppTopology.service(fn(there, 'Far'), 'far');
    AppTopology.service(fn(here, 'Near'), 'near');
    const topology = new AppTopology(here, 'T');
    expect(topology.services).toEqual(['near']);
    expect(() => app.synth()).not.toThrow();
  });
});
