/**
 * What an investigation writes on the incident: pure functions from an incident to the next version of it.
 * Idempotent per run: applying the same run twice changes nothing the second time (`undefined`).
 */
import { TimelineType } from '../../contract/timeline';
import type { Incident, TimelineEntry } from '../model';
import type { AgentStep, TokenUsageEntry } from './steps';
import type { Finding } from '../reasoning/finding';
import type { RiskDecision } from '../risk/evaluate';
import type { TelemetryBundle } from '../telemetry/types';
import { appendTimeline } from '../triage/incident-ops';

/** Who wrote the entries. */
export const AGENTS_ACTOR = 'agents';

/** Timeline entry types the agents write. */
export const AgentTimelineType = {
  TELEMETRY: TimelineType.TELEMETRY,
  FINDING: TimelineType.FINDING,
  DECISION: TimelineType.DECISION,
  TOKENS: TimelineType.TOKENS,
  FAILURE: TimelineType.AGENT_FAILURE,
} as const;

/** Longest error or cause kept on a timeline entry or in an event. */
export const ERROR_TEXT_MAX_CHARS = 1000;

export interface InvestigationRecord {
  readonly runId: string;
  readonly telemetry?: Pick<TelemetryBundle, 'results' | 'tokenEstimate' | 'tokenBudget' | 'window'>;
  readonly finding: Finding;
  readonly decision: Pick<RiskDecision, 'outcome' | 'reasons' | 'policies'>;
  readonly tokenUsage?: TokenUsageEntry;
}

export interface FailureRecord {
  readonly runId: string;
  readonly failedStep: AgentStep;
  readonly error: string;
  readonly cause: string;
}

function alreadyRecorded(incident: Incident, type: string, runId: string): boolean {
  return incident.timeline.some((e) => e.type === type && e.data?.runId === runId);
}

function withEntries(incident: Incident, entries: TimelineEntry[], now: Date, acknowledge: boolean): Incident {
  let timeline = incident.timeline;
  for (const entry of entries) timeline = appendTimeline(timeline, entry);
  return {
    ...incident,
    // An agent has looked at it: an open incident is acknowledged. Later states are left to whoever set them.
    status: acknowledge && incident.status === 'open' ? 'acknowledged' : incident.status,
    timeline,
    updatedAt: maxIso(incident.updatedAt, now.toISOString()),
    version: incident.version + 1,
  };
}

function maxIso(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** One line on what the collectors found. */
export function describeTelemetry(telemetry: NonNullable<InvestigationRecord['telemetry']>): string {
  const count = (status: string) => telemetry.results.filter((r) => r.status === status).length;
  const evidence = telemetry.results.reduce((n, r) => n + r.evidence.length, 0);
  return `telemetry: ${evidence} evidence item${evidence === 1 ? '' : 's'} from ${count('ok')} collector${count('ok') === 1 ? '' : 's'}`
    + ` (${count('skipped')} skipped, ${count('error')} failed), ~${telemetry.tokenEstimate} of ${telemetry.tokenBudget} tokens`;
}

/**
 * The incident with the investigation on its timeline: what telemetry found, the finding, the decision and the
 * tokens spent. An `open` incident becomes `acknowledged`. `undefined` when this run is already on it.
 */
export function applyDecisionToIncident(incident: Incident, record: InvestigationRecord, now: Date): Incident | undefined {
  if (alreadyRecorded(incident, AgentTimelineType.DECISION, record.runId)) return undefined;
  return withEntries(incident, investigationEntries(record, now), now, true);
}

/**
 * The entries an investigation writes: what telemetry found, the finding, the tokens spent and the decision. The
 * record step and the simulated loop (`cdk-aiops replay`) both write these.
 */
export function investigationEntries(record: InvestigationRecord, now: Date): TimelineEntry[] {
  const at = now.toISOString();
  const { runId, finding, decision, telemetry, tokenUsage } = record;
  const entries: TimelineEntry[] = [];
  if (telemetry) {
    entries.push({
      at,
      type: AgentTimelineType.TELEMETRY,
      actor: AGENTS_ACTOR,
      message: describeTelemetry(telemetry),
      data: {
        runId,
        window: telemetry.window,
        collectors: Object.fromEntries(telemetry.results.map((r) => [r.collector, r.reason ? `${r.status}: ${r.reason}` : r.status])),
      },
    });
  }
  entries.push({
    at,
    type: AgentTimelineType.FINDING,
    actor: finding.reasoner,
    message: finding.cause,
    data: {
      runId,
      confidence: finding.confidence,
      evidence: finding.evidence,
      ...(finding.runbook ? { runbook: finding.runbook } : {}),
      ...(finding.fallbackReason ? { fallbackReason: finding.fallbackReason } : {}),
      ...(finding.discarded?.length ? { discarded: finding.discarded.slice(0, 10) } : {}),
    },
  });
  if (tokenUsage && tokenUsage.tokens > 0) {
    entries.push({
      at,
      type: AgentTimelineType.TOKENS,
      actor: AGENTS_ACTOR,
      message: `model tokens: ${tokenUsage.tokens} (${tokenUsage.month})`,
      data: { runId, ...tokenUsage, ...(finding.usage ? { usage: finding.usage } : {}) },
    });
  }
  entries.push({
    at,
    type: AgentTimelineType.DECISION,
    actor: AGENTS_ACTOR,
    message: `decision: ${decision.outcome}${finding.runbook ? ` for runbook ${finding.runbook.id}` : ''} (${decision.reasons.join('; ')})`.slice(0, ERROR_TEXT_MAX_CHARS),
    data: { runId, outcome: decision.outcome, reasons: decision.reasons, policies: decision.policies },
  });
  return entries;
}

/** The incident with the failure on its timeline. `undefined` when this run's failure is already on it. */
export function applyFailureToIncident(incident: Incident, failure: FailureRecord, now: Date): Incident | undefined {
  if (alreadyRecorded(incident, AgentTimelineType.FAILURE, failure.runId)) return undefined;
  return withEntries(incident, [{
    at: now.toISOString(),
    type: AgentTimelineType.FAILURE,
    actor: AGENTS_ACTOR,
    message: `investigation failed at ${failure.failedStep}: ${failure.error}`.slice(0, ERROR_TEXT_MAX_CHARS),
    data: { runId: failure.runId, failedStep: failure.failedStep, error: failure.error, cause: failure.cause.slice(0, ERROR_TEXT_MAX_CHARS) },
  }], now, false);
}
