import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeAgentFindings } from './agent-acknowledgements';
import type { DecisionOutcome } from './agent-settings';
import type { AgentSuiteAlarms, AgentSuiteProps } from './agent-suite-props';
import { failureChain, notifyThen } from './agent-tasks';
import { checkEnvironmentSize, resolveSettings } from './agent-validation';
import { ApprovalGateFragment } from './approval-gate';
import {
  AGENT_METRIC_NAMESPACE, AGENT_SERVICE_NAME, AgentDetailType, AgentEnv, AgentMetric, AgentMetricDimension, AgentState,
  AIOPS_EVENT_SOURCE, TokenLedgerKeys,
} from './constants';
import { FailureFunction } from './failure-function';
import { InvestigationFragment } from './investigation';
import { createAutomationRole, RemediationLoopFragment } from './remediation-loop';
import { HandlerFunctions } from '../common/handler-function';
import { createLogEncryptionKey } from '../common/log-encryption-key';
import type { IAiopsHub } from '../hub/aiops-hub';
import { DetailType } from '../hub/constants';
import { BuiltinRunbook, Runbook } from '../runbooks/runbook';

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

  /** The load step: reads the incident an event names from the incident table (read-only). */
  public readonly loadFunction: lambda.IFunction;

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
    const { reasoning, telemetry, risk, remediation, managedTag, maxRunTime, extraRunbooks, executionTimeout } = resolveSettings(props);
    const { channel, hub } = props;
    const runbookSpecs = extraRunbooks.map((rb) => rb._toSpec());
    this.hub = hub;
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const key = props.encryptionKey ?? hub.incidentTable.encryptionKey ?? createLogEncryptionKey(this, `cdk-aiops agents ${this.node.path}: log groups`, removalPolicy);
    this.encryptionKey = key;
    const runbooksEnvironment: Record<string, string> = runbookSpecs.length > 0 ? { [AgentEnv.RUNBOOKS_JSON]: stack.toJsonString(runbookSpecs) } : {};

    // Every function: own role, own encrypted log group, arm64, X-Ray, explicit timeout and memory, as children of
    // the suite whichever fragment asks for it.
    const functions = new HandlerFunctions(this, {
      descriptionPrefix: 'cdk-aiops agents', encryptionKey: key, logRetention: retention, removalPolicy, checkEnvironment: checkEnvironmentSize,
    });

    // ---- the failure handler every step is caught into
    const failureFn = functions.create(FailureFunction, {
      id: 'Failure',
      description: 'reports a failed investigation on the incident and the bus',
      timeout: Duration.seconds(30),
      memorySize: 256,
    });
    hub.grantIncidentItems(failureFn, ['dynamodb:GetItem', 'dynamodb:PutItem'], TokenLedgerKeys.INCIDENT_PREFIX);
    hub.grantPublish(failureFn, AgentDetailType.AGENT_FAILURE);
    this.failureFunction = failureFn;
    const onFailure = failureChain(this, failureFn);

    // ---- the three phases
    const investigation = new InvestigationFragment(this, 'Investigation', {
      hub, functions, reasoning, telemetry, risk, runbooksEnvironment, onFailure,
    });
    const ssmRunbooks = [...BUILTIN_RUNBOOK_LIST, ...extraRunbooks.filter((rb) => rb.kind === 'ssm-automation')];
    this.automationRole = remediation.automationRole ?? createAutomationRole(this, ssmRunbooks, managedTag, remediation.resources ?? []);
    const remediationLoop = new RemediationLoopFragment(this, 'RemediationLoop', {
      hub, functions, ssmRunbooks, extraRunbooks, automationRole: this.automationRole, maxRunTime, runbooksEnvironment, channel, onFailure,
    });
    const approvalGate = new ApprovalGateFragment(this, 'ApprovalGate', {
      channel,
      outcomeFunction: remediationLoop.outcomeFunction,
      remediate: remediationLoop,
      escalate: remediationLoop.escalate,
      escalated: remediationLoop.escalated,
      onFailure,
    });
    this.loadFunction = investigation.loadFunction;
    this.telemetryFunction = investigation.telemetryFunction;
    this.reasoningFunction = investigation.reasoningFunction;
    this.riskFunction = investigation.riskFunction;
    this.recordFunction = investigation.recordFunction;
    this.remediationFunction = remediationLoop.remediationFunction;
    this.outcomeFunction = remediationLoop.outcomeFunction;

    // ---- the state machine
    const definition = investigation.next(notifyThen(this, channel, AgentState.NOTIFY_DECISION, 'decision', approvalGate.startState));
    const stateMachineLogs = new logs.LogGroup(this, 'StateMachineLogs', {
      // Vended-logs prefix: CloudWatch Logs then needs no resource policy per log group.
      logGroupName: `/aws/vendedlogs/states/${stack.stackName}-${this.node.addr}`, retention, encryptionKey: key, removalPolicy,
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
      // Only the hub's own triage publishes these: events another account put on the bus never start anything (the
      // hub's bus policy refuses them too), and the workflow trusts only the incident id, which it loads from the table.
      eventPattern: {
        source: [AIOPS_EVENT_SOURCE],
        detailType: [DetailType.INCIDENT_OPENED, DetailType.INCIDENT_ESCALATED],
        account: [hub.env.account],
        detail: { id: [{ exists: true }] },
      },
      targets: [new targets.SfnStateMachine(stateMachine, {
        deadLetterQueue: startFailureQueue, maxEventAge: Duration.hours(24), retryAttempts: 185,
      })],
    });

    // ---- alarms
    const alarm = (alarmId: string, alarmDescription: string, metric: cloudwatch.IMetric) => new cloudwatch.Alarm(this, alarmId, {
      alarmDescription,
      metric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const fiveMinuteSum = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    const executionsFailed = alarm('ExecutionsFailedAlarm',
      'cdk-aiops agents: an investigation failed and its failure could not be reported. Read the execution history.',
      stateMachine.metricFailed(fiveMinuteSum));
    const executionsTimedOut = alarm('ExecutionsTimedOutAlarm', 'cdk-aiops agents: an investigation ran past its timeout.',
      stateMachine.metricTimedOut(fiveMinuteSum));
    const startFailures = alarm('StartFailuresAlarm',
      'cdk-aiops agents: incident events could not start an investigation; they are in the start-failure queue.',
      startFailureQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }));
    this.alarmList = [executionsFailed, executionsTimedOut, startFailures];
    this.alarms = { executionsFailed, executionsTimedOut, startFailures };
    acknowledgeAgentFindings(this, {
      telemetryRole: this.telemetryFunction.role!,
      riskRole: this.riskFunction.role!,
      remediationRole: this.remediationFunction.role!,
      stateMachine,
      automationRole: remediation.automationRole ? undefined : this.automationRole,
      startFailureQueue,
      logGroups: telemetry.logGroups,
    });
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
}
