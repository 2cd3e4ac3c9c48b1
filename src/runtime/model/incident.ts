import * as z from 'zod';
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

/** Most correlation evidence entries kept on an incident (the first ones: they explain how it grew). */
export const INCIDENT_CORRELATION_MAX = 50;

/** Why triage put a signal into an incident it did not open. */
export const CORRELATION_RULES = [
  /** Same owner (service, environment, account, region) within the grouping window. */
  'owner',
  /** The signal's service calls (transitively) the incident's service: a symptom joins its cause. */
  'downstream',
  /** The signal's service is called by the incident's service and alarmed after it: the late root joins and becomes root. */
  'late-root',
  /** Learned co-occurrence above the confidence threshold (no owner or edge links them). */
  'learned',
  /** A human merged it (the Slack merge button). */
  'manual',
  /** Too many incidents opened at once in its scope. */
  'storm',
] as const;
export const CorrelationRuleSchema = z.enum(CORRELATION_RULES);
export type CorrelationRule = z.infer<typeof CorrelationRuleSchema>;

/** The evidence of one merge: which rule, along which edge, how far apart in time. */
export const CorrelationEvidenceSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  signalId: z.string(),
  fingerprint: z.string(),
  rule: CorrelationRuleSchema,
  /** Service of the signal that joined. */
  service: z.string().optional(),
  /** The graph path from the signal's service to the incident's (`downstream`), or back (`late-root`). */
  path: z.array(z.string()).optional(),
  /** Where the edge came from (`declared`, `cdk-app`, `xray`, `application-signals`). */
  edgeSource: z.string().optional(),
  /** Seconds between the incident's last firing signal (or its opening) and this signal. */
  gapSeconds: z.number(),
  /** Learned confidence, 0..1 (`learned` only). */
  confidence: z.number().min(0).max(1).optional(),
});
export type CorrelationEvidence = z.infer<typeof CorrelationEvidenceSchema>;

/** The signal an incident names as its cause: the deepest service of the graph among its signals. */
export const IncidentRootSchema = z.object({
  signalId: z.string(),
  fingerprint: z.string(),
  service: z.string().optional(),
  /** CloudFormation-style type of its resource (a data store outranks the compute that calls it). */
  resourceType: z.string().optional(),
  title: z.string(),
});
export type IncidentRoot = z.infer<typeof IncidentRootSchema>;

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
  /** Firing fingerprints of kinds that never resolve on their own (lifecycle `expiringKinds`): they expire when quiet. */
  expiring: z.array(z.string()).optional(),
  /** Environment of its owner, when known: incidents never span two environments. */
  environment: z.string().optional(),
  /** Further correlation keys it holds (the owners of services that joined it), beside `key`. */
  keys: z.array(z.string()).max(INCIDENT_LIST_MAX).optional(),
  /** Its root cause signal as triage sees it. Absent on incidents written before it existed. */
  root: IncidentRootSchema.optional(),
  /** How it grew: one entry per signal that joined by a correlation rule, at most INCIDENT_CORRELATION_MAX. */
  correlation: z.array(CorrelationEvidenceSchema).max(INCIDENT_CORRELATION_MAX).optional(),
  /** Set when a human merged this incident into another (the target's id); it is then resolved. */
  mergedInto: z.string().optional(),
  /** Optimistic-concurrency version, incremented by every store write. */
  version: z.number().int().nonnegative(),
});
export type Incident = z.infer<typeof IncidentSchema>;
