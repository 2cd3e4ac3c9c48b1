import type { TokenUsageEntry } from './steps';
import type { TokenLedger } from '../reasoning/budget';

/** The reads of a TokenLedger: all the reasoning step may do with it. */
export type TokenUsageReader = Pick<TokenLedger, 'getMonthlyUsage' | 'getIncidentUsage'>;

/**
 * A TokenLedger over a read-only one: reads are answered by the reader plus what was added here, adds are kept in
 * memory and handed back by `pending()`. The reasoning step has no write permission; the record step writes what
 * `pending()` returns, once, idempotently.
 */
export class DeferredTokenLedger implements TokenLedger {
  private readonly months = new Map<string, number>();
  private readonly incidents = new Map<string, number>();

  constructor(private readonly reader: TokenUsageReader) {}

  public async getMonthlyUsage(month: string): Promise<number> {
    return (await this.reader.getMonthlyUsage(month)) + (this.months.get(month) ?? 0);
  }

  public async getIncidentUsage(incidentId: string): Promise<number> {
    return (await this.reader.getIncidentUsage(incidentId)) + (this.incidents.get(incidentId) ?? 0);
  }

  public async add(month: string, tokens: number, incidentId: string): Promise<void> {
    if (!Number.isFinite(tokens) || tokens < 0) throw new Error(`tokens must be a non-negative number, got ${tokens}`);
    this.months.set(month, (this.months.get(month) ?? 0) + tokens);
    this.incidents.set(incidentId, (this.incidents.get(incidentId) ?? 0) + tokens);
  }

  /** Tokens added and not yet written. One investigation spends in one month; should it straddle two, the later wins the sum. */
  public pending(): TokenUsageEntry | undefined {
    if (this.months.size === 0) return undefined;
    const months = [...this.months.keys()].sort();
    const tokens = [...this.months.values()].reduce((a, b) => a + b, 0);
    return tokens > 0 ? { month: months[months.length - 1], tokens } : undefined;
  }
}

/** A reader that knows of no usage (no ledger configured). */
export const NO_TOKEN_USAGE: TokenUsageReader = {
  getMonthlyUsage: async () => 0,
  getIncidentUsage: async () => 0,
};
