/**
 * The Slack approval request (Block Kit) and the message that replaces it once decided.
 *
 * The buttons carry an opaque approval id, never the task token: a Step Functions task token may be up to 2,048
 * characters and a button value at most 2,000, and whoever holds a token can complete the task. The token is kept in
 * the ApprovalStore under the id (see `approvalIdFor`).
 */
import { createHash } from 'crypto';
import { ApprovalOutcomeValue } from '../../contract/decisions';
import type { HumanActor } from '../comms/actors';
import type { NotificationMessage } from '../comms/ports';
import {
  escapeAndTruncate, escapeOneLine, mentionUser, mrkdwn, oneLine, plainText, SlackLimits, truncateText, type SlackBlock,
} from '../comms/slack-text';
import type { Incident } from '../model';
import type { ApprovalOutcome } from './ports';
import type { Finding } from '../reasoning/finding';
import type { RiskDecision } from '../risk/evaluate';

/** `action_id`s of the two buttons, and the actions block's `block_id`. API: the callback matches on them. */
export const ApprovalActionId = {
  APPROVE: 'cdk-aiops.approve',
  DENY: 'cdk-aiops.deny',
} as const;
export const APPROVAL_BLOCK_ID = 'cdk-aiops.approval';

/** An approval id: URL-safe, 8 to 128 characters. */
export const APPROVAL_ID_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * The approval id of a task token: base64url SHA-256 of it (43 characters). Deterministic, so a retried request step
 * finds the request it stored before instead of posting a second one; one-way, so the id reveals nothing of the token.
 */
export function approvalIdFor(taskToken: string): string {
  return createHash('sha256').update(`cdk-aiops/approval/${taskToken}`, 'utf8').digest('base64url');
}

export interface ApprovalMessageOptions {
  /** Opaque id carried by the buttons (APPROVAL_ID_PATTERN). */
  readonly approvalId: string;
  /** When the request expires (ISO-8601). */
  readonly expiresAt: string;
}

function parameterLines(parameters: Record<string, string | number | boolean>): string {
  const entries = Object.entries(parameters);
  if (entries.length === 0) return '_no parameters_';
  return entries.map(([k, v]) => `• ${escapeOneLine(k, 128)}: ${escapeOneLine(String(v), 500)}`).join('\n');
}

/**
 * The approval request: header, the incident's priority and services, the probable cause, the proposed runbook and
 * its parameters, the confidence, the reasons the policies want a human, and Approve (primary, with a confirmation)
 * / Deny (danger) buttons. All incident text is escaped and cut to Slack's limits.
 */
export function buildApprovalMessage(
  incident: Incident,
  finding: Pick<Finding, 'cause' | 'confidence' | 'runbook' | 'reasoner' | 'evidence'>,
  decision: Pick<RiskDecision, 'outcome' | 'reasons' | 'policies'>,
  options: ApprovalMessageOptions,
): NotificationMessage {
  if (!APPROVAL_ID_PATTERN.test(options.approvalId) || options.approvalId.length > SlackLimits.BUTTON_VALUE) {
    throw new Error('buildApprovalMessage: approvalId must be 8-128 URL-safe characters (never a task token)');
  }
  const runbook = finding.runbook;
  const runbookName = runbook ? runbook.id : 'none proposed';
  const services = incident.services.length ? incident.services.join(', ') : 'unknown';
  const confidence = `${Math.round(finding.confidence * 100)}%`;
  const reasons = decision.reasons.length ? decision.reasons : ['the policies did not allow running it automatically'];
  const field = (label: string, value: string) => mrkdwn(`*${label}*\n${value}`, SlackLimits.SECTION_FIELD_TEXT);
  const e = escapeAndTruncate;

  const blocks: SlackBlock[] = [
    { type: 'header', text: plainText(`Approval needed: ${incident.title}`, SlackLimits.HEADER_TEXT) },
    {
      type: 'section',
      fields: [
        field('Priority', `${incident.priority} (${incident.severity})`),
        field('Services', e(oneLine(services), 1900)),
        field('Proposed runbook', `\`${e(runbookName, 128)}\``),
        field('Confidence', `${confidence} (${e(finding.reasoner, 64)})`),
        field('Incident', e(incident.id, 200)),
        field('Expires', e(options.expiresAt, 64)),
      ],
    },
    { type: 'section', text: mrkdwn(`*Probable cause*\n${e(finding.cause, SlackLimits.SECTION_TEXT - 20)}`) },
    { type: 'section', text: mrkdwn(`*Runbook parameters*\n${runbook ? truncateSafe(parameterLines(runbook.parameters)) : '_no runbook_'}`) },
    {
      type: 'section',
      text: mrkdwn(`*Why a human must decide*\n${truncateSafe(reasons.map((r) => `• ${e(oneLine(r), 500)}`).join('\n'))}`),
    },
    {
      type: 'context',
      elements: [mrkdwn(`Policies: ${e(decision.policies.join(', ') || 'none', 1000)} · Without a decision by the expiry the incident is escalated, never approved.`, SlackLimits.SECTION_FIELD_TEXT)],
    },
    {
      type: 'actions',
      block_id: APPROVAL_BLOCK_ID,
      elements: [
        {
          type: 'button',
          action_id: ApprovalActionId.APPROVE,
          text: { type: 'plain_text', text: 'Approve', emoji: true },
          style: 'primary',
          value: options.approvalId,
          confirm: {
            title: { type: 'plain_text', text: 'Run this runbook?' },
            text: mrkdwn(`Run \`${e(runbookName, 128)}\` for ${e(oneLine(incident.title), 120)}?`, SlackLimits.CONFIRM_TEXT),
            confirm: { type: 'plain_text', text: 'Approve' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
        {
          type: 'button',
          action_id: ApprovalActionId.DENY,
          text: { type: 'plain_text', text: 'Deny', emoji: true },
          style: 'danger',
          value: options.approvalId,
        },
      ],
    },
  ];

  const text = [
    `Approval needed for runbook ${runbookName} on incident ${incident.id}: ${oneLine(incident.title)}`,
    `Priority ${incident.priority}. Services: ${services}. Confidence ${confidence}.`,
    `Probable cause: ${finding.cause}`,
    `Why a human must decide: ${reasons.join('; ')}`,
    `Expires ${options.expiresAt}; without a decision the incident is escalated.`,
  ].join('\n');
  return { subject: `[${incident.priority}] Approval needed: ${oneLine(incident.title)}`, text, blocks };
}

/** Cut escaped lines to fit a section under its title. */
function truncateSafe(safe: string): string {
  return truncateText(safe, SlackLimits.SECTION_TEXT - 40);
}

const OUTCOME_TEXT: Record<ApprovalOutcome, { emoji: string; verb: string }> = {
  approved: { emoji: ':white_check_mark:', verb: 'Approved' },
  denied: { emoji: ':no_entry:', verb: 'Denied' },
  expired: { emoji: ':hourglass:', verb: 'Expired (escalated)' },
};

/** The message that replaces a request once decided: no buttons left, who decided and when. */
export function buildDecidedMessage(input: {
  readonly incidentTitle?: string;
  readonly incidentId: string;
  readonly runbookId?: string;
  readonly outcome: ApprovalOutcome;
  readonly by: HumanActor;
  readonly at: string;
}): NotificationMessage {
  const { emoji, verb } = OUTCOME_TEXT[input.outcome];
  const what = input.runbookId ? `runbook \`${escapeOneLine(input.runbookId, 128)}\`` : 'the request';
  const title = input.incidentTitle ? ` — ${escapeOneLine(input.incidentTitle, 200)}` : '';
  const who = input.outcome === ApprovalOutcomeValue.EXPIRED
    ? `clicked by ${mentionUser(input.by.id)} after it expired`
    : `by ${mentionUser(input.by.id)} (${escapeOneLine(input.by.name, 100)})`;
  const safe = `${emoji} *${verb}*: ${what} ${who} at ${escapeOneLine(input.at, 40)}\nIncident ${escapeOneLine(input.incidentId, 200)}${title}`;
  const plain = `${verb}: ${input.runbookId ? `runbook ${input.runbookId}` : 'the request'} ${input.outcome === ApprovalOutcomeValue.EXPIRED ? 'expired' : `by ${oneLine(input.by.name)} (${input.by.id})`} at ${input.at}. Incident ${input.incidentId}.`;
  return {
    subject: `Approval ${input.outcome}: ${input.incidentId}`,
    text: plain,
    blocks: [{ type: 'section', text: mrkdwn(safe) }],
  };
}
