/**
 * What the communications agent says about an incident: one message per step of its life, and a final summary.
 * Pure: text in, NotificationMessage out. Everything that came from outside (titles, causes, reasons, names) is
 * escaped for Slack in `blocks` and left plain in `subject` and `text` (the adapters escape `text` for Slack).
 */
import { Decision } from '../../contract/decisions';
import type { Incident, TimelineEntry } from '../model';
import { actorKind, actorLabel, type HumanActor } from './actors';
import type { NotificationMessage } from './ports';
import {
  escapeAndTruncate, escapeOneLine, mentionUser, mrkdwn, oneLine, plainText, SlackLimits, type SlackBlock,
} from './slack-text';
import type { Finding } from '../reasoning/finding';
import type { RiskDecision } from '../risk/evaluate';

/** A step of an incident's life that the communications agent reports. */
export type IncidentStep =
  | { readonly kind: 'opened' }
  | { readonly kind: 'telemetry'; readonly summary: string }
  | { readonly kind: 'finding'; readonly finding: Pick<Finding, 'cause' | 'confidence' | 'runbook' | 'reasoner'> }
  | { readonly kind: 'decision'; readonly decision: Pick<RiskDecision, 'outcome' | 'reasons'>; readonly runbookId?: string }
  | { readonly kind: 'awaiting-approval'; readonly runbookId: string; readonly expiresAt: string }
  | { readonly kind: 'approved'; readonly by: HumanActor; readonly runbookId?: string }
  | { readonly kind: 'denied'; readonly by: HumanActor; readonly runbookId?: string }
  | { readonly kind: 'runbook-started'; readonly runbookId: string; readonly executionId?: string }
  | { readonly kind: 'verified'; readonly detail?: string }
  | { readonly kind: 'rolled-back'; readonly reason: string }
  | { readonly kind: 'escalated'; readonly reason: string }
  | { readonly kind: 'resolved' };

export type IncidentStepKind = IncidentStep['kind'];

/** Every step kind, in the order they usually happen. */
export const INCIDENT_STEP_KINDS: readonly IncidentStepKind[] = [
  'opened', 'telemetry', 'finding', 'decision', 'awaiting-approval', 'approved', 'denied',
  'runbook-started', 'verified', 'rolled-back', 'escalated', 'resolved',
];

const STEP_LABEL: Record<IncidentStepKind, string> = {
  'opened': 'opened',
  'telemetry': 'telemetry collected',
  'finding': 'probable cause',
  'decision': 'risk decision',
  'awaiting-approval': 'awaiting approval',
  'approved': 'approved',
  'denied': 'denied',
  'runbook-started': 'runbook started',
  'verified': 'mitigation verified',
  'rolled-back': 'rolled back',
  'escalated': 'escalated',
  'resolved': 'resolved',
};

const STEP_EMOJI: Record<IncidentStepKind, string> = {
  'opened': ':rotating_light:',
  'telemetry': ':mag:',
  'finding': ':bulb:',
  'decision': ':scales:',
  'awaiting-approval': ':hourglass_flowing_sand:',
  'approved': ':white_check_mark:',
  'denied': ':no_entry:',
  'runbook-started': ':gear:',
  'verified': ':heavy_check_mark:',
  'rolled-back': ':leftwards_arrow_with_hook:',
  'escalated': ':sos:',
  'resolved': ':large_green_circle:',
};

/** Longest plain `text` body this module writes (SNS email bodies may be far longer; Slack's fallback may not). */
const PLAIN_TEXT_MAX = SlackLimits.MESSAGE_TEXT;

/** `[P1] title` for subjects. */
function tag(incident: Pick<Incident, 'priority' | 'title'>): string {
  return `[${incident.priority}] ${oneLine(incident.title)}`;
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

function humanName(user: HumanActor): string {
  return `${oneLine(user.name)} (${user.id})`;
}

/** The plain sentence for a step (no Slack markup). */
function describeStep(incident: Incident, step: IncidentStep): string {
  switch (step.kind) {
    case 'opened': {
      const services = incident.services.length ? ` on ${incident.services.join(', ')}` : '';
      return `Incident opened${services}: ${incident.title} (priority ${incident.priority}, severity ${incident.severity}, ${incident.signalCount ?? incident.signalIds.length} signal(s)).`;
    }
    case 'telemetry':
      return `Telemetry: ${step.summary}`;
    case 'finding': {
      const runbook = step.finding.runbook ? ` Proposed runbook: ${step.finding.runbook.id}.` : ' No runbook proposed: a human decides.';
      return `Probable cause (${percent(step.finding.confidence)} confidence, ${step.finding.reasoner}): ${step.finding.cause}.${runbook}`;
    }
    case 'decision': {
      const what = step.runbookId ? ` for runbook ${step.runbookId}` : '';
      const next = step.decision.outcome === Decision.AUTO ? 'the agents run it now' : step.decision.outcome === Decision.APPROVE ? 'a human must approve it' : 'it will not run';
      return `Risk decision${what}: ${step.decision.outcome} (${next}). ${step.decision.reasons.join('; ')}`;
    }
    case 'awaiting-approval':
      return `Waiting for approval of runbook ${step.runbookId} until ${step.expiresAt}. Without a decision by then the incident is escalated; it is never approved by default.`;
    case 'approved':
      return `Approved by ${humanName(step.by)}${step.runbookId ? `: runbook ${step.runbookId} will run` : ''}.`;
    case 'denied':
      return `Denied by ${humanName(step.by)}${step.runbookId ? `: runbook ${step.runbookId} will not run` : ''}.`;
    case 'runbook-started':
      return `Runbook ${step.runbookId} started${step.executionId ? ` (execution ${step.executionId})` : ''}.`;
    case 'verified':
      return `Mitigation verified${step.detail ? `: ${step.detail}` : '.'}`;
    case 'rolled-back':
      return `Runbook rolled back: ${step.reason}`;
    case 'escalated':
      return `Escalated to the on-call: ${step.reason}`;
    case 'resolved':
      return `Resolved${incident.resolvedAt ? ` at ${incident.resolvedAt}` : ''}.`;
  }
}

/** Slack mrkdwn for a step: the sentence escaped, mentions for humans, bold labels. */
function stepMrkdwn(incident: Incident, step: IncidentStep): string {
  const e = (text: string, max: number = 1000) => escapeAndTruncate(text, max);
  const lead = `${STEP_EMOJI[step.kind]} *${e(oneLine(incident.title), SlackLimits.HEADER_TEXT)}* — ${STEP_LABEL[step.kind]}`;
  switch (step.kind) {
    case 'approved':
    case 'denied':
      return `${lead}\n${step.kind === 'approved' ? 'Approved' : 'Denied'} by ${mentionUser(step.by.id)} (${e(oneLine(step.by.name), 100)})`
        + (step.runbookId ? ` — runbook \`${e(step.runbookId, 128)}\`` : '');
    default:
      return `${lead}\n${e(describeStep(incident, step), SlackLimits.SECTION_TEXT - lead.length - 1)}`;
  }
}

function contextBlock(incident: Incident): SlackBlock {
  return {
    type: 'context',
    elements: [mrkdwn(`${escapeOneLine(incident.id, 200)} · ${incident.priority} · ${incident.status}`, SlackLimits.SECTION_FIELD_TEXT)],
  };
}

/** The message for one step of an incident: a subject, a plain text, and Slack blocks. */
export function formatIncidentUpdate(incident: Incident, step: IncidentStep): NotificationMessage {
  const text = describeStep(incident, step);
  return {
    subject: `${tag(incident)}: ${STEP_LABEL[step.kind]}`,
    text: `${text}\n\nIncident ${incident.id}`.slice(0, PLAIN_TEXT_MAX),
    blocks: [
      { type: 'section', text: mrkdwn(stepMrkdwn(incident, step)) },
      contextBlock(incident),
    ],
  };
}

// ---------------------------------------------------------------- final summary

/**
 * The incident's KPIs, in seconds from the first signal (or from opening, as the KPI engineer defines them).
 * Computed elsewhere and passed in; absent ones print as `n/a`.
 */
export interface IncidentKpis {
  readonly timeToDetectSeconds?: number;
  readonly timeToAcknowledgeSeconds?: number;
  readonly timeToMitigateSeconds?: number;
  readonly timeToResolveSeconds?: number;
}

export interface FinalSummaryOptions {
  readonly kpis: IncidentKpis;
  /** Most actions listed (the latest ones). @default 25 */
  readonly maxActions?: number;
}

/** Timeline entry types that are bookkeeping, not actions worth listing. */
const NOT_ACTIONS = new Set(['signal', 'suppressed', 'context', 'folded', 'tokens', 'comms-thread', 'telemetry']);

/** `1h 02m 05s`, `4m 12s`, `45s`, or `n/a`. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return 'n/a';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m ${String(r).padStart(2, '0')}s`;
  if (m > 0) return `${m}m ${String(r).padStart(2, '0')}s`;
  return `${r}s`;
}

interface SummaryAction {
  readonly at: string;
  readonly message: string;
  readonly by: string;
  readonly kind: 'human' | 'agent';
}

function actionsOf(timeline: readonly TimelineEntry[], max: number): SummaryAction[] {
  return timeline
    .filter((e) => !NOT_ACTIONS.has(e.type))
    .slice(-max)
    .map((e) => ({ at: e.at, message: oneLine(e.message), by: actorLabel(e), kind: actorKind(e) }));
}

function latestCause(timeline: readonly TimelineEntry[]): string | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) if (timeline[i].type === 'finding') return timeline[i].message;
  return undefined;
}

function time(iso: string): string {
  return iso.length >= 19 ? `${iso.slice(11, 19)}Z` : iso;
}

/**
 * The incident's final summary: what happened (title, priority, services, probable cause), what was done and by whom
 * (each timeline action with its actor, human or agent), who was involved, and the KPIs.
 */
export function formatFinalSummary(incident: Incident, options: FinalSummaryOptions): NotificationMessage {
  const { kpis } = options;
  const actions = actionsOf(incident.timeline, options.maxActions ?? 25);
  const cause = latestCause(incident.timeline);
  const humans = [...new Set(actions.filter((a) => a.kind === 'human').map((a) => a.by))];
  const agents = [...new Set(actions.filter((a) => a.kind === 'agent').map((a) => a.by))];
  const kpiLines: Array<[string, number | undefined]> = [
    ['Time to detect', kpis.timeToDetectSeconds],
    ['Time to acknowledge', kpis.timeToAcknowledgeSeconds],
    ['Time to mitigate', kpis.timeToMitigateSeconds],
    ['Time to resolve', kpis.timeToResolveSeconds],
  ];
  const services = incident.services.length ? incident.services.join(', ') : 'unknown';

  const plain = [
    `Incident ${incident.id}: ${oneLine(incident.title)}`,
    `Status: ${incident.status}. Priority ${incident.priority}, severity ${incident.severity}. Services: ${services}.`,
    `Opened ${incident.openedAt}${incident.resolvedAt ? `, resolved ${incident.resolvedAt}` : ''}.`,
    '',
    'What happened',
    `  ${cause ? `Probable cause: ${oneLine(cause)}` : 'No probable cause was recorded.'}`,
    '',
    'What was done',
    ...(actions.length ? actions.map((a) => `  ${time(a.at)}  ${a.message} (by ${a.by}, ${a.kind})`) : ['  Nothing was recorded.']),
    '',
    `People: ${humans.length ? humans.join(', ') : 'none (the agents handled it)'}. Agents: ${agents.join(', ') || 'none'}.`,
    '',
    'KPIs',
    ...kpiLines.map(([label, value]) => `  ${label}: ${formatDuration(value)}`),
  ].join('\n');

  const e = escapeAndTruncate;
  const actionLines = actions.map((a) => `• \`${time(a.at)}\` ${e(a.message, 300)} — _${e(oneLine(a.by), 100)}_ (${a.kind})`);
  const blocks: SlackBlock[] = [
    { type: 'header', text: plainText(`Incident summary: ${incident.title}`, SlackLimits.HEADER_TEXT) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Status*\n${incident.status}`, SlackLimits.SECTION_FIELD_TEXT),
        mrkdwn(`*Priority*\n${incident.priority} (${incident.severity})`, SlackLimits.SECTION_FIELD_TEXT),
        mrkdwn(`*Services*\n${e(services, 1900)}`, SlackLimits.SECTION_FIELD_TEXT),
        mrkdwn(`*People*\n${e(humans.join(', ') || 'none (the agents handled it)', 1900)}`, SlackLimits.SECTION_FIELD_TEXT),
      ],
    },
    { type: 'section', text: mrkdwn(`*What happened*\n${cause ? e(oneLine(cause), 2900) : 'No probable cause was recorded.'}`) },
    { type: 'section', text: mrkdwn(`*What was done*\n${actionLines.length ? fitLines(actionLines, SlackLimits.SECTION_TEXT - 20) : 'Nothing was recorded.'}`) },
    { type: 'section', fields: kpiLines.map(([label, value]) => mrkdwn(`*${label}*\n${formatDuration(value)}`, SlackLimits.SECTION_FIELD_TEXT)) },
    contextBlock(incident),
  ];
  return {
    subject: `${tag(incident)}: summary`,
    text: plain,
    blocks,
  };
}

/** Keep the last lines that fit in `max` characters, saying how many earlier ones were left out. */
function fitLines(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let size = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (size + lines[i].length + 1 > max - 40) {
      kept.unshift(`_…${i + 1} earlier action(s) left out_`);
      break;
    }
    kept.unshift(lines[i]);
    size += lines[i].length + 1;
  }
  return kept.join('\n');
}
