/**
 * What the Slack merge and split buttons do to incidents, as pure functions (no store, no clock).
 *
 * - **Merge** "this incident belongs with that one": the source's signals, fingerprints, services, resources, keys and
 *   samples move into the target, with one `manual` correlation evidence per source fingerprint; the source is
 *   resolved with `mergedInto` set to the target's id.
 * - **Split** "this fingerprint does not belong here": the incident is not cut in two (triage's fingerprint and key
 *   records keep pointing at it, and rewriting them would race triage); the fingerprint stops holding the incident
 *   open or inhibiting (it leaves `firing` and `parents`), a `split` timeline entry names it, and learning records a
 *   veto for the pairs, so learned correlation never joins them again. When nothing else fires, the incident resolves.
 */
import { FeedbackTimelineType, fingerprintsOf, splitFingerprints } from './members';
import { slackActor, type HumanActor } from '../comms/actors';
import {
  INCIDENT_CORRELATION_MAX, INCIDENT_LIST_MAX, INCIDENT_SAMPLES_MAX, INCIDENT_SIGNAL_IDS_MAX, severityRank,
  type CorrelationEvidence, type Incident, type TimelineEntry,
} from '../model';
import { appendTimeline } from '../triage/incident-ops';

/** Most incidents offered as merge targets. */
export const MERGE_CANDIDATES_MAX = 5;
/** Most fingerprints offered to split out. */
export const SPLIT_CHOICES_MAX = 5;
/** Incidents active within this window are offered as merge targets. */
export const MERGE_CANDIDATE_WINDOW_MS = 3_600_000;

const isOpen = (i: Incident) => i.status !== 'resolved' && i.mergedInto === undefined;
const lastActivity = (i: Incident) => Date.parse(i.lastSignalAt ?? i.updatedAt);
const union = (a: readonly string[], b: readonly string[], max = Infinity) => [...new Set([...a, ...b])].slice(0, max);

/**
 * The incidents `source` may be merged into: open ones other than itself, of the same environment when both know
 * theirs, active within the last hour; those sharing a service first, then the most recently active.
 */
export function mergeCandidates(source: Incident, incidents: readonly Incident[], now: Date, max = MERGE_CANDIDATES_MAX): Incident[] {
  const from = now.getTime() - MERGE_CANDIDATE_WINDOW_MS;
  const shared = (i: Incident) => i.services.filter((s) => source.services.includes(s)).length;
  return incidents
    .filter((i) => i.id !== source.id && isOpen(i) && lastActivity(i) >= from)
    .filter((i) => !source.environment || !i.environment || i.environment === source.environment)
    .sort((a, b) => shared(b) - shared(a) || lastActivity(b) - lastActivity(a) || a.id.localeCompare(b.id))
    .slice(0, max);
}

/** One fingerprint that can be split out, with what is known of it (its service and a title). */
export interface SplitChoice {
  readonly fingerprint: string;
  readonly service?: string;
  readonly title?: string;
}

/** What the split menu offers: the incident's fingerprints (two at least, else nothing to split), at most `max`. */
export function splitChoices(incident: Incident, max = SPLIT_CHOICES_MAX): SplitChoice[] {
  const members = fingerprintsOf(incident, Infinity);
  if (members.length < 2) return [];
  return members.slice(0, max).map((fingerprint) => {
    const { service, title } = describe(incident, fingerprint);
    return { fingerprint, ...(service ? { service } : {}), ...(title ? { title } : {}) };
  });
}

function describe(incident: Incident, fingerprint: string): { service?: string; title?: string; signalId?: string } {
  const sample = (incident.samples ?? []).find((s) => s.fingerprint === fingerprint);
  if (sample) return { service: sample.service, title: sample.title, signalId: sample.id };
  const root = incident.root;
  if (root?.fingerprint === fingerprint) return { service: root.service, title: root.title, signalId: root.signalId };
  const evidence = (incident.correlation ?? []).find((c) => c.fingerprint === fingerprint);
  return evidence ? { service: evidence.service, signalId: evidence.signalId } : {};
}

function humanEntry(at: string, type: string, message: string, by: HumanActor, data: Record<string, unknown>): TimelineEntry {
  return { at, type, message, actor: slackActor(by), data: { ...data, actorType: 'human', actorName: by.name } };
}

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/** The two incidents after merging `source` into `target` (each version + 1, for `updateIncident`). */
export function mergeIncidents(source: Incident, target: Incident, by: HumanActor, now: Date): { source: Incident; target: Incident } {
  if (source.id === target.id) throw new Error('mergeIncidents: an incident cannot be merged into itself');
  const at = now.toISOString();
  const moved = fingerprintsOf(source, INCIDENT_CORRELATION_MAX);
  const targetLast = Date.parse(target.lastSignalAt ?? target.openedAt);
  const sourceLast = Date.parse(source.lastSignalAt ?? source.openedAt);
  const evidence: CorrelationEvidence[] = moved.map((fingerprint) => {
    const known = describe(source, fingerprint);
    return {
      at,
      signalId: known.signalId ?? source.signalIds[0] ?? source.id,
      fingerprint,
      rule: 'manual',
      ...(known.service ? { service: known.service } : {}),
      gapSeconds: Math.max(0, Math.round((sourceLast - targetLast) / 1000)),
    };
  });
  const samples = [...(target.samples ?? [])];
  for (const s of source.samples ?? []) {
    if (samples.length < INCIDENT_SAMPLES_MAX && !samples.some((t) => t.fingerprint === s.fingerprint)) samples.push(s);
  }
  const keys = union(target.keys ?? [], [source.key, ...(source.keys ?? [])])
    .filter((k) => k !== target.key)
    .slice(0, INCIDENT_LIST_MAX);
  const parents = union(target.parents ?? [], source.parents ?? []);
  const lastSignalAt = later(source.lastSignalAt ?? source.openedAt, target.lastSignalAt ?? target.openedAt);
  const nextTarget: Incident = {
    ...target,
    signalIds: union(target.signalIds, source.signalIds).slice(-INCIDENT_SIGNAL_IDS_MAX),
    signalCount: (target.signalCount ?? target.signalIds.length) + (source.signalCount ?? source.signalIds.length),
    firing: union(target.firing, source.firing),
    ...(parents.length ? { parents } : {}),
    services: union(target.services, source.services, INCIDENT_LIST_MAX),
    resources: union(target.resources, source.resources, INCIDENT_LIST_MAX),
    sources: [...new Set([...target.sources, ...source.sources])],
    ...(keys.length ? { keys } : {}),
    severity: severityRank(source.severity) < severityRank(target.severity) ? source.severity : target.severity,
    priority: source.priority < target.priority ? source.priority : target.priority,
    suppressedCount: target.suppressedCount + source.suppressedCount,
    correlation: [...(target.correlation ?? []), ...evidence].slice(0, INCIDENT_CORRELATION_MAX),
    ...(samples.length ? { samples } : {}),
    lastSignalAt,
    timeline: appendTimeline(target.timeline, humanEntry(at, FeedbackTimelineType.MERGED,
      `Merged ${source.id} (${source.title}) into this incident`, by, { from: source.id, fingerprints: moved })),
    updatedAt: later(at, target.updatedAt),
    version: target.version + 1,
  };
  let timeline = appendTimeline(source.timeline, humanEntry(at, FeedbackTimelineType.MERGED_INTO, `Merged into ${target.id} (${target.title})`, by, { into: target.id }));
  timeline = appendTimeline(timeline, humanEntry(at, 'resolved', `Resolved: merged into ${target.id}`, by, { into: target.id }));
  const nextSource: Incident = {
    ...source,
    status: 'resolved',
    resolvedAt: at,
    mergedInto: target.id,
    firing: [],
    ...(source.parents ? { parents: [] } : {}),
    timeline,
    updatedAt: later(at, source.updatedAt),
    version: source.version + 1,
  };
  return { source: nextSource, target: nextTarget };
}

/** Whether `target` already holds the merge of `sourceId` (a retried merge whose target write had landed). */
export function hasMerged(target: Incident, sourceId: string): boolean {
  return target.timeline.some((e) => e.type === FeedbackTimelineType.MERGED && e.data?.from === sourceId);
}

/**
 * The incident after splitting out `fingerprint` (version + 1), or `undefined` when it was split out already.
 * It resolves when nothing else fires.
 */
export function splitFingerprint(incident: Incident, fingerprint: string, by: HumanActor, now: Date): Incident | undefined {
  if (splitFingerprints(incident).has(fingerprint)) return undefined;
  const at = now.toISOString();
  const firing = incident.firing.filter((f) => f !== fingerprint);
  let timeline = appendTimeline(incident.timeline, humanEntry(at, FeedbackTimelineType.SPLIT,
    `Split out ${fingerprint}: it does not belong to this incident`, by, { fingerprint }));
  const resolves = incident.status !== 'resolved' && incident.firing.length > 0 && firing.length === 0;
  if (resolves) timeline = appendTimeline(timeline, humanEntry(at, 'resolved', 'Resolved: nothing else fires after the split', by, {}));
  return {
    ...incident,
    firing,
    ...(incident.parents ? { parents: incident.parents.filter((f) => f !== fingerprint) } : {}),
    ...(resolves ? { status: 'resolved' as const, resolvedAt: at } : {}),
    timeline,
    updatedAt: later(at, incident.updatedAt),
    version: incident.version + 1,
  };
}

export { isOpen as isOpenIncident };
