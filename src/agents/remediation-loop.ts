import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { agentTask, at, notifyThen, payloadOf } from './agent-tasks';
import { AgentEnv, AgentState, AgentStatePath, TokenLedgerKeys } from './constants';
import type { IIncidentChannel } from './incident-channel';
import { OutcomeFunction } from './outcome-function';
import { RemediationFunction } from './remediation-function';
import type { HandlerFunctions } from '../common/handler-function';
import {
  OutcomeAction, RemediationAction,
  type PlanRemediationTaskInput, type RemediatedOutcomeTaskInput, type RemediationStepTaskInput,
} from '../contract/workflow';
import type { IAiopsHub } from '../hub/aiops-hub';
import type { Runbook } from '../runbooks/runbook';

/** What the remediation loop needs. */
export interface RemediationLoopProps {
  readonly hub: IAiopsHub;
  /** Makes the functions (children of the suite, so their ids do not depend on the fragment). */
  readonly functions: HandlerFunctions;
  /** The SSM runbooks the runner may start: the built-ins and the extra ones of kind SSM Automation. */
  readonly ssmRunbooks: Runbook[];
  /** The extra runbooks (functions and projects the runner may invoke or start). */
  readonly extraRunbooks: Runbook[];
  /** The role SSM Automation runs the documents as. */
  readonly automationRole: iam.IRole;
  /** Longest a runbook (or its rollback) may run. */
  readonly maxRunTime: Duration;
  /** The extra runbooks' environment. */
  readonly runbooksEnvironment: Record<string, string>;
  /** Told when the incident is resolved or escalated. */
  readonly channel?: IIncidentChannel;
  /** Every step's catch. */
  readonly onFailure: sfn.IChainable;
}

/**
 * PlanRemediation → NextRemediationStep → WaitForRemediation → RemediationStep → back, until done → RecordOutcome →
 * CheckOutcome → (NotifyResolved) → Remediated | (NotifyEscalation) → Escalated. One runbook step per invocation,
 * the waits in Step Functions. Owns the Remediation agent, the outcome step and the escalation the approval gate
 * shares.
 */
export class RemediationLoopFragment extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[] = [];

  /** The Remediation agent (plans, starts, polls and verifies runbooks, one step an invocation). */
  public readonly remediationFunction: lambda.Function;
  /** The outcome step (timeline, incident KPIs as EMF). */
  public readonly outcomeFunction: lambda.Function;
  /** The channel update, then `Escalated`. */
  public readonly escalate: sfn.IChainable;
  /** A human has to act. */
  public readonly escalated: sfn.State;

  constructor(scope: Construct, id: string, props: RemediationLoopProps) {
    super(scope, id);
    const P = AgentStatePath;
    const { hub, onFailure, channel } = props;
    const stack = Stack.of(this);

    this.remediationFunction = props.functions.create(RemediationFunction, {
      id: 'Remediation',
      description: 'runs runbooks one step at a time: start, poll, verify, roll back',
      timeout: Duration.seconds(60),
      memorySize: 256,
      environment: {
        [AgentEnv.REMEDIATION_MAX_RUN_SECONDS]: String(props.maxRunTime.toSeconds()),
        [AgentEnv.AUTOMATION_ROLE_ARN]: props.automationRole.roleArn,
        ...props.runbooksEnvironment,
      },
    });
    hub.grantIncidentItems(this.remediationFunction, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], TokenLedgerKeys.INCIDENT_PREFIX);
    grantRunbookRunner(this.remediationFunction, props.ssmRunbooks, props.extraRunbooks, props.automationRole, stack);

    this.outcomeFunction = props.functions.create(OutcomeFunction, {
      id: 'Outcome',
      description: 'records the outcome on the incident and emits its KPIs',
      timeout: Duration.seconds(30),
      memorySize: 256,
    });
    hub.grantIncidentItems(this.outcomeFunction, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], TokenLedgerKeys.INCIDENT_PREFIX);

    // ---- the states
    this.escalated = new sfn.Succeed(this, AgentState.ESCALATED, { comment: 'A human has to act; the incident timeline says why' });
    const remediated = new sfn.Succeed(this, AgentState.REMEDIATED, { comment: 'The runbook ran and recovery was verified' });
    this.escalate = notifyThen(this, channel, AgentState.NOTIFY_ESCALATION, 'escalated', this.escalated);

    const remediationState = { state: sfn.JsonPath.objectAt(`${at(P.REMEDIATION)}.state`) };
    const recordOutcome = agentTask(this, AgentState.RECORD_OUTCOME, {
      fn: this.outcomeFunction,
      comment: 'The remediation\'s outcome on the timeline, the incident KPIs as EMF',
      resultPath: P.OUTCOME,
      onFailure,
      payload: payloadOf<RemediatedOutcomeTaskInput>({
        action: OutcomeAction.REMEDIATED,
        runId: sfn.JsonPath.executionId,
        incident: { id: sfn.JsonPath.stringAt(`${at(P.INCIDENT)}.id`) },
        runbookId: sfn.JsonPath.stringAt(`${at(P.SUBJECT)}.inputs.runbookId`),
        remediation: remediationState,
      }),
    });
    const checkOutcome = new sfn.Choice(this, AgentState.CHECK_OUTCOME, { comment: 'Resolved, or a human has to act' })
      .when(sfn.Condition.booleanEquals(`${at(P.OUTCOME)}.escalate`, true), this.escalate)
      .otherwise(notifyThen(this, channel, AgentState.NOTIFY_RESOLVED, 'resolved', remediated));
    recordOutcome.next(checkOutcome);
    const plan = agentTask(this, AgentState.PLAN_REMEDIATION, {
      fn: this.remediationFunction,
      resultPath: P.REMEDIATION,
      onFailure,
      comment: 'Remediation agent: re-validates the runbook\'s parameters against the incident, plans it and its rollback',
      payload: payloadOf<PlanRemediationTaskInput>({
        action: RemediationAction.PLAN,
        runId: sfn.JsonPath.executionId,
        incident: sfn.JsonPath.objectAt(at(P.INCIDENT)),
        finding: sfn.JsonPath.objectAt(`${at(P.REASONING)}.finding`),
        approval: sfn.JsonPath.objectAt(at(P.APPROVAL)),
      }),
    });
    const step = agentTask(this, AgentState.REMEDIATION_STEP, {
      fn: this.remediationFunction,
      comment: 'Remediation agent: starts, polls or verifies, once',
      resultPath: P.REMEDIATION,
      onFailure,
      payload: payloadOf<RemediationStepTaskInput>({
        action: RemediationAction.STEP,
        incident: sfn.JsonPath.objectAt(at(P.INCIDENT)),
        remediation: remediationState,
      }),
    });
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
    this.startState = plan;
  }

  /**
   * Seam for more kinds of runbook step (kubectl steps on an EKS cluster...): permissions the Remediation agent
   * needs to run them, such as `eks:DescribeCluster` on the cluster it reaches through an access entry.
   */
  public addRunnerPermissions(...statements: iam.PolicyStatement[]): void {
    for (const statement of statements) this.remediationFunction.addToRolePolicy(statement);
  }
}

/**
 * The role SSM Automation runs the registered documents as: their mutating actions on resources that carry the
 * managed tag (and on the listed ARNs), their describes on `*`. Trusts SSM from this account only.
 */
export function createAutomationRole(scope: Construct, ssmRunbooks: Runbook[], tag: { key: string; value: string }, resources: string[]): iam.IRole {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'AutomationRole', {
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
