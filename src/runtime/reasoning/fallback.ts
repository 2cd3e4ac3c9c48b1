import type { RunbookRegistry } from '../runbooks';
import { checkBudget, monthOf, recordUsage, type TokenBudget, type TokenLedger } from './budget';
import { InvalidModelOutputError, ReasonerUnavailableError, unavailableReason } from './errors';
import type { Finding, TokenUsage } from './finding';
import type { ReasoningInput } from './input';
import type { Reasoner } from './reasoner';
import { findingContext, validateFinding } from './validate-finding';

/** How long the primary reasoner may take before the fallback answers, in milliseconds. */
export const DEFAULT_REASONING_TIMEOUT_MS = 30_000;

export interface FallbackOptions {
  /** The runbooks that exist; findings are validated against it. */
  readonly registry: RunbookRegistry;
  /** Skip the primary reasoner altogether (model reasoning switched off). @default false */
  readonly disabled?: boolean;
  /** @default DEFAULT_REASONING_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Token budget. When set, the primary is asked only if its estimate fits, and what it spends is recorded. */
  readonly budget?: {
    readonly ledger: TokenLedger;
    readonly limits: TokenBudget;
    /** Now, for the ledger month. */
    readonly now: Date;
  };
}

class Timeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'Timeout';
  }
}

async function withTimeout<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Timeout(ms));
      reject(new Timeout(ms));
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof Timeout) return `timeout: ${error.message}`;
  if (error instanceof ReasonerUnavailableError) return unavailableReason(error.code);
  if (error instanceof InvalidModelOutputError) return `invalid output: ${error.message}`;
  if (error instanceof Error) return `error: ${error.name}`;
  return 'error: unknown';
}

/**
 * Asks the primary (model) reasoner and falls back to the deterministic one when the primary is disabled, over
 * budget, unavailable (throttled, not ready), failing, slower than the timeout, or answering with a finding that
 * fails validateFinding or names a runbook that had to be dropped. The fallback's finding carries `fallbackReason`
 * and, in `discarded`, whatever was thrown away from the primary's answer.
 *
 * The returned finding has always been through validateFinding: its runbook, if any, is a candidate with
 * validated parameters.
 */
export async function reasonWithFallback(
  primary: Reasoner,
  fallback: Reasoner,
  input: ReasoningInput,
  options: FallbackOptions,
): Promise<Finding> {
  const { registry, budget } = options;
  const month = budget ? monthOf(budget.now) : undefined;

  const record = async (usage: TokenUsage | undefined) => {
    if (budget && month && usage) await recordUsage(budget.ledger, { month, incidentId: input.incident.id, usage });
  };

  const useFallback = async (reason: string, discarded: readonly string[] = []): Promise<Finding> => {
    const raw = await fallback.propose(input);
    const checked = validateFinding(raw, findingContext(input, registry, fallback.name));
    const base: Finding = checked.ok
      ? checked.finding
      : { cause: 'The fallback reasoner produced no valid finding; a human needs to look.', evidence: [], confidence: 0, reasoner: fallback.name };
    const allDiscarded = [...discarded, ...(base.discarded ?? [])];
    return { ...base, fallbackReason: reason, ...(allDiscarded.length > 0 ? { discarded: allDiscarded } : {}) };
  };

  if (options.disabled) return useFallback('disabled: model reasoning is switched off');

  if (budget && month) {
    const estimate = primary.estimateTokens?.(input) ?? 0;
    const check = await checkBudget(budget.ledger, budget.limits, { month, incidentId: input.incident.id, estimate });
    if (!check.ok) return useFallback(`budget: ${check.reason}`);
  }

  let raw: Finding;
  try {
    raw = await withTimeout(options.timeoutMs ?? DEFAULT_REASONING_TIMEOUT_MS, (abortSignal) => primary.propose(input, { abortSignal }));
  } catch (error) {
    if (error instanceof InvalidModelOutputError) await record(error.usage);
    return useFallback(describe(error));
  }
  await record(raw.usage);

  const checked = validateFinding(raw, findingContext(input, registry, primary.name));
  if (!checked.ok) return useFallback('invalid finding: failed the finding schema', checked.reasons);
  if (checked.runbookDropped) return useFallback('rejected proposal: the proposed runbook failed validation', checked.finding.discarded);
  return checked.finding;
}
