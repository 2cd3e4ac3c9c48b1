import { createHash } from 'crypto';
import { TimelineType } from '../../contract/timeline';
import {
  INCIDENT_LIST_MAX, INCIDENT_SAMPLE_EXCERPT_MAX_CHARS, INCIDENT_SAMPLES_MAX, INCIDENT_SIGNAL_IDS_MAX, severityRank, TIMELINE_MAX_ENTRIES,
  type CorrelationEvidence, type Incident, type Signal, type TimelineEntry,
} from '../model';
import { relativeTime, resourceIdentity } from './correlate';
import { computePriority } from './priority';
import { nextRoot, rootOf, withEvidence } from './root-cause';
import type { CompiledRules } from './rules';
import type { ContextNote } from '../ports/incident-store';

/** Actor of the timeline entries triage writes. */
export const TRIAGE_ACTOR = 'triage';

/** Timeline entry types that may be folded into the `folded` counter when the timeline is full. */
const FOLDABLE = new Set<string>([TimelineType.SIGNAL, 'suppressed', 'context']);

/**
 * How a signal joins an incident.
 * - `grouped`: a new firing fingerprint of the incident (pages as an update);
 * - `duplicate`: its fingerprint is already firing there; `inhibited`: a child under a firing parent;
 *   `storm`: a member of an alert storm; `flapping`: a held change of a flapping fingerprint (all four are counted as suppressed);
 * - `context`: an info signal, on the timeline only.
 */
export type AttachMode = 'grouped' | 'duplicate' | 'inhibited' | 'storm' | 'flapping' | 'context';

/** Deterministic incident id: racing deliveries of the same first signal of a group compute the same id. */
export function incidentIdFor(key: string, firstSignalId: string): string {
  return `inc-${createHash('sha256').update(key).update('\u0000').update(firstSignalId).digest('hex').slice(0, 24)}`;
}

export interface OpenOptions {
  readonly storm: boolean;
  readonly parent: boolean;
  /** Earlier occurrences of the fingerprint that were below the threshold; listed on the incident. */
  readonly priorSignalIds?: readonly string[];
  /** Info signals seen on the key shortly before. */
  readonly context?: readonly ContextNote[];
}

/** A new incident opened by `signal` on correlation key `key`. */
export function openIncident(key: string, signal: Signal, at: number, options: OpenOptions, rules: CompiledRules): Incident {
  const services = signal.service !== undefined ? [signal.service] : [];
  const resources = [resourceIdentity(signal.resource)];
  const sources = [signal.source];
  const signalIds = [...new Set([...(options.priorSignalIds ?? []), signal.id])];
  const timeline: TimelineEntry[] = [{
    at: signal.time,
    type: TimelineType.OPENED,
    message: options.storm ? `Alert storm: ${signal.title}` : signal.title,
    signalId: signal.id,
    actor: TRIAGE_ACTOR,
  }];
  for (const note of options.context ?? []) {
    timeline.push({
      at: new Date(note.at).toISOString(),
      type: 'context',
      message: `${note.kind} ${relativeTime(note.at, at)} opening: ${note.title}`,
      signalId: note.signalId,
      actor: TRIAGE_ACTOR,
    });
  }
  if (options.context?.length) signalIds.unshift(...options.context.map((n) => n.signalId));
  return {
    id: incidentIdFor(key, signal.id),
    key,
    title: options.storm ? `Alert storm (${key.slice('storm:'.length)}): ${signal.title}` : signal.title,
    priority: computePriority({ severity: signal.severity, resources: 1, services: services.length, sources, storm: options.storm }, rules),
    status: 'open',
    severity: signal.severity,
    storm: options.storm,
    signalIds,
    signalCount: signalIds.length,
    firing: [signal.fingerprint],
    services,
    resources,
    sources,
    suppressedCount: 0,
    openedAt: signal.time,
    updatedAt: signal.time,
    lastSignalAt: signal.time,
    parents: options.parent ? [signal.fingerprint] : [],
    ...(rules.expiringKinds.has(signal.kind) ? { expiring: [signal.fingerprint] } : {}),
    ...(signal.environment !== undefined ? { environment: signal.environment } : {}),
    root: rootOf(signal),
    timeline,
    samples: [sampleOf(signal)],
    version: 1,
  };
}

/** How a signal that the incident's key did not point at came to join it (graph, late root, learned, manual). */
export interface JoinEvidence {
  readonly evidence: CorrelationEvidence;
  /** The signal's own correlation key: the incident holds it from now on, so the owner's next signals join directly. */
  readonly key: string;
}

/**
 * Whether the incident already lists the signal (among its most recent INCIDENT_SIGNAL_IDS_MAX ids). With the
 * signal's time `at`, a signal newer than `updatedAt` (never earlier than any attached signal) is known absent without a scan.
 */
export function hasSignal(incident: Incident, signalId: string, at?: number): boolean {
  if (at !== undefined && at > Date.parse(incident.updatedAt)) return false;
  const ids = incident.signalIds;
  for (let i = ids.length - 1; i >= 0; i--) if (ids[i] === signalId) return true;
  return false;
}

/**
 * The incident after `signal` joined it in `mode`, or undefined when it already holds the signal (idempotent).
 * Never mutates `incident`. `knownAbsent` skips the membership scan when the caller has just done it.
 */
export function attachSignal(
  incident: Incident, signal: Signal, at: number, mode: AttachMode, rules: CompiledRules, knownAbsent = false, join?: JoinEvidence,
): Incident | undefined {
  if (!knownAbsent && hasSignal(incident, signal.id)) return undefined;
  const firingSignal = signal.state === 'firing';
  const next = withSignal(incident, signal, at);
  if (join) {
    const evidence = withEvidence(incident.correlation, join.evidence);
    if (evidence) next.correlation = evidence;
    if (join.key !== incident.key && !(incident.keys ?? []).includes(join.key) && (incident.keys?.length ?? 0) < INCIDENT_LIST_MAX) {
      next.keys = [...(incident.keys ?? []), join.key];
    }
  }
  if (mode !== 'context' && firingSignal) {
    if (!incident.firing.includes(signal.fingerprint)) next.firing = [...incident.firing, signal.fingerprint];
    if (rules.expiringKinds.has(signal.kind) && !(incident.expiring ?? []).includes(signal.fingerprint)) {
      next.expiring = [...(incident.expiring ?? []), signal.fingerprint];
    }
    if (mode === 'grouped' || mode === 'inhibited') {
      const root = nextRoot(incident, signal, join?.evidence);
      if (root) next.root = root;
    }
    if (severityRank(signal.severity) < severityRank(incident.severity)) next.severity = signal.severity;
    if (rules.parentKinds.has(signal.kind) && !(incident.parents ?? []).includes(signal.fingerprint)) {
      next.parents = [...(incident.parents ?? []), signal.fingerprint];
    }
    if (at >= Date.parse(incident.lastSignalAt ?? incident.openedAt)) next.lastSignalAt = signal.time;
    addImpact(next, incident, signal);
    if (mode !== 'duplicate') {
      const samples = withSample(incident.samples, signal, at);
      if (samples) next.samples = samples;
    }
  }
  if (mode === 'duplicate' || mode === 'inhibited' || mode === 'storm' || mode === 'flapping') next.suppressedCount = incident.suppressedCount + 1;
  const entry = timelineEntryFor(signal, at, mode, incident);
  if (entry) next.timeline = appendTimeline(incident.timeline, join ? { ...entry, type: 'correlated', message: `${entry.message} (${describeEvidence(join.evidence)})`, data: { ...join.evidence } } : entry);
  next.priority = computePriority({
    severity: next.severity, resources: next.resources.length, services: next.services.length, sources: next.sources, storm: next.storm,
  }, rules);
  return next;
}

/**
 * The resolved incident reopened by a firing signal of a flapping fingerprint: open again, the fingerprint firing,
 * the signal counted as suppressed. Undefined when it already holds the signal.
 */
export function reopenIncident(incident: Incident, signal: Signal, at: number, rules: CompiledRules, knownAbsent = false): Incident | undefined {
  const next = attachSignal(incident, signal, at, 'flapping', rules, knownAbsent) as Mutable<Incident> | undefined;
  if (!next) return undefined;
  next.status = 'open';
  delete next.resolvedAt;
  next.timeline = appendTimeline(next.timeline, {
    at: signal.time, type: 'reopened', message: `Reopened quietly by a flapping signal: ${signal.title}`, signalId: signal.id, actor: TRIAGE_ACTOR,
  });
  return next;
}

/**
 * The incident after a resolution of `signal.fingerprint`: the fingerprint stops firing, and the incident resolves
 * when nothing fires any more. Undefined when it already holds the signal.
 */
export function resolveFingerprint(incident: Incident, signal: Signal, at: number, knownAbsent = false): Incident | undefined {
  if (!knownAbsent && hasSignal(incident, signal.id)) return undefined;
  const next = withSignal(incident, signal, at);
  next.firing = incident.firing.filter((f) => f !== signal.fingerprint);
  if (incident.parents?.includes(signal.fingerprint)) next.parents = incident.parents.filter((f) => f !== signal.fingerprint);
  if (incident.expiring?.includes(signal.fingerprint)) next.expiring = incident.expiring.filter((f) => f !== signal.fingerprint);
  let timeline = appendTimeline(incident.timeline, {
    at: signal.time, type: TimelineType.SIGNAL, message: `Resolved: ${signal.title}`, signalId: signal.id, actor: TRIAGE_ACTOR,
  });
  if (next.firing.length === 0) {
    next.status = 'resolved';
    next.resolvedAt = signal.time;
    timeline = appendTimeline(timeline, {
      at: signal.time, type: TimelineType.RESOLVED, message: 'All firing signals resolved', signalId: signal.id, actor: TRIAGE_ACTOR,
    });
  }
  next.timeline = timeline;
  return next;
}

/**
 * The incident resolved because everything still firing in it is of a kind that never resolves and it has been quiet
 * past the lifecycle's quiet period (see isExpired). Not a signal of its own: no signal id is recorded.
 */
export function expireIncident(incident: Incident, at: number, quietMs: number): Incident {
  // It expired when the quiet period ended, not when triage noticed: a re-fire is measured from then.
  const time = new Date(Math.min(at, Date.parse(incident.lastSignalAt ?? incident.openedAt) + quietMs)).toISOString();
  return {
    ...incident,
    status: 'resolved',
    resolvedAt: time,
    updatedAt: Date.parse(time) >= Date.parse(incident.updatedAt) ? time : incident.updatedAt,
    firing: [],
    parents: [],
    expiring: [],
    timeline: appendTimeline(incident.timeline, {
      at: time,
      type: TimelineType.RESOLVED,
      message: `Expired: quiet since ${incident.lastSignalAt ?? incident.openedAt} and nothing left firing that resolves on its own`,
      actor: TRIAGE_ACTOR,
    }),
    version: incident.version + 1,
  };
}

/** Shallow copy with the signal id recorded, the count and update time bumped and the version incremented. */
function withSignal(incident: Incident, signal: Signal, at: number): Mutable<Incident> {
  const ids = incident.signalIds;
  const signalIds = ids.length >= INCIDENT_SIGNAL_IDS_MAX ? ids.slice(ids.length - INCIDENT_SIGNAL_IDS_MAX + 1) : ids.slice();
  signalIds.push(signal.id);
  return {
    ...incident,
    signalIds,
    signalCount: (incident.signalCount ?? incident.signalIds.length) + 1,
    updatedAt: at >= Date.parse(incident.updatedAt) ? signal.time : incident.updatedAt,
    version: incident.version + 1,
  };
}

/** The signal as an incident keeps it: `raw.excerpt` cut to INCIDENT_SAMPLE_EXCERPT_MAX_CHARS (the same object when short enough). */
export function sampleOf(signal: Signal): Signal {
  const excerpt = signal.raw.excerpt;
  if (excerpt.length <= INCIDENT_SAMPLE_EXCERPT_MAX_CHARS) return signal;
  let cut = excerpt.slice(0, INCIDENT_SAMPLE_EXCERPT_MAX_CHARS - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return { ...signal, raw: { ...signal.raw, excerpt: `${cut}…` } };
}

/**
 * The samples after a firing `signal` joined: the first sample (the opener) stays; the others are the most recent
 * firing signal of each distinct fingerprint, oldest dropped past INCIDENT_SAMPLES_MAX. Undefined when unchanged
 * (the opener's fingerprint, or an older signal of a sampled fingerprint). Incidents without samples start from this one.
 */
function withSample(samples: readonly Signal[] | undefined, signal: Signal, at: number): Signal[] | undefined {
  if (!samples?.length) return [sampleOf(signal)];
  if (samples[0].fingerprint === signal.fingerprint) return undefined;
  const rest: Signal[] = [];
  for (let i = 1; i < samples.length; i++) {
    const s = samples[i];
    if (s.fingerprint !== signal.fingerprint) rest.push(s);
    else if (Date.parse(s.time) >= at) return undefined;
  }
  // Most recent last; an out-of-order signal goes where its time puts it.
  let i = rest.length;
  while (i > 0 && Date.parse(rest[i - 1].time) > at) i--;
  rest.splice(i, 0, sampleOf(signal));
  while (rest.length > INCIDENT_SAMPLES_MAX - 1) rest.shift();
  const next = [samples[0], ...rest];
  return next.length === samples.length && next.every((s, j) => s === samples[j]) ? undefined : next;
}

function addImpact(next: Mutable<Incident>, incident: Incident, signal: Signal): void {
  if (signal.service !== undefined && incident.services.length < INCIDENT_LIST_MAX && !incident.services.includes(signal.service)) {
    next.services = [...incident.services, signal.service];
  }
  const resource = resourceIdentity(signal.resource);
  if (incident.resources.length < INCIDENT_LIST_MAX && !incident.resources.includes(resource)) next.resources = [...incident.resources, resource];
  if (!incident.sources.includes(signal.source)) next.sources = [...incident.sources, signal.source];
}

/** "late root: orders -> checkout (declared), 95 s after": the evidence of a merge in words. */
export function describeEvidence(e: CorrelationEvidence): string {
  const path = e.path?.length ? `: ${e.path.join(' -> ')}${e.edgeSource ? ` (${e.edgeSource})` : ''}` : '';
  const confidence = e.confidence !== undefined ? ` confidence ${e.confidence.toFixed(2)}` : '';
  return `${e.rule}${path}${confidence}, ${Math.round(e.gapSeconds)} s after`;
}

function timelineEntryFor(signal: Signal, at: number, mode: AttachMode, incident: Incident): TimelineEntry | undefined {
  const base = { at: signal.time, signalId: signal.id, actor: TRIAGE_ACTOR };
  switch (mode) {
    case 'grouped': return { ...base, type: TimelineType.SIGNAL, message: signal.title };
    case 'inhibited': return { ...base, type: 'suppressed', message: `Inhibited by a firing parent: ${signal.title}` };
    case 'storm': return { ...base, type: 'suppressed', message: `Storm member: ${signal.title}` };
    case 'flapping': return { ...base, type: 'suppressed', message: `Flapping (${signal.state}, held): ${signal.title}` };
    case 'context': return {
      ...base, type: 'context', message: `${signal.kind} ${relativeTime(at, Date.parse(incident.openedAt))} opening: ${signal.title}`,
    };
    case 'duplicate': return undefined;
  }
}

/**
 * Append an entry, keeping at most TIMELINE_MAX_ENTRIES: when full, the oldest `signal`/`suppressed`/`context`
 * entry after the first is folded into a single `folded` counter entry kept at index 1.
 */
export function appendTimeline(timeline: readonly TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  if (timeline.length < TIMELINE_MAX_ENTRIES) return [...timeline, entry];
  const out = timeline.slice();
  let folded = out[1]?.type === 'folded' ? out[1] : undefined;
  let count = folded ? Number(folded.data?.count ?? 0) : 0;
  if (!folded) {
    folded = { at: out[1].at, type: 'folded', message: '', actor: TRIAGE_ACTOR };
    out.splice(1, 0, folded);
  }
  while (out.length >= TIMELINE_MAX_ENTRIES) {
    let i = 2;
    while (i < out.length && !FOLDABLE.has(out[i].type)) i++;
    if (i >= out.length) i = 2;
    out.splice(i, 1);
    count++;
  }
  out[1] = { ...folded, message: `${count} earlier entries folded`, data: { count } };
  out.push(entry);
  return out;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
