import type { Finding, ReasonerName } from './finding';
import type { ReasoningInput } from './input';

export interface ProposeOptions {
  /** Aborted when the caller stops waiting (timeout); adapters pass it to their SDK call. */
  readonly abortSignal?: AbortSignal;
}

/**
 * The Reasoning agent's port: turn an incident, its signals and telemetry into a finding.
 * Implementations: BedrockReasoner (adapter) and DeterministicReasoner (rules). Whatever a reasoner returns is
 * re-validated by validateFinding before it is used.
 */
export interface Reasoner {
  readonly name: ReasonerName;
  propose(input: ReasoningInput, options?: ProposeOptions): Promise<Finding>;
  /** Tokens one call is expected to use (prompt plus the most it may write), for the budget check. Model reasoners only. */
  estimateTokens?(input: ReasoningInput): number;
}
