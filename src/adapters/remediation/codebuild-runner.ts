import { BatchGetBuildsCommand, CodeBuildClient, StartBuildCommand, type StatusType } from '@aws-sdk/client-codebuild';
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

/** BatchGetBuilds `buildStatus` → runbook state. */
export const CODEBUILD_STATES: Readonly<Record<StatusType, RunbookState>> = {
  IN_PROGRESS: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  FAULT: 'failed',
  TIMED_OUT: 'timed-out',
  STOPPED: 'cancelled',
};

/**
 * Runs `codebuild` runbooks: StartBuild on the project (`target`) with each parameter as a plain-text environment
 * variable override of the same name, then BatchGetBuilds for the status. The idempotency token is derived from the
 * run's request key (CodeBuild honours it for 5 minutes).
 *
 * IAM: `codebuild:StartBuild` and `codebuild:BatchGetBuilds` on the project ARNs.
 * @see https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html
 */
export class CodeBuildRunner implements RunbookRunner {
  constructor(private readonly client: CodeBuildClient) {}

  public async start(spec: RunbookSpec, params: Readonly<Record<string, ParameterValue>>, ctx: RunbookRunContext): Promise<RunbookStart> {
    if (spec.kind !== 'codebuild') throw new UnsupportedRunbookKindError(spec.kind, `CodeBuildRunner runs codebuild runbooks, not ${spec.kind}`);
    const reserved = Object.keys(params).filter((name) => name.toUpperCase().startsWith('CODEBUILD_'));
    if (reserved.length > 0) throw new Error(`runbook ${spec.id}: environment variables starting with CODEBUILD_ are reserved (${reserved.join(', ')})`);
    const out = await this.client.send(new StartBuildCommand({
      projectName: spec.target,
      environmentVariablesOverride: Object.entries(params).map(([name, value]) => ({ name, value: String(value), type: 'PLAINTEXT' })),
      idempotencyToken: uuidFromKey(ctx.requestKey),
    }));
    if (!out.build?.id) throw new Error(`StartBuild for ${spec.target} returned no build id`);
    return { executionId: out.build.id };
  }

  public async status(_spec: RunbookSpec, executionId: string): Promise<RunbookStatus> {
    const out = await this.client.send(new BatchGetBuildsCommand({ ids: [executionId] }));
    const build = out.builds?.find((b) => b.id === executionId);
    if (!build?.buildStatus) throw new Error(`BatchGetBuilds did not find build ${executionId}`);
    const phase = build.currentPhase && build.currentPhase !== 'COMPLETED' ? ` (${build.currentPhase})` : '';
    const failed = build.phases?.find((p) => p.phaseStatus && p.phaseStatus !== 'SUCCEEDED');
    const why = failed?.contexts?.map((c) => c.message).filter(Boolean).join('; ');
    return {
      state: CODEBUILD_STATES[build.buildStatus] ?? 'running',
      detail: `${build.buildStatus}${phase}${failed ? `: ${failed.phaseType} ${failed.phaseStatus}${why ? ` (${why})` : ''}` : ''}`,
    };
  }
}
