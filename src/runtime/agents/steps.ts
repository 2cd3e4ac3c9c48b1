/**
 * What flows between the agent steps of an investigation: the input each step takes and the output it returns.
 * Plain JSON (a Step Functions state carries it), validated at every handler boundary with these schemas. Every
 * output is bounded: the telemetry bundle by its token budget, a finding by FINDING_* limits, a decision by its
 * policies, so the execution state does not grow with the incident.
 */
import * as z from 'zod';
import { DECISION_OUTCOMES } from '../../contract/decisions';
import { IncidentSchema, SignalSchema, type Incident, type Signal } from '../model';
import { FindingSchema, type Finding } from '../reasoning/finding';
import type { RiskDecision } from '../risk/evaluate';
import { TelemetryBundleSchema, type TelemetryBundle } from '../telemetry/types';

/**
 * The incident as the steps see it. Loose: fields added to Incident later (such as `samples`, representative firing
 * signals) pass through unchanged, so a step never drops what another one needs.
 */
export const StepIncidentSchema = IncidentSchema.loose();

/** Most signal samples read from an incident. */
export const SAMPLES_MAX = 50;

/**
 * The signals an incident carries (`samples`, when triage attached them), each re-validated; malformed ones are
 * skipped. Without samples the agents work from `incident.resources` and `incident.services`.
 */
export function signalsOf(incident: Incident): Signal[] {
  const samples = (incident as { samples?: unknown }).samples;
  if (!Array.isArray(samples)) return [];
  const out: Signal[] = [];
  for (const sample of samples.slice(0, SAMPLES_MAX)) {
    const parsed = SignalSchema.safeParse(sample);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

export const KnowledgeSnippetSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  text: z.string(),
  source: z.string().optional(),
});

/** The knowledge lookup's result. Until a knowledge base is configured: no snippets and why. */
export const KnowledgeResultSchema = z.object({
  snippets: z.array(KnowledgeSnippetSchema).max(20).default([]),
  reason: z.string().optional(),
});
export type KnowledgeResult = z.infer<typeof KnowledgeResultSchema>;

/** Tokens the model spent for one investigation, to be added to the monthly ledger by the record step. */
export const TokenUsageEntrySchema = z.object({
  /** `YYYY-MM` (UTC) the tokens count against. */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  tokens: z.number().int().nonnegative(),
});
export type TokenUsageEntry = z.infer<typeof TokenUsageEntrySchema>;

// ---------------------------------------------------------------- telemetry

export const TelemetryStepInputSchema = z.object({ incident: StepIncidentSchema });
export type TelemetryStepInput = z.input<typeof TelemetryStepInputSchema>;

// ---------------------------------------------------------------- reason

export const ReasonStepInputSchema = z.object({
  incident: StepIncidentSchema,
  telemetry: TelemetryBundleSchema,
  knowledge: KnowledgeResultSchema.optional(),
});
export type ReasonStepInput = z.input<typeof ReasonStepInputSchema>;

export interface ReasoningOutcome {
  readonly finding: Finding;
  /** What the model spent, not yet in the ledger (the reasoning step may not write). Absent when no model was called. */
  readonly tokenUsage?: TokenUsageEntry;
}
export const ReasoningOutcomeSchema = z.object({
  finding: FindingSchema,
  tokenUsage: TokenUsageEntrySchema.optional(),
});

// ---------------------------------------------------------------- risk

export const RiskStepInputSchema = z.object({
  incident: StepIncidentSchema,
  telemetry: TelemetryBundleSchema.pick({ errorBudgetRemaining: true, nonCompliantResources: true }).optional(),
  finding: FindingSchema.pick({ runbook: true }),
});
export type RiskStepInput = z.input<typeof RiskStepInputSchema>;

/** The risk outcomes, from the contract (this module does not load the Cedar engine). */
export { DECISION_OUTCOMES };

export const RiskDecisionSchema = z.object({
  outcome: z.enum(DECISION_OUTCOMES),
  reasons: z.array(z.string()),
  policies: z.array(z.string()),
  inputs: z.record(z.string(), z.unknown()),
});

// ---------------------------------------------------------------- record

export const RecordStepInputSchema = z.object({
  /** The fields of the incident the decision event repeats; the record step re-reads the rest from the store. */
  incident: z.object({
    id: z.string().min(1),
    title: z.string(),
    priority: z.string(),
    services: z.array(z.string()).default([]),
  }),
  /** Identifies this investigation (the execution ARN): makes recording idempotent under retries. */
  runId: z.string().min(1),
  telemetry: TelemetryBundleSchema.optional(),
  reasoning: ReasoningOutcomeSchema,
  decision: RiskDecisionSchema,
});
export type RecordStepInput = z.input<typeof RecordStepInputSchema>;

/** What the record step returns into the state: small, the Choice reads `decision.outcome` from the state. */
export interface RecordStepOutput {
  readonly incidentId: string;
  readonly outcome: RiskDecision['outcome'];
  /** False when this run had already been recorded (a retry). */
  readonly recorded: boolean;
  /** False when the incident is not in the store (expired): the decision event is published all the same. */
  readonly incidentFound: boolean;
}

// ---------------------------------------------------------------- failure

/** The steps of an investigation, in order, by the state path each writes (`incident`: the load step). */
export const AGENT_STEPS = ['incident', 'telemetry', 'knowledge', 'reasoning', 'decision', 'record'] as const;
export type AgentStep = (typeof AGENT_STEPS)[number] | 'unknown';

/** What a Catch puts in the state: Step Functions' `Error` and `Cause`. */
export const StepErrorSchema = z.object({
  Error: z.string().optional(),
  Cause: z.string().optional(),
}).loose();

export const FailureStepInputSchema = z.object({
  runId: z.string().min(1),
  /** The execution state when the step failed (its input plus `error`). */
  state: z.record(z.string(), z.unknown()),
});
export type FailureStepInput = z.input<typeof FailureStepInputSchema>;

export interface FailureStepOutput {
  readonly incidentId?: string;
  readonly failedStep: AgentStep;
  readonly error: string;
  /** Whether the failure is on the incident's timeline (false: no incident id, not found, or the store failed). */
  readonly timelineUpdated: boolean;
}

// ---------------------------------------------------------------- events

/** Detail of the `Incident Decision` event. */
export interface IncidentDecisionDetail {
  readonly incidentId: string;
  readonly runId: string;
  readonly title: string;
  readonly priority: string;
  readonly services: readonly string[];
  readonly outcome: RiskDecision['outcome'];
  readonly decision: Pick<RiskDecision, 'reasons' | 'policies'>;
  readonly finding: Omit<Finding, 'usage' | 'discarded'>;
  readonly tokens: number;
}

/** Detail of the `Agent Failure` event. */
export interface AgentFailureDetail {
  readonly incidentId?: string;
  readonly runId: string;
  readonly failedStep: AgentStep;
  readonly error: string;
  /** Step Functions' cause, truncated. */
  readonly cause: string;
  /** Whether the failure is on the incident's timeline. */
  readonly timelineUpdated?: boolean;
}

export type { TelemetryBundle };
