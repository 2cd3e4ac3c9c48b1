import { withRecentThread, type RecentThread, type RecentThreads } from '../comms/recent-threads';

/** RecentThreads in process memory, for tests and the CLI. */
export class InMemoryRecentThreads implements RecentThreads {
  private readonly lists = new Map<string, readonly RecentThread[]>();

  public async add(channel: string, incidentId: string, at: number): Promise<void> {
    const next = withRecentThread(this.lists.get(channel) ?? [], incidentId, at);
    if (next) this.lists.set(channel, next);
  }

  public async list(channel: string): Promise<readonly RecentThread[]> {
    return this.lists.get(channel) ?? [];
  }
}
