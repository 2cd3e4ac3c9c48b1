import { KubernetesRunbookId } from '../../../contract/kubernetes';
import { eventLine, lines, logEvidence, restarts, terminatedLine, waitingLine, waitingWith } from '../context';
import type { LogErrorKind } from '../log-lines';
import type { Analyzer } from '../types';

/** Log errors that a new revision brings and a restart does not cure. */
const REVISION_ERRORS: readonly LogErrorKind[] = ['configuration', 'not-found', 'syntax', 'certificate'];

/** A container starts, exits and is restarted with a growing back-off. The reason is in its previous logs. */
export const crashLoopBackOff: Analyzer = (context) => {
  const waiting = waitingWith(context, 'CrashLoopBackOff');
  const backOff = context.events.filter((e) => e.reason === 'BackOff' && /restarting failed container/.test(e.message));
  if (waiting.length === 0 && backOff.length === 0) return undefined;
  const located = waiting[0] ?? context.statuses.find((s) => backOff.some((e) => e.message.includes(`container ${s.status.name} `)));
  const name = located?.status.name ?? /restarting failed container (\S+)/.exec(backOff[0].message)?.[1];
  const logs = name !== undefined ? logEvidence(context, name) : { lines: [], kinds: [] as LogErrorKind[], first: undefined };
  const last = located?.status.lastState?.terminated;
  const exit = last ? ` (last exit: ${last.reason ?? 'no reason'}, code ${last.exitCode ?? '?'})` : '';
  const revisionFault = logs.kinds.some((k) => REVISION_ERRORS.includes(k));
  return {
    category: 'CrashLoopBackOff',
    container: name,
    evidence: lines(
      located ? waitingLine(located) : undefined,
      located ? terminatedLine(located, 'lastState') : undefined,
      logs.lines,
      backOff.map(eventLine),
    ),
    summary: `Container ${name ?? '(unknown)'} keeps crashing${exit}${located ? `, ${restarts(located.status)}` : ''}${logs.first ? `: "${logs.first}"` : '; its logs say nothing'}.`,
    suggestedRunbook: context.workload?.kind !== 'Deployment' ? undefined
      : revisionFault ? KubernetesRunbookId.ROLLOUT_UNDO : KubernetesRunbookId.ROLLOUT_RESTART,
  };
};
