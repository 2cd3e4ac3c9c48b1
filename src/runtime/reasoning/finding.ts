import * as z from 'zod';

/** Longest cause a finding may state, in characters. */
export const FINDING_CAUSE_MAX_CHARS = 500;
/** Most evidence refs a finding may cite. */
export const FINDING_EVIDENCE_MAX = 20;

const ParameterValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const ProposedRunbookSchema = z.object({
  id: z.string().min(1).max(128),
  parameters: z.record(z.string(), ParameterValueSchema).default({}),
});
export type ProposedRunbook = z.infer<typeof ProposedRunbookSchema>;

/**
 * What a reasoner proposes: the shape of the `report_finding` tool input. Unknown keys are ignored;
 * everything in it is re-checked by validateFinding before anyone acts on it.
 */
export const ProposalSchema = z.object({
  cause: z.string().trim().min(1).max(FINDING_CAUSE_MAX_CHARS),
  /** Telemetry evidence refs (`metrics:CPUUtilization:i-123`, `logs:3`) that support the cause. */
  evidence: z.array(z.string().max(256)).max(FINDING_EVIDENCE_MAX).default([]),
  confidence: z.number().min(0).max(1),
  runbook: ProposedRunbookSchema.nullish(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

export const REASONER_NAMES = ['bedrock', 'deterministic'] as const;
export const ReasonerNameSchema = z.enum(REASONER_NAMES);
export type ReasonerName = z.infer<typeof ReasonerNameSchema>;

export const TokenUsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** The Reasoning agent's answer for one incident. */
export const FindingSchema = z.object({
  cause: z.string().min(1).max(FINDING_CAUSE_MAX_CHARS),
  /** Refs of telemetry evidence that exist in the incident's bundle. */
  evidence: z.array(z.string()).max(FINDING_EVIDENCE_MAX),
  confidence: z.number().min(0).max(1),
  /** The proposed runbook, with parameters that passed the runbook's schema. Absent: a human decides. */
  runbook: z.object({
    id: z.string(),
    parameters: z.record(z.string(), ParameterValueSchema),
  }).optional(),
  /** Which reasoner produced the finding. */
  reasoner: ReasonerNameSchema,
  /** What was thrown away on the way (a model's runbook outside the allow-list, evidence refs that do not exist...). */
  discarded: z.array(z.string()).optional(),
  /** Why the primary reasoner's answer was not used, when it was not. */
  fallbackReason: z.string().optional(),
  /** Tokens the model call used, when a model was called. */
  usage: TokenUsageSchema.optional(),
});
export type Finding = z.infer<typeof FindingSchema>;
