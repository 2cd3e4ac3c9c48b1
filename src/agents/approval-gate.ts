import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DecisionOutcome } from './agent-settings';
import { agentTask, at, lambdaTransientRetry, notifyThen, payloadOf } from './agent-tasks';
import { AgentState, AgentStatePath } from './constants';
import type { IIncidentChannel } from './incident-channel';
import {
  OutcomeAction,
  type ApprovalRequestTaskInput, type DeniedOutcomeTaskInput, type ExpiredOutcomeTaskInput, type NoApproverOutcomeTaskInput,
} from '../contract/workflow';

/**
 * Errors the channel's callback fails the approval task with (SendTaskFailure). The runtime's `ApprovalError`
 * names them too; a test keeps them equal.
 */
const APPROVAL_DENIED_ERROR = 'Denied';
const APPROVAL_EXPIRED_ERROR = 'ApprovalExpired';

/** What the approval gate needs. */
export interface ApprovalGateProps {
  /** Where humans are asked; without one an APPROVE decision is recorded and escalated. */
  readonly channel?: IIncidentChannel;
  /** The outcome step: records a denial, an expired approval, or that nothing could approve. */
  readonly outcomeFunction: lambda.IFunction;
  /** Where AUTO, and an approval, go: the remediation loop. */
  readonly remediate: sfn.IChainable;
  /** Where an expired approval goes (a channel update, then `Escalated`). */
  readonly escalate: sfn.IChainable;
  /** The `Escalated` end state itself (RecordNoApprover goes straight there: there is no channel to tell). */
  readonly escalated: sfn.State;
  /** Every step's catch. */
  readonly onFailure: sfn.IChainable;
}

/**
 * SelectRunbook → RouteDecision, then
 * - AUTO: NoApprovalNeeded → the remediation loop;
 * - DENY: Denied;
 * - APPROVE with a channel: AwaitApproval (task token) → the remediation loop, or RecordDenial → (NotifyDenial) →
 *   ApprovalDenied, or RecordApprovalExpired → the escalation; without a channel: RecordNoApprover → Escalated.
 *
 * Every outcome step names the proposed runbook (`runbookId`, `null` without one), which SelectRunbook reads from
 * the decision once: a JSONPath to a runbook that is not there would fail the execution.
 */
export class ApprovalGateFragment extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[] = [];

  constructor(scope: Construct, id: string, props: ApprovalGateProps) {
    super(scope, id);
    const P = AgentStatePath;
    const { channel, onFailure } = props;
    const outcomeBase = {
      runId: sfn.JsonPath.executionId,
      incident: { id: sfn.JsonPath.stringAt(`${at(P.INCIDENT)}.id`) },
      runbookId: sfn.JsonPath.stringAt(`${at(P.SUBJECT)}.inputs.runbookId`),
    };

    // A Choice and two Passes, not an intrinsic: `States.JsonMerge(States.StringToJson('\\{...\\}'))` needs escaped
    // braces that ASL interpreters disagree on, while a JSONPath to a missing runbook would fail the execution.
    const runbookProposed = new sfn.Pass(this, AgentState.RUNBOOK_PROPOSED, {
      comment: 'The decision names a runbook: the outcome steps name it too',
      parameters: { inputs: { runbookId: sfn.JsonPath.stringAt(`${at(P.DECISION)}.inputs.runbookId`) } },
      resultPath: at(P.SUBJECT),
    });
    const noRunbookProposed = new sfn.Pass(this, AgentState.NO_RUNBOOK_PROPOSED, {
      comment: 'No runbook was proposed: the outcome steps say so with runbookId null',
      result: sfn.Result.fromObject({ inputs: { runbookId: null } }),
      resultPath: at(P.SUBJECT),
    });
    const selectRunbook = new sfn.Choice(this, AgentState.SELECT_RUNBOOK, {
      comment: 'runbookId always present for the outcome steps (null when no runbook was proposed)',
    })
      .when(sfn.Condition.isPresent(`${at(P.DECISION)}.inputs.runbookId`), runbookProposed)
      .otherwise(noRunbookProposed);

    const denied = new sfn.Succeed(this, AgentState.DENIED, { comment: 'The runbook may not run, not even with approval' });
    const autoApproved = new sfn.Pass(this, AgentState.NO_APPROVAL_NEEDED, {
      comment: 'The risk policies allow the runbook without a human',
      result: sfn.Result.fromObject({ automatic: true }),
      resultPath: at(P.APPROVAL),
    }).next(props.remediate);

    let approve: sfn.IChainable;
    if (channel) {
      const awaitApproval = new tasks.LambdaInvoke(this, AgentState.AWAIT_APPROVAL, {
        lambdaFunction: channel.approvalRequestFunction,
        comment: 'Asks a human through the channel and waits for the answer (task token). A timeout never approves.',
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: payloadOf<ApprovalRequestTaskInput>({
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
      awaitApproval.addRetry(lambdaTransientRetry());
      const recordDenial = agentTask(this, AgentState.RECORD_DENIAL, {
        fn: props.outcomeFunction,
        comment: 'A human denied the runbook: on the timeline, KPIs',
        resultPath: P.OUTCOME,
        onFailure,
        payload: payloadOf<DeniedOutcomeTaskInput>({ action: OutcomeAction.DENIED, ...outcomeBase, error: sfn.JsonPath.objectAt(at(P.ERROR)) }),
      });
      recordDenial.next(notifyThen(this, channel, AgentState.NOTIFY_DENIAL, 'denied',
        new sfn.Succeed(this, AgentState.APPROVAL_DENIED, { comment: 'A human denied the runbook' })));
      const recordExpired = agentTask(this, AgentState.RECORD_APPROVAL_EXPIRED, {
        fn: props.outcomeFunction,
        comment: 'Nobody approved in time: on the timeline, escalated, KPIs',
        resultPath: P.OUTCOME,
        onFailure,
        payload: payloadOf<ExpiredOutcomeTaskInput>({ action: OutcomeAction.EXPIRED, ...outcomeBase, error: sfn.JsonPath.objectAt(at(P.ERROR)) }),
      });
      recordExpired.next(props.escalate);
      awaitApproval.addCatch(recordDenial, { errors: [APPROVAL_DENIED_ERROR], resultPath: at(P.ERROR) });
      awaitApproval.addCatch(recordExpired, { errors: [sfn.Errors.TIMEOUT, APPROVAL_EXPIRED_ERROR], resultPath: at(P.ERROR) });
      awaitApproval.addCatch(onFailure, { errors: [sfn.Errors.ALL], resultPath: at(P.ERROR) });
      approve = awaitApproval.next(props.remediate);
    } else {
      // Nothing can approve without a channel: record it, escalate, never run.
      approve = agentTask(this, AgentState.RECORD_NO_APPROVER, {
        fn: props.outcomeFunction,
        comment: 'Approval needed but no channel is configured: escalated',
        resultPath: P.OUTCOME,
        onFailure,
        payload: payloadOf<NoApproverOutcomeTaskInput>({ action: OutcomeAction.NO_APPROVER, ...outcomeBase }),
      }).next(props.escalated);
    }

    const outcome = `${at(P.DECISION)}.outcome`;
    const route = new sfn.Choice(this, AgentState.ROUTE, { comment: 'On the Risk agent\'s outcome' })
      .when(sfn.Condition.stringEquals(outcome, DecisionOutcome.AUTO), autoApproved)
      .when(sfn.Condition.stringEquals(outcome, DecisionOutcome.DENY), denied)
      // APPROVE, and anything unexpected (the record step validated the outcome already): a human decides.
      .otherwise(approve);
    runbookProposed.next(route);
    noRunbookProposed.next(route);
    this.startState = selectRunbook;
  }
}
