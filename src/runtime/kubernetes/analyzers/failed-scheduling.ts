import { conditionLine, eventLine, eventsWithReason, lines, podCondition, specPath } from '../context';
import type { Analyzer, AnalyzerContext } from '../types';

/** `Insufficient cpu`, `Insufficient nvidia.com/gpu`, `Insufficient memory (3)`: the resources no node has free. */
const INSUFFICIENT = /Insufficient ([A-Za-z0-9./_-]+)/g;

/** The scheduler's other usual reasons, named for the summary. */
const OTHER_REASONS: ReadonlyArray<[RegExp, string]> = [
  [/had (untolerated )?taints? \{[^}]*\}|didn't tolerate/, 'no node tolerated by the pod (taints)'],
  [/didn't match (Pod's )?node (affinity|selector)|node\(s\) didn't match/, 'no node matches its node selector or affinity'],
  [/unbound immediate PersistentVolumeClaims|volume node affinity conflict|didn't find available persistent volumes/, 'its volumes cannot be bound or reached'],
  [/Too many pods/, 'the nodes are at their pod limit'],
  [/didn't have free ports/, 'no node has the host port free'],
];

function insufficient(messages: readonly string[]): string[] {
  const found = new Set<string>();
  for (const m of messages) for (const match of m.matchAll(INSUFFICIENT)) found.add(match[1].replace(/\.+$/, ''));
  return [...found];
}

/** The requested amounts of the insufficient resources, as evidence: `spec.containers[app].resources.requests.cpu: 3`. */
function requestLines(context: AnalyzerContext, resources: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of [...(context.bundle.pod.spec?.containers ?? []), ...(context.bundle.pod.spec?.initContainers ?? [])]) {
    for (const r of resources) {
      const asked = c.resources?.requests?.[r] ?? c.resources?.limits?.[r];
      if (asked !== undefined) out.push(`${specPath(context, c.name)}.resources.${c.resources?.requests?.[r] !== undefined ? 'requests' : 'limits'}.${r}: ${asked}`);
    }
  }
  return out;
}

/** The scheduler cannot place the pod: not enough cpu, memory or `nvidia.com/gpu`, taints, selectors, volumes. */
export const failedScheduling: Analyzer = (context) => {
  const scheduled = podCondition(context, 'PodScheduled');
  const unschedulable = scheduled !== undefined && (scheduled.status === 'False' || scheduled.reason === 'Unschedulable');
  const events = eventsWithReason(context, 'FailedScheduling');
  if (!unschedulable && events.length === 0) return undefined;
  const messages = [...events.map((e) => e.message), scheduled?.message ?? ''].filter((m) => m !== '');
  const short = insufficient(messages);
  const other = OTHER_REASONS.filter(([pattern]) => messages.some((m) => pattern.test(m))).map(([, what]) => what);
  const why = short.length > 0 ? `insufficient ${short.join(', ')}` : other.length > 0 ? other.join('; ') : messages[0];
  return {
    category: 'FailedScheduling',
    evidence: lines(
      events.map(eventLine),
      unschedulable && (scheduled.reason || scheduled.message) ? conditionLine('status', scheduled) : undefined,
      requestLines(context, short),
    ),
    summary: `The pod cannot be scheduled${why ? `: ${why.replace(/\.+$/, '')}` : ''}. ${short.length > 0 ? 'Lower its requests or add capacity (a larger or additional node).' : 'Fix the constraint or add a node that meets it.'}`,
  };
};
