import { cpuThrottling } from './analyzers/cpu-throttling';
import { crashLoopBackOff } from './analyzers/crash-loop';
import { createContainerConfigError } from './analyzers/create-container-config';
import { failedScheduling } from './analyzers/failed-scheduling';
import { imagePullBackOff } from './analyzers/image-pull';
import { jobBackoffLimitExceeded, jobFailed } from './analyzers/job-failure';
import { nodeNotReady } from './analyzers/node-not-ready';
import { oomKilled } from './analyzers/oom-killed';
import { evicted, pending } from './analyzers/pending';
import { probeFailure } from './analyzers/probe-failure';
import { parsePodBundle, type PodBundle } from './bundle';
import { analyzerContext, eventLine, lines, logEvidence } from './context';
import type { Analyzer, AnalyzerContext, Finding, PodDiagnosis } from './types';

/**
 * The analyzers, in the order they are asked: the first that finds its failure names the category. A cause comes
 * before its symptoms (a lost node before its pods' restarts, an OOM kill before the crash loop it causes, a failed
 * Job before its pods), and the catch-alls (Pending) come last.
 */
export const ANALYZERS: ReadonlyArray<readonly [string, Analyzer]> = [
  ['NodeNotReady', nodeNotReady],
  ['JobBackoffLimitExceeded', jobBackoffLimitExceeded],
  ['JobFailed', jobFailed],
  ['OOMKilled', oomKilled],
  ['ImagePullBackOff', imagePullBackOff],
  ['CreateContainerConfigError', createContainerConfigError],
  ['FailedScheduling', failedScheduling],
  ['CrashLoopBackOff', crashLoopBackOff],
  ['ProbeFailure', probeFailure],
  ['CPUThrottling', cpuThrottling],
  ['Evicted', evicted],
  ['Pending', pending],
];

function unknown(context: AnalyzerContext): Finding {
  const { bundle } = context;
  const phase = bundle.pod.status?.phase;
  const warnings = context.events.filter((e) => e.type === 'Warning');
  const logs = context.statuses.flatMap((s) => logEvidence(context, s.status.name, 1).lines);
  const healthy = context.statuses.length > 0 && context.statuses.every((s) => s.status.ready === true && s.status.state?.running !== undefined);
  return {
    category: 'Unknown',
    evidence: lines(phase ? `status.phase: ${phase}` : undefined, warnings.map(eventLine), logs),
    summary: healthy && warnings.length === 0
      ? 'No failure found: every container is running and ready.'
      : `No analyzer recognised the failure${phase ? ` (phase ${phase})` : ''}; the evidence lists what the pod shows.`,
  };
}

/** Diagnoses a validated bundle. Pure: same bundle, same diagnosis. */
export function diagnosePod(bundle: PodBundle): PodDiagnosis {
  const context = analyzerContext(bundle);
  let finding: Finding | undefined;
  for (const [, analyze] of ANALYZERS) {
    finding = analyze(context);
    if (finding) break;
  }
  finding ??= unknown(context);
  return {
    pod: context.podRef,
    workload: context.workload ? `${context.workload.kind}/${context.workload.name}` : undefined,
    category: finding.category,
    container: finding.container,
    evidence: finding.evidence,
    summary: finding.summary,
    suggestedRunbook: finding.suggestedRunbook,
  };
}

/** A bundle that could not be diagnosed, and why. */
export interface PodBundleRejection {
  readonly rejected: true;
  /** Where the bundle came from (a file, `file#2`, `-`), when the caller said. */
  readonly source?: string;
  readonly reason: string;
}

/** A diagnosis or the rejection of its input. */
export type DiagnosisOutcome = (PodDiagnosis & { readonly source?: string }) | PodBundleRejection;

/** True for a rejection. */
export function isRejection(outcome: DiagnosisOutcome): outcome is PodBundleRejection {
  return (outcome as PodBundleRejection).rejected === true;
}

/** Validates then diagnoses any value: a typed rejection with its reason when the value is not a pod bundle. Never throws. */
export function diagnoseInput(value: unknown, source?: string): DiagnosisOutcome {
  const parsed = parsePodBundle(value);
  if (!parsed.ok) return { rejected: true, source, reason: parsed.reason };
  const diagnosis = diagnosePod(parsed.bundle);
  return source === undefined ? diagnosis : { source, ...diagnosis };
}
