/**
 * The incidents a Slack channel recently started threads for: the merge menu's choices. The notify step adds an
 * incident when it starts its thread; the Slack callback reads the list when someone clicks "Merge into…" and then
 * reads each incident by id. One small item per channel, so neither function needs to query or scan the table.
 */

/** One incident whose thread started on the channel. */
export interface RecentThread {
  readonly incidentId: string;
  /** When its thread started, epoch milliseconds. */
  readonly at: number;
}

/** Most incidents remembered per channel (the newest). */
export const RECENT_THREADS_MAX = 50;

/** How long the list is kept after its last change (DynamoDB TTL), seconds: a day. */
export const RECENT_THREADS_TTL_SECONDS = 86_400;

/** The channel's recent incident threads. Implementations: DynamoDbRecentThreads, InMemoryRecentThreads. */
export interface RecentThreads {
  /** Remember that `incidentId`'s thread started on `channel` at `at` (idempotent per incident). */
  add(channel: string, incidentId: string, at: number): Promise<void>;
  /** The channel's recent incident threads, newest first. */
  list(channel: string): Promise<readonly RecentThread[]>;
}

/** The list with `incidentId` added (or `undefined` when it is there already), newest first, bounded. */
export function withRecentThread(list: readonly RecentThread[], incidentId: string, at: number): RecentThread[] | undefined {
  if (list.some((t) => t.incidentId === incidentId)) return undefined;
  return [{ incidentId, at }, ...list].sort((a, b) => b.at - a.at).slice(0, RECENT_THREADS_MAX);
}
