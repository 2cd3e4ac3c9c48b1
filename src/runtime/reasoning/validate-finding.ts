import type { ResourceRef } from '../model';
import { validateRunbookParameters, type RunbookCandidate, type RunbookRegistry } from '../runbooks';
import { ProposalSchema, type Finding, type ReasonerName, TokenUsageSchema } from './finding';
import { evidenceRefs, incidentResources, type ReasoningInput } from './input';
import type { TelemetryBundle } from '../telemetry/types';

/** What a finding is checked against. */
export interface FindingContext {
  /** Every runbook that exists. */
  readonly registry: RunbookRegistry;
  /** The runbooks offered for this incident (the registry's candidates for its resource types). */
  readonly candidates: readonly Pick<RunbookCandidate, 'id'>[];
  /** The incident's resources; `fromResource` parameters must point at one of them. */
  readonly resources: readonly ResourceRef[];
  readonly telemetry: TelemetryBundle;
  /** Who proposed it. */
  readonly reasoner: ReasonerName;
}

/** The context for validating a finding about `input`. */
export function findingContext(input: ReasoningInput, registry: RunbookRegistry, reasoner: ReasonerName): FindingContext {
  return {
    registry,
    candidates: input.candidates,
    resources: incidentResources(input),
    telemetry: input.telemetry,
    reasoner,
  };
}

export type FindingValidation =
  | {
    readonly ok: true;
    readonly finding: Finding;
    /** True when the proposal named a runbook that was thrown away (reasons in `finding.discarded`). */
    readonly runbookDropped: boolean;
  }
  | { readonly ok: false; readonly reasons: string[] };

/** Quotes a model-supplied value for a reason message without letting it run on. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/**
 * Deterministic code disposes of what a reasoner proposes:
 * 1. the proposal must fit the finding schema, or it is discarded whole (`ok: false`);
 * 2. evidence refs that are not in the telemetry bundle are dropped;
 * 3. a runbook must be in the registry, among this incident's candidates, and have parameters that pass
 *    validateRunbookParameters (so `fromResource` parameters point at this incident's resources); otherwise the
 *    runbook is dropped and the finding kept without it.
 * Every drop is recorded in `discarded`.
 */
export function validateFinding(raw: unknown, context: FindingContext): FindingValidation {
  const parsed = ProposalSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, reasons: parsed.error.issues.slice(0, 5).map((i) => `schema: ${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const proposal = parsed.data;
  const discarded: string[] = [];

  const known = evidenceRefs(context.telemetry);
  const evidence: string[] = [];
  for (const ref of proposal.evidence) {
    if (!known.has(ref)) discarded.push(`evidence ref ${quote(ref)} is not in the telemetry bundle`);
    else if (!evidence.includes(ref)) evidence.push(ref);
  }

  let runbook: Finding['runbook'];
  let runbookDropped = false;
  if (proposal.runbook) {
    const { id, parameters } = proposal.runbook;
    const spec = context.registry.get(id);
    if (!spec) {
      discarded.push(`runbook ${quote(id)} is not in the registry`);
    } else if (!context.candidates.some((c) => c.id === id)) {
      discarded.push(`runbook ${quote(id)} is not a candidate for this incident's resources`);
    } else {
      const checked = validateRunbookParameters(spec, parameters, { resources: context.resources });
      if (checked.ok) runbook = { id, parameters: checked.params };
      else discarded.push(`runbook ${quote(id)} dropped: ${checked.reason}`);
    }
    runbookDropped = runbook === undefined;
  }

  const usage = TokenUsageSchema.safeParse((raw as { usage?: unknown }).usage);
  const finding: Finding = {
    cause: proposal.cause,
    evidence,
    confidence: proposal.confidence,
    ...(runbook ? { runbook } : {}),
    reasoner: context.reasoner,
    ...(discarded.length > 0 ? { discarded } : {}),
    ...(usage.success ? { usage: usage.data } : {}),
  };
  return { ok: true, finding, runbookDropped };
}
