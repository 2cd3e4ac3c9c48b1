import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TelemetryCollector, type ReasoningSettings, type RiskSettings, type TelemetrySettings } from './agent-settings';
import { agentTask, at, payloadOf } from './agent-tasks';
import { renderRiskEnvironment } from './agent-validation';
import { AgentDefaults, AgentDetailType, AgentEnv, AgentState, AgentStatePath, DEFAULT_REASONING_MODEL_ID, TokenLedgerKeys } from './constants';
import { LoadFunction } from './load-function';
import { ReasonFunction } from './reason-function';
import { RecordFunction } from './record-function';
import { RiskFunction } from './risk-function';
import { TelemetryFunction } from './telemetry-function';
import type { HandlerFunctions } from '../common/handler-function';
import type { LoadIncidentTaskInput, ReasonTaskInput, RecordTaskInput, RiskTaskInput, TelemetryTaskInput } from '../contract/workflow';
import type { IAiopsHub } from '../hub/aiops-hub';
// Plain data (IAM action names), written for the construct to import: no runtime code comes with it.
import { TELEMETRY_IAM_ACTIONS } from '../runtime/telemetry/permissions';

/**
 * The knowledge step's slot: a state (or fragment) that writes what it found at `resultPath`
 * (`{ snippets, reason }`). A KnowledgeBase construct supplies one that queries it.
 */
export type KnowledgeLookupFactory = (scope: Construct, id: string, resultPath: string) => sfn.IChainable & sfn.INextable;

/** What the investigation needs. */
export interface InvestigationProps {
  readonly hub: IAiopsHub;
  /** Makes the functions (children of the suite, so their ids do not depend on the fragment). */
  readonly functions: HandlerFunctions;
  readonly reasoning: ReasoningSettings;
  readonly telemetry: TelemetrySettings;
  readonly risk: RiskSettings;
  /** The extra runbooks' environment (reasoning and risk read it). */
  readonly runbooksEnvironment: Record<string, string>;
  /** Every step's catch. */
  readonly onFailure: sfn.IChainable;
  /**
   * Seam for a knowledge-retrieval fragment: replaces the `KnowledgeLookup` Pass.
   * @default - a Pass answering `{ snippets: [], reason: 'no knowledge base configured' }`
   */
  readonly knowledgeLookup?: KnowledgeLookupFactory;
}

/**
 * Prepare → LoadIncident → Telemetry → KnowledgeLookup → Reason → Risk → Record: from the incident event to a recorded decision,
 * with the four agents that take it there, each with only the permissions it uses.
 */
export class InvestigationFragment extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  /** The load step (reads the incident the event names; read-only). */
  public readonly loadFunction: lambda.Function;

  /** The Telemetry agent (read-only). */
  public readonly telemetryFunction: lambda.Function;
  /** The Reasoning agent (invokes the model, reads the token ledger, writes nothing). */
  public readonly reasoningFunction: lambda.Function;
  /** The Risk agent (reads the change calendars). */
  public readonly riskFunction: lambda.Function;
  /** The record step (incident timeline, token ledger, `Incident Decision` events). */
  public readonly recordFunction: lambda.Function;

  constructor(scope: Construct, id: string, props: InvestigationProps) {
    super(scope, id);
    const { hub, reasoning, telemetry, risk } = props;
    const stack = Stack.of(this);
    const P = AgentStatePath;

    // The bus is a trigger, the table is the truth: every later step works from the stored incident.
    this.loadFunction = props.functions.create(LoadFunction, {
      id: 'Load',
      description: 'loads the incident the event names from the incident table (read-only)',
      timeout: Duration.seconds(15),
      memorySize: 256,
    });
    hub.grantIncidentItems(this.loadFunction, ['dynamodb:GetItem'], TokenLedgerKeys.INCIDENT_PREFIX);

    // Collectors run concurrently, each bounded at 20 s (the Logs Insights wait at 12 s inside it).
    const disabledCollectors = [...new Set(telemetry.disabledCollectors ?? [])];
    this.telemetryFunction = props.functions.create(TelemetryFunction, {
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
    grantTelemetryReads(this.telemetryFunction, disabledCollectors, telemetry.logGroups, stack);

    // The model call is bounded at 30 s, then the deterministic fallback answers.
    const enabled = reasoning.enabled ?? true;
    const modelId = reasoning.modelId ?? DEFAULT_REASONING_MODEL_ID;
    this.reasoningFunction = props.functions.create(ReasonFunction, {
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
        ...props.runbooksEnvironment,
      },
    });
    if (enabled) grantInvokeModel(this.reasoningFunction, modelId, stack);
    // The token ledger: GetItem of the monthly and the incident counters, nothing else (and the table name).
    hub.grantIncidentItems(this.reasoningFunction, ['dynamodb:GetItem'], TokenLedgerKeys.MONTH_PREFIX, TokenLedgerKeys.INCIDENT_PREFIX);

    // Cedar loads 4 MB of WebAssembly at the cold start: more memory is more CPU.
    this.riskFunction = props.functions.create(RiskFunction, {
      id: 'Risk',
      description: 'decides AUTO, APPROVE or DENY with Cedar policies',
      timeout: Duration.seconds(30),
      memorySize: 1024,
      environment: { ...renderRiskEnvironment(risk, stack), ...props.runbooksEnvironment },
    });
    // The environment from the incident's resource tags. tag:GetResources supports no resource-level permissions
    // (nor conditions on the resources it reads), so it is granted on "*"; it is read-only.
    this.riskFunction.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadResourceTags', actions: ['tag:GetResources'], resources: ['*'] }));
    if (risk.changeCalendars?.length) {
      this.riskFunction.addToRolePolicy(new iam.PolicyStatement({
        sid: 'ReadChangeCalendars',
        actions: ['ssm:GetCalendarState'],
        resources: risk.changeCalendars.map((name) => calendarArn(name, stack)),
      }));
    }

    this.recordFunction = props.functions.create(RecordFunction, {
      id: 'Record',
      description: 'records the decision on the incident and publishes it',
      timeout: Duration.seconds(30),
      memorySize: 256,
    });
    // The incident and its token counter (`INC#...`), the monthly counters (`TOKENS#...`); its one detail-type.
    hub.grantIncidentItems(this.recordFunction, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], TokenLedgerKeys.INCIDENT_PREFIX, TokenLedgerKeys.MONTH_PREFIX);
    hub.grantPublish(this.recordFunction, AgentDetailType.INCIDENT_DECISION);

    // ---- the states
    const incident = sfn.JsonPath.objectAt(at(P.INCIDENT));
    const telemetryOut = sfn.JsonPath.objectAt(at(P.TELEMETRY));
    const finding = sfn.JsonPath.objectAt(`${at(P.REASONING)}.finding`);
    const onFailure = props.onFailure;
    // Only the incident id of the event is kept (the rule matches only events that have one): nothing else of it is
    // trusted.
    const prepare = new sfn.Pass(this, AgentState.PREPARE, {
      comment: 'Keeps where the run came from and the incident id the event names, nothing else of the event',
      parameters: {
        [P.TRIGGER]: {
          eventId: sfn.JsonPath.stringAt('$.id'),
          detailType: sfn.JsonPath.stringAt('$.detail-type'),
          time: sfn.JsonPath.stringAt('$.time'),
          incidentId: sfn.JsonPath.stringAt('$.detail.id'),
        },
      },
    });
    const load = agentTask(this, AgentState.LOAD_INCIDENT, {
      fn: this.loadFunction,
      comment: 'The stored incident the event names (an unknown or resolved one fails: nothing runs)',
      resultPath: P.INCIDENT,
      onFailure,
      payload: payloadOf<LoadIncidentTaskInput>({ runId: sfn.JsonPath.executionId, trigger: sfn.JsonPath.objectAt(at(P.TRIGGER)) }),
    });
    const gather = agentTask(this, AgentState.TELEMETRY, {
      fn: this.telemetryFunction,
      comment: 'Telemetry agent: a token-bounded bundle of evidence',
      resultPath: P.TELEMETRY,
      onFailure,
      payload: payloadOf<TelemetryTaskInput>({ incident }),
    });
    const knowledge = props.knowledgeLookup?.(this, AgentState.KNOWLEDGE_LOOKUP, at(P.KNOWLEDGE)) ?? new sfn.Pass(this, AgentState.KNOWLEDGE_LOOKUP, {
      comment: 'No knowledge base configured: no snippets',
      result: sfn.Result.fromObject({ snippets: [], reason: 'no knowledge base configured' }),
      resultPath: at(P.KNOWLEDGE),
    });
    const reason = agentTask(this, AgentState.REASON, {
      fn: this.reasoningFunction,
      comment: 'Reasoning agent: a validated finding, model or rules',
      resultPath: P.REASONING,
      onFailure,
      payload: payloadOf<ReasonTaskInput>({ incident, telemetry: telemetryOut, knowledge: sfn.JsonPath.objectAt(at(P.KNOWLEDGE)) }),
    });
    const decide = agentTask(this, AgentState.RISK, {
      fn: this.riskFunction,
      comment: 'Risk agent: AUTO, APPROVE or DENY by Cedar policies',
      resultPath: P.DECISION,
      onFailure,
      payload: payloadOf<RiskTaskInput>({ incident, telemetry: telemetryOut, finding }),
    });
    const record = agentTask(this, AgentState.RECORD, {
      fn: this.recordFunction,
      comment: 'Timeline, token ledger, metrics and the Incident Decision event',
      resultPath: P.RECORD,
      onFailure,
      payload: payloadOf<RecordTaskInput>({
        incident: {
          id: sfn.JsonPath.stringAt(`${at(P.INCIDENT)}.id`),
          title: sfn.JsonPath.stringAt(`${at(P.INCIDENT)}.title`),
          priority: sfn.JsonPath.stringAt(`${at(P.INCIDENT)}.priority`),
          services: sfn.JsonPath.listAt(`${at(P.INCIDENT)}.services`),
        },
        runId: sfn.JsonPath.executionId,
        telemetry: telemetryOut,
        reasoning: sfn.JsonPath.objectAt(at(P.REASONING)),
        decision: sfn.JsonPath.objectAt(at(P.DECISION)),
      }),
    });
    prepare.next(load).next(gather).next(knowledge).next(reason).next(decide).next(record);
    this.startState = prepare;
    this.endStates = [record];
  }

  /**
   * Seam for spoke-aware (cross-account) telemetry: more permissions for the Telemetry agent, such as
   * `sts:AssumeRole` on each spoke's read-only role (a RegionalSpoke adds them).
   */
  public addTelemetryPermissions(...statements: iam.PolicyStatement[]): void {
    for (const statement of statements) this.telemetryFunction.addToRolePolicy(statement);
  }
}

/**
 * The telemetry role: exactly the read actions of the enabled collectors (TELEMETRY_IAM_ACTIONS). Logs Insights
 * queries are scoped to the configured log groups (else any log group of the account and Region); every other read
 * supports no resource-level permission and is granted on `*`.
 */
function grantTelemetryReads(
  fn: lambda.IFunction, disabled: readonly TelemetryCollector[], logGroups: logs.ILogGroup[] | undefined, stack: Stack,
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

function calendarArn(name: string, stack: Stack): string {
  if (!Token.isUnresolved(name) && name.startsWith('arn:')) return name;
  return stack.formatArn({ service: 'ssm', resource: 'document', resourceName: name });
}
