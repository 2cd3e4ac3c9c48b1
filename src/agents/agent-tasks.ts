import { Duration, IResolvable } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { AgentState, AgentStatePath } from './constants';
import type { IIncidentChannel } from './incident-channel';
import type { FailureTaskInput, NotifyTaskInput } from '../contract/workflow';

/**
 * The recipe every Lambda task of the investigation state machine shares: typed payloads, retries on transient
 * errors, the catch into the failure handler, best-effort channel notifications.
 */

/** Lambda errors that mean "try again": the service or the function's concurrency, not the handler. */
export const LAMBDA_TRANSIENT_ERRORS = [
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

/** `$.<path>` of the execution state. */
export function at(path: string): string {
  return `$.${path}`;
}

/**
 * What a payload field may be, by the type the handler expects: a literal type takes exactly that value, a string a
 * string (a literal, or a `JsonPath.stringAt`), a list a `JsonPath.listAt`, an object a `JsonPath.objectAt` or the
 * object's own fields.
 */
export type PayloadField<V> =
  [V] extends [string | null] ? (string extends V ? string : V)
    : [V] extends [readonly string[]] ? string[]
      : [V] extends [object] ? IResolvable | { readonly [K in keyof V]-?: PayloadField<V[K]> }
        : unknown;

/** The fields of a task payload of shape `T`: every field of `T`, none other. */
export type PayloadFields<T> = { readonly [K in keyof T]-?: PayloadField<T[K]> };

/**
 * A task's payload, typed against the handler's input shape (`contract/workflow`): a field the shape has and the
 * payload leaves out fails the build, and so does a field the shape does not have.
 */
export function payloadOf<T>(fields: PayloadFields<T>): sfn.TaskInput {
  return sfn.TaskInput.fromObject(fields as unknown as Record<string, unknown>);
}

/** The retry of Lambda's own transient errors, on every task that invokes a function (never States.Timeout). */
export function lambdaTransientRetry(): sfn.RetryProps {
  return {
    errors: LAMBDA_TRANSIENT_ERRORS,
    interval: Duration.seconds(2),
    maxAttempts: 5,
    backoffRate: 2,
    maxDelay: Duration.seconds(60),
    jitterStrategy: sfn.JitterType.FULL,
  };
}

/** Retries of every agent task: Lambda's own transient errors, then the handlers' (throttling, conflicts). */
export function addRetries(task: tasks.LambdaInvoke): void {
  task.addRetry(lambdaTransientRetry());
  task.addRetry({
    errors: HANDLER_TRANSIENT_ERRORS,
    interval: Duration.seconds(1),
    maxAttempts: 3,
    backoffRate: 2,
    jitterStrategy: sfn.JitterType.FULL,
  });
}

/** One agent step. */
export interface AgentTaskOptions {
  readonly fn: lambda.IFunction;
  readonly comment: string;
  /** Built with `payloadOf`. */
  readonly payload: sfn.TaskInput;
  /** An `AgentStatePath`. */
  readonly resultPath: string;
  /** Where a failure goes after the retries (the failure handler). */
  readonly onFailure: sfn.IChainable;
}

/** A Lambda task with the agents' retries, whose failure after them is caught into `onFailure`. */
export function agentTask(scope: Construct, id: string, options: AgentTaskOptions): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: options.fn,
    comment: options.comment,
    payload: options.payload,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: at(options.resultPath),
  });
  addRetries(task);
  task.addCatch(options.onFailure, { errors: [sfn.Errors.ALL], resultPath: at(AgentStatePath.ERROR) });
  return task;
}

/**
 * `next`, preceded by a best-effort channel update when there is a channel: a failed notification is retried on
 * Lambda's transient errors, then ignored.
 */
export function notifyThen(scope: Construct, channel: IIncidentChannel | undefined, id: string, step: string, next: sfn.State): sfn.IChainable {
  if (!channel) return next;
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: channel.notifyFunction,
    comment: `Tells the channel: ${step} (best effort: a failure is ignored)`,
    payload: payloadOf<NotifyTaskInput>({ incident: sfn.JsonPath.objectAt(at(AgentStatePath.INCIDENT)), step }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: sfn.JsonPath.DISCARD,
  });
  task.addRetry({
    errors: LAMBDA_TRANSIENT_ERRORS, interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL,
  });
  task.addCatch(next, { errors: [sfn.Errors.ALL], resultPath: sfn.JsonPath.DISCARD });
  return task.next(next);
}

/**
 * HandleFailure → Failed: every step's catch. Puts the failure on the incident timeline and publishes an
 * `Agent Failure` event, then fails the execution.
 */
export function failureChain(scope: Construct, failureFunction: lambda.IFunction): sfn.IChainable {
  const handleFailure = new tasks.LambdaInvoke(scope, AgentState.HANDLE_FAILURE, {
    lambdaFunction: failureFunction,
    comment: 'Puts the failure on the incident timeline and publishes an Agent Failure event',
    payload: payloadOf<FailureTaskInput>({ runId: sfn.JsonPath.executionId, state: sfn.JsonPath.objectAt('$') }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: '$.failure',
  });
  addRetries(handleFailure);
  return handleFailure.next(new sfn.Fail(scope, AgentState.FAILED, {
    error: 'InvestigationFailed',
    cause: 'An agent step failed after its retries; the Agent Failure event and the incident timeline say which and why.',
  }));
}
