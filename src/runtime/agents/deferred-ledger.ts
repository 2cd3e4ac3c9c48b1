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

/** What one run (one investigation) spent. */
export interface TokenRun {
  readonly month: string;
  readonly incidentId: string;
  readonly tokens: number;
  /** Identifies the run; recording it again is a no-op. */
  readonly runId: string;
}

/** Where a run's spend is written: once per run, so a retried step never counts twice. */
export interface TokenRunRecorder {
  /** true when counted now, false when this run was already counted. */
  recordRun(run: TokenRun): Promise<boolean>;
}

/**
 * The one way spend reaches the ledger, in Lambda (the record step) and in process (`runInvestigation`): the
 * reasoning outcome's `tokenUsage`, keyed by run. Nothing is written for a run that spent nothing.
 */
export async function recordTokenSpend(
  ledger: TokenRunRecorder,
  run: { readonly incidentId: string; readonly runId: string; readonly tokenUsage?: TokenUsageEntry },
): Promise<boolean> {
  if (!run.tokenUsage) return false;
  return ledger.recordRun({ month: run.tokenUsage.month, incidentId: run.incidentId, tokens: run.tokenUsage.tokens, runId: run.runId });
}
