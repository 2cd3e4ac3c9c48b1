/**
 * The Reasoning agent's step: what the reasoning Lambda and `runInvestigation` call. Imports nothing of the risk
 * module (whose Cedar engine loads WebAssembly at import), so the reasoning bundle stays small.
 */
import type { Incident, Signal } from '../model';
import { DeferredTokenLedger, NO_TOKEN_USAGE, type TokenUsageReader } from './deferred-ledger';
import { signalsOf, type KnowledgeResult, type ReasoningOutcome } from './steps';
import type { TokenBudget } from '../reasoning/budget';
import { DeterministicReasoner } from '../reasoning/deterministic';
import { reasonWithFallback } from '../reasoning/fallback';
import type { Reasoner } from '../reasoning/reasoner';
import type { RunbookRegistry } from '../runbooks';
import { resolveIdentity } from '../telemetry/plan';
import type { TelemetryBundle } from '../telemetry/types';

// ---------------------------------------------------------------- reasoning

export interface ReasonStepOptions {
  /** The model reasoner; absent or `disabled` answers with the fallback only. */
  readonly primary?: Reasoner;
  /** @default new DeterministicReasoner() */
  readonly fallback?: Reasoner;
  readonly registry: RunbookRegistry;
  /** Switch the model off (the fallback answers, with `fallbackReason` saying so). @default false */
  readonly disabled?: boolean;
  /** Token limits checked before the model is asked. @default - no limit */
  readonly limits?: TokenBudget;
  /** Reads what was already spent. Never written to: what this call spends comes back in `tokenUsage`. @default - nothing spent */
  readonly usage?: TokenUsageReader;
  readonly now: Date;
  /** @default DEFAULT_REASONING_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

const UNLIMITED: TokenBudget = { perIncidentTokens: Number.MAX_SAFE_INTEGER, monthlyTokens: Number.MAX_SAFE_INTEGER };

/** Resource types of an incident: its signals' and those its resource identities resolve to. */
export function incidentResourceTypes(incident: Incident, signals: readonly Signal[]): string[] {
  const types = new Set(signals.map((s) => s.resource.type));
  for (const identity of incident.resources) {
    const type = resolveIdentity(identity)?.type;
    if (type) types.add(type);
  }
  return [...types];
}

/**
 * The finding for an incident: the model's if it is enabled, within budget, available and valid, the deterministic
 * reasoner's otherwise. Writes nothing: the tokens the model spent come back in `tokenUsage` for the record step.
 */
export async function reasonAboutIncident(
  input: { readonly incident: Incident; readonly telemetry: TelemetryBundle; readonly knowledge?: KnowledgeResult },
  options: ReasonStepOptions,
  signals: readonly Signal[] = signalsOf(input.incident),
): Promise<ReasoningOutcome> {
  const fallback = options.fallback ?? new DeterministicReasoner();
  const disabled = options.disabled || !options.primary;
  const ledger = new DeferredTokenLedger(options.usage ?? NO_TOKEN_USAGE);
  const candidates = options.registry.candidatesFor(incidentResourceTypes(input.incident, signals));
  const finding = await reasonWithFallback(
    options.primary ?? fallback,
    fallback,
    { incident: input.incident, signals, telemetry: input.telemetry, candidates, knowledge: input.knowledge?.snippets ?? [] },
    {
      registry: options.registry,
      disabled,
      timeoutMs: options.timeoutMs,
      // Always through the deferred ledger, so what the model spent is owed even when its answer is discarded.
      budget: { ledger, limits: options.limits ?? UNLIMITED, now: options.now },
    },
  );
  const tokenUsage = ledger.pending();
  return tokenUsage && tokenUsage.tokens > 0 ? { finding, tokenUsage } : { finding };
}

