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
import { ReasonFunction } from './reason-function';
import { RecordFunction } from './record-function';
import { RiskFunction } from './risk-function';
import { TelemetryFunction } from './telemetry-function';
import type { IAiopsHub } from '../hub/aiops-hub';
import { DetailType } from '../hub/constants';
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
   * Longest an investigation may run, from the incident event to the hand-off. Past it the execution times out and the
   * `executionsTimedOut` alarm fires.
   *
   * @default Duration.minutes(15)
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
    const executionTimeout = props.timeout ?? Duration.minutes(15);
    if (!executionTimeout.isUnresolved() && (executionTimeout.toSeconds() < 60 || executionTimeout.toSeconds() > 86_400)) {
      throw new Error(`timeout must be between 1 minute and 1 day (got ${executionTimeout.toHumanString()})`);
    }

    this.hub = props.hub;
    const hub = props.hub;
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const table = hub.incidentTable;
    const key = props.encryptionKey ?? table.encryptionKey ?? this.createKey(removalPolicy, stack);
    this.encryptionKey = key;

    const enabled = reasoning.enabled ?? true;
    const modelId = reasoning.modelId ?? DEFAULT_REASONING_MODEL_ID;
    const disabledCollectors = [...new Set(telemetry.disabledCollectors ?? [])];

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
      environment: renderRiskEnvironment(risk, stack),
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

    this.telemetryFunction = telemetryFn;
    this.reasoningFunction = reasonFn;
    this.riskFunction = riskFn;
    this.recordFunction = recordFn;
    this.failureFunction = failureFn;

    // ---- the state machine
    const definition = this.definition({ telemetryFn, reasonFn, riskFn, recordFn, failureFn });
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

  private createKey(removalPolicy: RemovalPolicy, stack: Stack): kms.IKey {
    const key = new kms.Key(this, 'EncryptionKey', {
      description: `cdk-aiops agents ${this.node.path}: log groups`,
      enableKeyRotation: true,
      removalPolicy,
    });
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogs',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }));
    return key;
  }

  /**
   * Prepare → Telemetry → KnowledgeLookup → Reason → Risk → Record → RouteDecision → Remediate | AwaitApproval | Denied,
   * every task retried on transient errors and caught into HandleFailure → Failed.
   */
  private definition(fns: {
    telemetryFn: lambda.IFunction; reasonFn: lambda.IFunction; riskFn: lambda.IFunction; recordFn: lambda.IFunction; failureFn: lambda.IFunction;
  }): sfn.IChainable {
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

    // Hand-off states: part 2 (remediation, approval) replaces these Pass states.
    const remediate = new sfn.Pass(this, AgentState.REMEDIATE, { comment: 'Hand-off: the runbook may run without a human (remediation not configured yet)' });
    const awaitApproval = new sfn.Pass(this, AgentState.AWAIT_APPROVAL, { comment: 'Hand-off: a human decides (approval not configured yet)' });
    const denied = new sfn.Succeed(this, AgentState.DENIED, { comment: 'The runbook may not run, not even with approval' });
    const outcome = `${at(P.DECISION)}.outcome`;
    const route = new sfn.Choice(this, AgentState.ROUTE, { comment: 'On the Risk agent\'s outcome' })
      .when(sfn.Condition.stringEquals(outcome, DecisionOutcome.AUTO), remediate)
      .when(sfn.Condition.stringEquals(outcome, DecisionOutcome.DENY), denied)
      // APPROVE, and anything unexpected (the record step validated the outcome already): a human decides.
      .otherwise(awaitApproval);

    return prepare.next(gather).next(knowledge).next(reason).next(decide).next(record).next(route);
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
function grantIncidentWrites(fn: lambda.IFunction, hub: IAiopsHub, actions: string[], keyPrefixes: string[], detailType: string): void {
  const table = hub.incidentTable;
  fn.addToRolePolicy(new iam.PolicyStatement({
    sid: 'WriteIncidents',
    actions,
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keyPrefixes.map((prefix) => `${prefix}*`) } },
  }));
  table.encryptionKey?.grant(fn, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
  fn.addToRolePolicy(new iam.PolicyStatement({
    sid: 'PublishAgentEvents',
    actions: ['events:PutEvents'],
    resources: [hub.eventBus.eventBusArn],
    conditions: { StringEquals: { 'events:source': AIOPS_EVENT_SOURCE, 'events:detail-type': detailType } },
  }));
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
