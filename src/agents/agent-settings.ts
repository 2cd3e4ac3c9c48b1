import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';

/** A telemetry collector of the Telemetry agent. */
export enum TelemetryCollector {
  /** CloudWatch `GetMetricData`: the alarms' metrics and golden signals of the incident's resources. */
  METRICS = 'metrics',
  /** CloudWatch Logs Insights: error lines of the incident's log groups. */
  LOGS = 'logs',
  /** X-Ray trace summaries and service graph. */
  TRACES = 'traces',
  /** DevOps Guru anomalies and recommendations of the insights among the signals. */
  DEVOPS_GURU = 'devops-guru',
  /** Application Signals SLO budget reports. */
  SLO = 'slo',
  /** AWS Config compliance of the incident's resources. */
  CONFIG = 'config',
}

/** What the Risk agent decided for an investigation. */
export enum DecisionOutcome {
  /** The runbook may run without a human. */
  AUTO = 'AUTO',
  /** A human approves or rejects (also when no runbook was proposed). */
  APPROVE = 'APPROVE',
  /** The runbook does not run, not even with approval. */
  DENY = 'DENY',
}

/** How the Reasoning agent finds the cause of an incident. */
export interface ReasoningSettings {
  /**
   * Ask the Bedrock model. When false, the deterministic rule table answers every incident and the reasoning
   * function gets no Bedrock permission at all.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Bedrock model id or system-defined inference profile id (`global.`, `us.`, `eu.`, `apac.`... prefix). The
   * function may invoke this model or profile only, and the foundation models the profile routes to.
   *
   * Risk: a `global.` profile may process prompts (incident telemetry) in any commercial Region; for data residency use a
   * geographic profile (`eu.anthropic.claude-haiku-4-5-20251001-v1:0`), whose destination Regions are granted as
   * `arn:aws:bedrock:*::foundation-model/<model>` under a `bedrock:InferenceProfileArn` condition.
   *
   * @see https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html
   * @default 'global.anthropic.claude-haiku-4-5-20251001-v1:0'
   */
  readonly modelId?: string;

  /**
   * Sampling temperature, 0 to 1. Low keeps findings reproducible.
   *
   * @default 0.1
   */
  readonly temperature?: number;

  /**
   * Most model tokens (input + output) one incident may use, over all its investigations. Past it, the deterministic
   * reasoner answers.
   *
   * @default 50000
   */
  readonly incidentTokenBudget?: number;

  /**
   * Most model tokens all investigations may use in a calendar month (UTC). Past it, the deterministic reasoner
   * answers until the month ends.
   *
   * Cost: with Claude Haiku 4.5 the default is a few dollars a month at most.
   *
   * @default 5000000
   */
  readonly monthlyTokenCap?: number;

  /**
   * Reserved concurrency of the reasoning function: at most this many model calls run at once. Excess investigations
   * are throttled and retried by the state machine with back-off.
   *
   * Risk: reserved concurrency is taken from the account's unreserved pool, and an account that keeps fewer than 10
   * unreserved cannot deploy it.
   *
   * @default - no reservation: parallelism follows incidents, and token budgets bound the spend
   */
  readonly maxConcurrency?: number;
}

/** What the Telemetry agent gathers for an incident. */
export interface TelemetrySettings {
  /**
   * Token budget of the telemetry bundle handed to the reasoner (evidence is summarised and cut to fit).
   * Larger bundles cost more model tokens per investigation.
   *
   * @default 3000
   */
  readonly tokenBudget?: number;

  /**
   * Log groups queried with Logs Insights for every incident. When given, the function may query these log groups
   * only, and log groups inferred from the incident (`/aws/lambda/<function>`) are queried only if they are among them.
   *
   * Cost: Logs Insights bills per GB scanned; each investigation scans at most the incident window (6 hours).
   *
   * @default - the log groups inferred from the incident's resources, any log group of this account and Region
   */
  readonly logGroups?: logs.ILogGroup[];

  /**
   * Collectors not to run. Their IAM actions are not granted.
   *
   * @default - every collector runs
   */
  readonly disabledCollectors?: TelemetryCollector[];
}

/** A recurring change freeze: no automatic remediation while it is active. */
export interface FreezeWindow {
  /** Name, shown in decisions (`quarter-end`). 1 to 128 characters. */
  readonly name: string;

  /**
   * Start of the window as a five-field cron expression (minute hour day-of-month month day-of-week), evaluated in
   * `timeZone`: `0 18 * * FRI` is every Friday at 18:00.
   */
  readonly schedule: string;

  /** How long the window lasts from each start: whole minutes, at most 31 days. */
  readonly duration: Duration;

  /**
   * IANA time zone of the schedule (`Europe/Paris`).
   *
   * @default 'UTC'
   */
  readonly timeZone?: string;
}

/** How the Risk agent decides between AUTO, APPROVE and DENY. */
export interface RiskSettings {
  /**
   * Extra Cedar policies, added to the defaults (see the risk policy reference for the schema). A `permit` widens what
   * runs automatically, a `forbid` narrows it; the default forbids (destructive runbooks, freeze windows, closed change
   * calendar) cannot be lifted.
   *
   * The construct checks their shape at synth; the risk function validates them against the schema at its cold start,
   * and an invalid policy fails every investigation with an `Agent Failure` event. Check them before deploying with
   * `cdk-aiops replay --policies FILE.cedar INPUTS`, which validates them against the schema (exit 2 with the error).
   *
   * @default - the default policies only
   */
  readonly policies?: string[];

  /**
   * Change freeze windows.
   *
   * @default - none
   */
  readonly freezeWindows?: FreezeWindow[];

  /**
   * SSM Change Calendars (names, or ARNs for shared ones) read before each decision: a closed calendar keeps a human
   * in the loop. A calendar that cannot be read counts as closed.
   *
   * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-change-calendar.html
   * @default - none
   */
  readonly changeCalendars?: string[];

  /**
   * Tag keys that name a resource's environment, first match wins (values such as `prod`, `production`, `staging`,
   * `dev`, `qa`). The Risk agent reads the tags of the incident's resources (Resource Groups Tagging API, cached five
   * minutes) before it looks at names: a resource tagged `environment=prod` is production even if its service is called
   * `search-qa`. Tags that cannot be read make the environment unknown, which the default policies treat as production.
   *
   * @default ['aiops:environment', 'environment', 'env', 'stage', 'tier']
   */
  readonly environmentTagKeys?: string[];
}
