import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { AiopsHub, type AiopsHubProps } from '../../src';
import { METRIC_NAMESPACE, TOPOLOGY_SERVICE_NAME, TopologyMetric, TopologyRefreshEnv, TriageEnv } from '../../src/hub/constants';
import { TOPOLOGY_SNAPSHOT_KEY } from '../../src/hub/topology-refresher';

function synth(props?: AiopsHubProps, extra?: (stack: Stack) => Partial<AiopsHubProps>) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const hub = new AiopsHub(stack, 'Hub', { ...props, ...extra?.(stack) });
  return { stack, hub, template: Template.fromStack(stack) };
}

function functionEnv(template: Template, variable: string): Record<string, unknown> {
  const fns = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.objectLike({ [variable]: Match.anyValue() }) } } });
  const list = Object.values(fns) as any[];
  expect(list).toHaveLength(1);
  return list[0].Properties.Environment.Variables;
}

describe('AiopsHub topology refresher', () => {
  test('GIVEN the defaults THEN a KMS, TLS-only, versioned bucket whose noncurrent versions expire after 7 days', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true, ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 7 }, Status: 'Enabled' })] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('GIVEN the defaults THEN the refresher runs every 15 minutes with X-Ray and Application Signals on, and the declared topology as edges', () => {
    const { template } = synth({ triage: { topology: { checkout: ['payments', 'inventory'] } } });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED', Target: Match.objectLike({ RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }) }),
    });
    const env = functionEnv(template, TopologyRefreshEnv.DECLARED_EDGES);
    expect(JSON.parse(env[TopologyRefreshEnv.DECLARED_EDGES] as string)).toEqual([{ from: 'checkout', to: 'payments' }, { from: 'checkout', to: 'inventory' }]);
    expect(env).toMatchObject({
      [TopologyRefreshEnv.TOPOLOGY_KEY]: TOPOLOGY_SNAPSHOT_KEY,
      [TopologyRefreshEnv.XRAY_ENABLED]: 'true',
      [TopologyRefreshEnv.APPLICATION_SIGNALS_ENABLED]: 'true',
      [TopologyRefreshEnv.GRAPH_LOOKBACK_HOURS]: '6',
    });
    expect(env).not.toHaveProperty(TopologyRefreshEnv.APP_TOPOLOGY_PARAMETER);
  });

  test('THEN the refresher reads the sources read-only on * and writes the one snapshot key, nothing else of the bucket', () => {
    const { template } = synth();
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({
      Sid: 'ReadTopologySources',
      Action: ['tag:GetResources', 'xray:GetServiceGraph', 'application-signals:ListServices', 'application-signals:ListServiceDependencies'],
      Resource: '*',
    }));
    const write = statements.find((s) => s.Sid === 'ReadWriteSnapshot');
    expect(write.Action).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(write.Resource)).toContain(`/${TOPOLOGY_SNAPSHOT_KEY}`);
    const s3Wildcards = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:') && a.includes('*')));
    expect(s3Wildcards).toEqual([]);
  });

  test('THEN triage is granted the snapshot and told where it is, the cache TTL and the tag keys', () => {
    const { template } = synth({ serviceTagKeys: ['team-service'], environmentTagKeys: ['stage'], topologyRefresh: { cacheTtl: Duration.minutes(2) } });
    const env = functionEnv(template, TriageEnv.DLQ_URL);
    expect(env).toMatchObject({
      [TriageEnv.TOPOLOGY_KEY]: TOPOLOGY_SNAPSHOT_KEY,
      [TriageEnv.TOPOLOGY_CACHE_SECONDS]: '120',
      [TriageEnv.SERVICE_TAG_KEYS]: '["team-service"]',
      [TriageEnv.ENVIRONMENT_TAG_KEYS]: '["stage"]',
    });
    expect(env[TriageEnv.TOPOLOGY_BUCKET]).toEqual({ Ref: expect.stringMatching(/^HubTopologySnapshotBucket/) });
  });

  test('GIVEN an AppTopology parameter THEN the refresher may read it and is told its name', () => {
    const { template } = synth({}, (stack) => ({ appTopologyParameter: ssm.StringParameter.fromStringParameterName(stack, 'P', '/app/topology') }));
    expect(functionEnv(template, TopologyRefreshEnv.APP_TOPOLOGY_PARAMETER)[TopologyRefreshEnv.APP_TOPOLOGY_PARAMETER]).toBe('/app/topology');
    const statements = (Object.values(template.findResources('AWS::IAM::Policy')) as any[]).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(['ssm:GetParameter']) }));
  });

  test('GIVEN a rate and sources off THEN the schedule, the permissions and the alarm follow', () => {
    const { template, hub } = synth({ topologyRefresh: { rate: Duration.minutes(30), xray: false, applicationSignals: false } });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(30 minutes)' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ReadTopologySources', Action: 'tag:GetResources' })]) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRIC_NAMESPACE,
      MetricName: TopologyMetric.SNAPSHOT_AGE,
      Dimensions: Match.arrayWith([{ Name: 'service', Value: TOPOLOGY_SERVICE_NAME }]),
      Statistic: 'Maximum',
      Period: 5400,
      Threshold: 5400,
      TreatMissingData: 'breaching',
    });
    expect(hub.alarms.topologyAge).toBeDefined();
  });

  test('GIVEN enabled: false THEN no bucket, no schedule, no alarm, and triage is not told of a snapshot', () => {
    const { template, hub } = synth({ topologyRefresh: { enabled: false } });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    expect(hub.alarms.topologyAge).toBeUndefined();
    expect(hub.topologySnapshotBucket).toBeUndefined();
    expect(functionEnv(template, TriageEnv.DLQ_URL)).not.toHaveProperty(TriageEnv.TOPOLOGY_BUCKET);
  });

  test.each([
    [{ topologyRefresh: { rate: Duration.seconds(90) } }, /topologyRefresh.rate must be whole minutes from 1 to 480/],
    [{ topologyRefresh: { rate: Duration.hours(9) } }, /topologyRefresh.rate must be whole minutes/],
    [{ topologyRefresh: { graphLookback: Duration.hours(25) } }, /graphLookback must be whole hours from 1 to 24/],
    [{ serviceTagKeys: [] }, /serviceTagKeys must list 1 to 20 tag keys/],
  ])('GIVEN %j THEN a clear error', (props, message) => {
    expect(() => synth(props as AiopsHubProps)).toThrow(message);
  });
});
