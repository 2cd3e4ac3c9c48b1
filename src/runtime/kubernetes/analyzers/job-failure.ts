import { conditionLine, eventLine, eventsWithReason, lines, logEvidence, terminatedLine } from '../context';
import type { AnalyzerContext, Finding } from '../types';

/** Job failure reasons the Job controller writes on its `Failed` condition and Events. */
const JOB_FAILURE_REASONS = ['BackoffLimitExceeded', 'DeadlineExceeded', 'PodFailurePolicy', 'MaxFailedIndexesExceeded', 'FailedIndexes'];

/** What made the Job's pods fail: non-zero terminations and the error lines of their logs. */
function podFailureEvidence(context: AnalyzerContext): { evidence: string[]; cause?: string } {
  const evidence: string[] = [];
  let cause: string | undefined;
  for (const s of context.statuses) {
    for (const which of ['state', 'lastState'] as const) {
      const t = s.status[which]?.terminated;
      if (t && (t.exitCode ?? 0) !== 0) {
        evidence.push(terminatedLine(s, which)!);
        cause ??= `${s.status.name} ${which === 'state' ? 'exited' : 'last exited'} with ${t.reason ?? 'an error'} (exit code ${t.exitCode})`;
        break;
      }
    }
    const logs = logEvidence(context, s.status.name);
    evidence.push(...logs.lines);
    if (logs.first) cause = `${cause ? `${cause}; ` : ''}it logged "${logs.first}"`;
  }
  if (context.statuses.length === 0) {
    for (const name of Object.keys({ ...context.bundle.previousLogs, ...context.bundle.logs })) {
      const logs = logEvidence(context, name);
      evidence.push(...logs.lines);
      if (logs.first) cause ??= `${name} logged "${logs.first}"`;
    }
  }
  return { evidence, cause };
}

/** The Job's Failed condition (when the bundle carries the Job) or its failure Events. */
function jobFailure(context: AnalyzerContext): { reason: string; evidence: string[]; job: string; message?: string } | undefined {
  const owner = context.bundle.owner?.kind === 'Job' ? context.bundle.owner : undefined;
  const failed = owner?.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  const events = eventsWithReason(context, ...JOB_FAILURE_REASONS);
  if (!failed && events.length === 0) return undefined;
  const job = owner?.metadata.name ?? (context.controller?.kind === 'Job' ? context.controller.name : undefined) ?? 'the Job';
  const reason = failed?.reason ?? events[0].reason;
  return {
    reason,
    job,
    message: failed?.message ?? events[0]?.message ?? undefined,
    evidence: lines(failed ? conditionLine(`job/${job}.status`, failed) : undefined, events.map(eventLine)),
  };
}

/** The Job gave up because its pods failed more often than `spec.backoffLimit` allows. */
export function jobBackoffLimitExceeded(context: AnalyzerContext): Finding | undefined {
  const failure = jobFailure(context);
  if (!failure || failure.reason !== 'BackoffLimitExceeded') return undefined;
  const limit = context.bundle.owner?.spec?.backoffLimit;
  const pods = podFailureEvidence(context);
  return {
    category: 'JobBackoffLimitExceeded',
    evidence: lines(failure.evidence, pods.evidence),
    summary: `Job ${failure.job} failed: its pods failed more than its backoff limit${limit !== undefined && limit !== null ? ` (${limit})` : ''} allows${pods.cause ? `; ${pods.cause}` : ''}.`,
  };
}

/** The Job failed for another reason: its deadline, its pod failure policy, its failed indexes. */
export function jobFailed(context: AnalyzerContext): Finding | undefined {
  const failure = jobFailure(context);
  if (!failure || failure.reason === 'BackoffLimitExceeded') return undefined;
  const pods = podFailureEvidence(context);
  return {
    category: 'JobFailed',
    evidence: lines(failure.evidence, pods.evidence),
    summary: `Job ${failure.job} failed (${failure.reason}${failure.message ? `: ${failure.message}` : ''})${pods.cause ? `; ${pods.cause}` : ''}.`,
  };
}
