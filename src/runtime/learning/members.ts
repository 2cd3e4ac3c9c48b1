import type { Incident } from '../model';

/** Timeline entry types the Slack feedback writes. */
export const FeedbackTimelineType = {
  /** On the target: another incident was merged into it (`data.from`). */
  MERGED: 'merged',
  /** On the source: it was merged into another (`data.into`); a `resolved` entry follows. */
  MERGED_INTO: 'merged-into',
  /** A fingerprint was split out (`data.fingerprint`). */
  SPLIT: 'split',
} as const;

/** Fingerprints named by `split` entries: they no longer belong to the incident. */
export function splitFingerprints(incident: Pick<Incident, 'timeline'>): Set<string> {
  const out = new Set<string>();
  for (const e of incident.timeline) {
    if (e.type === FeedbackTimelineType.SPLIT && typeof e.data?.fingerprint === 'string') out.add(e.data.fingerprint);
  }
  return out;
}

/**
 * The fingerprints an incident is known to have held, at most `max`: its root, the fingerprints that joined by a
 * correlation rule, its samples, its inhibition parents and those still firing (a resolved incident fires nothing),
 * less those a human split out.
 */
export function fingerprintsOf(incident: Incident, max: number): string[] {
  const split = splitFingerprints(incident);
  const all = [
    ...(incident.root ? [incident.root.fingerprint] : []),
    ...(incident.correlation ?? []).map((c) => c.fingerprint),
    ...(incident.samples ?? []).map((s) => s.fingerprint),
    ...(incident.parents ?? []),
    ...incident.firing,
  ];
  return [...new Set(all)].filter((f) => !split.has(f)).slice(0, max);
}
