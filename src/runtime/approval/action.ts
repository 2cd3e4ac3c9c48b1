/**
 * Parsing a Slack interaction (a click on Approve or Deny). Slack POSTs `application/x-www-form-urlencoded` with one
 * field, `payload`, holding the JSON `block_actions` payload.
 *
 * @see https://api.slack.com/reference/interaction-payloads/block-actions
 */
import * as z from 'zod';
import { APPROVAL_ID_PATTERN, ApprovalActionId } from './message';
import type { ApprovalAction, Approver } from './ports';
import { SLACK_USER_ID_PATTERN_SOURCE } from '../../contract/decisions';

/** Largest interaction body accepted, in bytes (Slack's payload carries the whole message; ours are a few KB). */
export const INTERACTION_BODY_MAX_BYTES = 1024 * 1024;

/** A Slack user id: U… or W… (Enterprise Grid). */
export const SLACK_USER_ID_PATTERN = new RegExp(SLACK_USER_ID_PATTERN_SOURCE);

export interface ParsedApprovalAction {
  readonly approvalId: string;
  readonly action: ApprovalAction;
  readonly user: Approver;
  /** Slack workspace of the user, when sent. */
  readonly teamId?: string;
  /** Where to replace the original message (valid 30 minutes, 5 uses). */
  readonly responseUrl?: string;
  /** The message clicked, when in a channel. */
  readonly message?: { readonly channel: string; readonly ts: string };
}

export const APPROVAL_ACTION_ERROR_CODES = ['not-form', 'not-json', 'too-large', 'unsupported-type', 'no-approval-action', 'invalid'] as const;
export type ApprovalActionErrorCode = (typeof APPROVAL_ACTION_ERROR_CODES)[number];

export interface ApprovalActionError {
  readonly code: ApprovalActionErrorCode;
  readonly message: string;
}

export type ApprovalActionParse =
  | { readonly ok: true; readonly value: ParsedApprovalAction }
  | { readonly ok: false; readonly error: ApprovalActionError };

const ActionSchema = z.object({
  type: z.string(),
  action_id: z.string().max(255),
  block_id: z.string().max(255).optional(),
  value: z.string().max(2000).optional(),
  action_ts: z.string().optional(),
});

/** The parts of a `block_actions` payload this library reads; the rest is allowed and ignored. */
export const BlockActionsPayloadSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({
    id: z.string().regex(SLACK_USER_ID_PATTERN),
    username: z.string().max(256).optional(),
    name: z.string().max(256).optional(),
    team_id: z.string().optional(),
  }),
  team: z.object({ id: z.string() }).nullish(),
  response_url: z.url({ protocol: /^https?$/ }).optional(),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).loose().optional(),
  channel: z.object({ id: z.string() }).loose().optional(),
  message: z.object({ ts: z.string() }).loose().optional(),
  actions: z.array(ActionSchema).min(1).max(25),
});

const fail = (code: ApprovalActionErrorCode, message: string): ApprovalActionParse => ({ ok: false, error: { code, message } });

/** The `payload` JSON of a form-encoded interaction body. */
export function parseInteractionBody(body: string): { ok: true; payload: unknown } | { ok: false; error: ApprovalActionError } {
  if (Buffer.byteLength(body, 'utf8') > INTERACTION_BODY_MAX_BYTES) return { ok: false, error: { code: 'too-large', message: 'body too large' } };
  const payload = new URLSearchParams(body).get('payload');
  if (payload === null) return { ok: false, error: { code: 'not-form', message: 'no payload field in a form-encoded body' } };
  try {
    return { ok: true, payload: JSON.parse(payload) };
  } catch {
    return { ok: false, error: { code: 'not-json', message: 'payload is not JSON' } };
  }
}

/**
 * The approval action in a `block_actions` payload: which request (the button value), approve or deny (the
 * action_id), who clicked, and where to answer. A typed error for anything else.
 */
export function parseApprovalAction(payload: unknown): ApprovalActionParse {
  const type = (payload as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && type !== 'block_actions') return fail('unsupported-type', `interaction type ${type.slice(0, 64)} is not handled`);
  const parsed = BlockActionsPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    const at = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].slice(0, 5).join(', ');
    return fail('invalid', `not a valid block_actions payload (${at})`);
  }
  const p = parsed.data;
  const clicked = p.actions.find((a) => a.action_id === ApprovalActionId.APPROVE || a.action_id === ApprovalActionId.DENY);
  if (!clicked) return fail('no-approval-action', 'no approve or deny action in the payload');
  if (clicked.value === undefined || !APPROVAL_ID_PATTERN.test(clicked.value)) return fail('invalid', 'the action has no valid approval id');
  const channel = p.container?.channel_id ?? p.channel?.id;
  const ts = p.container?.message_ts ?? p.message?.ts;
  return {
    ok: true,
    value: {
      approvalId: clicked.value,
      action: clicked.action_id === ApprovalActionId.APPROVE ? 'approve' : 'deny',
      user: { id: p.user.id, name: p.user.name ?? p.user.username ?? p.user.id },
      teamId: p.user.team_id ?? p.team?.id ?? undefined,
      ...(p.response_url ? { responseUrl: p.response_url } : {}),
      ...(channel && ts ? { message: { channel, ts } } : {}),
    },
  };
}
