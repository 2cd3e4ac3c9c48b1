import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { ReasoningSettings, RiskSettings, TelemetrySettings } from './agent-settings';
import type { IIncidentChannel } from './incident-channel';
import type { RemediationSettings } from './remediation-settings';
import type { IAiopsHub } from '../hub/aiops-hub';
import type { Runbook } from '../runbooks/runbook';

/** Properties of an AgentSuite. */
export interface AgentSuiteProps {
  /** The hub whose incident events start investigations, whose table holds the timeline and whose bus gets the decisions. */
  readonly hub: IAiopsHub;

  /**
   * The Reasoning agent: model, temperature, token budgets.
   *
   * @default - Claude Haiku 4.5 (global profile) at 0.1, 50k tokens an incident, 5M a month
   */
  readonly reasoning?: ReasoningSettings;

  /**
   * The Telemetry agent: token budget, log groups, collectors.
   *
   * @default - every collector, 3000 tokens, log groups inferred from the incident
   */
  readonly telemetry?: TelemetrySettings;

  /**
   * The Risk agent: extra Cedar policies, freeze windows, change calendars.
   *
   * @default - the default policies, no freeze window, no change calendar
   */
  readonly risk?: RiskSettings;

  /**
   * Retention of the agents' and the state machine's logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The key that encrypts the agents' and the state machine's log groups. A key you bring must let CloudWatch Logs
   * (`logs.<region>.amazonaws.com`) use it; the suite adds that statement only to a key it creates.
   *
   * @default - the hub incident table's key when the hub exposes one (the AiopsHub key already allows CloudWatch
   * Logs), else a new customer-managed key with yearly rotation (about $1 a month)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Runbooks the agents may propose and run, besides the built-ins (restart an EC2 instance, scale out an Auto
   * Scaling group, reboot an RDS instance, roll a Lambda alias back), which are always there. Rollbacks they name
   * are registered too. Rendered into the reasoning, risk and remediation functions' environment, which holds 4 KB:
   * synthesis fails, saying so, when they do not fit.
   *
   * @default - the built-ins only
   */
  readonly runbooks?: Runbook[];

  /**
   * How runbooks run and what they may touch: the managed tag, the SSM automation role, the longest run.
   *
   * @default - resources tagged `aiops:managed` = `true`, a scoped automation role, 30 minutes a run
   */
  readonly remediation?: RemediationSettings;

  /**
   * Where humans are asked for approval and told what happened (Slack...). Without a channel nothing can approve:
   * an APPROVE decision is recorded and the incident escalated (`Escalated`), and no runbook that needs approval
   * ever runs.
   *
   * @default - no channel: APPROVE escalates, no notifications
   */
  readonly channel?: IIncidentChannel;

  /**
   * Longest an execution may run: the investigation, the wait for approval and the remediation with its rollback.
   * Past it the execution times out and the `executionsTimedOut` alarm fires.
   *
   * @default - 3 hours, plus the channel's approval timeout
   */
  readonly timeout?: Duration;

  /**
   * What happens to the log groups (and a key the suite creates) when the suite is removed from the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Alarms of the agent suite. None has an action until you add one with `addAlarmAction`. */
export interface AgentSuiteAlarms {
  /** An investigation failed: a step and the failure handler both failed, or the state machine itself broke. */
  readonly executionsFailed: cloudwatch.IAlarm;

  /** An investigation ran longer than the suite's `timeout`. */
  readonly executionsTimedOut: cloudwatch.IAlarm;

  /** An incident event could not start an investigation (it is in `startFailureQueue`). */
  readonly startFailures: cloudwatch.IAlarm;
}
