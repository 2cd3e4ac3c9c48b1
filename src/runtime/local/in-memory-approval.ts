import type { ApprovalDecisionRecord, ApprovalRecord, ApprovalStore, ReplayCache } from '../approval/ports';

export interface InMemoryReplayCacheOptions {
  /** Clock used to forget expired keys. @default () => new Date() */
  readonly now?: () => Date;
  /** Most keys kept; the oldest are forgotten first. @default 10_000 */
  readonly maxEntries?: number;
}

/** A ReplayCache in process memory: for tests, the CLI and a single-instance server. Atomic within one process. */
export class InMemoryReplayCache implements ReplayCache {
  private readonly keys = new Map<string, number>();
  private readonly now: () => Date;
  private readonly maxEntries: number;

  constructor(options: InMemoryReplayCacheOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  public async seen(key: string, expiresAt: number): Promise<boolean> {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const known = this.keys.get(key);
    if (known !== undefined && known >= nowSeconds) return true;
    this.keys.set(key, expiresAt);
    if (this.keys.size > this.maxEntries) this.sweep(nowSeconds);
    return false;
  }

  private sweep(nowSeconds: number): void {
    for (const [k, exp] of this.keys) if (exp < nowSeconds) this.keys.delete(k);
    for (const k of this.keys.keys()) {
      if (this.keys.size <= this.maxEntries) break;
      this.keys.delete(k);
    }
  }
}

function sameDecision(a: ApprovalDecisionRecord | undefined, b: ApprovalDecisionRecord): boolean {
  return a !== undefined && a.outcome === b.outcome && a.by.id === b.by.id && a.at === b.at;
}

/** An ApprovalStore in process memory, with the same conditional semantics as the DynamoDB one. */
export class InMemoryApprovalStore implements ApprovalStore {
  private readonly records = new Map<string, ApprovalRecord>();

  public async create(record: ApprovalRecord): Promise<boolean> {
    if (this.records.has(record.approvalId)) return false;
    this.records.set(record.approvalId, { ...record });
    return true;
  }

  public async get(approvalId: string): Promise<ApprovalRecord | undefined> {
    const record = this.records.get(approvalId);
    return record ? { ...record } : undefined;
  }

  public async attachMessage(approvalId: string, message: { channel: string; ts: string }): Promise<void> {
    const record = this.records.get(approvalId);
    if (record) this.records.set(approvalId, { ...record, message: { ...message } });
  }

  public async claimDecision(approvalId: string, decision: ApprovalDecisionRecord): Promise<boolean> {
    const record = this.records.get(approvalId);
    if (!record || record.decision) return false;
    this.records.set(approvalId, { ...record, decision });
    return true;
  }

  public async releaseDecision(approvalId: string, decision: ApprovalDecisionRecord): Promise<void> {
    const record = this.records.get(approvalId);
    if (record && sameDecision(record.decision, decision)) {
      const { decision: _d, ...rest } = record;
      this.records.set(approvalId, rest);
    }
  }
}
