import type { TokenUsage } from './finding';
import { AgentDefaults } from '../../contract/defaults';

/**
 * Where model token spend is counted. Months are `YYYY-MM` (UTC). The AWS adapter keeps it in the incident table;
 * InMemoryTokenLedger serves the CLI and tests.
 */
export interface TokenLedger {
  getMonthlyUsage(month: string): Promise<number>;
  getIncidentUsage(incidentId: string): Promise<number>;
  /** Adds tokens spent for an incident in a month. */
  add(month: string, tokens: number, incidentId: string): Promise<void>;
}

/** Token limits for model calls. */
export interface TokenBudget {
  /** Most tokens (input + output) all model calls for one incident may use. */
  readonly perIncidentTokens: number;
  /** Most tokens all model calls may use in a calendar month (UTC). */
  readonly monthlyTokens: number;
}

/** 50k tokens an incident, 5M a month: a few dollars a month with Claude Haiku at typical incident volumes. */
export const DEFAULT_TOKEN_BUDGET: TokenBudget = {
  perIncidentTokens: AgentDefaults.INCIDENT_TOKEN_BUDGET,
  monthlyTokens: AgentDefaults.MONTHLY_TOKEN_CAP,
};

/** The ledger month of a time: `YYYY-MM` in UTC. */
export function monthOf(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** Total tokens of a usage. */
export function totalTokens(usage: TokenUsage): number {
  return usage.inputTokens + usage.outputTokens;
}

export type BudgetCheck =
  | { readonly ok: true; readonly incidentRemaining: number; readonly monthlyRemaining: number }
  | { readonly ok: false; readonly reason: string };

/** Before a call: would `estimate` more tokens stay within both the incident's and the month's budget? */
export async function checkBudget(
  ledger: TokenLedger,
  budget: TokenBudget,
  request: { readonly month: string; readonly incidentId: string; readonly estimate: number },
): Promise<BudgetCheck> {
  const [monthly, incident] = await Promise.all([ledger.getMonthlyUsage(request.month), ledger.getIncidentUsage(request.incidentId)]);
  const incidentRemaining = budget.perIncidentTokens - incident;
  const monthlyRemaining = budget.monthlyTokens - monthly;
  if (request.estimate > incidentRemaining) {
    return { ok: false, reason: `per-incident token budget: ${incident} used, ${request.estimate} more needed, limit ${budget.perIncidentTokens}` };
  }
  if (request.estimate > monthlyRemaining) {
    return { ok: false, reason: `monthly token budget for ${request.month}: ${monthly} used, ${request.estimate} more needed, limit ${budget.monthlyTokens}` };
  }
  return { ok: true, incidentRemaining, monthlyRemaining };
}

/** After a call: records what it actually cost. */
export async function recordUsage(
  ledger: TokenLedger,
  entry: { readonly month: string; readonly incidentId: string; readonly usage: TokenUsage },
): Promise<void> {
  const tokens = totalTokens(entry.usage);
  if (tokens > 0) await ledger.add(entry.month, tokens, entry.incidentId);
}

/** A TokenLedger in memory, for the CLI and tests. */
export class InMemoryTokenLedger implements TokenLedger {
  private readonly runs = new Set<string>();
  private readonly months = new Map<string, number>();
  private readonly incidents = new Map<string, number>();

  public async getMonthlyUsage(month: string): Promise<number> {
    return this.months.get(month) ?? 0;
  }

  public async getIncidentUsage(incidentId: string): Promise<number> {
    return this.incidents.get(incidentId) ?? 0;
  }

  public async add(month: string, tokens: number, incidentId: string): Promise<void> {
    if (!Number.isFinite(tokens) || tokens < 0) throw new Error(`tokens must be a non-negative number, got ${tokens}`);
    this.months.set(month, (this.months.get(month) ?? 0) + tokens);
    this.incidents.set(incidentId, (this.incidents.get(incidentId) ?? 0) + tokens);
  }

  /** Adds a run's tokens once per `runId` (the record step's idempotent write); false when already counted. */
  public async recordRun(run: {
    readonly month: string; readonly incidentId: string; readonly tokens: number; readonly runId: string;
  }): Promise<boolean> {
    if (this.runs.has(run.runId)) return false;
    await this.add(run.month, run.tokens, run.incidentId);
    this.runs.add(run.runId);
    return true;
  }
}
