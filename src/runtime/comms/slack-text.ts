/**
 * Slack text: escaping for Slack's control characters and truncation to Block Kit limits.
 *
 * Slack parses `&`, `<` and `>` as control characters in every text object (`<!channel>`, `<@U123>`,
 * `<https://x|label>`), so any text that did not come from this library (incident titles, causes, runbook
 * parameters, user names) goes through `escapeSlackText` before it is put in a message. Slack decodes the three
 * entities for display, so escaped text reads the same.
 *
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 * @see https://api.slack.com/reference/block-kit/blocks
 */

/** Block Kit limits, in characters. */
export const SlackLimits = {
  /** `header` block text (plain_text). */
  HEADER_TEXT: 150,
  /** `section` block text. */
  SECTION_TEXT: 3000,
  /** One of a section's `fields`. */
  SECTION_FIELD_TEXT: 2000,
  /** Most fields in a section. */
  SECTION_FIELDS: 10,
  /** A `context` block's elements. */
  CONTEXT_ELEMENTS: 10,
  /** A button's label (plain_text). */
  BUTTON_TEXT: 75,
  /** A button's `value`, handed back in the interaction payload. */
  BUTTON_VALUE: 2000,
  /** `action_id` and `block_id`. */
  ACTION_ID: 255,
  /** Confirmation dialog title / text. */
  CONFIRM_TITLE: 100,
  CONFIRM_TEXT: 300,
  /** Blocks in one message. */
  MESSAGE_BLOCKS: 50,
  /** Top-level `text` Slack recommends staying under (it truncates at 40,000). */
  MESSAGE_TEXT: 4000,
} as const;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Replace `&`, `<` and `>` by their entities, so the text cannot mention, link or format through Slack's `<...>` syntax. */
export function escapeSlackText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c]);
}

const ELLIPSIS = '…';

/**
 * Escape `text` and cut it to at most `max` characters (UTF-16 code units, the stricter count), ending with `…` when
 * cut. It never splits an entity or a surrogate pair, so the result is still valid, escaped text.
 */
export function escapeAndTruncate(text: string, max: number): string {
  const escaped = escapeSlackText(text);
  if (escaped.length <= max) return escaped;
  return truncateUnits(Array.from(text, (ch) => ENTITIES[ch] ?? ch), max);
}

/**
 * Cut text that is already safe (escaped, or written by this library) to `max` code units, ending with `…` when cut.
 * A cut never leaves half an entity (`&am`) or half a `<...>` mention behind.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = truncateUnits(Array.from(text), max);
  return cut.slice(0, -ELLIPSIS.length).replace(/&[a-z]{0,3}$/, '').replace(/<[^<>]*$/, '') + ELLIPSIS;
}

function truncateUnits(units: readonly string[], max: number): string {
  const budget = Math.max(0, max - ELLIPSIS.length);
  let out = '';
  for (const unit of units) {
    if (out.length + unit.length > budget) break;
    out += unit;
  }
  return out + ELLIPSIS;
}

/** Escape and cut, collapsing line breaks and runs of white space: for one-line contexts (headers, fields, subjects). */
export function escapeOneLine(text: string, max: number): string {
  return escapeAndTruncate(oneLine(text), max);
}

/** Collapse line breaks and runs of white space into single spaces, and trim. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A Slack user mention (`<@U123>`) for a well-formed user id; otherwise the escaped text itself. */
export function mentionUser(userId: string): string {
  return /^[UW][A-Z0-9]{2,30}$/.test(userId) ? `<@${userId}>` : escapeSlackText(userId);
}

// ---------------------------------------------------------------- Block Kit types (the subset this library writes)

export interface SlackPlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

export interface SlackMrkdwnText {
  readonly type: 'mrkdwn';
  readonly text: string;
  /** true: Slack does not auto-link URLs, channel names or bare mentions such as `@here` in it. */
  readonly verbatim?: boolean;
}

export type SlackTextObject = SlackPlainText | SlackMrkdwnText;

export interface SlackConfirmDialog {
  readonly title: SlackPlainText;
  readonly text: SlackTextObject;
  readonly confirm: SlackPlainText;
  readonly deny: SlackPlainText;
  readonly style?: 'primary' | 'danger';
}

export interface SlackButton {
  readonly type: 'button';
  readonly action_id: string;
  readonly text: SlackPlainText;
  readonly value?: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: SlackConfirmDialog;
}

export type SlackBlock =
  | { readonly type: 'header'; readonly block_id?: string; readonly text: SlackPlainText }
  | { readonly type: 'section'; readonly block_id?: string; readonly text?: SlackTextObject; readonly fields?: readonly SlackTextObject[] }
  | { readonly type: 'context'; readonly block_id?: string; readonly elements: readonly SlackTextObject[] }
  | { readonly type: 'actions'; readonly block_id?: string; readonly elements: readonly SlackButton[] }
  | { readonly type: 'divider'; readonly block_id?: string };

/** A plain_text object from untrusted text: escaped, one line, cut to `max`. */
export function plainText(text: string, max: number): SlackPlainText {
  return { type: 'plain_text', text: escapeOneLine(text, max), emoji: true };
}

/** A mrkdwn object from text that is already escaped (built by this library), cut to `max`, verbatim. */
export function mrkdwn(safeText: string, max: number = SlackLimits.SECTION_TEXT): SlackMrkdwnText {
  return { type: 'mrkdwn', text: truncateText(safeText, max), verbatim: true };
}
