/**
 * Incident KPIs, computed from an incident's timeline (and, for detection, its signals). Pure: no clock, no I/O.
 *
 * Which timeline entries mark what (all times relative to `incident.openedAt`):
 *
 * | KPI | marked by |
 * |---|---|
 * | TimeToDetect | `openedAt` − the earliest *firing* signal of the incident (from `signals` when given, else the `opened` and `signal` entries). It is the delay triage adds (thresholds, grouping), not the time the fault began: a signal's time is when AWS observed it. |
 * | TimeToAcknowledge | the first `decision` (an agent recorded a decision: the incident is acknowledged), `acknowledged` (a human) or `approval` entry (a human approved or denied) |
 * | TimeToMitigate | the first `verification-passed` (a runbook's recovery verified) or `mitigated` (a human) entry |
 * | TimeToResolve | `resolvedAt` of a resolved incident, else the last `resolved` entry |
 * | AutomationOutcome | the last `remediation-finished` entry (`data.outcome`), with an approved `approval` entry telling Approved from AutoResolved; else `Denied` when the decision was DENY or a human denied (`approval`, `data.outcome` denied) or did not answer in time (`approval` expired, or `approval-timed-out`). Only on incidents whose finding proposed a runbook. |
 * | Pages | `approval-requested` and `escalated-to-human` entries: each asks a human to act. Notifications of a new incident are not pages here. |
 * | ReasoningTokens | the sum of `tokens` entries' `data.tokens` (the agents' record), else of the `finding` entries' `data.usage` |
 * | EstimatedCostUsd | the tokens at the given prices (input and output apart when the usage split is known) |
 *
 * A KPI whose marker is missing (not yet acknowledged, never mitigated...) is absent, never zero.
 */
import { ApprovalOutcomeValue, AutomationOutcomeValue, Decision, RemediationOutcomeValue } from '../../contract/decisions';
import { TimelineType } from '../../contract/timeline';
import type { Incident, Signal, TimelineEntry } from '../model';

/** Timeline entry types the KPIs read. The remediation and agent types are the same strings their writers use. */
export const KpiTimelineType = {
  OPENED: TimelineType.OPENED,
  SIGNAL: TimelineType.SIGNAL,
  DECISION: TimelineType.DECISION,
  ACKNOWLEDGED: TimelineType.ACKNOWLEDGED,
  APPROVAL_REQUESTED: TimelineType.APPROVAL_REQUESTED,
  /** A human's answer to an approval request (the approval flow's entry): `data.outcome` approved, denied or expired. */
  APPROVAL: TimelineType.APPROVAL,
  /** Nobody answered before the request timed out. */
  APPROVAL_TIMED_OUT: TimelineType.APPROVAL_TIMED_OUT,
  VERIFICATION_PASSED: TimelineType.VERIFICATION_PASSED,
  MITIGATED: TimelineType.MITIGATED,
  RESOLVED: TimelineType.RESOLVED,
  ESCALATED: TimelineType.ESCALATED,
  REMEDIATION_FINISHED: TimelineType.REMEDIATION_FINISHED,
  FINDING: TimelineType.FINDING,
  TOKENS: TimelineType.TOKENS,
} as const;

const ACK_TYPES: ReadonlySet<string> = new Set([KpiTimelineType.DECISION, KpiTimelineType.ACKNOWLEDGED]);
const MITIGATE_TYPES: ReadonlySet<string> = new Set([KpiTimelineType.VERIFICATION_PASSED, KpiTimelineType.MITIGATED]);
const PAGE_TYPES: ReadonlySet<string> = new Set([KpiTimelineType.APPROVAL_REQUESTED, KpiTimelineType.ESCALATED]);

export type AutomationOutcome = (typeof AutomationOutcomeValue)[keyof typeof AutomationOutcomeValue];

/** Model prices, US dollars per million tokens. */
export interface TokenPricing {
  readonly inputUsdPerMillionTokens: number;
  readonly outputUsdPerMillionTokens: number;
}

export interface KpiOptions {
  /** The incident's signals; detection is measured from the earliest firing one. @default - the timeline's signal entries */
  readonly signals?: readonly Signal[];
  /** Without prices there is no cost estimate. */
  readonly pricing?: TokenPricing;
}

export interface IncidentKpis {
  readonly incidentId: string;
  readonly timeToDetectSeconds?: number;
  readonly timeToAcknowledgeSeconds?: number;
  readonly timeToMitigateSeconds?: number;
  readonly timeToResolveSeconds?: number;
  readonly automationOutcome?: AutomationOutcome;
  readonly pages: number;
  readonly reasoningTokens: number;
  readonly estimatedCostUsd?: number;
}

function ms(iso: string): number {
  return Date.parse(iso);
}

function seconds(from: number, to: number | undefined): number | undefined {
  if (to === undefined || !Number.isFinite(to) || !Number.isFinite(from)) return undefined;
  return Math.max(0, Math.round((to - from) / 1000));
}

/** How an approval request ended, from an `approval` or `approval-timed-out` entry; undefined for other entries. */
export function approvalAnswerOf(e: TimelineEntry): 'approved' | 'denied' | 'timed-out' | undefined {
  if (e.type === KpiTimelineType.APPROVAL_TIMED_OUT) return 'timed-out';
  if (e.type !== KpiTimelineType.APPROVAL) return undefined;
  switch (e.data?.outcome) {
    case ApprovalOutcomeValue.APPROVED: return 'approved';
    case ApprovalOutcomeValue.DENIED: return 'denied';
    case ApprovalOutcomeValue.EXPIRED: return 'timed-out';
    default: return undefined;
  }
}

function acknowledges(e: TimelineEntry): boolean {
  const answer = approvalAnswerOf(e);
  return ACK_TYPES.has(e.type) || answer === 'approved' || answer === 'denied';
}

function firstAt(timeline: readonly TimelineEntry[], matches: (e: TimelineEntry) => boolean, notBefore: number): number | undefined {
  let best: number | undefined;
  for (const e of timeline) {
    if (!matches(e)) continue;
    const t = ms(e.at);
    if (t >= notBefore && (best === undefined || t < best)) best = t;
  }
  return best;
}

function lastOfType(timeline: readonly TimelineEntry[], type: string): TimelineEntry | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) if (timeline[i].type === type) return timeline[i];
  return undefined;
}

/** The earliest firing signal of the incident: from its signals, else from its `opened` and `signal` entries. */
export function firstSignalAt(incident: Incident, signals?: readonly Signal[]): number | undefined {
  if (signals && signals.length > 0) {
    const ids = new Set(incident.signalIds);
    const mine = signals.filter((s) => s.state === 'firing' && (ids.size === 0 || ids.has(s.id)));
    const times = mine.map((s) => ms(s.time)).filter(Number.isFinite);
    if (times.length > 0) return Math.min(...times);
  }
  const times = incident.timeline
    .filter((e) => e.type === KpiTimelineType.OPENED || (e.type === KpiTimelineType.SIGNAL && !e.message.startsWith('Resolved:')))
    .map((e) => ms(e.at))
    .filter(Number.isFinite);
  return times.length > 0 ? Math.min(...times) : undefined;
}

/** The automation outcome of an incident, per the table above; undefined when no runbook was proposed or it is not over. */
export function automationOutcomeOf(timeline: readonly TimelineEntry[]): AutomationOutcome | undefined {
  const finished = lastOfType(timeline, KpiTimelineType.REMEDIATION_FINISHED);
  if (finished) {
    switch (finished.data?.outcome) {
      case RemediationOutcomeValue.RESOLVED: {
        const approved = timeline.some((e) => approvalAnswerOf(e) === 'approved');
        return approved ? AutomationOutcomeValue.APPROVED : AutomationOutcomeValue.AUTO_RESOLVED;
      }
      case RemediationOutcomeValue.ROLLED_BACK:
        return AutomationOutcomeValue.ROLLED_BACK;
      case RemediationOutcomeValue.FAILED:
      case RemediationOutcomeValue.ROLLBACK_FAILED:
        return AutomationOutcomeValue.FAILED;
      default:
        return undefined;
    }
  }
  const proposed = timeline.some((e) => e.type === KpiTimelineType.FINDING && e.data?.runbook !== undefined);
  if (!proposed) return undefined;
  const decision = lastOfType(timeline, KpiTimelineType.DECISION);
  const humanSaidNo = timeline.some((e) => {
    const answer = approvalAnswerOf(e);
    return answer === 'denied' || answer === 'timed-out';
  });
  if (decision?.data?.outcome === Decision.DENY || humanSaidNo) return AutomationOutcomeValue.DENIED;
  return undefined;
}

interface TokenCount {
  readonly total: number;
  readonly input: number;
  readonly output: number;
  /** Whether the input/output split is known for every token counted. */
  readonly split: boolean;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function usageOf(data: Record<string, unknown> | undefined): { input: number; output: number } | undefined {
  const usage = data?.usage as { inputTokens?: unknown; outputTokens?: unknown } | undefined;
  if (!usage || typeof usage !== 'object') return undefined;
  return { input: num(usage.inputTokens), output: num(usage.outputTokens) };
}

function countTokens(timeline: readonly TimelineEntry[]): TokenCount {
  const tokenEntries = timeline.filter((e) => e.type === KpiTimelineType.TOKENS);
  if (tokenEntries.length > 0) {
    let total = 0;
    let input = 0;
    let output = 0;
    let split = true;
    for (const e of tokenEntries) {
      const tokens = num(e.data?.tokens);
      total += tokens;
      const usage = usageOf(e.data);
      if (usage && usage.input + usage.output === tokens) {
        input += usage.input;
        output += usage.output;
      } else {
        split = false;
      }
    }
    return { total, input, output, split };
  }
  let input = 0;
  let output = 0;
  for (const e of timeline) {
    if (e.type !== KpiTimelineType.FINDING) continue;
    const usage = usageOf(e.data);
    if (usage) {
      input += usage.input;
      output += usage.output;
    }
  }
  return { total: input + output, input, output, split: true };
}

function cost(tokens: TokenCount, pricing: TokenPricing | undefined): number | undefined {
  if (!pricing) return undefined;
  const usd = tokens.split
    ? (tokens.input * pricing.inputUsdPerMillionTokens + tokens.output * pricing.outputUsdPerMillionTokens) / 1e6
    // Without the split, price everything as output: an upper bound, never an underestimate.
    : (tokens.total * pricing.outputUsdPerMillionTokens) / 1e6;
  return Math.round(usd * 1e6) / 1e6;
}

/** The KPIs of one incident. */
export function computeIncidentKpis(incident: Incident, options: KpiOptions = {}): IncidentKpis {
  const opened = ms(incident.openedAt);
  const { timeline } = incident;
  const firstSignal = firstSignalAt(incident, options.signals);
  const resolvedEntry = lastOfType(timeline, KpiTimelineType.RESOLVED);
  const resolvedAt = incident.resolvedAt !== undefined ? ms(incident.resolvedAt) : resolvedEntry ? ms(resolvedEntry.at) : undefined;
  const tokens = countTokens(timeline);
  const automationOutcome = automationOutcomeOf(timeline);
  const estimatedCostUsd = cost(tokens, options.pricing);
  const kpis: IncidentKpis = {
    incidentId: incident.id,
    timeToDetectSeconds: firstSignal !== undefined ? seconds(firstSignal, opened) : undefined,
    timeToAcknowledgeSeconds: seconds(opened, firstAt(timeline, acknowledges, opened)),
    timeToMitigateSeconds: seconds(opened, firstAt(timeline, (e) => MITIGATE_TYPES.has(e.type), opened)),
    timeToResolveSeconds: seconds(opened, resolvedAt),
    automationOutcome,
    pages: timeline.filter((e) => PAGE_TYPES.has(e.type)).length,
    reasoningTokens: tokens.total,
    estimatedCostUsd,
  };
  return Object.fromEntries(Object.entries(kpis).filter(([, v]) => v !== undefined)) as unknown as IncidentKpis;
}

/** The median of some numbers (the mean of the middle two for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
