import type { IncidentDecisionDetail, ReasoningOutcome } from './steps';
import type { RiskDecision } from '../risk/evaluate';

export interface DecisionEventInput {
  readonly incident: { readonly id: string; readonly title: string; readonly priority: string; readonly services?: readonly string[] };
  readonly runId: string;
  readonly reasoning: ReasoningOutcome;
  readonly decision: Pick<RiskDecision, 'outcome' | 'reasons' | 'policies'>;
}

/** The `Incident Decision` event's detail: what was found and decided, small enough for any notification target. */
export function decisionEventDetail(input: DecisionEventInput): IncidentDecisionDetail {
  const { usage: _usage, discarded: _discarded, ...finding } = input.reasoning.finding;
  return {
    incidentId: input.incident.id,
    runId: input.runId,
    title: input.incident.title,
    priority: input.incident.priority,
    services: [...(input.incident.services ?? [])],
    outcome: input.decision.outcome,
    decision: { reasons: input.decision.reasons, policies: input.decision.policies },
    finding,
    tokens: input.reasoning.tokenUsage?.tokens ?? 0,
  };
}
