/**
 * The investigation in-process: telemetry → knowledge → reasoning → risk, with the very step functions the agent
 * Lambdas call one each. The local CLI (`cdk-aiops replay`) and tests run it, so Lambda and CLI share the code.
 */
import type { Incident, Signal } from '../model';
import { recordTokenSpend, type TokenRunRecorder, type TokenUsageReader } from './deferred-ledger';
import { reasonAboutIncident, type ReasonStepOptions } from './reason-step';
import { assessRisk, type AssessRiskOptions } from './risk-step';
import { signalsOf, type KnowledgeResult, type ReasoningOutcome } from './steps';
import { gatherTelemetry, type TelemetryStepOptions } from './telemetry-step';
import type { RiskDecision } from '../risk/evaluate';
import type { RunbookRegistry } from '../runbooks';
import type { TelemetryBundle } from '../telemetry/types';

/** The knowledge step's answer until a knowledge base is configured. */
export const NO_KNOWLEDGE: KnowledgeResult = { snippets: [], reason: 'no knowledge base configured' };

// ---------------------------------------------------------------- the whole investigation, in-process

export interface InvestigationOptions {
  readonly telemetry: Omit<TelemetryStepOptions, 'now'>;
  readonly reasoning: Omit<ReasonStepOptions, 'now' | 'usage' | 'registry'>;
  readonly risk: Omit<AssessRiskOptions, 'now' | 'registry'>;
  readonly registry: RunbookRegistry;
  /** Where token spend is read and, after the reasoning step, written once per run. @default - not counted */
  readonly ledger?: TokenUsageReader & TokenRunRecorder;
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
 * call. The ledger, when given, is read before the model is asked and written with what it spent, the way the record
 * step writes it (`recordTokenSpend`); change calendars, when given, are read the way the risk step reads them.
 */
export async function runInvestigation(
  input: {
    readonly incident: Incident;
    readonly signals?: readonly Signal[];
    readonly knowledge?: KnowledgeResult;
    /** Identifies this investigation in the ledger. @default `local:<incident id>:<now>` */
    readonly runId?: string;
  },
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
  if (options.ledger) {
    const runId = input.runId ?? `local:${incident.id}:${options.now.toISOString()}`;
    await recordTokenSpend(options.ledger, { incidentId: incident.id, runId, tokenUsage: reasoning.tokenUsage });
  }
  const decision = await assessRisk(
    { incident, finding: reasoning.finding, telemetry },
    { ...options.risk, registry: options.registry, now: options.now },
  );
  return { telemetry, knowledge, reasoning, decision };
}
