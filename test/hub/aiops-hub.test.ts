import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { matchesPattern } from './event-pattern';
import { AiopsHub, AiopsHubProps } from '../../src';
import {
  AIOPS_EVENT_SOURCE, DetailType, INCIDENT_DETAIL_TYPES, INGEST_DETAIL_TYPES, IncidentTableKeys, KUBERNETES_EVENT_SOURCE, TriageEnv,
} from '../../src/hub/constants';
import { SUPPORTED_DETAIL_TYPES } from '../../src/runtime/normalise';
import { resolveTriageRules } from '../../src/runtime/triage';
import { listFixtures, loadFixture } from '../support/fixtures';
import { expectNoUnacknowledgedNagFindings } from '../support/nag';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function hubStack(props?: AiopsHubProps) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const hub = new AiopsHub(stack, 'Hub', props);
  return { app, stack, hub };
}

function synth(props?: AiopsHubProps) {
  const { stack, hub } = hubStack(props);
  return { hub, stack, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as any);
}

function rulePatterns(template: Template): Array<Record<string, unknown>> {
  return Object.values(template.findResources('AWS::Events::Rule')).map((r: any) => r.Properties.EventPattern);
}

function triageEnvironment(template: Template): Record<string, unknown> {
  const fns = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.objectLike({ [TriageEnv.DLQ_URL]: Match.anyValue() }) } } });
  const [fn] = Object.values(fns) as any[];
  return fn.Properties.Environment.Variables;
}

describe('AiopsHub event bus', () => {
  test('creates a custom bus with no resource policy by default', () => {
    // GIVEN / WHEN
    const { template } = synth();
    // THEN
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
  });

  test('uses the given bus name', () => {
    const { template } = synth({ eventBusName: 'ops-hub' });
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'ops-hub' });
  });

  test('lets the allowed accounts put events', () => {
    const { template } = synth({ allowedAccounts: ['222222222222', '333333333333'] });
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Principal: {
          AWS: [
            { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':iam::222222222222:root')])] },
            { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':iam::333333333333:root')])] },
          ],
        },
        Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Hub'), 'Arn'] },
      }),
    });
  });

  test('lets a whole organization put events, conditioned on aws:PrincipalOrgID', () => {
    const { template } = synth({ organizationId: 'o-a1b2c3d4e5' });
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({
        Action: 'events:PutEvents',
        Principal: { AWS: '*' },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      }),
    });
  });

  test.each<[string, AiopsHubProps]>([
    ['allowed accounts', { allowedAccounts: ['222222222222'] }],
    ['an organization', { organizationId: 'o-a1b2c3d4e5' }],
  ])('with %s, denies other accounts the cdk-aiops incident and agent events (the bus is a trigger)', (_, props) => {
    const { template } = synth(props);
    const deny = Object.values(template.findResources('AWS::Events::EventBusPolicy')).map((p: any) => p.Properties.Statement)
      .filter((st: any) => st.Effect === 'Deny');
    expect(deny).toEqual([{
      Sid: 'cdk-DenyOtherAccountsIncidentEvents',
      Effect: 'Deny',
      Action: 'events:PutEvents',
      Principal: { AWS: '*' },
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Hub/), 'Arn'] },
      Condition: {
        StringEquals: {
          'events:source': 'cdk-aiops',
          'events:detail-type': ['Incident Opened', 'Incident Updated', 'Incident Escalated', 'Incident Resolved', 'Incident Decision', 'Agent Failure'],
        },
        StringNotEquals: { 'aws:PrincipalAccount': ENV.account },
      },
    }]);
    // SLO reports (cdk-aiops) and Kubernetes events (cdk-aiops.kubernetes) from spokes stay allowed.
    const denied = deny[0].Condition.StringEquals['events:detail-type'] as string[];
    expect(denied).not.toContain('SLO Budget Report');
    expect(denied).not.toContain('Kubernetes Event');
  });

  test('without cross-account access, no bus policy at all (nothing to deny)', () => {
    synth().template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
  });

  test('archives every event for 30 days by default', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Events::Archive', {
      RetentionDays: 30,
      EventPattern: { source: [{ prefix: '' }] },
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Hub'), 'Arn'] },
    });
  });

  test('archiveRetention sets the archive retention', () => {
    const { template } = synth({ archiveRetention: Duration.days(365) });
    template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 365 });
  });

  test('archiveRetention of zero days creates no archive', () => {
    const { hub, template } = synth({ archiveRetention: Duration.days(0) });
    template.resourceCountIs('AWS::Events::Archive', 0);
    expect(hub.archive).toBeUndefined();
  });
});

describe('AiopsHub routing rules', () => {
  const EXPECTED_PATTERNS = Object.entries(INGEST_DETAIL_TYPES).map(([source, detailTypes]) => ({ 'source': [source], 'detail-type': detailTypes }));

  test('routes exactly the detail-types the normalisers handle, except the ignored alarm configuration changes', () => {
    // Drift guard: an unsupported detail-type routed to triage would land in the dead-letter queue and page.
    const routed = Object.values(INGEST_DETAIL_TYPES).flat().sort();
    expect(routed).toEqual(SUPPORTED_DETAIL_TYPES.filter((t) => t !== 'CloudWatch Alarm Configuration Change'));
  });

  test('has exactly one rule per supported source family, on the hub bus', () => {
    const { template } = synth();
    expect(EXPECTED_PATTERNS).toHaveLength(14);
    expect(EXPECTED_PATTERNS).toEqual(expect.arrayContaining([
      { 'source': ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] },
      { 'source': [AIOPS_EVENT_SOURCE], 'detail-type': [DetailType.SLO_BUDGET_REPORT] },
      { 'source': [KUBERNETES_EVENT_SOURCE], 'detail-type': [DetailType.KUBERNETES_EVENT] },
    ]));
    expect(rulePatterns(template)).toEqual(expect.arrayContaining(EXPECTED_PATTERNS));
    expect(rulePatterns(template)).toHaveLength(EXPECTED_PATTERNS.length);
    for (const pattern of EXPECTED_PATTERNS) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: { Ref: Match.stringLikeRegexp('^Hub') },
        EventPattern: pattern,
        State: 'ENABLED',
      });
    }
  });

  test('every rule targets the ingest queue with the dead-letter queue for undeliverable events', () => {
    const { hub, stack, template } = synth();
    const ingest = logicalId(stack, hub.ingestQueue);
    const dlq = logicalId(stack, hub.deadLetterQueue);
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as any[];
    for (const rule of rules) {
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [ingest, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        }),
      ]);
    }
  });

  test.each(INCIDENT_DETAIL_TYPES)('never routes the hub\'s own "%s" events back to triage (no loop)', (detailType) => {
    const { template } = synth();
    const incidentEvent = { 'source': AIOPS_EVENT_SOURCE, 'detail-type': detailType, 'detail': {} };
    expect(rulePatterns(template).filter((p) => matchesPattern(p, incidentEvent))).toEqual([]);
  });

  test('routes cdk-aiops SLO budget reports and Kubernetes events', () => {
    const { template } = synth();
    for (const event of [
      { 'source': AIOPS_EVENT_SOURCE, 'detail-type': DetailType.SLO_BUDGET_REPORT },
      { 'source': KUBERNETES_EVENT_SOURCE, 'detail-type': DetailType.KUBERNETES_EVENT },
    ]) {
      expect(rulePatterns(template).filter((p) => matchesPattern(p, event))).toHaveLength(1);
    }
  });

  // Real EventBridge envelopes from ../shared/fixtures (the SNS-wrapped and PutEvents-entry ones are not envelopes).
  const envelopes = listFixtures('events')
    .map((file) => ({ file, event: loadFixture(file) }))
    .filter(({ event }) => event && !Array.isArray(event) && event.version === '0' && event['detail-type']);

  test('the fixtures include real EventBridge envelopes', () => {
    expect(envelopes.length).toBeGreaterThan(20);
  });

  test.each(envelopes.map(({ file, event }) => [file, event]))('routes %s to exactly one rule, or none for alarm configuration changes', (file, event) => {
    const { template } = synth();
    const matching = rulePatterns(template).filter((p) => matchesPattern(p, event));
    expect(matching).toHaveLength((file as string).includes('alarm-configuration-change') ? 0 : 1);
  });
});

describe('AiopsHub queues', () => {
  test('the ingest queue is KMS-encrypted with the hub key, SSL-only, redrives to the DLQ after 3 receives', () => {
    const { hub, stack, template } = synth();
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(stack, hub.encryptionKey as kms.Key), 'Arn'] },
      // > 6 x the 30 s function timeout, plus the 5 s batching window
      VisibilityTimeout: 185,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack, hub.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 3,
      },
    });
  });

  test('the dead-letter queue is KMS-encrypted and keeps messages 14 days', () => {
    const { hub, stack, template } = synth();
    template.hasResource('AWS::SQS::Queue', {
      Properties: {
        KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(stack, hub.encryptionKey as kms.Key), 'Arn'] },
        MessageRetentionPeriod: 1209600,
      },
    });
  });

  test('both queues deny non-TLS access and accept EventBridge only from the hub rules', () => {
    const { hub, stack, template } = synth();
    const ruleArns = hub.ingestRules.map((r) => ({ 'Fn::GetAtt': [stack.getLogicalId(r.node.defaultChild as any), 'Arn'] }));
    for (const queue of [hub.ingestQueue, hub.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(stack, queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Principal: { Service: 'events.amazonaws.com' },
              Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
            }),
          ]),
        },
      });
    }
  });

  test('the key rotates and lets EventBridge and CloudWatch Logs use it, scoped to this account', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: `logs.${ENV.region}.amazonaws.com` },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Condition: { StringEquals: { 'aws:SourceAccount': ENV.account } },
          }),
        ]),
      },
    });
  });

  test('uses the given key and creates none', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const hub = new AiopsHub(stack, 'Hub', { encryptionKey: key });
    const template = Template.fromStack(stack);
    expect(hub.encryptionKey).toBe(key);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.allResourcesProperties('AWS::SQS::Queue', { KmsMasterKeyId: key.keyArn });
  });
});

describe('AiopsHub triage function', () => {
  test('is arm64, traced, 30 s, 512 MB, on the generated runtime, with no reserved concurrency', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      Timeout: 30,
      MemorySize: 512,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^HubTriageLogs') } },
      ReservedConcurrentExecutions: Match.absent(),
    });
  });

  test('logs to its own encrypted log group with one month retention by default', () => {
    const { hub, stack, template } = synth();
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 30,
      KmsKeyId: { 'Fn::GetAtt': [logicalId(stack, hub.encryptionKey as kms.Key), 'Arn'] },
    });
  });

  test('logRetention sets the log group retention', () => {
    const { template } = synth({ logRetention: logs.RetentionDays.THREE_MONTHS });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('consumes the ingest queue in batches of 10 with a 5 s window and partial batch failures', () => {
    const { hub, stack, template } = synth();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, hub.ingestQueue), 'Arn'] },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  test('reads its configuration from the shared env var names', () => {
    const { hub, stack, template } = synth();
    expect(triageEnvironment(template)).toEqual(expect.objectContaining({
      [TriageEnv.TABLE_NAME]: { Ref: logicalId(stack, hub.incidentTable as any) },
      [TriageEnv.EVENT_BUS_NAME]: { Ref: logicalId(stack, hub.eventBus as any) },
      [TriageEnv.DLQ_URL]: { Ref: logicalId(stack, hub.deadLetterQueue) },
      [TriageEnv.CLOSED_TTL_DAYS]: '90',
      [TriageEnv.RULES_JSON]: '{}',
    }));
  });

  test('closedIncidentTtl sets the TTL env var', () => {
    const { template } = synth({ closedIncidentTtl: Duration.days(7) });
    expect(triageEnvironment(template)[TriageEnv.CLOSED_TTL_DAYS]).toBe('7');
  });

  test('triage settings become the rules JSON, durations in seconds', () => {
    const { template } = synth({
      triage: {
        groupingWindow: Duration.minutes(10),
        flappingMaxChanges: 5,
        flappingWindow: Duration.hours(1),
        stormMaxSignals: 200,
        stormMaxIncidents: 6,
        stormWindow: Duration.minutes(2),
        maxHops: 2,
        lateRootWindow: Duration.minutes(5),
        quietExpiry: Duration.hours(1),
        reopenWindow: Duration.minutes(20),
        escalationFold: Duration.minutes(3),
        topology: { checkout: ['payments', 'inventory'], payments: ['ledger'] },
      },
    });
    expect(JSON.parse(triageEnvironment(template)[TriageEnv.RULES_JSON] as string)).toEqual({
      groupingWindowSeconds: 600,
      flapping: { maxChanges: 5, windowSeconds: 3600 },
      storm: { maxSignals: 200, maxIncidents: 6, windowSeconds: 120 },
      correlation: { maxHops: 2, lateRootWindowSeconds: 300 },
      lifecycle: { quietSeconds: 3600, reopenSeconds: 1200, foldSeconds: 180 },
      topology: { checkout: ['payments', 'inventory'], payments: ['ledger'] },
    });
  });

  test('the rendered rules are accepted by the engine the handler runs (contract with resolveTriageRules)', () => {
    const { template } = synth({
      triage: {
        groupingWindow: Duration.minutes(5),
        flappingMaxChanges: 31,
        stormMaxSignals: 1,
        stormWindow: Duration.days(7),
        topology: { a: ['b'] },
        maxHops: 0,
        stormMaxIncidents: 2,
        lateRootWindow: Duration.minutes(1),
        quietExpiry: Duration.days(7),
        reopenWindow: Duration.minutes(1),
        escalationFold: Duration.hours(1),
      },
    });
    const rules = resolveTriageRules(JSON.parse(triageEnvironment(template)[TriageEnv.RULES_JSON] as string));
    expect(rules).toEqual(expect.objectContaining({
      groupingWindowSeconds: 300,
      flapping: { maxChanges: 31, windowSeconds: 1800 },
      storm: expect.objectContaining({ maxSignals: 1, maxIncidents: 2, windowSeconds: 604800 }),
      correlation: expect.objectContaining({ maxHops: 0, lateRootWindowSeconds: 60 }),
      lifecycle: expect.objectContaining({ quietSeconds: 604800, reopenSeconds: 60, foldSeconds: 3600 }),
      topology: { a: ['b'] },
    }));
  });

  test('its role has no managed policy (the basic execution policy is replaced by log-group-scoped grants)', () => {
    const { template } = synth();
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as any[];
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('publishes incident events only: PutEvents on the bus, conditioned on source and detail-type', () => {
    const { hub, stack, template } = synth();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'events:PutEvents',
            Resource: { 'Fn::GetAtt': [logicalId(stack, hub.eventBus as any), 'Arn'] },
            Condition: {
              StringEquals: {
                'events:source': AIOPS_EVENT_SOURCE,
                'events:detail-type': [...INCIDENT_DETAIL_TYPES],
              },
            },
          }),
        ]),
      },
    });
  });

  test('reads and writes the incident table and its status index by name, never index/*', () => {
    const { hub, stack, template } = synth();
    const table = logicalId(stack, hub.incidentTable as any);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
            Resource: [
              { 'Fn::GetAtt': [table, 'Arn'] },
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, `/index/${IncidentTableKeys.STATUS_INDEX}`]] },
            ],
          }),
        ]),
      },
    });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('/index/*');
  });
});

describe('AiopsHub incident table', () => {
  test('is on-demand, PITR, KMS-encrypted with the hub key, with TTL and the byStatus index, retained', () => {
    const { hub, stack, template } = synth();
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: IncidentTableKeys.PARTITION_KEY, KeyType: 'HASH' },
          { AttributeName: IncidentTableKeys.SORT_KEY, KeyType: 'RANGE' },
        ],
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [logicalId(stack, hub.encryptionKey as kms.Key), 'Arn'] },
        },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: IncidentTableKeys.TTL_ATTRIBUTE, Enabled: true },
        GlobalSecondaryIndexes: [Match.objectLike({
          IndexName: IncidentTableKeys.STATUS_INDEX,
          KeySchema: [
            { AttributeName: IncidentTableKeys.STATUS_INDEX_PK, KeyType: 'HASH' },
            { AttributeName: IncidentTableKeys.STATUS_INDEX_SK, KeyType: 'RANGE' },
          ],
        })],
      }),
    });
  });

  test('synthesises in an environment-agnostic stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Agnostic');
    new AiopsHub(stack, 'Hub');
    Template.fromStack(stack).resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  test('removalPolicy applies to the table, the key and the logs', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Logs::LogGroup']) {
      template.hasResource(type, { DeletionPolicy: 'Delete' });
    }
  });
});

describe('AiopsHub alarms', () => {
  test('alarms on any message in the dead-letter queue, with no action by default', () => {
    const { hub, stack, template } = synth();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, hub.deadLetterQueue), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: Match.absent(),
    });
    expect(hub.alarms.deadLetterQueueDepth).toBeDefined();
  });

  test('alarms when the oldest ingest message is 15 minutes old', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 900,
    });
  });

  test('addAlarmAction adds the action to every hub alarm', () => {
    const { hub, stack } = hubStack();
    const action: cloudwatch.IAlarmAction = { bind: () => ({ alarmActionArn: 'arn:aws:sns:eu-west-1:111111111111:oncall' }) };
    hub.addAlarmAction(action);
    Template.fromStack(stack).allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:oncall'],
    });
  });
});

describe('AiopsHub metrics', () => {
  test('use the shared namespace, metric names and dimensions; the caller\'s options win', () => {
    const { hub, stack } = hubStack();
    const opened = hub.metricIncidentsOpened();
    expect(opened.namespace).toBe('cdk-aiops');
    expect(opened.metricName).toBe('IncidentsOpened');
    expect(opened.statistic).toBe('Sum');
    expect(stack.resolve(opened.dimensions)).toEqual({
      service: 'cdk-aiops-triage',
      EventBusName: { Ref: logicalId(stack, hub.eventBus as any) },
    });
    expect(hub.metricIncidentsResolved().metricName).toBe('IncidentsResolved');
    expect(hub.metricEventsRejected().metricName).toBe('EventsRejected');
    expect(hub.metricSignalsSuppressed({ period: Duration.hours(1), statistic: 'Maximum' })).toEqual(expect.objectContaining({
      metricName: 'SignalsSuppressed',
      period: Duration.hours(1),
      statistic: 'Maximum',
    }));
  });
});

describe('AiopsHub props validation', () => {
  test.each([
    [{ allowedAccounts: ['1234'] }, /allowedAccounts\[0\] must be a 12-digit AWS account id \(got '1234'\)/],
    [{ allowedAccounts: ['222222222222', 'abcdefghijkl'] }, /allowedAccounts\[1\] must be a 12-digit/],
    [{ organizationId: 'org-123' }, /organizationId must look like 'o-'/],
    [{ archiveRetention: Duration.hours(36) }, /archiveRetention must be a whole number of days/],
    [{ closedIncidentTtl: Duration.days(0) }, /closedIncidentTtl must be a whole number of days, at least 1/],
    [{ triage: { flappingMaxChanges: 0 } }, /triage.flappingMaxChanges must be a whole number from 1 to 31 \(got 0\)/],
    [{ triage: { flappingMaxChanges: 32 } }, /triage.flappingMaxChanges must be a whole number from 1 to 31/],
    [{ triage: { stormMaxSignals: 2.5 } }, /triage.stormMaxSignals must be a whole number/],
    [{ triage: { groupingWindow: Duration.millis(1500) } }, /triage.groupingWindow must be a whole number of seconds/],
    [{ triage: { stormWindow: Duration.days(8) } }, /triage.stormWindow must be at most 7 days/],
    [{ triage: { topology: { checkout: ['checkout'] } } }, /triage.topology\['checkout'\] lists the service itself/],
    [{ triage: { maxHops: 11 } }, /triage.maxHops must be a whole number from 0 to 10 \(got 11\)/],
    [{ triage: { escalationFold: Duration.hours(2) } }, /triage.escalationFold must be at most 1 hour/],
    [{ triage: { topology: { a: [''] } } }, /triage.topology\['a'\] has an empty service name/],
  ] as Array<[AiopsHubProps, RegExp]>)('rejects %j', (props, message) => {
    expect(() => hubStack(props)).toThrow(message);
  });

  test('accepts tokens where values are only known at deploy time', () => {
    const account = Lazy.string({ produce: () => '444444444444' });
    const threshold = Lazy.number({ produce: () => 7 });
    expect(() => hubStack({ allowedAccounts: [account], triage: { stormMaxSignals: threshold } })).not.toThrow();
  });
});

describe('AiopsHub grants', () => {
  test('grantReadIncidents on the hub itself: table, status index and key, plus the table env var', () => {
    // GIVEN
    const { hub, stack } = hubStack();
    const agent = new lambda.Function(stack, 'Agent', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    // WHEN
    hub.grantReadIncidents(agent);
    hub.grantPutEvents(agent);
    // THEN
    const template = Template.fromStack(stack);
    const table = logicalId(stack, hub.incidentTable as any);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AgentServiceRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['dynamodb:GetItem', 'dynamodb:Query']), Resource: Match.arrayWith([{ 'Fn::GetAtt': [table, 'Arn'] }]) }),
          Match.objectLike({ Action: ['kms:Decrypt', 'kms:DescribeKey'] }),
          Match.objectLike({ Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [logicalId(stack, hub.eventBus as any), 'Arn'] } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: {
        Variables: {
          [TriageEnv.TABLE_NAME]: { Ref: table },
          [TriageEnv.EVENT_BUS_NAME]: { Ref: logicalId(stack, hub.eventBus as any) },
        },
      },
      Code: { ZipFile: Match.anyValue() },
    });
  });
});

describe('AiopsHub incident-item and publishing grants', () => {
  function withFunction() {
    const { hub, stack } = hubStack();
    const fn = new lambda.Function(stack, 'Agent', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    return { hub, stack, fn };
  }
  const statementsOf = (template: Template) => Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => /^AgentServiceRole/.test(r.Ref)))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);

  test('grantIncidentItems: the actions on items of the key prefixes only, the key (encrypt for writes), the table env var', () => {
    // GIVEN
    const { hub, stack, fn } = withFunction();
    // WHEN
    const grant = hub.grantIncidentItems(fn, ['dynamodb:GetItem', 'dynamodb:PutItem'], 'INC#', 'APPROVAL#');
    // THEN
    expect(grant.success).toBe(true);
    const template = Template.fromStack(stack);
    const statements = statementsOf(template);
    const table = logicalId(stack, hub.incidentTable as any);
    expect(statements).toContainEqual({
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [table, 'Arn'] },
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INC#*', 'APPROVAL#*'] } },
    });
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] }));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: { [TriageEnv.TABLE_NAME]: { Ref: table } } },
    });
  });

  test('grantIncidentItems: reads only decrypt', () => {
    const { hub, stack, fn } = withFunction();
    hub.grantIncidentItems(fn, ['dynamodb:GetItem'], 'TOKENS#');
    const kmsActions = statementsOf(Template.fromStack(stack)).flatMap((st: any) => [].concat(st.Action)).filter((a: string) => a.startsWith('kms:'));
    expect(kmsActions).toEqual(['kms:Decrypt']);
  });

  test.each([
    [[], ['INC#'], /DynamoDB item actions/],
    [['s3:GetObject'], ['INC#'], /DynamoDB item actions/],
    [['dynamodb:GetItem'], [], /key prefixes/],
    [['dynamodb:GetItem'], [''], /key prefixes/],
  ])('grantIncidentItems refuses %j on %j: it would cover more than the items meant', (actions, prefixes, message) => {
    const { hub, fn } = withFunction();
    expect(() => hub.grantIncidentItems(fn, actions, ...prefixes)).toThrow(message);
  });

  test('grantPublish: PutEvents of the detail-types from source cdk-aiops only, the bus env var', () => {
    const { hub, stack, fn } = withFunction();
    hub.grantPublish(fn, 'Incident Decision');
    hub.grantPublish(fn, 'Agent Failure', 'Kpi Report');
    const template = Template.fromStack(stack);
    const bus = { 'Fn::GetAtt': [logicalId(stack, hub.eventBus as any), 'Arn'] };
    const put = statementsOf(template).filter((st: any) => st.Action === 'events:PutEvents');
    expect(put).toEqual([
      { Action: 'events:PutEvents', Effect: 'Allow', Resource: bus, Condition: { StringEquals: { 'events:source': AIOPS_EVENT_SOURCE, 'events:detail-type': 'Incident Decision' } } },
      { Action: 'events:PutEvents', Effect: 'Allow', Resource: bus, Condition: { StringEquals: { 'events:source': AIOPS_EVENT_SOURCE, 'events:detail-type': ['Agent Failure', 'Kpi Report'] } } },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: { [TriageEnv.EVENT_BUS_NAME]: { Ref: logicalId(stack, hub.eventBus as any) } } },
    });
    expect(() => hub.grantPublish(fn)).toThrow(/detail-types/);
  });

  test('is an IResource: its stack and environment, and those of an imported hub from its bus ARN', () => {
    const { hub, stack } = hubStack();
    expect(hub.stack).toBe(stack);
    expect(hub.env).toEqual({ account: ENV.account, region: ENV.region });
    const imported = AiopsHub.fromAiopsHubAttributes(stack, 'Imported', {
      eventBusArn: 'arn:aws:events:us-east-1:999999999999:event-bus/ops-hub',
      incidentTableArn: 'arn:aws:dynamodb:us-east-1:999999999999:table/incidents',
    });
    expect(imported.env).toEqual({ account: '999999999999', region: 'us-east-1' });
  });
});

describe('AiopsHub.fromAiopsHubAttributes', () => {
  const ATTRS = {
    eventBusArn: 'arn:aws:events:eu-west-1:999999999999:event-bus/ops-hub',
    incidentTableArn: 'arn:aws:dynamodb:eu-west-1:999999999999:table/incidents',
  };

  function importInto() {
    const app = new App();
    const stack = new Stack(app, 'Consumer', { env: { account: '999999999999', region: 'eu-west-1' } });
    const fn = new lambda.Function(stack, 'Agent', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    return { stack, fn };
  }

  test('grantReadIncidents grants read on the table and status index, decrypt on the key, and sets the table env var', () => {
    // GIVEN
    const { stack, fn } = importInto();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const hub = AiopsHub.fromAiopsHubAttributes(stack, 'Hub', { ...ATTRS, incidentTableEncryptionKey: key });
    // WHEN
    const grant = hub.grantReadIncidents(fn);
    // THEN
    expect(grant.success).toBe(true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['dynamodb:GetItem', 'dynamodb:Query']),
            Resource: [ATTRS.incidentTableArn, `${ATTRS.incidentTableArn}/index/byStatus`],
          }),
          Match.objectLike({ Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: key.keyArn }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [TriageEnv.TABLE_NAME]: 'incidents' } },
    });
  });

  test('grantPutEvents grants PutEvents on the bus and sets the bus env var', () => {
    const { stack, fn } = importInto();
    const hub = AiopsHub.fromAiopsHubAttributes(stack, 'Hub', ATTRS);
    hub.grantPutEvents(fn);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'events:PutEvents', Resource: ATTRS.eventBusArn })] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { [TriageEnv.EVENT_BUS_NAME]: 'ops-hub' } },
    });
  });

  test('grants to a role without touching any environment', () => {
    const { stack } = importInto();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const hub = AiopsHub.fromAiopsHubAttributes(stack, 'Hub', ATTRS);
    expect(hub.grantReadIncidents(role).success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Role') }],
    });
  });

  test.each([
    [{ ...ATTRS, eventBusArn: 'arn:aws:sqs:eu-west-1:999999999999:queue' }, /eventBusArn must be the ARN of an EventBridge event bus/],
    [{ ...ATTRS, incidentTableArn: 'incidents' }, /incidentTableArn must be the ARN of a DynamoDB table/],
  ])('rejects bad ARNs (%j)', (attrs, message) => {
    const { stack } = importInto();
    expect(() => AiopsHub.fromAiopsHubAttributes(stack, 'Hub', attrs)).toThrow(message);
  });
});

describe('AiopsHub cdk-nag', () => {
  test('AwsSolutions and NIST 800-53 R5: no finding, the library acknowledges its own', () => {
    // GIVEN a hub with every optional resource (bus policy for accounts and an organization)
    const { app } = hubStack({ allowedAccounts: ['222222222222'], organizationId: 'o-a1b2c3d4e5' });
    // THEN
    expectNoUnacknowledgedNagFindings(app);
  });
});
