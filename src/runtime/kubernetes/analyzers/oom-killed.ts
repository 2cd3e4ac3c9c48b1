import { eventLine, eventsWithReason, lines, restarts, specOf, specPath, terminatedLine, terminatedWith, waitingLine } from '../context';
import type { Analyzer } from '../types';

/** A container was killed by the kernel for exceeding its memory limit (or the node ran out of memory). */
export const oomKilled: Analyzer = (context) => {
  const killed = terminatedWith(context, 'OOMKilled');
  const events = eventsWithReason(context, 'OOMKilling', 'OOMKilled');
  if (killed.length === 0 && events.length === 0) return undefined;
  const first = killed[0];
  const name = first?.s.status.name;
  const limit = name !== undefined ? specOf(context, name)?.resources?.limits?.memory : undefined;
  return {
    category: 'OOMKilled',
    container: name,
    evidence: lines(
      killed.map(({ s, which }) => terminatedLine(s, which)),
      name !== undefined && limit !== undefined ? `${specPath(context, name)}.resources.limits.memory: ${limit}` : undefined,
      events.map(eventLine),
      first ? waitingLine(first.s) : undefined,
    ),
    summary: name !== undefined
      ? `Container ${name} was killed for running out of memory${limit !== undefined ? ` (limit ${limit})` : ' (no memory limit: the node ran out)'}, ${restarts(first.s.status)} so far; raise its memory limit or find what grows.`
      : 'A container of the pod was killed for running out of memory (OOMKilling event).',
  };
};
