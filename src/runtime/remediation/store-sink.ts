import type { Incident, IncidentStatus, TimelineEntry } from '../model';
import type { TimelineSink } from './ports';
import { RemediationTimelineType } from './remediate';
import type { IncidentStore } from '../ports/incident-store';
import { appendTimeline } from '../triage/incident-ops';

/** Conditional writes tried before giving up on a contended incident. */
export const STORE_SINK_MAX_ATTEMPTS = 5;

/** The incident status a remediation entry moves an incident to, from the statuses it may move it from. */
const STATUS_AFTER: Readonly<Record<string, { readonly to: IncidentStatus; readonly from: readonly IncidentStatus[] }>> = {
  [RemediationTimelineType.RUNBOOK_STARTED]: { to: 'mitigating', from: ['open', 'acknowledged'] },
  [RemediationTimelineType.VERIFICATION_PASSED]: { to: 'mitigated', from: ['open', 'acknowledged', 'mitigating'] },
};

function key(e: TimelineEntry): string {
  return `${e.type}\u0000${e.at}\u0000${e.message}`;
}

/** The incident with the entries appended (those already on it skipped) and its status moved on; undefined when nothing changes. */
export function appendToIncident(incident: Incident, entries: readonly TimelineEntry[]): Incident | undefined {
  const present = new Set(incident.timeline.map(key));
  const fresh = entries.filter((e) => !present.has(key(e)));
  if (fresh.length === 0) return undefined;
  let timeline = incident.timeline;
  let status = incident.status;
  let updatedAt = incident.updatedAt;
  for (const e of fresh) {
    timeline = appendTimeline(timeline, e);
    const move = STATUS_AFTER[e.type];
    if (move && move.from.includes(status)) status = move.to;
    if (Date.parse(e.at) > Date.parse(updatedAt)) updatedAt = e.at;
  }
  return { ...incident, timeline, status, updatedAt, version: incident.version + 1 };
}

/**
 * The Lambda side's TimelineSink: appends to the incident through the IncidentStore with a conditional update,
 * re-reading on a version conflict (triage may be attaching signals at the same time). Idempotent: entries already
 * on the timeline (same type, time and message: a retried step) are not added twice. A runbook start moves the
 * incident to `mitigating`, a verified recovery to `mitigated`; resolving stays triage's (the signals clear).
 */
export class IncidentStoreTimelineSink implements TimelineSink {
  constructor(private readonly store: Pick<IncidentStore, 'getIncident' | 'updateIncident'>) {}

  public async append(incidentId: string, entries: readonly TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    for (let attempt = 1; attempt <= STORE_SINK_MAX_ATTEMPTS; attempt++) {
      const incident = await this.store.getIncident(incidentId);
      if (!incident) throw new Error(`incident ${incidentId} does not exist`);
      const next = appendToIncident(incident, entries);
      if (!next) return;
      if (await this.store.updateIncident(next, incident.version)) return;
    }
    throw new Error(`incident ${incidentId}: timeline not written after ${STORE_SINK_MAX_ATTEMPTS} conflicting updates`);
  }
}
