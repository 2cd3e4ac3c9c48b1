/**
 * The Remediation agent's core: run a runbook, wait for it, verify recovery, roll back and escalate when it did not
 * work. Written as small steps over a plain-JSON `RemediationState` so that the Step Functions state machine can run
 * one step per Lambda invocation and wait in Wait states, while `remediate` composes the very same steps in process
 * (local replay, tests) and sleeps on an injected clock.
 *
 *   planRemediation ─▶ decideNext ─▶ startRunbook │ pollOnce │ verifyOnce ─▶ decideNext ─▶ ... ─▶ done
 *
 * Every step returns the next state and the timeline entries it produced; nothing throws for expected failures
 * (a runner that rejects, a status that cannot be read, a verifier that errors).
 */
import { RemediationOutcomeValue } from '../../contract/decisions';
import { RemediationNextAction } from '../../contract/timeline';
import type { Incident, Signal, TimelineEntry } from '../model';
import { fillFromResource, validateRunbookParameters } from '../runbooks';
import type { Clock, RecoveryVerifier, RunbookRunner, RunbookState, TimelineSink } from './ports';
import {
  DEFAULT_REMEDIATION_LIMITS, REMEDIATION_ACTOR, REMEDIATION_DETAIL_MAX_CHARS, RemediationTimelineType,
  type ActiveVerification, type NextAction, type PlannedRun, type RemediationInput, type RemediationLimits, type RemediationOptions,
  type RemediationOutcome, type RemediationPhase, type RemediationResult, type RemediationState, type RunbookLookup, type StepResult,
} from './state';

export * from './state';

// ---------------------------------------------------------------- helpers

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}`;
  return String(err);
}

function clip(text: string): string {
  return text.length > REMEDIATION_DETAIL_MAX_CHARS ? `${text.slice(0, REMEDIATION_DETAIL_MAX_CHARS - 1)}…` : text;
}

function plus(at: Date, seconds: number): string {
  return new Date(at.getTime() + seconds * 1000).toISOString();
}

/** A verification that starts now and may wait `wait` seconds. */
function verificationFrom(now: Date, wait: number): ActiveVerification {
  return { since: now.toISOString(), deadline: plus(now, wait), checks: 0 };
}

function entry(now: Date, type: string, message: string, data: Record<string, unknown>): TimelineEntry {
  return { at: now.toISOString(), type, actor: REMEDIATION_ACTOR, message: clip(message), data };
}

function current(state: RemediationState): PlannedRun {
  if (state.purpose === 'rollback') {
    if (!state.rollback) throw new Error('remediation state is on its rollback but has none planned');
    return state.rollback;
  }
  return state.runbook;
}

function step(state: RemediationState, entries: TimelineEntry[], patch: Partial<RemediationState>): StepResult {
  return { state: { ...state, ...patch, steps: [...state.steps, ...entries] }, entries };
}

function finish(state: RemediationState, outcome: RemediationOutcome, reason: string, now: Date, entries: TimelineEntry[]): StepResult {
  const escalate = outcome !== RemediationOutcomeValue.RESOLVED;
  const out = [...entries];
  if (escalate) {
    out.push(entry(now, RemediationTimelineType.ESCALATED, `escalated to a human: ${reason}`, { runbookId: state.runbook.spec.id, outcome, reason: clip(reason) }));
  }
  out.push(entry(now, RemediationTimelineType.FINISHED, `remediation ${outcome}: ${reason}`, {
    runbookId: state.runbook.spec.id,
    outcome,
    escalate,
    executionIds: state.executionIds,
  }));
  return step(state, out, {
    phase: RemediationNextAction.DONE,
    run: undefined,
    verification: undefined,
    result: { outcome, reason: clip(reason), escalate, endedAt: now.toISOString() },
  });
}

/** The remediation path failed: run the rollback when there is one, otherwise finish failed. */
function pathFailed(state: RemediationState, reason: string, now: Date, entries: TimelineEntry[]): StepResult {
  if (state.rollback) {
    return step(state, entries, { failure: reason, purpose: 'rollback', phase: RemediationNextAction.START, run: undefined, verification: undefined });
  }
  const why = state.rollbackProblem ? `${reason}; rollback not run: ${state.rollbackProblem}` : `${reason}; no rollback declared`;
  return finish({ ...state, failure: reason }, RemediationOutcomeValue.FAILED, why, now, entries);
}

/** A run reached a final state. */
function runEnded(state: RemediationState, runState: RunbookState, detail: string | undefined, now: Date, executionId: string): StepResult {
  const planned = current(state);
  const spec = planned.spec;
  const data = { runbookId: spec.id, ...(executionId ? { executionId } : {}), state: runState, ...(detail ? { detail: clip(detail) } : {}) };
  const said = detail ? ` (${detail})` : '';
  if (state.purpose === 'remediation') {
    if (runState !== 'succeeded') {
      const e = entry(now, RemediationTimelineType.RUNBOOK_FAILED, `runbook ${spec.id} ${runState}${said}`, data);
      return pathFailed(state, `runbook ${spec.id} ${runState}${said}`, now, [e]);
    }
    const e = entry(now, RemediationTimelineType.RUNBOOK_SUCCEEDED, `runbook ${spec.id} succeeded${said}`, data);
    const wait = Math.min(spec.verify.waitSeconds, state.limits.maxVerifySeconds);
    return step(state, [e], { phase: RemediationNextAction.VERIFY, run: undefined, verification: verificationFrom(now, wait) });
  }
  if (runState !== 'succeeded') {
    const e = entry(now, RemediationTimelineType.ROLLBACK_FAILED, `rollback ${spec.id} ${runState}${said}`, data);
    return finish(state, RemediationOutcomeValue.ROLLBACK_FAILED, `${state.failure ?? 'remediation failed'}; rollback ${spec.id} ${runState}${said}`, now, [e]);
  }
  const e = entry(now, RemediationTimelineType.ROLLBACK_SUCCEEDED, `rollback ${spec.id} succeeded${said}`, data);
  if (spec.verify.check === 'none') {
    return finish(state, RemediationOutcomeValue.ROLLED_BACK, `${state.failure ?? 'remediation failed'}; rolled back with ${spec.id} (no verification declared)`, now, [e]);
  }
  const wait = Math.min(spec.verify.waitSeconds, state.limits.rollbackVerifySeconds);
  return step(state, [e], { phase: RemediationNextAction.VERIFY, run: undefined, verification: verificationFrom(now, wait) });
}

function expectPhase(state: RemediationState, phase: RemediationPhase, stepName: string): void {
  if (state.phase !== phase) throw new Error(`${stepName} called in phase ${state.phase}, expected ${phase}`);
}

// ---------------------------------------------------------------- steps

/**
 * The first step: re-validates the parameters against the incident's resources (deterministic code disposes,
 * whatever was proposed), checks the finding proposes this runbook, and plans the rollback. A plan that cannot run
 * finishes at once (`failed`, escalated) without starting anything.
 */
export function planRemediation(
  input: RemediationInput,
  now: Date,
  options: RemediationOptions = {},
  runbooks?: RunbookLookup,
): StepResult {
  const limits: RemediationLimits = { ...DEFAULT_REMEDIATION_LIMITS, ...definedOnly(options) };
  const { incident, spec, finding } = input;
  const resources = input.signals.map((s) => s.resource);
  const base: RemediationState = {
    incidentId: incident.id,
    startedAt: now.toISOString(),
    limits,
    purpose: 'remediation',
    phase: RemediationNextAction.START,
    runbook: { spec, params: { ...input.params } },
    executionIds: {},
    steps: [],
  };
  if (finding.runbook && finding.runbook.id !== spec.id) {
    return finish(base, RemediationOutcomeValue.FAILED, `the finding proposes runbook ${finding.runbook.id}, not ${spec.id}`, now, []);
  }
  const validation = validateRunbookParameters(spec, input.params, { resources });
  if (!validation.ok) return finish(base, RemediationOutcomeValue.FAILED, `not run: ${validation.reason}`, now, []);
  const planned: RemediationState = { ...base, runbook: { spec, params: validation.params } };
  if (spec.rollback === undefined) return { state: planned, entries: [] };

  const rollbackSpec = runbooks?.get(spec.rollback);
  if (!rollbackSpec) return { state: { ...planned, rollbackProblem: `rollback runbook ${spec.rollback} is not known` }, entries: [] };
  // The rollback gets the runbook's parameters that it declares too, and its fromResource ones point at the same resource.
  const declared = (name: string) => Object.prototype.hasOwnProperty.call(rollbackSpec.parameters, name);
  const shared = Object.fromEntries(Object.entries(validation.params).filter(([name]) => declared(name)));
  const rollbackParams = validation.resource ? fillFromResource(rollbackSpec, validation.resource, shared) : shared;
  const rollbackValidation = validateRunbookParameters(rollbackSpec, rollbackParams, { resources });
  if (!rollbackValidation.ok) return { state: { ...planned, rollbackProblem: rollbackValidation.reason }, entries: [] };
  return { state: { ...planned, rollback: { spec: rollbackSpec, params: rollbackValidation.params } }, entries: [] };
}

function definedOnly(options: RemediationOptions): Partial<RemediationLimits> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<RemediationLimits>;
}

/** Starts the current run (the runbook, or its rollback). A runner that rejects makes a failed run, not an error. */
export async function startRunbook(state: RemediationState, runner: RunbookRunner, now: Date): Promise<StepResult> {
  expectPhase(state, RemediationNextAction.START, 'startRunbook');
  const { spec, params } = current(state);
  const rollback = state.purpose === 'rollback';
  const ctx = { incidentId: state.incidentId, purpose: state.purpose, requestKey: `${state.incidentId}/${spec.id}/${state.purpose}/${state.startedAt}` };
  let started;
  try {
    started = await runner.start(spec, params, ctx);
  } catch (err) {
    return runEnded(state, RemediationOutcomeValue.FAILED, `could not start: ${errorText(err)}`, now, '');
  }
  const executionIds = { ...state.executionIds, [state.purpose]: started.executionId };
  const e = entry(now, rollback ? RemediationTimelineType.ROLLBACK_STARTED : RemediationTimelineType.RUNBOOK_STARTED,
    `${rollback ? 'rollback' : 'runbook'} ${spec.id} started (${spec.kind} ${spec.target})${rollback && state.failure ? ` after: ${state.failure}` : ''}`,
    { runbookId: spec.id, kind: spec.kind, target: spec.target, executionId: started.executionId, params, riskClass: spec.riskClass });
  const withStart = step(state, [e], {
    executionIds,
    phase: RemediationNextAction.POLL,
    run: {
      executionId: started.executionId,
      startedAt: now.toISOString(),
      deadline: plus(now, state.limits.maxRunSeconds),
      polls: 0,
      statusErrors: 0,
    },
  });
  if (started.state === undefined || started.state === 'running') return withStart;
  const ended = runEnded(withStart.state, started.state, started.detail, now, started.executionId);
  return { state: ended.state, entries: [...withStart.entries, ...ended.entries] };
}

/**
 * Reads the current run's status once. Running past its deadline → timed out. A status that cannot be read is
 * retried (up to `maxStatusErrors` in a row, and never past the deadline).
 */
export async function pollOnce(state: RemediationState, runner: RunbookRunner, now: Date): Promise<StepResult> {
  expectPhase(state, RemediationNextAction.POLL, 'pollOnce');
  const run = state.run!;
  const { spec } = current(state);
  const overdue = now.getTime() >= Date.parse(run.deadline);
  let status;
  try {
    status = await runner.status(spec, run.executionId);
  } catch (err) {
    const statusErrors = run.statusErrors + 1;
    const lastError = clip(errorText(err));
    if (statusErrors >= state.limits.maxStatusErrors) {
      return runEnded(state, RemediationOutcomeValue.FAILED, `status could not be read ${statusErrors} times: ${lastError}`, now, run.executionId);
    }
    if (overdue) return runEnded(state, 'timed-out', `no status after ${state.limits.maxRunSeconds}s: ${lastError}`, now, run.executionId);
    return step(state, [], { run: { ...run, polls: run.polls + 1, statusErrors, lastError } });
  }
  if (status.state !== 'running') return runEnded(state, status.state, status.detail, now, run.executionId);
  if (overdue) {
    return runEnded(state, 'timed-out', `still running after ${state.limits.maxRunSeconds}s${status.detail ? ` (${status.detail})` : ''}`, now, run.executionId);
  }
  return step(state, [], { run: { ...run, polls: run.polls + 1, statusErrors: 0, lastError: undefined } });
}

/**
 * Checks recovery once, the way the current runbook's `verify` says. Not recovered at the deadline: the runbook
 * did not work (rollback, or finish failed); after a rollback, the result is recorded and the remediation finishes
 * rolled back either way. A verifier that rejects counts as "not yet".
 */
export async function verifyOnce(
  state: RemediationState,
  verifier: RecoveryVerifier,
  incident: Incident,
  signals: readonly Signal[],
  now: Date,
): Promise<StepResult> {
  expectPhase(state, RemediationNextAction.VERIFY, 'verifyOnce');
  const verification = state.verification!;
  const { spec } = current(state);
  let check;
  if (spec.verify.check === 'none') {
    check = { recovered: true, detail: 'no verification declared' };
  } else {
    try {
      check = await verifier.check(spec.verify, incident, signals, { since: verification.since, now: now.toISOString() });
    } catch (err) {
      check = { recovered: false, detail: `check failed: ${errorText(err)}` };
    }
  }
  const checks = verification.checks + 1;
  const data = { runbookId: spec.id, check: spec.verify.check, checks, detail: clip(check.detail) };
  const rollback = state.purpose === 'rollback';
  if (check.recovered) {
    if (!rollback) {
      const e = entry(now, RemediationTimelineType.VERIFICATION_PASSED, `recovered after ${spec.id}: ${check.detail}`, data);
      return finish(state, RemediationOutcomeValue.RESOLVED, `runbook ${spec.id} ran and ${spec.verify.check === 'none' ? 'declares no verification' : `${spec.verify.check} verified`}`, now, [e]);
    }
    const e = entry(now, RemediationTimelineType.ROLLBACK_VERIFIED, `recovered after rollback ${spec.id}: ${check.detail}`, data);
    return finish(state, RemediationOutcomeValue.ROLLED_BACK, `${state.failure}; rolled back with ${spec.id}, ${spec.verify.check} after the rollback`, now, [e]);
  }
  if (now.getTime() < Date.parse(verification.deadline)) {
    return step(state, [], { verification: { ...verification, checks, lastDetail: clip(check.detail) } });
  }
  const waited = Math.round((now.getTime() - Date.parse(verification.since)) / 1000);
  if (!rollback) {
    const e = entry(now, RemediationTimelineType.VERIFICATION_FAILED, `not recovered ${waited}s after ${spec.id}: ${check.detail}`, data);
    return pathFailed(state, `not recovered ${waited}s after runbook ${spec.id} (${spec.verify.check}: ${check.detail})`, now, [e]);
  }
  const e = entry(now, RemediationTimelineType.ROLLBACK_UNVERIFIED, `not recovered ${waited}s after rollback ${spec.id}: ${check.detail}`, data);
  return finish(state, RemediationOutcomeValue.ROLLED_BACK, `${state.failure}; rolled back with ${spec.id}, not recovered after the rollback`, now, [e]);
}

function secondsUntil(deadline: string, now: Date): number {
  return Math.max(0, Math.ceil((Date.parse(deadline) - now.getTime()) / 1000));
}

/** The result of a finished remediation. Throws when it is not finished. */
export function remediationResult(state: RemediationState): RemediationResult {
  if (state.phase !== RemediationNextAction.DONE || !state.result) throw new Error('the remediation has not finished');
  return {
    incidentId: state.incidentId,
    runbookId: state.runbook.spec.id,
    ...state.result,
    steps: state.steps,
    startedAt: state.startedAt,
    executionIds: state.executionIds,
  };
}

/**
 * What to do next. Waits back off between polls (`pollInitialSeconds` × `pollFactor`^n, at most `pollMaxSeconds`)
 * and are spaced `verifyIntervalSeconds` between checks; neither ever waits past the deadline, so the last poll or
 * check happens at it.
 */
export function decideNext(state: RemediationState, now: Date): NextAction {
  const limits = state.limits;
  switch (state.phase) {
    case RemediationNextAction.DONE:
      return { action: RemediationNextAction.DONE, result: remediationResult(state) };
    case RemediationNextAction.START:
      return { action: RemediationNextAction.START, waitSeconds: 0 };
    case RemediationNextAction.POLL: {
      const run = state.run!;
      const backoff = Math.min(limits.pollMaxSeconds, limits.pollInitialSeconds * Math.pow(limits.pollFactor, run.polls));
      return { action: RemediationNextAction.POLL, waitSeconds: Math.min(Math.ceil(backoff), secondsUntil(run.deadline, now)) };
    }
    case RemediationNextAction.VERIFY: {
      const spec = current(state).spec;
      if (spec.verify.check === 'none') return { action: RemediationNextAction.VERIFY, waitSeconds: 0 };
      const waitSeconds = Math.min(limits.verifyIntervalSeconds, secondsUntil(state.verification!.deadline, now));
      return { action: RemediationNextAction.VERIFY, waitSeconds };
    }
  }
}

// ---------------------------------------------------------------- composition

/**
 * One step, the one `decideNext` says: start, poll or verify (a finished remediation stays as it is). The state
 * machine runs one per Lambda invocation (`remediationStep`); `remediate` runs them in a loop.
 */
export async function advance(
  state: RemediationState,
  deps: Pick<RemediationDeps, 'runner' | 'verifier'>,
  incident: Incident,
  signals: readonly Signal[],
  now: Date,
): Promise<StepResult> {
  const next = decideNext(state, now);
  switch (next.action) {
    case 'start': return startRunbook(state, deps.runner, now);
    case 'poll': return pollOnce(state, deps.runner, now);
    case 'verify': return verifyOnce(state, deps.verifier, incident, signals, now);
    case 'done': return { state, entries: [] };
  }
}

export interface RemediationDeps {
  readonly runner: RunbookRunner;
  readonly verifier: RecoveryVerifier;
  readonly clock: Clock;
  readonly sink: TimelineSink;
  /** Where the rollback named by a runbook is looked up. Without it, a declared rollback cannot run. */
  readonly runbooks?: RunbookLookup;
}

/** Steps a remediation may take before it is cut short: far more than any limits allow. */
const MAX_STEPS = 10_000;

/**
 * Runs one remediation in process: the same steps the state machine runs, sleeping on `deps.clock` between them,
 * every entry appended to `deps.sink` as it happens. Never throws for expected failures; the result says what
 * happened and whether a human must be paged. A sink that fails does not stop the remediation (a started runbook is
 * still followed to its end); its errors are listed in `timelineErrors` for the caller to act on.
 */
export async function remediate(input: RemediationInput, deps: RemediationDeps, options: RemediationOptions = {}): Promise<RemediationResult> {
  const sinkErrors: string[] = [];
  const write = async (entries: readonly TimelineEntry[]) => {
    if (entries.length === 0) return;
    try {
      await deps.sink.append(input.incident.id, entries);
    } catch (err) {
      sinkErrors.push(clip(errorText(err)));
    }
  };
  let { state, entries } = planRemediation(input, deps.clock.now(), options, deps.runbooks);
  await write(entries);
  for (let i = 0; i < MAX_STEPS; i++) {
    const next = decideNext(state, deps.clock.now());
    if (next.action === RemediationNextAction.DONE) return withSinkErrors(next.result, sinkErrors);
    if (next.waitSeconds > 0) await deps.clock.sleep(next.waitSeconds * 1000);
    const result = await advance(state, deps, input.incident, input.signals, deps.clock.now());
    state = result.state;
    await write(result.entries);
  }
  const cut = finish(state, state.purpose === 'rollback' ? RemediationOutcomeValue.ROLLBACK_FAILED : RemediationOutcomeValue.FAILED, `remediation did not finish in ${MAX_STEPS} steps`, deps.clock.now(), []);
  await write(cut.entries);
  return withSinkErrors(remediationResult(cut.state), sinkErrors);
}

function withSinkErrors(result: RemediationResult, errors: string[]): RemediationResult {
  return errors.length > 0 ? { ...result, timelineErrors: errors } : result;
}
