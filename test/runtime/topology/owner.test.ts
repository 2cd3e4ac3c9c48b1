import type { Signal } from '../../../src/runtime/model';
import { Topology, unqualifiedFunctionArn, type TopologySnapshot } from '../../../src/runtime/topology';

const FN = 'arn:aws:lambda:eu-west-1:111111111111:function:orders-api';
const TABLE = 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders';
const ALARM = 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:orders-5xx';
const QUEUE = 'arn:aws:sqs:eu-west-1:111111111111:orders-dlq';
const CDK_FN = 'arn:aws:lambda:eu-west-1:111111111111:function:worker';

const snapshot: TopologySnapshot = {
  version: 1,
  generatedAt: '2026-12-01T00:00:00.000Z',
  resources: [
    { arn: FN, tags: { 'service': 'orders', 'environment': 'production', 'aws:cloudformation:stack-name': 'Orders' } },
    { arn: TABLE, tags: { 'app': 'orders', 'aws:cloudformation:stack-name': 'Orders' } },
    // Untagged, but in the Orders stack: the stack's majority service owns it.
    { arn: QUEUE, tags: { 'aws:cloudformation:stack-name': 'Orders' } },
    { arn: ALARM, tags: { service: 'orders-alarms', env: 'staging' } },
    // Known from the CDK app only (AppTopology), no tags.
    { arn: CDK_FN, service: 'worker', environment: 'production' },
  ],
  edges: [],
};
const topology = Topology.fromSnapshot(snapshot);

function signal(resource: Partial<Signal['resource']>, extra: Partial<Signal> = {}): Signal {
  return {
    id: 'x',
    source: 'cloudwatch-alarm',
    kind: 'metric-alarm',
    severity: 'high',
    state: 'firing',
    resource: { type: 'AWS::Lambda::Function', id: 'orders-api', account: '111111111111', region: 'eu-west-1', ...resource },
    fingerprint: 'f',
    time: '2026-12-01T00:00:00.000Z',
    title: 't',
    raw: { source: 'aws.cloudwatch', bytes: 1, excerpt: '{}' },
    ...extra,
  };
}

describe('Topology.owner', () => {
  test('the resource\'s tags give service and environment; account and region come from the resource', () => {
    expect(topology.owner(signal({ arn: FN }))).toEqual({
      service: 'orders', environment: 'production', account: '111111111111', region: 'eu-west-1', via: 'tags',
    });
  });

  test('an untagged resource takes its stack\'s majority service, and the environment tagged in that stack', () => {
    expect(topology.owner(signal({ arn: QUEUE }))).toMatchObject({ service: 'orders', environment: 'production', via: 'stack' });
  });

  test('a resource the CDK app named is owned `cdk-app`', () => {
    expect(topology.owner(signal({ arn: CDK_FN }))).toMatchObject({ service: 'worker', environment: 'production', via: 'cdk-app' });
  });

  test('a version or alias qualifier matches the unqualified function', () => {
    expect(topology.owner(signal({ arn: `${FN}:prod` }))).toMatchObject({ service: 'orders', via: 'tags' });
    expect(topology.owner(signal({ arn: `${FN}:42` }))).toMatchObject({ service: 'orders' });
    expect(unqualifiedFunctionArn(`${FN}:$LATEST`)).toBe(FN);
    expect(unqualifiedFunctionArn(FN)).toBe(FN);
    expect(unqualifiedFunctionArn(`${TABLE}/stream/2026`)).toBe(`${TABLE}/stream/2026`);
    // Only Lambda function ARNs are unqualified: an unknown alarm with a colon in its name stays unknown.
    expect(topology.owner(signal({ arn: `${ALARM}:x` }) )).toMatchObject({ via: 'none' });
  });

  test('hinted ARNs are read after the resource: the alarm\'s own tags when its metric\'s resource is unknown', () => {
    const unknown = signal({ arn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc' }, { hints: { arns: [ALARM] } });
    expect(topology.owner(unknown)).toMatchObject({ service: 'orders-alarms', environment: 'staging', via: 'tags' });
    // The resource wins over the hint.
    expect(topology.owner(signal({ arn: FN }, { hints: { arns: [ALARM] } }))).toMatchObject({ service: 'orders' });
  });

  test('hinted stacks, then hinted services, then the normaliser\'s guess, else none', () => {
    expect(topology.owner(signal({}, { hints: { stacks: ['Nope', 'Orders'] } }))).toMatchObject({ service: 'orders', via: 'stack' });
    expect(topology.owner(signal({}, { hints: { services: ['web', 'web-2'] }, service: 'guess' }))).toMatchObject({ service: 'web', via: 'hint' });
    expect(topology.owner(signal({}, { service: 'guess' }))).toMatchObject({ service: 'guess', via: 'signal' });
    expect(topology.owner(signal({}))).toEqual({ service: undefined, environment: undefined, account: '111111111111', region: 'eu-west-1', via: 'none' });
  });

  test('the signal\'s own environment wins over tags, so staging and production never merge', () => {
    expect(topology.owner(signal({ arn: FN }, { environment: 'staging' }))).toMatchObject({ service: 'orders', environment: 'staging' });
    const eu = topology.owner(signal({ arn: FN }));
    const us = topology.owner(signal({ arn: FN, region: 'us-east-1' }));
    expect([eu.region, us.region]).toEqual(['eu-west-1', 'us-east-1']);
  });

  test('the empty topology: owners come only from the signal', () => {
    expect(Topology.EMPTY.owner(signal({ arn: FN }, { hints: { services: ['x'] } }))).toMatchObject({ service: 'x', via: 'hint' });
  });
});
