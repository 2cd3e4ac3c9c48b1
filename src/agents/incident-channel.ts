import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Where humans hear about incidents and answer approval requests (Slack, email...).
 *
 * The AgentSuite takes one as its `channel` prop: it invokes `approvalRequestFunction` with a
 * Step Functions task token when the Risk agent decides APPROVE, invokes `notifyFunction` at each
 * step, and calls `grantTaskResponse` so the channel's callback can answer the paused execution.
 */
export interface IIncidentChannel {
  /**
   * Invoked with `integrationPattern: WAIT_FOR_TASK_TOKEN` and the payload
   * `{ taskToken, incident, finding, decision }`. It stores the token and asks a human; the callback
   * later sends task success (approved) or failure (`Denied`, `ApprovalExpired`).
   */
  readonly approvalRequestFunction: lambda.IFunction;

  /** Invoked (request/response) with `{ incident, step }` to post an update in the incident's thread. */
  readonly notifyFunction: lambda.IFunction;

  /** How long a human has to answer before the workflow escalates. A timeout never approves. */
  readonly approvalTimeout: Duration;

  /** Lets the channel's callback answer executions of `stateMachine` (SendTaskSuccess / SendTaskFailure). */
  grantTaskResponse(stateMachine: sfn.IStateMachine): iam.Grant;
}
