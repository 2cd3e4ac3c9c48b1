/**
 * The remediation's vocabulary: timeline entry types, outcomes, limits and the plain-JSON `RemediationState` that a
 * Step Functions state passes from step to step. The steps are in `./remediate`.
 */
import { REMEDIATION_OUTCOMES } from '../../contract/decisions';
import { REMEDIATION_NEXT_ACTIONS, RemediationNextAction, TimelineType } from '../../contract/timeline';
import type { Incident, Signal, TimelineEntry } from '../model';
import type { Finding } from '../reasoning/finding';
import { VERIFY_MAX_WAIT_SECONDS, type ParameterValue, type RunbookSpec } from '../runbooks';
import type { RunbookPurpose } from './ports';

/** Who writes remediation entries on the timeline. */
export const REMEDIATION_ACTOR = 'remediation';

/**
 * Timeline entry types written by remediation, in the order they can happen. `verification-passed` marks the
 * incident mitigated (the KPI TimeToMitigate); `escalated-to-human` is a page (the KPI Pages).
 */
export const RemediationTimelineType = {
  RUNBOOK_STARTED: TimelineType.RUNBOOK_STARTED,
  RUNBOOK_SUCCEEDED: TimelineType.RUNBOOK_SUCCEEDED,
  /** Did not start, failed, timed out or was cancelled (`data.state`). */
  RUNBOOK_FAILED: TimelineType.RUNBOOK_FAILED,
  VERIFICATION_PASSED: TimelineType.VERIFICATION_PASSED,
  /** Not recovered within the verify wait. */
  VERIFICATION_FAILED: TimelineType.VERIFICATION_FAILED,
  ROLLBACK_STARTED: TimelineType.ROLLBACK_STARTED,
  ROLLBACK_SUCCEEDED: TimelineType.ROLLBACK_SUCCEEDED,
  ROLLBACK_FAILED: TimelineType.ROLLBACK_FAILED,
  /** Best-effort check after a rollback: recovered. */
  ROLLBACK_VERIFIED: TimelineType.ROLLBACK_VERIFIED,
  /** Best-effort check after a rollback: not recovered (or nothing to check with). */
  ROLLBACK_UNVERIFIED: TimelineType.ROLLBACK_UNVERIFIED,
  /** A human is paged: `data.reason`. */
  ESCALATED: TimelineType.ESCALATED,
  /** The last entry of every remediation: `data.outcome`. */
  FINISHED: TimelineType.REMEDIATION_FINISHED,
} as const;

export { REMEDIATION_OUTCOMES };
/**
 * - `resolved`: the runbook succeeded and recovery was verified.
 * - `failed`: the runbook could not run, failed or did not recover the service, and there was no rollback to run.
 * - `rolled-back`: it failed or did not recover the service, and its rollback ran.
 * - `rollback-failed`: the rollback failed too.
 */
export type RemediationOutcome = (typeof REMEDIATION_OUTCOMES)[number];

/** Longest runner or verifier detail kept on a timeline entry. */
export const REMEDIATION_DETAIL_MAX_CHARS = 1000;

/** How long to wait for runs and recoveries. Every field has a default; all are seconds. */
export interface RemediationOptions {
  /** Longest a runbook (or its rollback) may run before it counts as timed out. @default 1800 */
  readonly maxRunSeconds?: number;
  /** First wait between status polls; doubles (`pollFactor`) up to `pollMaxSeconds`. @default 5 */
  readonly pollInitialSeconds?: number;
  /** @default 60 */
  readonly pollMaxSeconds?: number;
  /** @default 2 */
  readonly pollFactor?: number;
  /** Status reads that may fail in a row before the run counts as failed. @default 5 */
  readonly maxStatusErrors?: number;
  /** Wait between recovery checks. @default 30 */
  readonly verifyIntervalSeconds?: number;
  /** Cap on a runbook's `verify.waitSeconds`. @default VERIFY_MAX_WAIT_SECONDS */
  readonly maxVerifySeconds?: number;
  /** Cap on the best-effort verification after a rollback. @default 300 */
  readonly rollbackVerifySeconds?: number;
}

/** The options with their defaults, kept in the state so that every step of one remediation uses the same ones. */
export type RemediationLimits = Required<RemediationOptions>;

export const DEFAULT_REMEDIATION_LIMITS: RemediationLimits = {
  maxRunSeconds: 1800,
  pollInitialSeconds: 5,
  pollMaxSeconds: 60,
  pollFactor: 2,
  maxStatusErrors: 5,
  verifyIntervalSeconds: 30,
  maxVerifySeconds: VERIFY_MAX_WAIT_SECONDS,
  rollbackVerifySeconds: 300,
};

/** What to remediate: the incident, its signals, the finding, and the runbook the decision allowed. */
export interface RemediationInput {
  readonly incident: Incident;
  readonly signals: readonly Signal[];
  readonly finding: Finding;
  readonly spec: RunbookSpec;
  readonly params: Readonly<Record<string, ParameterValue>>;
}

/** Finds a rollback runbook by id (a RunbookRegistry). */
export interface RunbookLookup {
  get(id: string): RunbookSpec | undefined;
}

export interface PlannedRun {
  readonly spec: RunbookSpec;
  readonly params: Record<string, ParameterValue>;
}

export interface ActiveRun {
  readonly executionId: string;
  readonly startedAt: string;
  readonly deadline: string;
  readonly polls: number;
  readonly statusErrors: number;
  readonly lastError?: string;
}

export interface ActiveVerification {
  /** Recovery evidence from before this time does not count. */
  readonly since: string;
  readonly deadline: string;
  readonly checks: number;
  readonly lastDetail?: string;
}

export type RemediationPhase = (typeof REMEDIATION_NEXT_ACTIONS)[number];

export interface RemediationResult {
  readonly incidentId: string;
  readonly runbookId: string;
  readonly outcome: RemediationOutcome;
  /** Every timeline entry this remediation wrote, in order. */
  readonly steps: TimelineEntry[];
  readonly startedAt: string;
  readonly endedAt: string;
  /** True unless resolved: a human has to look. */
  readonly escalate: boolean;
  readonly reason: string;
  readonly executionIds: { readonly remediation?: string; readonly rollback?: string };
  /** Timeline writes that failed (the sink's errors); the remediation went on regardless. Absent when all were written. */
  readonly timelineErrors?: string[];
}

/** Everything a remediation is, between two steps. Plain JSON: a Step Functions state passes it from step to step. */
export interface RemediationState {
  readonly incidentId: string;
  readonly startedAt: string;
  readonly limits: RemediationLimits;
  /** Which run is current. */
  readonly purpose: RunbookPurpose;
  readonly phase: RemediationPhase;
  readonly runbook: PlannedRun;
  /** The rollback, when the runbook declares one and it could be planned. */
  readonly rollback?: PlannedRun;
  /** Why the declared rollback cannot run (not in the registry, parameters that do not validate). */
  readonly rollbackProblem?: string;
  readonly run?: ActiveRun;
  readonly verification?: ActiveVerification;
  readonly executionIds: { readonly remediation?: string; readonly rollback?: string };
  /** Why the remediation path failed, once it has. */
  readonly failure?: string;
  readonly result?: Omit<RemediationResult, 'steps' | 'incidentId' | 'runbookId' | 'startedAt' | 'executionIds' | 'timelineErrors'>;
  /** Every entry so far (also returned one step at a time, for the sink). */
  readonly steps: TimelineEntry[];
}

/** One step's outcome: the next state and the entries to append to the timeline. */
export interface StepResult {
  readonly state: RemediationState;
  readonly entries: TimelineEntry[];
}

/** What to do next, and after how long. `done` carries the result. */
export type NextAction =
  | { readonly action: typeof RemediationNextAction.START; readonly waitSeconds: number }
  | { readonly action: typeof RemediationNextAction.POLL; readonly waitSeconds: number }
  | { readonly action: typeof RemediationNextAction.VERIFY; readonly waitSeconds: number }
  | { readonly action: typeof RemediationNextAction.DONE; readonly result: RemediationResult };
