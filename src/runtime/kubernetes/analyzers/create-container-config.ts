import { KubernetesRunbookId } from '../../../contract/kubernetes';
import { eventLine, lines, waitingLine, waitingWith } from '../context';
import type { Analyzer } from '../types';

/** The kubelet's configuration errors: a ConfigMap, Secret or key the container's env or volumes reference is missing. */
const CONFIG_MESSAGE = /configmaps? "[^"]*" not found|secrets? "[^"]*" not found|couldn't find key \S+ in (ConfigMap|Secret)|CreateContainerConfigError/i;

/** The container cannot be created from its spec: a referenced ConfigMap, Secret or key does not exist. */
export const createContainerConfigError: Analyzer = (context) => {
  const waiting = waitingWith(context, 'CreateContainerConfigError');
  const events = context.events.filter((e) => e.reason === 'Failed' && CONFIG_MESSAGE.test(e.message));
  if (waiting.length === 0 && events.length === 0) return undefined;
  const name = waiting[0]?.status.name;
  const why = waiting[0]?.status.state?.waiting?.message ?? events[0]?.message.replace(/^Error: /, '');
  return {
    category: 'CreateContainerConfigError',
    container: name,
    evidence: lines(waiting.map((s) => waitingLine(s)), events.map(eventLine)),
    summary: `Container ${name ?? '(unknown)'} cannot be created${why ? `: ${why}` : ''}. Create what is missing, or roll back to the revision that did not reference it.`,
    suggestedRunbook: context.workload?.kind === 'Deployment' ? KubernetesRunbookId.ROLLOUT_UNDO : undefined,
  };
};
