/**
 * One Slack thread per incident. The thread's root `ts` is kept on the incident as a timeline entry of type
 * `comms-thread` (the Incident schema has no field for it; a timeline entry needs no schema change and travels with
 * the incident through every store and the Step Functions state):
 *
 * ```json
 * { "type": "comms-thread", "actor": "comms", "message": "Slack thread started", "data": { "channel": "C123", "threadTs": "1700000000.000100" } }
 * ```
 *
 * The first post for an incident starts the thread; the caller then writes the entry with `withCommsThread` through
 * `updateIncident` (optimistic concurrency). If two writers race, the first entry wins and `commsThreadOf` always
 * returns the first one, so every later message goes to one thread.
 */
import { TimelineType } from '../../contract/timeline';
import type { Incident, TimelineEntry } from '../model';
import type { ThreadRef } from './ports';
import { appendTimeline } from '../triage/incident-ops';

/** Timeline entry type holding the incident's Slack thread. */
export const COMMS_THREAD_ENTRY_TYPE = TimelineType.COMMS_THREAD;

/** Who writes comms entries. */
export const COMMS_ACTOR = 'comms';

/** The incident's thread on `channel` (or on any channel when not given), from its first `comms-thread` entry. */
export function commsThreadOf(incident: Pick<Incident, 'timeline'>, channel?: string): Required<ThreadRef> | undefined {
  for (const entry of incident.timeline) {
    if (entry.type !== COMMS_THREAD_ENTRY_TYPE) continue;
    const c = entry.data?.channel;
    const ts = entry.data?.threadTs;
    if (typeof c !== 'string' || typeof ts !== 'string') continue;
    if (channel === undefined || c === channel) return { channel: c, threadTs: ts };
  }
  return undefined;
}

/** Where to post for this incident: its thread on `channel` when it has one, else the channel (the post starts it). */
export function threadFor(incident: Pick<Incident, 'timeline'>, channel: string): ThreadRef {
  return commsThreadOf(incident, channel) ?? { channel };
}

/**
 * The incident with its thread recorded (version + 1, for `updateIncident`), or `undefined` when it already has a
 * thread on that channel (idempotent: a retried step changes nothing).
 */
export function withCommsThread(incident: Incident, thread: Required<ThreadRef>, now: Date): Incident | undefined {
  if (commsThreadOf(incident, thread.channel)) return undefined;
  const entry: TimelineEntry = {
    at: now.toISOString(),
    type: COMMS_THREAD_ENTRY_TYPE,
    actor: COMMS_ACTOR,
    message: 'Slack thread started',
    data: { channel: thread.channel, threadTs: thread.threadTs },
  };
  return {
    ...incident,
    timeline: appendTimeline(incident.timeline, entry),
    updatedAt: Date.parse(incident.updatedAt) >= now.getTime() ? incident.updatedAt : now.toISOString(),
    version: incident.version + 1,
  };
}
