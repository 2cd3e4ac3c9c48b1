import { InMemoryIncidentStore } from './in-memory-incident-store';
import type { Incident, Signal, SuppressedSignal } from '../model';
import type { IncidentStore } from '../ports/incident-store';
import { Triage, type TriageOptions, type TriageOutcome, type TriageRules } from '../triage';

/** What {@link triageSignals} returns. */
export interface TriageSignalsResult {
  readonly incidents: Incident[];
  readonly suppressed: SuppressedSignal[];
  readonly outcomes: TriageOutcome[];
}

/**
 * Triage a batch: sort by time (stable), process one after the other, and list the incidents.
 * @param options.store defaults to a new InMemoryIncidentStore that keeps every incident.
 */
export async function triageSignals(
  signals: readonly Signal[],
  options: { readonly rules?: TriageRules; readonly store?: IncidentStore; readonly topology?: TriageOptions['topology'] } = {},
): Promise<TriageSignalsResult> {
  const store = options.store ?? new InMemoryIncidentStore({ retainResolved: Infinity });
  const triage = new Triage(store, { rules: options.rules, ...(options.topology ? { topology: options.topology } : {}) });
  const ordered = signals.map((s, i) => ({ s, i, t: Date.parse(s.time) }))
    .sort((a, b) => a.t - b.t || a.i - b.i);
  const outcomes: TriageOutcome[] = [];
  const suppressed: SuppressedSignal[] = [];
  for (const { s } of ordered) {
    const outcome = await triage.process(s);
    outcomes.push(outcome);
    if (outcome.suppression) {
      suppressed.push({
        signalId: outcome.signalId,
        reason: outcome.suppression,
        ...(outcome.incident ? { incidentId: outcome.incident.id } : {}),
      });
    }
  }
  const incidents = (await store.listIncidents()).sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt) || a.id.localeCompare(b.id));
  return { incidents, suppressed, outcomes };
}
