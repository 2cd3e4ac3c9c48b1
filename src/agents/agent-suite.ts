import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  TelemetryCollector, type FreezeWindow, type ReasoningSettings, type RiskSettings, type TelemetrySettings, DecisionOutcome,
} from './agent-settings';
import {
  AGENT_METRIC_NAMESPACE, AGENT_SERVICE_NAME, AgentDefaults, AgentDetailType, AgentEnv, AgentMetric, AgentMetricDimension,
  AgentState, AgentStatePath, AIOPS_EVENT_SOURCE, DEFAULT_REASONING_MODEL_ID, TokenLedgerKeys,
} from './constants';
import { FailureFunction } from './failure-function';
import { OutcomeFunction } from './outcome-function';
import { ReasonFunction } from './reason-function';
import { RecordFunction } from './record-function';
import { RemediationFunction } from './remediation-function';
import type { RemediationSettings } from './remediation-settings';
import { RiskFunction } from './risk-function';
import { TelemetryFunction } from './telemetry-function';
import { createLogEncryptionKey } from '../common/log-encryption-key';
import type { IIncidentChannel } from '../comms/incident-channel';
import type { IAiopsHub } from '../hub/aiops-hub';
import { DetailType } from '../hub/constants';
import { collectRunbooks } from '../runbooks/collect';
import { BuiltinRunbook, Runbook } from '../runbooks/runbook';
// Plain data (IAM action names), written for the construct to import: no runtime code comes with it.
import { TELEMETRY_IAM_ACTIONS } from '../runtime/telemetry/permissions';

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

/** Names and sizes of one agent function. */
interface AgentFunctionSpec {
  readonly id: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly reservedConcurrentExecutions?: number;
  readonly environment: Record<string, string>;
}

/** Lambda errors that mean "try again": the service or the function's concurrency, not the handler. */
const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
];

/** Errors the handlers surface from their own AWS calls that a retry may clear (thrown by name). */
const HANDLER_TRANSIENT_ERRORS = [
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'IncidentUpdateConflictError',
  'EventPublishError',
];

/** Lambda's limit on all environment variables of a function together. */
const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/** Most bytes the extra runbooks may take in a function's environment (the rest is the functions' own settings). */
const RUNBOOKS_ENVIRONMENT_MAX_BYTES = 3072;

/** What an unresolved runbook target (a function ARN) may render to, at most, for the size check. */
const TOKEN_TARGET_BYTES = 140;

/** Default execution timeout: the investigation, a runbook and its rollback, their verifications. */
const DEFAULT_TIMEOUT_SECONDS = 3 * 3600;

const DEFAULT_MANAGED_TAG_KEY = 'aiops:managed';
const DEFAULT_MANAGED_TAG_VALUE = 'true';

/**
 * Errors the channel's callback fails the approval task with (SendTaskFailure). The runtime's `ApprovalError`
 * names them too; a test keeps them equal.
 */
const APPROVAL_DENIED_ERROR = 'Denied';
const APPROVAL_EXPIRED_ERROR = 'ApprovalExpired';

/** The built-in runbooks: always registered by the runtime, so the remediation role may always run them. */
const BUILTIN_RUNBOOK_LIST = Object.values(BuiltinRunbook).map((id) => Runbook.builtin(id));

/**
 * The agents that take an incident from "opened" to a decision.
 *
 * An EventBridge rule on the hub bus starts a Step Functions Standard execution for every `Incident Opened` and
 * `Incident Escalated` event. The execution gathers telemetry, looks up knowledge (nothing until a knowledge base is
 * configured), asks the reasoner for a finding (the model when enabled and within budget, the deterministic rules
 * otherwise), has the Risk agent decide AUTO / APPROVE / DENY with Cedar policies, records finding, decision and
 * tokens on the incident's timeline, publishes an `Incident Decision` event, and hands off to `Remediate` or
 * `AwaitApproval`. A step that fails after its retries goes to the failure handler, which puts the failure on the
 * timeline and publishes an `Agent Failure` event. Every agent has its own role with only what it calls: the reasoning
 * agent may invoke the configured model and read the token ledger, and write nothing.
 */
export class AgentSuite extends Construct {
  /** The investigation state machine. */
  public readonly stateMachine: sfn.IStateMachine;

  /** The Telemetry agent (read-only). */
  public readonly telemetryFunction: lambda.IFunction;

  /** The Reasoning agent (invokes the model, reads the token ledger, writes nothing). */
  public readonly reasoningFunction: lambda.IFunction;

  /** The Risk agent (reads the change calendars). */
  public readonly riskFunction: lambda.IFunction;

  /** The record step (incident timeline, token ledger, `Incident Decision` events). */
  public readonly recordFunction: lambda.IFunction;

  /** The failure handler (incident timeline, `Agent Failure` events). */
  public readonly failureFunction: lambda.IFunction;

  /** The Remediation agent (plans, starts, polls and verifies runbooks, one step an invocation). */
  public readonly remediationFunction: lambda.IFunction;

  /** The outcome step (timeline, incident KPIs as EMF). */
  public readonly outcomeFunction: lambda.IFunction;

  /** The role SSM Automation runs the documents as (yours, or the one the suite made). */
  public readonly automationRole: iam.IRole;

  /** The rule that starts an investigation for each incident event. */
  public readonly rule: events.IRule;

  /** Incident events that could not start an execution after EventBridge's retries (24 hours). */
  public readonly startFailureQueue: sqs.IQueue;

  /** The key of the log groups. */
  public readonly encryptionKey: kms.IKey;

  /** The suite's alarms (no actions by default). */
  public readonly alarms: AgentSuiteAlarms;

  private readonly hub: IAiopsHub;
  private readonly alarmList: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AgentSuiteProps) {
    super(scope, id);
    const reasoning = props.reasoning ?? {};
    const telemetry = props.telemetry ?? {};
    const risk = props.risk ?? {};
    validateSettings(reasoning, telemetry, risk);
    const remediation = props.remediation ?? {};
    const managedTag = remediation.managedTag ?? { key: DEFAULT_MANAGED_TAG_KEY, value: DEFAULT_MANAGED_TAG_VALUE };
    const maxRunTime = remediation.maxRunTime ?? Duration.minutes(30);
    validateRemediation(managedTag, maxRunTime);
    const channel = props.channel;
    const extraRunbooks = collectRunbooks(props.runbooks ?? []);
    const runbookSpecs = extraRunbooks.map((rb) => rb._toSpec());
    checkRunbooksSize(runbookSpecs);
    const approvalSeconds = channel && !channel.approvalTimeout.isUnresolved() ? channel.approvalTimeout.toSeconds() : 0;
    const executionTimeout = props.timeout ?? Duration.seconds(DEFAULT_TIMEOUT_SECONDS + approvalSeconds);
    if (!executionTimeout.isUnresolved() && (executionTimeout.toSeconds() < 60 || executionTimeout.toSeconds() > 86_400)) {
      throw new Error(`timeout must be between 1 minute and 1 day (got ${executionTimeout.toHumanString()})`);
    }

    this.hub = props.hub;
    const hub = props.hub;
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const table = hub.incidentTable;
    const key = props.encryptionKey ?? table.encryptionKey ?? createLogEncryptionKey(this, `cdk-aiops agents ${this.node.path}: log groups`, removalPolicy);
    this.encryptionKey = key;

    const enabled = reasoning.enabled ?? true;
    const modelId = reasoning.modelId ?? DEFAULT_REASONING_MODEL_ID;
    const disabledCollectors = [...new Set(telemetry.disabledCollectors ?? [])];
    const runbooksEnv: Record<string, string> = runbookSpecs.length > 0 ? { [AgentEnv.RUNBOOKS_JSON]: stack.toJsonString(runbookSpecs) } : {};

    // ---- the agent functions: own role, own encrypted log group, arm64, X-Ray, explicit timeout and memory
    const makeFunction = <F extends lambda.Function>(
      Fn: new (scope: Construct, id: string, props: lambda.FunctionOptions) => F,
      spec: AgentFunctionSpec,
    ): F => {
      const role = new iam.Role(this, `${spec.id}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `cdk-aiops agents: ${spec.description}`,
      });
      const logGroup = new logs.LogGroup(this, `${spec.id}Logs`, { retention, encryptionKey: key, removalPolicy });
      logGroup.grantWrite(role);
      checkEnvironmentSize(spec.id, spec.environment);
      return new Fn(this, `${spec.id}Function`, {
        description: `cdk-aiops agents: ${spec.description}`,
        role,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        architecture: lambda.Architecture.ARM_64,
        tracing: lambda.Tracing.ACTIVE,
        timeout: spec.timeout,
        memorySize: spec.memorySize,
        reservedConcurrentExecutions: spec.reservedConcurrentExecutions,
        environment: spec.environment,
      });
    };

    // Collectors run concurrently, each bounded at 20 s (the Logs Insights wait at 12 s inside it).
    const telemetryFn = makeFunction(TelemetryFunction, {
      id: 'Telemetry',
      description: 'gathers telemetry for an incident (read-only)',
      timeout: Duration.seconds(60),
      memorySize: 512,
      environment: {
        [AgentEnv.TELEMETRY_TOKEN_BUDGET]: String(telemetry.tokenBudget ?? AgentDefaults.TELEMETRY_TOKEN_BUDGET),
        ...(telemetry.logGroups?.length
          ? { [AgentEnv.TELEMETRY_LOG_GROUPS]: stack.toJsonString(telemetry.logGroups.map((g) => g.logGroupName)) }
          : {}),
        ...(disabledCollectors.length ? { [AgentEnv.TELEMETRY_DISABLED_COLLECTORS]: JSON.stringify(disabledCollectors) } : {}),
      },
    });
    grantTelemetryReads(telemetryFn, disabledCollectors, telemetry.logGroups, stack);

    // The model call is bounded at 30 s, then the deterministic fallback answers.
    const reasonFn = makeFunction(ReasonFunction, {
      id: 'Reasoning',
      description: 'finds the cause of an incident (invokes the model, writes nothing)',
      timeout: Duration.seconds(90),
      memorySize: 512,
      reservedConcurrentExecutions: reasoning.maxConcurrency,
      environment: {
        [AgentEnv.REASONING_ENABLED]: String(enabled),
        [AgentEnv.MODEL_ID]: modelId,
        [AgentEnv.MODEL_TEMPERATURE]: String(reasoning.temperature ?? AgentDefaults.TEMPERATURE),
        [AgentEnv.INCIDENT_TOKEN_BUDGET]: String(reasoning.incidentTokenBudget ?? AgentDefaults.INCIDENT_TOKEN_BUDGET),
        [AgentEnv.MONTHLY_TOKEN_CAP]: String(reasoning.monthlyTokenCap ?? AgentDefaults.MONTHLY_TOKEN_CAP),
        [AgentEnv.TABLE_NAME]: table.tableName,
        ...runbooksEnv,
      },
    });
    if (enabled) grantInvokeModel(reasonFn, modelId, stack);
    // The token ledger: GetItem of the monthly and the incident counters, nothing else.
    reasonFn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ReadTokenLedger',
      actions: ['dynamodb:GetItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${TokenLedgerKeys.MONTH_PREFIX}*`, `${TokenLedgerKeys.INCIDENT_PREFIX}*`] } },
    }));
    table.encryptionKey?.grant(reasonFn, 'kms:Decrypt');

    // Cedar loads 4 MB of WebAssembly at the cold start: more memory is more CPU.
    const riskFn = makeFunction(RiskFunction, {
      id: 'Risk',
      description: 'decides AUTO, APPROVE or DENY with Cedar policies',
      timeout: Duration.seconds(30),
      memorySize: 1024,
      environment: { ...renderRiskEnvironment(risk, stack), ...runbooksEnv },
    });
    if (risk.changeCalendars?.length) {
      riskFn.addToRolePolicy(new iam.PolicyStatement({
        sid: 'ReadChangeCalendars',
        actions: ['ssm:GetCalendarState'],
        resources: risk.changeCalendars.map((name) => calendarArn(name, stack)),
      }));
    }

    const recordFn = makeFunction(RecordFunction, {
      id: 'Record',
      description: 'records the decision on the incident and publishes it',
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: { [AgentEnv.TABLE_NAME]: table.tableName, [AgentEnv.EVENT_BUS_NAME]: hub.eventBus.eventBusName },
    });
    // The incident and its token counter (`INC#...`), the monthly counters (`TOKENS#...`).
    grantIncidentWrites(recordFn, hub, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [TokenLedgerKeys.INCIDENT_PREFIX, TokenLedgerKeys.MONTH_PREFIX], AgentDetailType.INCIDENT_DECISION);

    const failureFn = makeFunction(FailureFunction, {
      id: 'Failure',
      description: 'reports a failed investigation on the incident and the bus',
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: { [AgentEnv.TABLE_NAME]: table.tableName, [AgentEnv.EVENT_BUS_NAME]: hub.eventBus.eventBusName },
    });
    grantIncidentWrites(failureFn, hub, ['dynamodb:GetItem', 'dynamodb:PutItem'], [TokenLedgerKeys.INCIDENT_PREFIX], AgentDetailType.AGENT_FAILURE);

    // ---- remediation: the automation role, the runner, the outcome step
    const ssmRunbooks = [...BUILTIN_RUNBOOK_LIST, ...extraRunbooks.filter((rb) => rb.kind === 'ssm-automation')];
    const automationRole = remediation.automationRole ?? this.createAutomationRole(ssmRunbooks, managedTag, remediation.resources ?? [], stack);
    this.automationRole = automationRole;
    const remediationFn = makeFunction(RemediationFunction, {
      id: 'Remediation',
      description: 'runs runbooks one step at a time: start, poll, verify, roll back',
      timeout: Duration.seconds(60),
      memorySize: 256,
      environment: {
        [AgentEnv.TABLE_NAME]: table.tableName,
        [AgentEnv.REMEDIATION_MAX_RUN_SECONDS]: String(maxRunTime.toSeconds()),
        [AgentEnv.AUTOMATION_ROLE_ARN]: automationRole.roleArn,
        ...runbooksEnv,
      },
    });
    grantIncidentWrites(remediationFn, hub, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [TokenLedgerKeys.INCIDENT_PREFIX]);
    grantRunbookRunner(remediationFn, ssmRunbooks, extraRunbooks, automationRole, stack);

    const outcomeFn = makeFunction(OutcomeFunction, {
      id: 'Outcome',
      description: 'records the outcome on the incident and emits its KPIs',
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: { [AgentEnv.TABLE_NAME]: table.tableName },
    });
    grantIncidentWrites(outcomeFn, hub, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [TokenLedgerKeys.INCIDENT_PREFIX]);

    this.remediationFunction = remediationFn;
    this.outcomeFunction = outcomeFn;
    this.telemetryFunction = telemetryFn;
    this.reasoningFunction = reasonFn;
    this.riskFunction = riskFn;
    this.recordFunction = recordFn;
    this.failureFunction = failureFn;

    // ---- the state machine
    const definition = this.definition({ telemetryFn, reasonFn, riskFn, recordFn, failureFn, remediationFn, outcomeFn }, channel);
    const stateMachineLogs = new logs.LogGroup(this, 'StateMachineLogs', {
      // Vended-logs prefix: CloudWatch Logs then needs no resource policy per log group.
      logGroupName: `/aws/vendedlogs/states/${stack.stackName}-${this.node.addr}`,
      retention,
      encryptionKey: key,
      removalPolicy,
    });
    const stateMachine = new sfn.StateMachine(this, 'Resource', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      comment: 'cdk-aiops: from incident to decision',
      timeout: executionTimeout,
      tracingEnabled: true,
      // Every event, without execution data: the history shows the path, the incident data stays out of the logs.
      logs: { destination: stateMachineLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.stateMachine = stateMachine;
    channel?.grantTaskResponse(stateMachine);

    // ---- the trigger, with a dead-letter queue so an incident event is never dropped silently
    const startFailureQueue = new sqs.Queue(this, 'StartFailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.startFailureQueue = startFailureQueue;
    this.rule = new events.Rule(this, 'IncidentRule', {
      eventBus: hub.eventBus,
      description: 'cdk-aiops agents: investigate opened and escalated incidents',
      eventPattern: {
        source: [AIOPS_EVENT_SOURCE],
        detailType: [DetailType.INCIDENT_OPENED, DetailType.INCIDENT_ESCALATED],
      },
      targets: [new targets.SfnStateMachine(stateMachine, {
        deadLetterQueue: startFailureQueue,
        maxEventAge: Duration.hours(24),
        retryAttempts: 185,
      })],
    });

    // ---- alarms
    const executionsFailed = new cloudwatch.Alarm(this, 'ExecutionsFailedAlarm', {
      alarmDescription: 'cdk-aiops agents: an investigation failed and its failure could not be reported. Read the execution history.',
      metric: stateMachine.metricFailed({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const executionsTimedOut = new cloudwatch.Alarm(this, 'ExecutionsTimedOutAlarm', {
      alarmDescription: 'cdk-aiops agents: an investigation ran past its timeout.',
      metric: stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const startFailures = new cloudwatch.Alarm(this, 'StartFailuresAlarm', {
      alarmDescription: 'cdk-aiops agents: incident events could not start an investigation; they are in the start-failure queue.',
      metric: startFailureQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarmList = [executionsFailed, executionsTimedOut, startFailures];
    this.alarms = { executionsFailed, executionsTimedOut, startFailures };
  }

  /**
   * Decisions made, all of them or those with one outcome.
   * @default - sum over 5 minutes
   */
  public metricDecisions(outcome?: DecisionOutcome, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.agentMetric(AgentMetric.DECISIONS, outcome ? { [AgentMetricDimension.OUTCOME]: outcome } : {}, props);
  }

  /**
   * Model tokens spent (input + output).
   * @default - sum over 5 minutes
   */
  public metricReasoningTokens(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.agentMetric(AgentMetric.REASONING_TOKENS, {}, props);
  }

  /**
   * Investigations the deterministic reasoner answered instead of the model (disabled, over budget, throttled,
   * invalid answer).
   * @default - sum over 5 minutes
   */
  public metricReasoningFallbacks(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.agentMetric(AgentMetric.REASONING_FALLBACKS, {}, props);
  }

  /**
   * Investigations that failed and were reported (`Agent Failure` events).
   * @default - sum over 5 minutes
   */
  public metricAgentFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.agentMetric(AgentMetric.AGENT_FAILURES, {}, props);
  }

  /** Add actions (an SNS topic, an incident-manager response plan...) to every alarm of the suite. */
  public addAlarmAction(...actions: cloudwatch.IAlarmAction[]): void {
    for (const alarm of this.alarmList) alarm.addAlarmAction(...actions);
  }

  private agentMetric(metricName: string, extra: Record<string, string>, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: AGENT_METRIC_NAMESPACE,
      metricName,
      dimensionsMap: {
        [AgentMetricDimension.SERVICE]: AGENT_SERVICE_NAME,
        [AgentMetricDimension.EVENT_BUS_NAME]: this.hub.eventBus.eventBusName,
        ...extra,
      },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      ...props,
    });
  }

  /**
   * The role SSM Automation runs the registered documents as: their mutating actions on resources that carry the
   * managed tag (and on the listed ARNs), their describes on `*`. Trusts SSM from this account only.
   */
  private createAutomationRole(ssmRunbooks: Runbook[], tag: { key: string; value: string }, resources: string[], stack: Stack): iam.IRole {
    const role = new iam.Role(this, 'AutomationRole', {
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' }) },
      }),
      description: 'cdk-aiops agents: runs the registered SSM Automation runbooks on tagged resources only',
    });
    const targetActions = [...new Set(ssmRunbooks.flatMap((rb) => rb._targetActions))].sort();
    const readActions = [...new Set(ssmRunbooks.flatMap((rb) => rb._readActions))].sort();
    if (targetActions.length > 0) {
      role.addToPolicy(new iam.PolicyStatement({
        sid: 'ChangeManagedResources',
        actions: targetActions,
        resources: ['*'],
        conditions: { StringEquals: { [`aws:ResourceTag/${tag.key}`]: tag.value } },
      }));
      if (resources.length > 0) {
        role.addToPolicy(new iam.PolicyStatement({ sid: 'ChangeListedResources', actions: targetActions, resources }));
      }
    }
    if (readActions.length > 0) {
      role.addToPolicy(new iam.PolicyStatement({ sid: 'DescribeTargets', actions: readActions, resources: ['*'] }));
    }
    return role;
  }

  /**
   * Prepare → Telemetry → KnowledgeLookup → Reason → Risk → Record → (NotifyDecision) → RouteDecision, then
   * - AUTO: NoApprovalNeeded → the remediation loop;
   * - DENY: Denied;
   * - APPROVE with a channel: AwaitApproval (task token) → the remediation loop, or RecordDenial → ApprovalDenied, or
   *   RecordApprovalExpired → Escalated; without a channel: RecordNoApprover → Escalated.
   *
   * The remediation loop: PlanRemediation → NextRemediationStep → WaitForRemediation → RemediationStep → back, until
   * done → RecordOutcome → CheckOutcome → Remediated | Escalated. Every Lambda task is retried on transient errors and
   * caught into HandleFailure → Failed; notifications are best effort (a failure is caught and the execution goes on).
   */
  private definition(fns: {
    telemetryFn: lambda.IFunction;
    reasonFn: lambda.IFunction;
    riskFn: lambda.IFunction;
    recordFn: lambda.IFunction;
    failureFn: lambda.IFunction;
    remediationFn: lambda.IFunction;
    outcomeFn: lambda.IFunction;
  }, channel?: IIncidentChannel): sfn.IChainable {
    const P = AgentStatePath;
    const at = (path: string) => `$.${path}`;

    const handleFailure = new tasks.LambdaInvoke(this, AgentState.HANDLE_FAILURE, {
      lambdaFunction: fns.failureFn,
      comment: 'Puts the failure on the incident timeline and publishes an Agent Failure event',
      payload: sfn.TaskInput.fromObject({ runId: sfn.JsonPath.executionId, state: sfn.JsonPath.entirePayload }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: '$.failure',
    });
    addRetries(handleFailure);
    const failureChain = handleFailure.next(new sfn.Fail(this, AgentState.FAILED, {
      error: 'InvestigationFailed',
      cause: 'An agent step failed after its retries; the Agent Failure event and the incident timeline say which and why.',
    }));

    const task = (id: string, fn: lambda.IFunction, comment: string, payload: Record<string, unknown>, resultPath: string) => {
      const t = new tasks.LambdaInvoke(this, id, {
        lambdaFunction: fn,
        comment,
        payload: sfn.TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        resultPath: at(resultPath),
      });
      addRetries(t);
      t.addCatch(failureChain, { errors: [sfn.Errors.ALL], resultPath: at(P.ERROR) });
      return t;
    };

    const prepare = new sfn.Pass(this, AgentState.PREPARE, {
      comment: 'Keeps the incident (the event detail) and where it came from',
      parameters: {
        [P.INCIDENT]: sfn.JsonPath.objectAt('$.detail'),
        [P.TRIGGER]: {
          eventId: sfn.JsonPath.stringAt('$.id'),
          detailType: sfn.JsonPath.stringAt('$.detail-type'),
          time: sfn.JsonPath.stringAt('$.time'),
        },
      },
    });
    const gather = task(AgentState.TELEMETRY, fns.telemetryFn, 'Telemetry agent: a token-bounded bundle of evidence', {
      incident: sfn.JsonPath.objectAt(at(P.INCIDENT)),
    }, P.TELEMETRY);
    // The knowledge port: answers nothing until a KnowledgeBase is configured, which replaces this state with a query.
    const knowledge = new sfn.Pass(this, AgentState.KNOWLEDGE_LOOKUP, {
      comment: 'No knowledge base configured: no snippets',
      result: sfn.Result.fromObject({ snippets: [], reason: 'no knowledge base configured' }),
      resultPath: at(P.KNOWLEDGE),
    });
    const reason = task(AgentState.REASON, fns.reasonFn, 'Reasoning agent: a validated finding, model or rules', {
      incident: sfn.JsonPath.objectAt(at(P.INCIDENT)),
      telemetry: sfn.JsonPath.objectAt(at(P.TELEMETRY)),
      knowledge: sfn.JsonPath.objectAt(at(P.KNOWLEDGE)),
    }, P.REASONING);
    const decide = task(AgentState.RISK, fns.riskFn, 'Risk agent: AUTO, APPROVE or DENY by Cedar policies', {
      incident: sfn.JsonPath.objectAt(at(P.INCIDENT)),
      telemetry: sfn.JsonPath.objectAt(at(P.TELEMETRY)),
      finding: sfn.JsonPath.objectAt(`${at(P.REASONING)}.finding`),
    }, P.DECISION);
    const record = task(AgentState.RECORD, fns.recordFn, 'Timeline, token ledger, metrics and the Incident Decision event', {
      incident: {
        id: sfn.JsonPath.stringAt(`${at(P.INCIDENT)}.id`),
        title: sfn.JsonPath.stringAt(`${at(P.INCIDENT)}.title`),
        priority: sfn.JsonPath.stringAt(`${at(P.INCIDENT)}.priority`),
        services: sfn.JsonPath.listAt(`${at(P.INCIDENT)}.services`),
      },
      runId: sfn.JsonPath.executionId,
      telemetry: sfn.JsonPath.objectAt(at(P.TELEMETRY)),
      reasoning: sfn.JsonPath.objectAt(at(P.REASONING)),
      decision: sfn.JsonPath.objectAt(at(P.DECISION)),
    }, P.RECORD);

    const incidentRef = { id: sfn.JsonPath.stringAt(`${at(P.INCIDENT)}.id`) };
    const notifyThen = (id: string, step: string, next: sfn.IChainable & sfn.INextable | sfn.State): sfn.IChainable => {
      if (!channel) return next;
      const t = new tasks.LambdaInvoke(this, id, {
        lambdaFunction: channel.notifyFunction,
        comment: `Tells the channel: ${step} (best effort: a failure is ignored)`,
        payload: sfn.TaskInput.fromObject({ incident: sfn.JsonPath.objectAt(at(P.INCIDENT)), step }),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        resultPath: sfn.JsonPath.DISCARD,
      });
      t.addRetry({
        errors: LAMBDA_TRANSIENT_ERRORS, interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL,
      });
      t.addCatch(next as sfn.State, { errors: [sfn.Errors.ALL], resultPath: sfn.JsonPath.DISCARD });
      return t.next(next as sfn.State);
    };

    const denied = new sfn.Succeed(this, AgentState.DENIED, { comment: 'The runbook may not run, not even with approval' });
    const escalated = new sfn.Succeed(this, AgentState.ESCALATED, { comment: 'A human has to act; the incident timeline says why' });
    const remediated = new sfn.Succeed(this, AgentState.REMEDIATED, { comment: 'The runbook ran and recovery was verified' });
    const escalate = notifyThen(AgentState.NOTIFY_ESCALATION, 'escalated', escalated);

    // ---- the remediation loop: one step per invocation, the waits in Step Functions
    const recordOutcome = task(AgentState.RECORD_OUTCOME, fns.outcomeFn, 'The remediation\'s outcome on the timeline, the incident KPIs as EMF', {
      action: 'remediated',
      runId: sfn.JsonPath.executionId,
      incident: incidentRef,
      remediation: { state: sfn.JsonPath.objectAt(`${at(P.REMEDIATION)}.state`) },
    }, P.OUTCOME);
    const checkOutcome = new sfn.Choice(this, AgentState.CHECK_OUTCOME, { comment: 'Resolved, or a human has to act' })
      .when(sfn.Condition.booleanEquals(`${at(P.OUTCOME)}.escalate`, true), escalate)
      .otherwise(notifyThen(AgentState.NOTIFY_RESOLVED, 'resolved', remediated));
    recordOutcome.next(checkOutcome);
    const plan = task(AgentState.PLAN_REMEDIATION, fns.remediationFn, 'Remediation agent: re-validates the runbook\'s parameters against the incident, plans it and its rollback', {
      action: 'plan',
      runId: sfn.JsonPath.executionId,
      incident: sfn.JsonPath.objectAt(at(P.INCIDENT)),
      finding: sfn.JsonPath.objectAt(`${at(P.REASONING)}.finding`),
      approval: sfn.JsonPath.objectAt(at(P.APPROVAL)),
    }, P.REMEDIATION);
    const step = task(AgentState.REMEDIATION_STEP, fns.remediationFn, 'Remediation agent: starts, polls or verifies, once', {
      action: 'step',
      incident: sfn.JsonPath.objectAt(at(P.INCIDENT)),
      remediation: { state: sfn.JsonPath.objectAt(`${at(P.REMEDIATION)}.state`) },
    }, P.REMEDIATION);
    const wait = new sfn.Wait(this, AgentState.WAIT_REMEDIATION, {
      comment: 'Back-off between polls, spacing between recovery checks',
      time: sfn.WaitTime.secondsPath(`${at(P.REMEDIATION)}.next.waitSeconds`),
    });
    const nextStep = new sfn.Choice(this, AgentState.NEXT_REMEDIATION_STEP, { comment: 'On the remediation\'s next action' })
      .when(sfn.Condition.stringEquals(`${at(P.REMEDIATION)}.next.action`, 'done'), recordOutcome)
      .otherwise(wait);
    plan.next(nextStep);
    wait.next(step);
    step.next(nextStep);
    const autoApproved = new sfn.Pass(this, AgentState.NO_APPROVAL_NEEDED, {
      comment: 'The risk policies allow the runbook without a human',
      result: sfn.Result.fromObject({ automatic: true }),
      resultPath: at(P.APPROVAL),
    }).next(plan);

    // ---- approval
    let approve: sfn.IChainable;
    if (channel) {
      const awaitApproval = new tasks.LambdaInvoke(this, AgentState.AWAIT_APPROVAL, {
        lambdaFunction: channel.approvalRequestFunction,
        comment: 'Asks a human through the channel and waits for the answer (task token). A timeout never approves.',
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: sfn.TaskInput.fromObject({
          taskToken: sfn.JsonPath.taskToken,
          incident: sfn.JsonPath.objectAt(at(P.INCIDENT)),
          finding: sfn.JsonPath.objectAt(`${at(P.REASONING)}.finding`),
          decision: sfn.JsonPath.objectAt(at(P.DECISION)),
        }),
        taskTimeout: sfn.Timeout.duration(channel.approvalTimeout),
        retryOnServiceExceptions: false,
        resultPath: at(P.APPROVAL),
      });
      // Only Lambda's own transient errors: never States.Timeout (a timeout never approves, and is never retried).
      awaitApproval.addRetry({
        errors: LAMBDA_TRANSIENT_ERRORS,
        interval: Duration.seconds(2),
        maxAttempts: 5,
        backoffRate: 2,
        maxDelay: Duration.seconds(60),
        jitterStrategy: sfn.JitterType.FULL,
      });
      const recordDenial = task(AgentState.RECORD_DENIAL, fns.outcomeFn, 'A human denied the runbook: on the timeline, KPIs', {
        action: 'denied',
        runId: sfn.JsonPath.executionId,
        incident: incidentRef,
        error: sfn.JsonPath.objectAt(at(P.ERROR)),
      }, P.OUTCOME);
      recordDenial.next(notifyThen(AgentState.NOTIFY_DENIAL, 'denied', new sfn.Succeed(this, AgentState.APPROVAL_DENIED, { comment: 'A human denied the runbook' })));
      const recordExpired = task(AgentState.RECORD_APPROVAL_EXPIRED, fns.outcomeFn, 'Nobody approved in time: on the timeline, escalated, KPIs', {
        action: 'expired',
        runId: sfn.JsonPath.executionId,
        incident: incidentRef,
        error: sfn.JsonPath.objectAt(at(P.ERROR)),
      }, P.OUTCOME);
      recordExpired.next(escalate);
      awaitApproval.addCatch(recordDenial, { errors: [APPROVAL_DENIED_ERROR], resultPath: at(P.ERROR) });
      awaitApproval.addCatch(recordExpired, { errors: [sfn.Errors.TIMEOUT, APPROVAL_EXPIRED_ERROR], resultPath: at(P.ERROR) });
      awaitApproval.addCatch(failureChain, { errors: [sfn.Errors.ALL], resultPath: at(P.ERROR) });
      approve = awaitApproval.next(plan);
    } else {
      // Nothing can approve without a channel: record it, escalate, never run.
      approve = task(AgentState.RECORD_NO_APPROVER, fns.outcomeFn, 'Approval needed but no channel is configured: escalated', {
        action: 'no-approver',
        runId: sfn.JsonPath.executionId,
        incident: incidentRef,
      }, P.OUTCOME).next(escalated);
    }

    const outcome = `${at(P.DECISION)}.outcome`;
    const route = new sfn.Choice(this, AgentState.ROUTE, { comment: 'On the Risk agent\'s outcome' })
      .when(sfn.Condition.stringEquals(outcome, DecisionOutcome.AUTO), autoApproved)
      .when(sfn.Condition.stringEquals(outcome, DecisionOutcome.DENY), denied)
      // APPROVE, and anything unexpected (the record step validated the outcome already): a human decides.
      .otherwise(approve);

    return prepare.next(gather).next(knowledge).next(reason).next(decide).next(record).next(notifyThen(AgentState.NOTIFY_DECISION, 'decision', route));
  }
}

function addRetries(task: tasks.LambdaInvoke): void {
  task.addRetry({
    errors: LAMBDA_TRANSIENT_ERRORS,
    interval: Duration.seconds(2),
    maxAttempts: 5,
    backoffRate: 2,
    maxDelay: Duration.seconds(60),
    jitterStrategy: sfn.JitterType.FULL,
  });
  task.addRetry({
    errors: HANDLER_TRANSIENT_ERRORS,
    interval: Duration.seconds(1),
    maxAttempts: 3,
    backoffRate: 2,
    jitterStrategy: sfn.JitterType.FULL,
  });
}

/**
 * The telemetry role: exactly the read actions of the enabled collectors (TELEMETRY_IAM_ACTIONS). Logs Insights
 * queries are scoped to the configured log groups (else any log group of the account and Region); every other read
 * supports no resource-level permission and is granted on `*`.
 */
function grantTelemetryReads(
  fn: lambda.IFunction,
  disabled: readonly TelemetryCollector[],
  logGroups: logs.ILogGroup[] | undefined,
  stack: Stack,
): void {
  const enabled = Object.values(TelemetryCollector).filter((c) => !disabled.includes(c));
  const unscoped = enabled.flatMap((c) => TELEMETRY_IAM_ACTIONS[c]).filter((a) => a !== 'logs:StartQuery');
  if (unscoped.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadTelemetry', actions: [...new Set(unscoped)].sort(), resources: ['*'] }));
  }
  if (enabled.includes(TelemetryCollector.LOGS)) {
    fn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'QueryLogGroups',
      actions: ['logs:StartQuery'],
      resources: logGroups?.length
        ? logGroups.map((g) => g.logGroupArn)
        : [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
  }
}

/** `geo.provider.model` (system-defined inference profile) or `provider.model` (foundation model). */
const INFERENCE_PROFILE_PREFIX = /^(global|us|us-gov|eu|apac|jp|au|ca)\.(.+)$/;

/**
 * `bedrock:InvokeModel` (Converse uses it) on the configured model only. For an inference profile: the profile, and
 * the foundation model it routes to under a `bedrock:InferenceProfileArn` condition, in this Region and region-less
 * for a `global.` profile, in any Region for a geographic one (its destination Regions change over time).
 */
function grantInvokeModel(fn: lambda.IFunction, modelId: string, stack: Stack): void {
  const model = (name: string, region?: string) => stack.formatArn({ service: 'bedrock', region, account: '', resource: 'foundation-model', resourceName: name });
  const profile = Token.isUnresolved(modelId) ? undefined : INFERENCE_PROFILE_PREFIX.exec(modelId);
  if (!profile) {
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'InvokeModel', actions: ['bedrock:InvokeModel'], resources: [model(modelId)] }));
    return;
  }
  const [, geo, base] = profile;
  const profileArn = stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: modelId });
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'InvokeInferenceProfile', actions: ['bedrock:InvokeModel'], resources: [profileArn] }));
  fn.addToRolePolicy(new iam.PolicyStatement({
    sid: 'InvokeModelThroughProfile',
    actions: ['bedrock:InvokeModel'],
    resources: geo === 'global' ? [model(base), model(base, '')] : [model(base, '*')],
    conditions: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
  }));
}

/**
 * Items whose partition key starts with one of `keyPrefixes` only (never triage's fingerprints or correlation keys),
 * the table key, and PutEvents of one detail-type from source `cdk-aiops` on the hub bus.
 */
function grantIncidentWrites(fn: lambda.IFunction, hub: IAiopsHub, actions: string[], keyPrefixes: string[], detailType?: string): void {
  const table = hub.incidentTable;
  fn.addToRolePolicy(new iam.PolicyStatement({
    sid: 'WriteIncidents',
    actions,
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keyPrefixes.map((prefix) => `${prefix}*`) } },
  }));
  table.encryptionKey?.grant(fn, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
  if (detailType === undefined) return;
  fn.addToRolePolicy(new iam.PolicyStatement({
    sid: 'PublishAgentEvents',
    actions: ['events:PutEvents'],
    resources: [hub.eventBus.eventBusArn],
    conditions: { StringEquals: { 'events:source': AIOPS_EVENT_SOURCE, 'events:detail-type': detailType } },
  }));
}

/** AWS-owned SSM documents live in no account: their ARNs have an empty account field. */
const AWS_OWNED_DOCUMENT = /^(AWS|Amazon|AWSSupport|AWSResilienceHub|AWSConfigRemediation|AWSEC2|AWSFIS)-?/;

/** The automation-definition ARN StartAutomationExecution is authorised on (the default version, as the runner starts it). */
function automationDefinitionArn(document: string, stack: Stack): string {
  if (!Token.isUnresolved(document) && document.startsWith('arn:')) {
    return `${document.replace(':document/', ':automation-definition/')}:$DEFAULT`;
  }
  const owned = !Token.isUnresolved(document) && AWS_OWNED_DOCUMENT.test(document);
  return stack.formatArn({ service: 'ssm', account: owned ? '' : undefined, resource: 'automation-definition', resourceName: `${document}:$DEFAULT` });
}

/**
 * The Remediation agent's role: start the registered SSM documents (and read their executions), pass the automation
 * role to SSM only, invoke the registered runbook functions, start and read builds of the registered projects, and
 * the reads of the verifications the runbooks declare. Nothing else can be run.
 */
function grantRunbookRunner(fn: lambda.IFunction, ssmRunbooks: Runbook[], extra: Runbook[], automationRole: iam.IRole, stack: Stack): void {
  const documents = [...new Set(ssmRunbooks.map((rb) => rb._documentName!))];
  fn.addToRolePolicy(new iam.PolicyStatement({
    sid: 'StartRegisteredAutomations',
    actions: ['ssm:StartAutomationExecution'],
    resources: documents.map((d) => automationDefinitionArn(d, stack)),
  }));
  fn.addToRolePolicy(new iam.PolicyStatement({
    sid: 'ReadAutomationExecutions',
    actions: ['ssm:GetAutomationExecution'],
    resources: [stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' })],
  }));
  fn.addToRolePolicy(new iam.PolicyStatement({
    sid: 'PassAutomationRole',
    actions: ['iam:PassRole'],
    resources: [automationRole.roleArn],
    conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
  }));
  const functions = extra.flatMap((rb) => (rb._function ? [rb._function.functionArn] : []));
  if (functions.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'InvokeRunbookFunctions', actions: ['lambda:InvokeFunction'], resources: functions }));
  }
  const projects = extra.flatMap((rb) => (rb._project ? [rb._project.projectArn] : []));
  if (projects.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'RunRunbookProjects', actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'], resources: projects }));
  }
  const checks = new Set([...ssmRunbooks, ...extra].map((rb) => rb._verifyCheck));
  if (checks.has('alarms-ok')) {
    // DescribeAlarms by alarm name: no resource-level permission for a name list.
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'VerifyAlarms', actions: ['cloudwatch:DescribeAlarms'], resources: ['*'] }));
  }
  if (checks.has('canary-pass')) {
    fn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'VerifyCanaries',
      actions: ['synthetics:GetCanaryRuns'],
      resources: [stack.formatArn({ service: 'synthetics', resource: 'canary', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
  }
  if (checks.has('slo-recovered')) {
    fn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'VerifySlos',
      actions: ['application-signals:BatchGetServiceLevelObjectiveBudgetReport'],
      resources: ['*'],
    }));
  }
}

function validateRemediation(tag: { key: string; value: string }, maxRunTime: Duration): void {
  if (!Token.isUnresolved(tag.key) && !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(tag.key)) {
    throw new Error(`remediation.managedTag.key must be a tag key of 1 to 128 characters (got '${tag.key}')`);
  }
  if (!Token.isUnresolved(tag.key) && tag.key.toLowerCase().startsWith('aws:')) {
    throw new Error(`remediation.managedTag.key may not start with 'aws:' (reserved by AWS; got '${tag.key}')`);
  }
  if (!Token.isUnresolved(tag.value) && !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u.test(tag.value)) {
    throw new Error(`remediation.managedTag.value must be a tag value of at most 256 characters (got '${tag.value}')`);
  }
  if (!maxRunTime.isUnresolved()) {
    const seconds = maxRunTime.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > 12 * 3600) {
      throw new Error(`remediation.maxRunTime must be whole seconds from 1 minute to 12 hours (got ${maxRunTime.toHumanString()})`);
    }
  }
}

/** The runbook specs must fit in the functions' 4 KB environment; a function ARN (a token) counts as its longest. */
function checkRunbooksSize(specs: Array<{ [key: string]: any }>): void {
  if (specs.length === 0) return;
  const measured = specs.map((spec) => (Token.isUnresolved(spec.target) ? { ...spec, target: 'x'.repeat(TOKEN_TARGET_BYTES) } : spec));
  const bytes = Buffer.byteLength(JSON.stringify(measured));
  if (bytes > RUNBOOKS_ENVIRONMENT_MAX_BYTES) {
    throw new Error(`runbooks: the ${specs.length} runbook specs take ${bytes} bytes of the agents' environment, above the ${RUNBOOKS_ENVIRONMENT_MAX_BYTES} that fit (Lambda allows 4 KB in all): shorten their descriptions and titles, or register fewer runbooks`);
  }
}

function calendarArn(name: string, stack: Stack): string {
  if (!Token.isUnresolved(name) && name.startsWith('arn:')) return name;
  return stack.formatArn({ service: 'ssm', resource: 'document', resourceName: name });
}

function checkEnvironmentSize(id: string, environment: Record<string, string>): void {
  const values = Object.entries(environment);
  if (values.some(([, v]) => Token.isUnresolved(v))) return;
  const bytes = values.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > LAMBDA_ENVIRONMENT_MAX_BYTES - 512) {
    throw new Error(`the ${id.toLowerCase()} function's configuration is ${bytes} bytes, above the ${LAMBDA_ENVIRONMENT_MAX_BYTES - 512} that fit in its environment (Lambda allows 4 KB in all): shorten the risk policies or freeze windows`);
  }
}

// ---------------------------------------------------------------- validation and rendering

function positiveInteger(name: string, value: number | undefined, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max} (got ${value})`);
  }
}

function validateSettings(reasoning: ReasoningSettings, telemetry: TelemetrySettings, risk: RiskSettings): void {
  const t = reasoning.temperature;
  if (t !== undefined && !Token.isUnresolved(t) && !(t >= 0 && t <= 1)) {
    throw new Error(`reasoning.temperature must be between 0 and 1 (got ${t})`);
  }
  positiveInteger('reasoning.incidentTokenBudget', reasoning.incidentTokenBudget);
  positiveInteger('reasoning.monthlyTokenCap', reasoning.monthlyTokenCap);
  positiveInteger('reasoning.maxConcurrency', reasoning.maxConcurrency, 1000);
  positiveInteger('telemetry.tokenBudget', telemetry.tokenBudget, 200_000);
  const modelId = reasoning.modelId;
  if (modelId !== undefined && !Token.isUnresolved(modelId) && !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,255}$/.test(modelId)) {
    throw new Error(`reasoning.modelId must be a Bedrock model or inference profile id such as '${DEFAULT_REASONING_MODEL_ID}' (got '${modelId}')`);
  }
  if ((telemetry.logGroups?.length ?? 0) > 20) {
    throw new Error(`telemetry.logGroups: at most 20 log groups (got ${telemetry.logGroups!.length})`);
  }
  (risk.policies ?? []).forEach((policy, i) => checkPolicyShape(policy, i));
  const names = new Set<string>();
  (risk.freezeWindows ?? []).forEach((window, i) => {
    checkFreezeWindow(window, i);
    if (names.has(window.name)) throw new Error(`risk.freezeWindows[${i}]: the name '${window.name}' is used twice`);
    names.add(window.name);
  });
  (risk.changeCalendars ?? []).forEach((name, i) => {
    if (!Token.isUnresolved(name) && !/^(arn:[^:]+:ssm:[^:]*:\d{12}:document\/)?[A-Za-z0-9_.-]{3,128}$/.test(name)) {
      throw new Error(`risk.changeCalendars[${i}] must be an SSM Change Calendar name or document ARN (got '${name}')`);
    }
  });
}

/**
 * A cheap syntactic check of one Cedar policy set: it has a `permit` or `forbid`, balanced brackets, and ends with `;`.
 * The schema validation runs in the risk function (and in your tests with `validateRiskPolicies`).
 */
function checkPolicyShape(policy: string, index: number): void {
  if (Token.isUnresolved(policy)) return;
  const where = `risk.policies[${index}]`;
  const code = policy.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/[^\n]*/g, '');
  if (!/\b(permit|forbid)\s*\(/.test(code)) throw new Error(`${where} is not a Cedar policy: it has no permit (...) or forbid (...)`);
  if (!code.trim().endsWith(';')) throw new Error(`${where}: a Cedar policy ends with ';'`);
  const closing: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const ch of code) {
    if (ch === '(' || ch === '[' || ch === '{') stack.push(ch);
    else if (closing[ch] && stack.pop() !== closing[ch]) throw new Error(`${where}: unbalanced '${ch}'`);
  }
  if (stack.length > 0) throw new Error(`${where}: unclosed '${stack[stack.length - 1]}'`);
}

const CRON_FIELDS: ReadonlyArray<{ name: string; min: number; max: number; names?: string[]; base?: number }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], base: 1 },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], base: 0 },
];

/** The five-field cron the Risk agent evaluates: `*`, `?`, lists, ranges, steps, JAN-DEC and SUN-SAT. */
function checkCron(expression: string, where: string): void {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new Error(`${where}.schedule must be a five-field cron expression (minute hour day-of-month month day-of-week), got '${expression}'`);
  }
  fields.forEach((field, i) => {
    const def = CRON_FIELDS[i];
    const value = (text: string): number => {
      const named = def.names?.indexOf(text.toUpperCase()) ?? -1;
      if (named >= 0) return named + (def.base ?? 0);
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      if (!(n >= def.min && n <= def.max)) throw new Error(`${where}.schedule: ${def.name} '${text}' is not within ${def.min}-${def.max}`);
      return n;
    };
    for (const part of field.split(',')) {
      const [range, step, ...extra] = part.split('/');
      if (extra.length > 0 || (step !== undefined && !/^[1-9]\d*$/.test(step))) throw new Error(`${where}.schedule: bad step in ${def.name} '${part}'`);
      if (range === '*' || range === '?') continue;
      const [from, to, ...more] = range.split('-');
      if (more.length > 0) throw new Error(`${where}.schedule: bad range in ${def.name} '${range}'`);
      if (to !== undefined && value(from) > value(to)) throw new Error(`${where}.schedule: ${def.name} range '${range}' runs backwards`);
      value(from);
    }
  });
}

function checkFreezeWindow(window: FreezeWindow, index: number): void {
  const where = `risk.freezeWindows[${index}]`;
  if (!Token.isUnresolved(window.name) && (window.name.length < 1 || window.name.length > 128)) {
    throw new Error(`${where}.name must be 1 to 128 characters`);
  }
  if (!Token.isUnresolved(window.schedule)) checkCron(window.schedule, where);
  if (!window.duration.isUnresolved()) {
    const minutes = window.duration.toMinutes({ integral: false });
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 31 * 24 * 60) {
      throw new Error(`${where}.duration must be whole minutes, from 1 minute to 31 days (got ${window.duration.toHumanString()})`);
    }
  }
  if (window.timeZone !== undefined && !Token.isUnresolved(window.timeZone)) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: window.timeZone });
    } catch {
      throw new Error(`${where}.timeZone must be an IANA time zone such as 'Europe/Paris' (got '${window.timeZone}')`);
    }
  }
}

function renderRiskEnvironment(risk: RiskSettings, stack: Stack): Record<string, string> {
  const env: Record<string, string> = {};
  if (risk.policies?.length) env[AgentEnv.RISK_POLICIES] = risk.policies.join('\n\n');
  if (risk.freezeWindows?.length) {
    env[AgentEnv.FREEZE_WINDOWS] = stack.toJsonString(risk.freezeWindows.map((w) => ({
      name: w.name,
      schedule: w.schedule.trim(),
      durationMinutes: w.duration.toMinutes(),
      ...(w.timeZone ? { timeZone: w.timeZone } : {}),
    })));
  }
  if (risk.changeCalendars?.length) env[AgentEnv.CHANGE_CALENDARS] = stack.toJsonString(risk.changeCalendars);
  return env;
}
