/**
 * Ports of the Remediation agent: the narrow calls the remediation core makes. Plain data in and out, never SDK
 * types. The AWS adapters live in `src/adapters/remediation`; the local ones (dry run, scripted verifier, simulated
 * clock, in-memory timeline) in `./local`.
 */
import type { Incident, Signal, TimelineEntry } from '../model';
import type { ParameterValue, RunbookKind, RunbookSpec, VerifySpec } from '../runbooks';

/** Where a runbook execution is. Everything but `running` is final. */
export const RUNBOOK_STATES = ['running', 'succeeded', 'failed', 'timed-out', 'cancelled'] as const;
export type RunbookState = (typeof RUNBOOK_STATES)[number];

/** Whether a state is final. */
export function isFinalRunbookState(state: RunbookState): boolean {
  return state !== 'running';
}

/** Why a runbook runs: to fix the incident, or to undo a runbook that did not. */
export type RunbookPurpose = 'remediation' | 'rollback';

/** What a runner is told about the run besides the spec and the parameters. */
export interface RunbookRunContext {
  readonly incidentId: string;
  readonly purpose: RunbookPurpose;
  /**
   * Same for every retry of one start and different for every remediation attempt (incident, runbook, purpose and
   * the remediation's start time). Runners that support idempotent starts derive their token from it, so a retried
   * start never runs a runbook twice.
   */
  readonly requestKey: string;
}

/** An execution that was started. */
export interface RunbookStart {
  /** The runner's id of the execution (SSM automation execution id, CodeBuild build id...). */
  readonly executionId: string;
  /** Set when the runner already knows the final state (a synchronous Lambda invocation). */
  readonly state?: RunbookState;
  readonly detail?: string;
}

export interface RunbookStatus {
  readonly state: RunbookState;
  /** The runner's own status and reason, when it gave one (`Failed: Step restart failed`). */
  readonly detail?: string;
}

/**
 * Runs runbooks. `start` rejects when the execution could not be started (a typed UnsupportedRunbookKindError
 * for a kind the runner does not run); `status` rejects when the status could not be read. The core turns both into
 * failed steps, never into thrown errors.
 */
export interface RunbookRunner {
  start(spec: RunbookSpec, params: Readonly<Record<string, ParameterValue>>, ctx: RunbookRunContext): Promise<RunbookStart>;
  status(spec: RunbookSpec, executionId: string): Promise<RunbookStatus>;
}

/** The outcome of one recovery check. */
export interface RecoveryCheck {
  readonly recovered: boolean;
  /** What was looked at and what it said, in words (`2 of 2 alarms OK`). */
  readonly detail: string;
}

/** When the check is made, and since when a recovery counts. */
export interface VerifyContext {
  /** ISO-8601: the runbook's end. Evidence older than this (a canary run before the fix) does not prove recovery. */
  readonly since: string;
  /** ISO-8601: now, on the caller's clock. */
  readonly now: string;
}

/**
 * Checks whether an incident recovered, the way `verify.check` says (`alarms-ok`, `canary-pass`, `slo-recovered`).
 * `none` never reaches a verifier. Rejects when the check could not be made; the core counts that as "not yet".
 */
export interface RecoveryVerifier {
  check(verify: VerifySpec, incident: Incident, signals: readonly Signal[], context: VerifyContext): Promise<RecoveryCheck>;
}

/** Time, injected: the Lambda side uses the real one, tests and the local loop a simulated one. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/**
 * Where remediation steps are written: the incident's timeline. The Lambda side appends through the incident store
 * (a conditional update); locally it is kept in memory.
 */
export interface TimelineSink {
  append(incidentId: string, entries: readonly TimelineEntry[]): Promise<void>;
}

/** A runner was asked to run a kind it does not run. */
export class UnsupportedRunbookKindError extends Error {
  public readonly kind: RunbookKind;

  constructor(kind: RunbookKind, message?: string) {
    super(message ?? (kind === 'kubectl'
      ? 'kubectl runbooks are run by the EKS integration'
      : `no runner is configured for ${kind} runbooks`));
    this.name = 'UnsupportedRunbookKindError';
    this.kind = kind;
  }
}

/** One runner per runbook kind, as one RunbookRunner. A kind without a runner rejects with UnsupportedRunbookKindError. */
export class KindDispatchingRunner implements RunbookRunner {
  constructor(private readonly runners: Partial<Record<RunbookKind, RunbookRunner>>) {}

  public async start(spec: RunbookSpec, params: Readonly<Record<string, ParameterValue>>, ctx: RunbookRunContext): Promise<RunbookStart> {
    return this.runnerFor(spec).start(spec, params, ctx);
  }

  public async status(spec: RunbookSpec, executionId: string): Promise<RunbookStatus> {
    return this.runnerFor(spec).status(spec, executionId);
  }

  private runnerFor(spec: RunbookSpec): RunbookRunner {
    const runner = this.runners[spec.kind];
    if (!runner) throw new UnsupportedRunbookKindError(spec.kind);
    return runner;
  }
}

/** The checks a verifier can be asked for (everything but `none`). */
export type VerifierCheck = Exclude<VerifySpec['check'], 'none'>;

/** One verifier per check, as one RecoveryVerifier. A check without a verifier is reported as not recovered. */
export class CheckDispatchingVerifier implements RecoveryVerifier {
  constructor(private readonly verifiers: Partial<Record<VerifierCheck, RecoveryVerifier>>) {}

  public async check(verify: VerifySpec, incident: Incident, signals: readonly Signal[], context: VerifyContext): Promise<RecoveryCheck> {
    if (verify.check === 'none') return { recovered: true, detail: 'no verification declared' };
    const verifier = this.verifiers[verify.check];
    if (!verifier) return { recovered: false, detail: `no verifier is configured for ${verify.check}` };
    return verifier.check(verify, incident, signals, context);
  }
}
