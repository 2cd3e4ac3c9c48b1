import type { TimelineEntry } from '../model';

/** Prefix of a human actor recorded from Slack: `slack:<user id>`. */
export const SLACK_ACTOR_PREFIX = 'slack:';

/** A person who acted (approved, denied), as recorded on the timeline. */
export interface HumanActor {
  /** Slack user id (`U0123ABCD`). */
  readonly id: string;
  /** Display or user name, as Slack sent it. */
  readonly name: string;
}

/** The timeline `actor` of a Slack user: `slack:U0123ABCD`. The name goes in `data.actorName`. */
export function slackActor(user: HumanActor): string {
  return `${SLACK_ACTOR_PREFIX}${user.id}`;
}

/**
 * Whether a timeline entry was written for a human or by an agent. Human: `data.actorType === 'human'` or an actor
 * `slack:<id>`. Everything else (`triage`, `agents`, `bedrock`, `deterministic`, `comms`, no actor) is the system.
 */
export function actorKind(entry: Pick<TimelineEntry, 'actor' | 'data'>): 'human' | 'agent' {
  if (entry.data?.actorType === 'human') return 'human';
  return entry.actor?.startsWith(SLACK_ACTOR_PREFIX) ? 'human' : 'agent';
}

/** How to name an entry's actor in a summary: the human's name when recorded, otherwise the actor string. */
export function actorLabel(entry: Pick<TimelineEntry, 'actor' | 'data'>): string {
  const name = entry.data?.actorName;
  if (actorKind(entry) === 'human' && typeof name === 'string' && name) return name;
  return entry.actor ?? 'system';
}
