import { z } from 'zod';
import { SeveritySchema, SignalSchema, SignalSourceSchema } from './signal';

/** P1 is the most urgent. */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

/** Lifecycle of an incident. Triage opens and resolves; the agents move it through the middle states. */
export const INCIDENT_STATUSES = ['open', 'acknowledged', 'mitigating', 'mitigated', 'resolved'] as const;
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** Most entries kept on an incident timeline; older `signal` entries are folded into a counter first. */
export const TIMELINE_MAX_ENTRIES = 200;

/** Most signal ids kept on an incident (the most recent ones); `signalCount` keeps the exact total. */
export const INCIDENT_SIGNAL_IDS_MAX = 200;

/** Most services and most resources listed on an incident (the first ones seen). */
export const INCIDENT_LIST_MAX = 100;

/** Most representative signals (`samples`) kept on an incident. */
export const INCIDENT_SAMPLES_MAX = 5;

/** Largest `raw.excerpt` of a sample kept on an incident, in characters (a signal may carry up to RAW_EXCERPT_MAX_CHARS). */
export const INCIDENT_SAMPLE_EXCERPT_MAX_CHARS = 512;

export const TimelineEntrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  /** What happened: opened, signal, suppressed, escalated, resolved, reopened, or an agent step (telemetry, finding, decision, runbook...). */
  type: z.string().min(1),
  message: z.string(),
  signalId: z.string().optional(),
  /** Who did it: `triage`, an agent name, or a human. */
  actor: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/** Grouped signals with a timeline. */
export const IncidentSchema = z.object({
  id: z.string().min(1),
  /** The correlation key that opened it (service, resource or storm scope). */
  key: z.string().min(1),
  title: z.string().min(1),
  priority: PrioritySchema,
  status: IncidentStatusSchema,
  /** Worst severity among its signals. */
  severity: SeveritySchema,
  /** True when this incident absorbs an alert storm. */
  storm: z.boolean(),
  signalIds: z.array(z.string()),
  /** Fingerprints currently firing; the incident resolves when this empties. */
  firing: z.array(z.string()),
  services: z.array(z.string()),
  /** Resource identities (ARN when known, otherwise `type/id`). */
  resources: z.array(z.string()),
  sources: z.array(SignalSourceSchema),
  /** Signals absorbed without a page (duplicates, inhibited children, storm members). */
  suppressedCount: z.number().int().nonnegative(),
  openedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  resolvedAt: z.iso.datetime({ offset: true }).optional(),
  timeline: z.array(TimelineEntrySchema),
  /**
   * Exact number of distinct signals attached. `signalIds` keeps only the most recent
   * INCIDENT_SIGNAL_IDS_MAX of them, so this is the count to report. Absent on incidents written before it existed.
   */
  signalCount: z.number().int().nonnegative().optional(),
  /** Time of the last firing signal attached; the grouping window is measured from it. Defaults to `openedAt`. */
  lastSignalAt: z.iso.datetime({ offset: true }).optional(),
  /** Firing fingerprints of inhibition parents (canary, SLO, insight, Health): while non-empty, children on the service are inhibited. */
  parents: z.array(z.string()).optional(),
  /**
   * A few of its actual firing signals, for the agents (metric labels, resource, kind): the signal that opened it,
   * then the most recent firing signal of each of up to INCIDENT_SAMPLES_MAX - 1 other fingerprints (the oldest is
   * replaced). Never info signals or duplicates; each `raw.excerpt` cut to INCIDENT_SAMPLE_EXCERPT_MAX_CHARS.
   * Absent on incidents written before it existed.
   */
  samples: z.array(SignalSchema).max(INCIDENT_SAMPLES_MAX).optional(),
  /** Optimistic-concurrency version, incremented by every store write. */
  version: z.number().int().nonnegative(),
});
export type Incident = z.infer<typeof IncidentSchema>;
