import { KubernetesRunbookId } from '../../../contract/kubernetes';
import { conditionLine, eventLine, eventsWithReason, lines, podCondition } from '../context';
import type { Analyzer } from '../types';

/**
 * The pod's node stopped being Ready: the node's Ready condition is not True, the node lifecycle controller recorded
 * `NodeNotReady` on the pod, or the pod was marked `NodeLost`. Whatever else the pod shows follows from that.
 */
export const nodeNotReady: Analyzer = (context) => {
  const { bundle } = context;
  const node = bundle.node;
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  const nodeDown = ready !== undefined && ready.status !== 'True';
  const events = eventsWithReason(context, 'NodeNotReady');
  const lost = bundle.pod.status?.reason === 'NodeLost';
  if (!nodeDown && events.length === 0 && !lost) return undefined;
  const nodeName = node?.metadata.name ?? bundle.pod.spec?.nodeName ?? 'its node';
  const podReady = podCondition(context, 'Ready');
  const why = nodeDown && ready ? ` (Ready ${ready.status}${ready.reason ? `, ${ready.reason}` : ''}${ready.message ? `: ${ready.message}` : ''})` : '';
  return {
    category: 'NodeNotReady',
    evidence: lines(
      nodeDown && ready ? conditionLine(`node/${nodeName}.status`, ready) : undefined,
      events.map(eventLine),
      lost ? `status.reason: NodeLost${bundle.pod.status?.message ? ` - ${bundle.pod.status.message}` : ''}` : undefined,
      podReady && podReady.status !== 'True' ? conditionLine('status', podReady) : undefined,
    ),
    summary: `Node ${nodeName} is not ready${why}; the pod is taken out of service and is evicted after its toleration (300 s by default) unless the node comes back.`,
    suggestedRunbook: context.controller ? KubernetesRunbookId.DELETE_POD : undefined,
  };
};
