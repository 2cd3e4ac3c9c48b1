/**
 * The Slack feedback on correlation: "Merge into…" and "Split…" buttons under the incident's opening message, the
 * menus a click on them answers with (an ephemeral message, for the clicker only), and the result. The menus list
 * their choices when clicked, so they are current; every menu button carries its whole choice as JSON in its value
 * (at most SlackLimits.BUTTON_VALUE characters), never anything secret. Clicks are signed by Slack and checked like
 * approvals (see runtime/approval/callback.ts and runtime/learning/feedback.ts).
 */
import type { Incident } from '../model';
import type { NotificationMessage } from './ports';
import { escapeOneLine, mrkdwn, oneLine, plainText, SlackLimits, type SlackBlock, type SlackButton } from './slack-text';

/** `action_id`s of the feedback buttons (menu buttons are `<prefix><n>`: ids are unique within a block). API. */
export const FeedbackActionId = {
  MERGE_MENU: 'cdk-aiops.merge',
  SPLIT_MENU: 'cdk-aiops.split',
  MERGE_INTO_PREFIX: 'cdk-aiops.merge-into.',
  SPLIT_OUT_PREFIX: 'cdk-aiops.split-out.',
} as const;
export const FEEDBACK_BLOCK_ID = 'cdk-aiops.feedback';

/** An incident id as the buttons carry it. */
export const INCIDENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

/** The value of a merge-into button: merge `source` into `target`. */
export interface MergeChoice { readonly source: string; readonly target: string }
/** The value of a split-out button: split `fingerprint` out of `incident`. */
export interface SplitOutChoice { readonly incident: string; readonly fingerprint: string }

/** The actions block added under an incident's opening message. */
export function feedbackActionsBlock(incident: Pick<Incident, 'id'>): SlackBlock {
  if (!INCIDENT_ID_PATTERN.test(incident.id)) throw new Error('feedbackActionsBlock: the incident id cannot be carried by a button');
  const button = (action_id: string, text: string): SlackButton => ({ type: 'button', action_id, text: plainText(text, SlackLimits.BUTTON_TEXT), value: incident.id });
  return {
    type: 'actions',
    block_id: FEEDBACK_BLOCK_ID,
    elements: [button(FeedbackActionId.MERGE_MENU, 'Merge into…'), button(FeedbackActionId.SPLIT_MENU, 'Split…')],
  };
}

function label(text: string): string {
  return oneLine(text).slice(0, SlackLimits.BUTTON_TEXT - 1);
}

function menu(title: string, plain: string, buttons: SlackButton[], empty: string): NotificationMessage {
  const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(title) }];
  if (buttons.length) blocks.push({ type: 'actions', block_id: `${FEEDBACK_BLOCK_ID}.menu`, elements: buttons });
  else blocks.push({ type: 'context', elements: [mrkdwn(empty, SlackLimits.SECTION_FIELD_TEXT)] });
  return { subject: plain, text: buttons.length ? plain : `${plain} ${empty}`, blocks };
}

/** The merge menu: one button per open incident the source may join. */
export function mergeMenuMessage(source: Pick<Incident, 'id' | 'title'>, candidates: ReadonlyArray<Pick<Incident, 'id' | 'title' | 'priority' | 'services'>>): NotificationMessage {
  const buttons = candidates
    .map((c, n): SlackButton => ({
      type: 'button',
      action_id: `${FeedbackActionId.MERGE_INTO_PREFIX}${n}`,
      text: plainText(label(`[${c.priority}] ${c.services[0] ?? c.id}: ${c.title}`), SlackLimits.BUTTON_TEXT),
      value: JSON.stringify({ source: source.id, target: c.id } satisfies MergeChoice),
    }))
    .filter((b) => (b.value ?? '').length <= SlackLimits.BUTTON_VALUE);
  return menu(
    `*Merge* _${escapeOneLine(source.title, 200)}_ *into which incident?* Its signals move there and it resolves; learning remembers the pair.`,
    `Merge ${source.id} into which incident?`,
    buttons,
    'No other incident was active in the last hour.',
  );
}

/** The split menu: one button per fingerprint of the incident. */
export function splitMenuMessage(
  incident: Pick<Incident, 'id' | 'title'>, choices: ReadonlyArray<{ readonly fingerprint: string; readonly service?: string; readonly title?: string }>,
): NotificationMessage {
  const buttons = choices
    .map((c, n): SlackButton => ({
      type: 'button',
      action_id: `${FeedbackActionId.SPLIT_OUT_PREFIX}${n}`,
      text: plainText(label(`${c.service ?? 'signal'}: ${c.title ?? c.fingerprint}`), SlackLimits.BUTTON_TEXT),
      value: JSON.stringify({ incident: incident.id, fingerprint: c.fingerprint } satisfies SplitOutChoice),
    }))
    .filter((b) => (b.value ?? '').length <= SlackLimits.BUTTON_VALUE);
  return menu(
    `*Split which signal out of* _${escapeOneLine(incident.title, 200)}_*?* It stops holding this incident open, and learning never joins the two again.`,
    `Split which signal out of ${incident.id}?`,
    buttons,
    'This incident holds a single signal: there is nothing to split.',
  );
}

/** The result that replaces a menu: what was done, by whom. `safe` is already escaped. */
export function feedbackResultMessage(plain: string, safe: string): NotificationMessage {
  return { subject: plain, text: plain, blocks: [{ type: 'section', text: mrkdwn(safe) }] };
}
