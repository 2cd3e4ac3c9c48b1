import type { Incident, Signal, SuppressionReason } from '../model';
import { isOpen, withinWindow } from './correlate';
import { assessFingerprint, occurrencesSince, type FingerprintAssessment } from './fingerprint';
import { hasSignal, type AttachMode, type JoinEvidence } from './incident-ops';
import type { CompiledRules } from './rules';
import type { FingerprintRecord } from '../ports/incident-store';

/** What triage does with a firing or resolved signal, decided from what was read. */
export type Decision =
  /** Nothing to write on any incident (the fingerprint record still records the signal). */
  | { readonly type: 'suppress'; readonly reason: SuppressionReason; readonly incident?: Incident }
  | { readonly type: 'attach'; readonly target: Incident; readonly mode: AttachMode; readonly join?: JoinEvidence }
  | { readonly type: 'resolve'; readonly target: Incident }
  /** A flapping fingerprint fires again after its incident resolved: reopen that incident quietly instead of paging. */
  | { readonly type: 'reopen'; readonly target: Incident }
  /** Open a new incident on the signal's key (the orchestrator may divert it into a storm). */
  | { readonly type: 'open'; readonly priorSignalIds: readonly string[] };

export interface DecisionInput {
  readonly signal: Signal;
  /** Signal time, epoch ms. */
  readonly at: number;
  readonly fingerprint: FingerprintRecord | undefined;
  /** The incident the correlation key points at, when open. */
  readonly keyIncident: Incident | undefined;
  /** The incident the fingerprint last fired into, open or resolved. */
  readonly fingerprintIncident: Incident | undefined;
  /**
   * An open incident that the graph (a callee's, or a caller's for a late root) or learned co-occurrence links the
   * signal to, with the evidence; looked up only when the key's own incident is absent or out of its window.
   */
  readonly related?: { readonly incident: Incident; readonly join: JoinEvidence };
}

export interface DecisionResult {
  readonly decision: Decision;
  readonly assessment: FingerprintAssessment;
}

/** Decide what a firing or resolved signal does. Pure. */
export function decide(input: DecisionInput, rules: CompiledRules): DecisionResult {
  const { signal, at, fingerprint: fp } = input;
  const state = signal.state === 'resolved' ? 'resolved' : 'firing';
  const assessment = assessFingerprint(fp, state, at, rules);
  const decision = state === 'firing' ? decideFiring(input, assessment, rules) : decideResolved(input, assessment);
  return { decision, assessment };
}

function decideFiring(input: DecisionInput, a: FingerprintAssessment, rules: CompiledRules): Decision {
  const { signal, at, fingerprint: fp } = input;
  const fpInc = isOpen(input.fingerprintIncident) ? input.fingerprintIncident : undefined;
  const keyInc = isOpen(input.keyIncident) ? input.keyIncident : undefined;

  // Already applied to an incident by an earlier, interrupted delivery: only the bookkeeping is left.
  const holder = heldBy(signal.id, at, input.fingerprintIncident, keyInc);
  if (holder) return { type: 'suppress', reason: 'duplicate', incident: holder };

  // Older than a state already recorded: superseded, it cannot (re)open anything.
  if (a.late) {
    if (fp?.state === 'firing' && fpInc?.firing.includes(signal.fingerprint)) return { type: 'attach', target: fpInc, mode: 'duplicate' };
    return { type: 'suppress', reason: 'duplicate', incident: fpInc };
  }

  // Flapping holds re-pages, never a problem: join the fingerprint's open incident, or reopen it quietly if it
  // resolved within the flap window. With neither (never opened, forgotten by the store, resolved long ago), the
  // signal goes on like any other firing signal below, so the episode opens (pages) once and later flaps join it.
  if (a.flapping) {
    if (fpInc) return { type: 'attach', target: fpInc, mode: 'flapping' };
    const last = input.fingerprintIncident;
    if (last && at - Date.parse(last.resolvedAt ?? last.updatedAt) <= rules.flapWindowMs) return { type: 'reopen', target: last };
  }

  // The same fingerprint already firing in its open incident, inside its window: a duplicate. Past the window (a
  // Warning that repeats after its incident went quiet) it is a new occurrence, triaged like any firing signal.
  if (fpInc && fpInc.firing.includes(signal.fingerprint) && withinWindow(fpInc, at, rules)) return { type: 'attach', target: fpInc, mode: 'duplicate' };
  if (keyInc && keyInc !== fpInc && keyInc.firing.includes(signal.fingerprint) && withinWindow(keyInc, at, rules)) {
    return { type: 'attach', target: keyInc, mode: 'duplicate' };
  }

  let priorSignalIds: readonly string[] = [];
  for (const threshold of rules.thresholds) {
    if (!threshold.matches(signal)) continue;
    const prior = occurrencesSince(fp, at, threshold.windowMs);
    if (prior.length + 1 < threshold.occurrences) return { type: 'suppress', reason: 'below-threshold' };
    priorSignalIds = prior.map((p) => p.id);
    break;
  }

  if (keyInc && signal.service !== undefined && (keyInc.parents?.length ?? 0) > 0
    && rules.childKinds.has(signal.kind) && !rules.parentKinds.has(signal.kind)) {
    return { type: 'attach', target: keyInc, mode: 'inhibited' };
  }
  if (keyInc && withinWindow(keyInc, at, rules)) return { type: 'attach', target: keyInc, mode: 'grouped' };

  // One page per episode: a fingerprint firing again soon after its incident resolved reopens it quietly.
  const last = input.fingerprintIncident;
  if (last && last.status === 'resolved' && last.mergedInto === undefined
    && at - Date.parse(last.resolvedAt ?? last.updatedAt) <= rules.reopenMs) {
    return { type: 'reopen', target: last };
  }

  const related = input.related;
  if (related && isOpen(related.incident) && !hasSignal(related.incident, signal.id, at)) {
    return { type: 'attach', target: related.incident, mode: 'grouped', join: related.join };
  }
  return { type: 'open', priorSignalIds };
}

function decideResolved(input: DecisionInput, a: FingerprintAssessment): Decision {
  const { signal, at } = input;
  const fpInc = isOpen(input.fingerprintIncident) ? input.fingerprintIncident : undefined;
  const keyInc = isOpen(input.keyIncident) ? input.keyIncident : undefined;

  const holder = heldBy(signal.id, at, input.fingerprintIncident, keyInc);
  if (holder) return { type: 'suppress', reason: 'duplicate', incident: holder };
  // Older than a state already recorded (a later firing was seen): it resolves nothing.
  if (a.late) return { type: 'suppress', reason: 'stale-resolution', incident: fpInc };
  // Resolutions apply even while flapping, so an incident never stays open after its last flap.
  if (fpInc && fpInc.firing.includes(signal.fingerprint)) return { type: 'resolve', target: fpInc };
  if (keyInc && keyInc.firing.includes(signal.fingerprint)) return { type: 'resolve', target: keyInc };
  return { type: 'suppress', reason: 'stale-resolution' };
}

/** The incident (of the two) that already lists the signal: an earlier, interrupted delivery applied it. */
function heldBy(signalId: string, at: number, a: Incident | undefined, b: Incident | undefined): Incident | undefined {
  if (a && hasSignal(a, signalId, at)) return a;
  if (b && b !== a && hasSignal(b, signalId, at)) return b;
  return undefined;
}
