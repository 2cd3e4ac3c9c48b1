/**
 * The Slack merge and split buttons, as a handler the Slack callback hands verified clicks to (signature, timestamp
 * and replay are checked there, exactly as for approvals). Here: the clicker must be on the approvers' allow-list and
 * in the configured workspace, like an approver; then
 *
 * | click | answer (ephemeral, via response_url) | writes |
 * |---|---|---|
 * | Merge into… | up to 5 open incidents active in the last hour, overlapping services first | none |
 * | one of those | "merged", replacing the menu | target then source (conditional), then positive learning |
 * | Split… | up to 5 fingerprints of the incident | none |
 * | one of those | "split out", replacing the menu | the incident (conditional), then negative learning |
 *
 * Each write is a single-item conditional write re-read on conflict; a merge writes the target first and the source
 * last, and a retried merge finds the target already holding it (`hasMerged`), so a merge lands once and only the
 * click that resolved the source records the feedback. A second click on a done merge or split changes nothing.
 */
import * as z from 'zod';
import {
  isOpenIncident, MERGE_CANDIDATE_WINDOW_MS, mergeCandidates, mergeIncidents, splitChoices, splitFingerprint, hasMerged,
} from './incident-feedback';
import type { LearningFeedback } from './learned-correlation';
import { fingerprintsOf, splitFingerprints } from './members';
import { BlockActionsPayloadSchema } from '../approval/action';
import type { SlackActionContext, SlackActionHandler, SlackCallbackOutcome, SlackCallbackResponse, SlackResponseMessage } from '../approval/callback';
import type { HumanActor } from '../comms/actors';
import {
  FeedbackActionId, feedbackResultMessage, INCIDENT_ID_PATTERN, mergeMenuMessage, splitMenuMessage,
} from '../comms/feedback-message';
import type { NotificationMessage } from '../comms/ports';
import type { RecentThreads } from '../comms/recent-threads';
import { escapeOneLine, mentionUser } from '../comms/slack-text';
import { INCIDENT_CORRELATION_MAX, type Incident } from '../model';
import type { IncidentStore } from '../ports/incident-store';
import { SILENT_LOG, type Log } from '../ports/observability';

/** One feedback click, parsed. */
export type FeedbackClick =
  | { readonly kind: 'merge-menu' | 'split-menu'; readonly incidentId: string }
  | { readonly kind: 'merge'; readonly source: string; readonly target: string }
  | { readonly kind: 'split'; readonly incidentId: string; readonly fingerprint: string };

export interface ParsedFeedbackClick {
  readonly click: FeedbackClick;
  readonly user: HumanActor;
  readonly teamId?: string;
  readonly responseUrl?: string;
  /** The channel of the message clicked. */
  readonly channel?: string;
}

const Id = z.string().regex(INCIDENT_ID_PATTERN);
const MergeValue = z.object({ source: Id, target: Id }).refine((v) => v.source !== v.target);
const SplitValue = z.object({ incident: Id, fingerprint: z.string().min(1).max(1800) });

function isOurs(actionId: string): boolean {
  return actionId === FeedbackActionId.MERGE_MENU || actionId === FeedbackActionId.SPLIT_MENU
    || actionId.startsWith(FeedbackActionId.MERGE_INTO_PREFIX) || actionId.startsWith(FeedbackActionId.SPLIT_OUT_PREFIX);
}

function json(value: string | undefined): unknown {
  try {
    return value === undefined ? undefined : JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The feedback click of a block_actions payload; `undefined` when it holds none or its value is not valid. */
export function parseFeedbackClick(payload: unknown): ParsedFeedbackClick | undefined {
  const parsed = BlockActionsPayloadSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const action = p.actions.find((a) => isOurs(a.action_id));
  if (!action) return undefined;
  let click: FeedbackClick | undefined;
  if (action.action_id === FeedbackActionId.MERGE_MENU || action.action_id === FeedbackActionId.SPLIT_MENU) {
    const id = Id.safeParse(action.value);
    if (id.success) click = { kind: action.action_id === FeedbackActionId.MERGE_MENU ? 'merge-menu' : 'split-menu', incidentId: id.data };
  } else if (action.action_id.startsWith(FeedbackActionId.MERGE_INTO_PREFIX)) {
    const v = MergeValue.safeParse(json(action.value));
    if (v.success) click = { kind: 'merge', source: v.data.source, target: v.data.target };
  } else {
    const v = SplitValue.safeParse(json(action.value));
    if (v.success) click = { kind: 'split', incidentId: v.data.incident, fingerprint: v.data.fingerprint };
  }
  if (!click) return undefined;
  return {
    click,
    user: { id: p.user.id, name: p.user.name ?? p.user.username ?? p.user.id },
    teamId: p.user.team_id ?? p.team?.id ?? undefined,
    ...(p.response_url ? { responseUrl: p.response_url } : {}),
    ...(p.container?.channel_id ?? p.channel?.id ? { channel: p.container?.channel_id ?? p.channel?.id } : {}),
  };
}

export interface SlackFeedbackDeps {
  readonly incidents: Pick<IncidentStore, 'getIncident' | 'updateIncident'>;
  /** The channel's recent incident threads: the merge menu's choices. */
  readonly recent: RecentThreads;
  /** Where the feedback is learned. @default - incidents change, nothing is learned */
  readonly learning?: LearningFeedback;
  /** @default - silent */
  readonly log?: Log;
  /** Read-modify-write attempts under conflicts with triage. @default 5 */
  readonly attempts?: number;
}

/** Most recent incidents read for the merge menu. */
const RECENT_READS_MAX = 20;

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** The merge and split buttons' handler, for `SlackCallbackDeps.actions`. */
export class SlackFeedbackActions implements SlackActionHandler {
  private readonly attempts: number;
  private readonly log: Log;

  constructor(private readonly deps: SlackFeedbackDeps) {
    this.attempts = Math.max(1, deps.attempts ?? 5);
    this.log = deps.log ?? SILENT_LOG;
  }

  public accepts(payload: unknown): boolean {
    const actions = (payload as { actions?: unknown } | null)?.actions;
    return Array.isArray(actions) && actions.some((a) => typeof a?.action_id === 'string' && isOurs(a.action_id));
  }

  public async handle(payload: unknown, context: SlackActionContext): Promise<SlackCallbackResponse> {
    const parsed = parseFeedbackClick(payload);
    if (!parsed) return { statusCode: 400, headers: TEXT, body: 'not a valid merge or split click', outcome: 'malformed' };
    const { click, user } = parsed;
    const incidentId = click.kind === 'merge' ? click.source : click.incidentId;
    const ids = { user, incidentId };
    const reply = async (message: SlackResponseMessage) => {
      if (!parsed.responseUrl || !context.responder) return;
      try {
        await context.responder.respond(parsed.responseUrl, message);
      } catch {
        // Best effort: what was done stands whether or not Slack shows it.
      }
    };
    const refuse = async (statusCode: number, outcome: SlackCallbackOutcome, why: string): Promise<SlackCallbackResponse> => {
      await reply({ response_type: 'ephemeral', replace_original: false, text: why });
      return { statusCode, headers: TEXT, body: why, outcome, ...ids };
    };
    const answer = async (outcome: SlackCallbackOutcome, message: NotificationMessage, replace: boolean): Promise<SlackCallbackResponse> => {
      const m: SlackResponseMessage = replace
        ? { replace_original: true, text: message.text, blocks: message.blocks }
        : { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks };
      await reply(m);
      return { statusCode: 200, headers: JSON_TYPE, body: JSON.stringify(m), outcome, ...ids };
    };

    if (context.teamId && parsed.teamId !== context.teamId) return refuse(403, 'not-allowed', 'This workspace may not change incidents.');
    if (!context.allowList.includes(user.id)) {
      return refuse(403, 'not-allowed', 'Only the approvers may merge or split incidents: your click changed nothing.');
    }
    const incident = await this.deps.incidents.getIncident(incidentId);
    if (!incident) return refuse(410, 'unknown-incident', 'This incident is no longer known (it was resolved long ago).');

    switch (click.kind) {
      case 'merge-menu': {
        if (!isOpenIncident(incident)) return refuse(409, 'not-open', 'This incident is resolved already: there is nothing to merge.');
        return answer('feedback-menu', mergeMenuMessage(incident, mergeCandidates(incident, await this.recentIncidents(parsed.channel, context.now), context.now)), false);
      }
      case 'split-menu':
        return answer('feedback-menu', splitMenuMessage(incident, splitChoices(incident)), false);
      case 'merge':
        return this.merge(click.source, click.target, user, context.now, refuse, answer);
      case 'split':
        return this.split(incident, click.fingerprint, user, context.now, refuse, answer);
    }
  }

  /** The incidents whose threads started on the channel within the candidate window, read by id (at most 20). */
  private async recentIncidents(channel: string | undefined, now: Date): Promise<Incident[]> {
    if (!channel) return [];
    const from = now.getTime() - MERGE_CANDIDATE_WINDOW_MS;
    const ids = (await this.deps.recent.list(channel)).filter((t) => t.at >= from).slice(0, RECENT_READS_MAX).map((t) => t.incidentId);
    const found = await Promise.all(ids.map((id) => this.deps.incidents.getIncident(id)));
    return found.filter((i): i is Incident => i !== undefined);
  }

  private async merge(
    sourceId: string, targetId: string, by: HumanActor, now: Date,
    refuse: (code: number, outcome: SlackCallbackOutcome, why: string) => Promise<SlackCallbackResponse>,
    answer: (outcome: SlackCallbackOutcome, message: NotificationMessage, replace: boolean) => Promise<SlackCallbackResponse>,
  ): Promise<SlackCallbackResponse> {
    const done = (source: Incident, target: Incident) => answer('merged', feedbackResultMessage(
      `Merged ${source.id} into ${target.id} by ${by.name} (${by.id}).`,
      `:link: *Merged* _${escapeOneLine(source.title, 200)}_ into _${escapeOneLine(target.title, 200)}_ by ${mentionUser(by.id)}`,
    ), true);
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      const [source, target] = await Promise.all([this.deps.incidents.getIncident(sourceId), this.deps.incidents.getIncident(targetId)]);
      if (!source || !target) return refuse(410, 'unknown-incident', 'One of the incidents is no longer known.');
      if (source.mergedInto === target.id) return done(source, target);
      if (!isOpenIncident(source)) return refuse(409, 'not-open', 'This incident is resolved already: it was not merged.');
      const already = hasMerged(target, source.id);
      if (!already && !isOpenIncident(target)) return refuse(409, 'not-open', 'That incident is resolved already: nothing was merged.');
      const next = mergeIncidents(source, target, by, now);
      if (!already && !await this.deps.incidents.updateIncident(next.target, target.version)) continue;
      if (!await this.deps.incidents.updateIncident(next.source, source.version)) continue;
      // Only the click that resolved the source gets here: the feedback is learned once.
      const targetFps = fingerprintsOf(target, INCIDENT_CORRELATION_MAX).filter((f) => !splitFingerprints(source).has(f));
      await this.deps.learning?.recordMerge(fingerprintsOf(source, INCIDENT_CORRELATION_MAX), targetFps, now.getTime());
      this.log.info('incidents merged', { source: source.id, target: target.id, by: by.id });
      return done(next.source, next.target);
    }
    return refuse(503, 'callback-error', 'The incidents kept changing: please try again.');
  }

  private async split(
    first: Incident, fingerprint: string, by: HumanActor, now: Date,
    refuse: (code: number, outcome: SlackCallbackOutcome, why: string) => Promise<SlackCallbackResponse>,
    answer: (outcome: SlackCallbackOutcome, message: NotificationMessage, replace: boolean) => Promise<SlackCallbackResponse>,
  ): Promise<SlackCallbackResponse> {
    const done = (incident: Incident) => answer('split', feedbackResultMessage(
      `Split ${fingerprint} out of ${incident.id} by ${by.name} (${by.id}).`,
      `:scissors: *Split out* \`${escapeOneLine(fingerprint, 300)}\` from _${escapeOneLine(incident.title, 200)}_ by ${mentionUser(by.id)}`,
    ), true);
    let incident: Incident | undefined = first;
    for (let attempt = 0; attempt < this.attempts && incident; attempt++) {
      if (splitFingerprints(incident).has(fingerprint)) return done(incident);
      const members = fingerprintsOf(incident, Infinity);
      if (!members.includes(fingerprint)) return refuse(400, 'malformed', 'That signal is not part of this incident.');
      const next = splitFingerprint(incident, fingerprint, by, now)!;
      if (await this.deps.incidents.updateIncident(next, incident.version)) {
        await this.deps.learning?.recordSplit(fingerprint, members, now.getTime());
        this.log.info('fingerprint split out', { incidentId: incident.id, by: by.id });
        return done(next);
      }
      incident = await this.deps.incidents.getIncident(first.id);
    }
    if (!incident) return refuse(410, 'unknown-incident', 'This incident is no longer known.');
    return refuse(503, 'callback-error', 'The incident kept changing: please try again.');
  }
}
