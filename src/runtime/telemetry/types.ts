import * as z from 'zod';

/** The collectors the Telemetry agent knows. Each is optional and can be skipped with a recorded reason. */
export const COLLECTOR_NAMES = ['metrics', 'logs', 'traces', 'devops-guru', 'slo', 'config'] as const;
export const CollectorNameSchema = z.enum(COLLECTOR_NAMES);
export type CollectorName = z.infer<typeof CollectorNameSchema>;

/**
 * One piece of evidence a collector found, small enough to show a model.
 * `ref` is a stable handle (`metrics:CPUUtilization:i-123`, `logs:3`, `traces:root-cause:1`) that a finding cites as evidence.
 */
export const EvidenceSchema = z.object({
  ref: z.string().min(1),
  /** One-line, human-readable summary of what was observed. Untrusted text (log lines, descriptions) stays here as data. */
  summary: z.string(),
  /** Small structured facts (numbers, ids), already truncated. */
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** What one collector produced for an incident. */
export const CollectorResultSchema = z.object({
  collector: CollectorNameSchema,
  status: z.enum(['ok', 'skipped', 'error']),
  /** Why it was skipped or failed (not permitted, not applicable, throttled...). */
  reason: z.string().optional(),
  evidence: z.array(EvidenceSchema),
  /** True when the output was cut to fit the token budget. */
  truncated: z.boolean(),
});
export type CollectorResult = z.infer<typeof CollectorResultSchema>;

/** Telemetry gathered for one incident, within a token budget, ready for the reasoner. */
export const TelemetryBundleSchema = z.object({
  incidentId: z.string(),
  window: z.object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) }),
  results: z.array(CollectorResultSchema),
  /** Estimated tokens of the whole bundle once rendered for the model. */
  tokenEstimate: z.number().int().nonnegative(),
  tokenBudget: z.number().int().positive(),
  /** Remaining error budget of the incident's SLOs, 0..1, when an SLO collector reported one (the lowest). */
  errorBudgetRemaining: z.number().optional(),
  /** Config compliance of the incident's resources, when the config collector ran. */
  nonCompliantResources: z.array(z.string()).optional(),
});
export type TelemetryBundle = z.infer<typeof TelemetryBundleSchema>;
