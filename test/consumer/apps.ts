import { App, Duration, RemovalPolicy, Stack, type Environment } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AgentSuite, AiopsHub, BuiltinRunbook, KpiDashboard, RiskClass, Runbook, SlackChannel, TelemetryCollector, Verification,
} from '../../src';

/*
 * What a consumer writes: the library's constructs, and only resources a consumer would bring that are clean
 * themselves (imported secret, function, project and log groups; a topic with its own key). No acknowledgement.
 */

/** An explicit environment, and none (environment-agnostic). */
export const ENVIRONMENTS: Record<string, Environment | undefined> = {
  agnostic: undefined,
  explicit: { account: '111111111111', region: 'eu-west-1' },
};

/** Every construct at its defaults. */
export function defaultsApp(env: Environment | undefined): App {
  const app = new App();
  const stack = new Stack(app, 'Defaults', { env });
  const hub = new AiopsHub(stack, 'Hub');
  const slack = new SlackChannel(stack, 'Slack', {
    hub,
    secret: secretsmanager.Secret.fromSecretNameV2(stack, 'SlackSecret', 'aiops/slack'),
    channelId: 'C0123456789',
    approvers: ['U0123456789'],
  });
  new AgentSuite(stack, 'Agents', { hub, channel: slack });
  new KpiDashboard(stack, 'Kpis');
  // A suite without a channel too (its state machine differs).
  const other = new Stack(app, 'NoChannel', { env });
  new AgentSuite(other, 'Agents', { hub: new AiopsHub(other, 'Hub') });
  return app;
}

/** Every construct with every option on. */
export function everyOptionApp(env: Environment | undefined): App {
  const app = new App();
  const stack = new Stack(app, 'EveryOption', { env });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, description: 'consumer key' });
  const hub = new AiopsHub(stack, 'Hub', {
    eventBusName: 'aiops-hub',
    allowedAccounts: ['222222222222', '333333333333'],
    organizationId: 'o-a1b2c3d4e5',
    archiveRetention: Duration.days(90),
    encryptionKey: key,
    closedIncidentTtl: Duration.days(30),
    triage: { topology: { checkout: ['payments', 'inventory'] } },
    logRetention: logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const topic = new sns.Topic(stack, 'EmailTopic', { masterKey: key, enforceSSL: true });
  const slack = new SlackChannel(stack, 'Slack', {
    hub,
    secret: secretsmanager.Secret.fromSecretNameV2(stack, 'SlackSecret', 'aiops/slack'),
    channelId: 'C0123456789',
    approvers: ['U0123456789', 'W0123456789'],
    teamId: 'T0123456789',
    approvalTimeout: Duration.minutes(30),
    emailTopic: topic,
    logRetention: logs.RetentionDays.THREE_MONTHS,
    encryptionKey: key,
  });
  const drain = lambda.Function.fromFunctionArn(stack, 'Drain', 'arn:aws:lambda:eu-west-1:111111111111:function:drain');
  const project = codebuild.Project.fromProjectName(stack, 'Apply', 'tf-apply');
  const agents = new AgentSuite(stack, 'Agents', {
    hub,
    channel: slack,
    reasoning: { temperature: 0.2, incidentTokenBudget: 20_000, monthlyTokenCap: 1_000_000, maxConcurrency: 5 },
    telemetry: {
      tokenBudget: 1500,
      logGroups: [logs.LogGroup.fromLogGroupName(stack, 'AppLogs', '/app/checkout')],
      disabledCollectors: [TelemetryCollector.DEVOPS_GURU],
    },
    risk: {
      policies: ['@id("no-auto-on-weekends") @reason("weekend")\nforbid (principal, action == Aiops::Action::"AutoRemediate", resource)\nwhen { context.weekdayUtc == 0 || context.weekdayUtc == 6 };'],
      freezeWindows: [{ name: 'friday', schedule: '0 18 * * FRI', duration: Duration.hours(62), timeZone: 'Europe/Paris' }],
      changeCalendars: ['prod-freeze', 'arn:aws:ssm:eu-west-1:222222222222:document/shared-calendar'],
    },
    logRetention: logs.RetentionDays.THREE_MONTHS,
    encryptionKey: key,
    runbooks: [
      Runbook.ssmAutomation('AWS-RestartEC2Instance', {
        id: 'restart-web',
        title: 'Restart a web instance',
        riskClass: RiskClass.LOW,
        resourceTypes: ['AWS::EC2::Instance'],
        verify: Verification.alarmsOk(Duration.minutes(10)),
        rollback: Runbook.builtin(BuiltinRunbook.RESTART_EC2_INSTANCE),
      }),
      Runbook.lambda(drain, { id: 'drain', title: 'Drain', riskClass: RiskClass.MEDIUM, resourceTypes: ['AWS::ECS::Service'] }),
      Runbook.codeBuild(project, { id: 'tf-apply', title: 'Apply', riskClass: RiskClass.HIGH, resourceTypes: ['AWS::ECS::Service'], verify: Verification.canaryPasses(Duration.minutes(10)) }),
      Runbook.kubectl('rollout-restart', { id: 'k8s-restart', title: 'Restart a deployment', riskClass: RiskClass.LOW, resourceTypes: ['AWS::EKS::Cluster'] }),
    ],
    remediation: {
      managedTag: { key: 'team:ops', value: 'yes' },
      maxRunTime: Duration.minutes(45),
      resources: ['arn:aws:ec2:eu-west-1:111111111111:instance/i-0123456789abcdef0'],
    },
    timeout: Duration.hours(4),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  new KpiDashboard(stack, 'Kpis', {
    hub,
    workflows: [agents.stateMachine],
    deadLetterQueues: [hub.deadLetterQueue, agents.startFailureQueue],
    dashboardName: 'aiops-kpis',
    period: Duration.minutes(15),
    defaultInterval: Duration.days(2),
  });
  return app;
}

/** Every app the consumer tests synthesise, by name. */
export function consumerApps(): Record<string, App> {
  const apps: Record<string, App> = {};
  for (const [name, env] of Object.entries(ENVIRONMENTS)) {
    apps[`defaults-${name}`] = defaultsApp(env);
    apps[`every-option-${name}`] = everyOptionApp(env);
  }
  return apps;
}
