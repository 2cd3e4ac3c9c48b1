import { GetAutomationExecutionCommand, SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { uuidFromKey } from './idempotency';
import {
  UnsupportedRunbookKindError,
  type RunbookRunContext,
  type RunbookRunner,
  type RunbookStart,
  type RunbookState,
  type RunbookStatus,
} from '../../runtime/remediation/ports';
import type { ParameterValue, RunbookSpec } from '../../runtime/runbooks';

export interface SsmAutomationRunnerOptions {
  /**
   * IAM role the automation runs as, passed as the `AutomationAssumeRole` parameter. The caller needs `iam:PassRole`
   * on it. Runbook parameters may never set it.
   * @default - the automation runs with the caller's permissions
   */
  readonly automationAssumeRole?: string;
}

/** Parameters only the runner sets. */
const RUNNER_OWNED_PARAMETERS = ['AutomationAssumeRole'];

/**
 * GetAutomationExecution's `AutomationExecutionStatus` → runbook state. Approval, change calendar and scheduling
 * states are still `running` (the remediation's deadline bounds them); `Exited` (the document stopped early) is a
 * failure. A status this table does not know is `running` too, so a new one never ends a run early.
 */
export const SSM_AUTOMATION_STATES: Readonly<Record<string, RunbookState>> = {
  Pending: 'running',
  InProgress: 'running',
  Waiting: 'running',
  Scheduled: 'running',
  RunbookInProgress: 'running',
  PendingApproval: 'running',
  Approved: 'running',
  PendingChangeCalendarOverride: 'running',
  ChangeCalendarOverrideApproved: 'running',
  Success: 'succeeded',
  CompletedWithSuccess: 'succeeded',
  Failed: 'failed',
  CompletedWithFailure: 'failed',
  Rejected: 'failed',
  ChangeCalendarOverrideRejected: 'failed',
  Exited: 'failed',
  TimedOut: 'timed-out',
  Cancelling: 'cancelled',
  Cancelled: 'cancelled',
};

/**
 * Runs `ssm-automation` runbooks with StartAutomationExecution (`target` is the document name or ARN) and reads
 * their status with GetAutomationExecution. Every parameter is passed as a list of one string, as SSM takes them.
 * The client token is derived from the run's request key, so a retried start does not start a second execution.
 *
 * IAM: `ssm:StartAutomationExecution` (on the document ARNs), `ssm:GetAutomationExecution`, and `iam:PassRole` on
 * the automation role.
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartAutomationExecution.html
 */
export class SsmAutomationRunner implements RunbookRunner {
  constructor(private readonly client: SSMClient, private readonly options: SsmAutomationRunnerOptions = {}) {}

  public async start(spec: RunbookSpec, params: Readonly<Record<string, ParameterValue>>, ctx: RunbookRunContext): Promise<RunbookStart> {
    if (spec.kind !== 'ssm-automation') throw new UnsupportedRunbookKindError(spec.kind, `SsmAutomationRunner runs ssm-automation runbooks, not ${spec.kind}`);
    const owned = Object.keys(params).filter((name) => RUNNER_OWNED_PARAMETERS.includes(name));
    if (owned.length > 0) throw new Error(`runbook ${spec.id} may not set ${owned.join(', ')}: the runner sets it`);
    const parameters: Record<string, string[]> = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, [String(value)]]));
    if (this.options.automationAssumeRole) parameters.AutomationAssumeRole = [this.options.automationAssumeRole];
    const out = await this.client.send(new StartAutomationExecutionCommand({
      DocumentName: spec.target,
      Parameters: parameters,
      ClientToken: uuidFromKey(ctx.requestKey),
    }));
    if (!out.AutomationExecutionId) throw new Error(`StartAutomationExecution for ${spec.target} returned no execution id`);
    return { executionId: out.AutomationExecutionId };
  }

  public async status(_spec: RunbookSpec, executionId: string): Promise<RunbookStatus> {
    const out = await this.client.send(new GetAutomationExecutionCommand({ AutomationExecutionId: executionId }));
    const execution = out.AutomationExecution;
    const status = execution?.AutomationExecutionStatus;
    if (!status) throw new Error(`GetAutomationExecution ${executionId} returned no status`);
    const failedStep = execution.StepExecutions?.find((s) => s.StepStatus === 'Failed' || s.StepStatus === 'TimedOut');
    const reason = execution.FailureMessage ?? (failedStep ? `step ${failedStep.StepName} ${failedStep.StepStatus}${failedStep.FailureMessage ? `: ${failedStep.FailureMessage}` : ''}` : undefined);
    return { state: SSM_AUTOMATION_STATES[status] ?? 'running', detail: reason ? `${status}: ${reason}` : status };
  }
}
