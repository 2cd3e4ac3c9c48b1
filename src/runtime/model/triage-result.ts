import * as z from 'zod';
import { IncidentSchema } from './incident';
import { RejectionSchema } from './rejection';
import { SignalSchema } from './signal';

/** Why triage did not page for a signal. */
export const SUPPRESSION_REASONS = [
  'duplicate', // same signal delivered again, or same fingerprint already firing in its incident
  'flapping', // the fingerprint flips between firing and resolved: held, not re-paged
  'below-threshold', // fewer occurrences than the rule's threshold in its window
  'inhibited', // a firing parent (canary, SLO, insight, Health) on the same service absorbs it
  'storm', // part of an alert storm, absorbed by the storm incident
  'grouped', // attached to an already open incident
  'context', // an info signal (deployment, automation) kept as context, never paged
  'stale-resolution', // a resolution for something that never opened an incident
] as const;
export const SuppressionReasonSchema = z.enum(SUPPRESSION_REASONS);
export type SuppressionReason = z.infer<typeof SuppressionReasonSchema>;

export const SuppressedSignalSchema = z.object({
  signalId: z.string(),
  reason: SuppressionReasonSchema,
  incidentId: z.string().optional(),
});
export type SuppressedSignal = z.infer<typeof SuppressedSignalSchema>;

export const TriageStatsSchema = z.object({
  events: z.number().int().nonnegative(),
  signals: z.number().int().nonnegative(),
  incidents: z.number().int().nonnegative(),
  suppressed: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});
export type TriageStats = z.infer<typeof TriageStatsSchema>;

/** What one triage run produced. This is the JSON shape `cdk-aiops triage --format json` prints. */
export const TriageResultSchema = z.object({
  signals: z.array(SignalSchema),
  incidents: z.array(IncidentSchema),
  suppressed: z.array(SuppressedSignalSchema),
  rejected: z.array(RejectionSchema),
  stats: TriageStatsSchema,
});
export type TriageResult = z.infer<typeof TriageResultSchema>;
