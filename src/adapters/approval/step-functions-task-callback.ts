import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallback, TaskCallbackResult } from '../../runtime/approval/ports';

export interface StepFunctionsTaskCallbackProps {
  readonly client: SFNClient;
}

/** SendTaskFailure limits. */
export const TASK_ERROR_MAX_CHARS = 256;
export const TASK_CAUSE_MAX_CHARS = 32_768;

const GONE: Record<string, Extract<TaskCallbackResult, { delivered: false }>['reason']> = {
  TaskTimedOut: 'task-timed-out',
  TaskDoesNotExist: 'task-does-not-exist',
  InvalidToken: 'invalid-token',
};

/**
 * The TaskCallback on Step Functions: SendTaskSuccess / SendTaskFailure. A task that is no longer waiting
 * (TaskTimedOut, TaskDoesNotExist, InvalidToken) is a result, not an error; anything else (throttling, network,
 * access denied) throws. IAM: `states:SendTaskSuccess` and `states:SendTaskFailure` on the state machine.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html
 */
export class StepFunctionsTaskCallback implements TaskCallback {
  constructor(private readonly props: StepFunctionsTaskCallbackProps) {}

  public async succeed(taskToken: string, output: Record<string, unknown>): Promise<TaskCallbackResult> {
    return this.send(() => this.props.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  }

  public async fail(taskToken: string, error: string, cause: string): Promise<TaskCallbackResult> {
    return this.send(() => this.props.client.send(new SendTaskFailureCommand({
      taskToken,
      error: error.slice(0, TASK_ERROR_MAX_CHARS),
      cause: cause.slice(0, TASK_CAUSE_MAX_CHARS),
    })));
  }

  private async send(call: () => Promise<unknown>): Promise<TaskCallbackResult> {
    try {
      await call();
      return { delivered: true };
    } catch (e) {
      const reason = GONE[(e as Error)?.name];
      if (reason) return { delivered: false, reason };
      throw e;
    }
  }
}
