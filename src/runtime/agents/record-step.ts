/**
 * The investigation's last steps, over ports: the record step (timeline, token ledger, metrics, `Incident Decision`
 * event) and the failure step (timeline, `Agent Failure` event). What the record and failure Lambdas call.
 */
import { recordTokenSpend, type TokenRunRecorder } from './deferred-ledger';
import { decisionEventDetail } from './events';
import { describeFailure } from './failure';
import { updateIncident } from './incident-update';
import type { FailureStepInput, FailureStepOutput, RecordStepInput, RecordStepOutput } from './steps';
import { applyDecisionToIncident, applyFailureToIncident } from './timeline';
import { AgentDetailType } from '../../contract/events';
import { AgentMetric, AgentMetricDimension } from '../../contract/metrics';
import type { IncidentStore } from '../ports/incident-store';
import type { Counters, EventPublisher, Log } from '../ports/observability';
import { isThrottledFallback } from '../reasoning/errors';

export interface RecordStepDeps {
  readonly store: Pick<IncidentStore, 'getIncident' | 'updateIncident'>;
  readonly ledger: TokenRunRecorder;
  readonly publisher: EventPublisher;
  readonly counters: Counters;
  readonly log: Log;
  readonly now: Date;
}

/**
 * The investigation onto the incident's timeline (optimistic retry), the tokens into the ledger (once per run), the
 * `Incident Decision` event, and the counters (only the first time this run is recorded).
 */
export async function recordInvestigation(input: RecordStepInput, deps: RecordStepDeps): Promise<RecordStepOutput> {
  const { incident, runId, reasoning, decision, telemetry } = input;
  const result = await updateIncident(deps.store, incident.id, (current) => applyDecisionToIncident(current, {
    runId, telemetry, finding: reasoning.finding, decision, tokenUsage: reasoning.tokenUsage,
  }, deps.now));
  if (!result.found) deps.log.warn('incident not in the store (expired?): decision published without a timeline entry', { incidentId: incident.id });
  await recordTokenSpend(deps.ledger, { incidentId: incident.id, runId, tokenUsage: reasoning.tokenUsage });
  await deps.publisher.publish(AgentDetailType.INCIDENT_DECISION, decisionEventDetail(input), [runId]);

  const recorded = result.found ? result.changed : true;
  if (recorded) {
    deps.counters.count(AgentMetric.DECISIONS, 1);
    deps.counters.count(AgentMetric.REASONING_TOKENS, reasoning.tokenUsage?.tokens ?? 0);
    deps.counters.count(AgentMetric.REASONING_FALLBACKS, reasoning.finding.fallbackReason ? 1 : 0);
    deps.counters.count(AgentMetric.REASONING_THROTTLES, isThrottledFallback(reasoning.finding.fallbackReason) ? 1 : 0);
    deps.counters.count(AgentMetric.DECISIONS, 1, { [AgentMetricDimension.OUTCOME]: decision.outcome });
  }
  deps.log.info('decision recorded', { incidentId: incident.id, outcome: decision.outcome, recorded, incidentFound: result.found });
  return { incidentId: incident.id, outcome: decision.outcome, recorded, incidentFound: result.found };
}

export type FailureStepDeps = Omit<RecordStepDeps, 'ledger'>;

/**
 * A step failed after its retries: the failure onto the incident's timeline when it can be (a store error is logged,
 * never thrown), then the `Agent Failure` event, which must go out (its error is thrown, so the state machine retries).
 */
export async function recordFailure(input: FailureStepInput, deps: FailureStepDeps): Promise<FailureStepOutput> {
  const failure = describeFailure(input.state, input.runId);
  deps.log.error('investigation failed', { ...failure });
  let timelineUpdated = false;
  if (failure.incidentId) {
    try {
      const result = await updateIncident(deps.store, failure.incidentId, (incident) => applyFailureToIncident(incident, failure, deps.now));
      timelineUpdated = result.found;
    } catch (error) {
      deps.log.error('could not put the failure on the incident timeline', { incidentId: failure.incidentId, error: error as Error });
    }
  }
  await deps.publisher.publish(AgentDetailType.AGENT_FAILURE, { ...failure, timelineUpdated }, [input.runId]);
  deps.counters.count(AgentMetric.AGENT_FAILURES, 1);
  return { incidentId: failure.incidentId, failedStep: failure.failedStep, error: failure.error, timelineUpdated };
}
