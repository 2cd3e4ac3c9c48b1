import { eventLine, lines, waitingLine } from '../context';
import type { Analyzer } from '../types';

/** Waiting reasons of a container that has not started yet for an ordinary reason (the analyzers before took the rest). */
const STARTING = ['ContainerCreating', 'PodInitializing'];

/** The pod was evicted by the kubelet (node pressure) or the API: `status.reason: Evicted`. */
export const evicted: Analyzer = (context) => {
  const status = context.bundle.pod.status;
  if (status?.reason !== 'Evicted') return undefined;
  return {
    category: 'Evicted',
    evidence: lines(`status.reason: Evicted${status.message ? ` - ${status.message.trim()}` : ''}`, context.events.filter((e) => e.reason === 'Evicted').map(eventLine)),
    summary: `The pod was evicted${status.message ? `: ${status.message.trim().replace(/\.+$/, '')}` : ''}; its controller replaces it, and the node's pressure is what to fix.`,
  };
};

/** Still Pending after every more specific analyzer: sandbox, volume or init containers, with its Warning events. */
export const pending: Analyzer = (context) => {
  const phase = context.bundle.pod.status?.phase;
  const starting = context.statuses.filter((s) => STARTING.includes(s.status.state?.waiting?.reason ?? ''));
  if (phase !== 'Pending' && starting.length === 0) return undefined;
  const warnings = context.events.filter((e) => e.type === 'Warning');
  const why = warnings[0] ? `${warnings[0].reason}: ${warnings[0].message}` : starting[0]?.status.state?.waiting?.reason;
  return {
    category: 'Pending',
    evidence: lines(phase ? `status.phase: ${phase}` : undefined, starting.map((s) => waitingLine(s)), warnings.map(eventLine)),
    summary: `The pod is ${phase ?? 'not started'}${why ? ` (${why})` : ''}: scheduled or not, its containers have not started.`,
  };
};
