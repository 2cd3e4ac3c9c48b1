/**
 * The whole loop in one stack: the hub, the agents with one extra runbook, and a Slack channel for
 * approvals and updates. This is the README's "Remediation, approvals and communications" snippet.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AgentSuite, AiopsHub, Runbook, RiskClass, SlackChannel, Verification } from '../src';

/** Builds the full-loop app: one stack, `AiopsFullLoop`. Tests synthesise it. */
export function buildFullLoopApp(): { app: App; stack: Stack; agents: AgentSuite } {
  const app = new App();
  const stack = new Stack(app, 'AiopsFullLoop');

  const hub = new AiopsHub(stack, 'Hub', {
    allowedAccounts: ['111111111111'],
    triage: { topology: { checkout: ['payments', 'inventory'] } },
  });

  const slack = new SlackChannel(stack, 'Slack', {
    hub,
    // A JSON secret { "botToken": "xoxb-...", "signingSecret": "..." }, created outside the stack.
    secret: secretsmanager.Secret.fromSecretNameV2(stack, 'SlackSecret', 'aiops/slack'),
    channelId: 'C0123456789',
    approvers: ['U0123456789'],
    approvalTimeout: Duration.minutes(30),
  });

  const agents = new AgentSuite(stack, 'Agents', {
    hub,
    channel: slack,
    runbooks: [
      Runbook.ssmAutomation('AWS-RestartEC2Instance', {
        id: 'restart-web-instance',
        title: 'Restart a web instance',
        riskClass: RiskClass.LOW,
        resourceTypes: ['AWS::EC2::Instance'],
        verify: Verification.alarmsOk(Duration.minutes(10)),
      }),
    ],
  });
  return { app, stack, agents };
}

if (require.main === module) {
  const { app } = buildFullLoopApp();
  app.synth();
}
