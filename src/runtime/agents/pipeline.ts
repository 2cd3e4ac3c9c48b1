/**
 * The investigation in-process: telemetry → knowledge → reasoning → risk, with the very step functions the agent
 * Lambdas call one each. The local CLI (`cdk-aiops replay`) and tests run it, so Lambda and CLI share the code.
 */
import type { Incident, Signal } from '../model';
import { reasonAboutIncident, type ReasonStepOptions } from './reason-step';
import { decideOnFinding, type RiskStepOptions } from './risk-step';
import { signalsOf, type KnowledgeResult, type ReasoningOutcome } from './steps';
import { gatherTelemetry, type TelemetryStepOptions } from './telemetry-step';
import type { TokenLedger } from '../reasoning/budget';
import type { RiskDecision } from '../risk/evaluate';
import type { RunbookRegistry } from '../runbooks';
import type { TelemetryBundle } from '../telemetry/types';

/** The knowledge step's answer until a knowledge base is configured. */
export const NO_KNOWLEDGE: KnowledgeResult = { snippets: [], reason: 'no knowledge base configured' };

// ---------------------------------------------------------------- the whole investigation, in-process

export interface InvestigationOptions {
  readonly telemetry: Omit<TelemetryStepOptions, 'now'>;
  readonly reasoning: Omit<ReasonStepOptions, 'now' | 'usage' | 'registry'>;
  readonly risk: Omit<RiskStepOptions, 'now' | 'registry'>;
  readonly registry: RunbookRegistry;
  /** Where token spend is read and, after the reasoning step, written. @default - not counted */
  readonly ledger?: TokenLedger;
  readonly now: Date;
}

export interface InvestigationResult {
  readonly telemetry: TelemetryBundle;
  readonly knowledge: KnowledgeResult;
  readonly reasoning: ReasoningOutcome;
  readonly decision: RiskDecision;
}

/**
 * Telemetry → knowledge → reasoning → risk for one incident, in-process, with the same step functions the Lambdas
 * call. The ledger, when given, is read before the model is asked and written with what it spent.
 */
export async function runInvestigation(
  input: { readonly incident: Incident; readonly signals?: readonly Signal[]; readonly knowledge?: KnowledgeResult },
  options: InvestigationOptions,
): Promise<InvestigationResult> {
  const { incident } = input;
  const signals = input.signals ?? signalsOf(incident);
  const telemetry = await gatherTelemetry(incident, { ...options.telemetry, now: options.now }, signals);
  const knowledge = input.knowledge ?? NO_KNOWLEDGE;
  const reasoning = await reasonAboutIncident(
    { incident, telemetry, knowledge },
    { ...options.reasoning, registry: options.registry, usage: options.ledger, now: options.now },
    signals,
  );
  if (options.ledger && reasoning.tokenUsage) {
    await options.ledger.add(reasoning.tokenUsage.month, reasoning.tokenUsage.tokens, incident.id);
  }
  const decision = decideOnFinding(
    { incident, finding: reasoning.finding, telemetry },
    { ...options.risk, registry: options.registry, now: options.now },
  );
  return { telemetry, knowledge, reasoning, decision };
}
