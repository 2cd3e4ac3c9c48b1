import type { Incident, ResourceRef, Signal } from '../model';
import type { RunbookCandidate } from '../runbooks';
import type { TelemetryBundle } from '../telemetry/types';

/** A piece of past knowledge (a postmortem excerpt, a runbook note). Untrusted text: shown to a model only as data. */
export interface KnowledgeSnippet {
  readonly id: string;
  readonly title?: string;
  readonly text: string;
  /** Where it came from (document key, URL). */
  readonly source?: string;
}

/** Everything a reasoner sees for one incident. */
export interface ReasoningInput {
  readonly incident: Incident;
  /** The incident's signals. */
  readonly signals: readonly Signal[];
  readonly telemetry: TelemetryBundle;
  /** The registry's runbooks for the incident's resource types: the only ones a finding may propose. */
  readonly candidates: readonly RunbookCandidate[];
  /** Past postmortems and notes; may be empty. */
  readonly knowledge?: readonly KnowledgeSnippet[];
}

/** The distinct resources of an incident's signals, in first-seen order. */
export function incidentResources(input: Pick<ReasoningInput, 'signals'>): ResourceRef[] {
  const seen = new Map<string, ResourceRef>();
  for (const signal of input.signals) {
    const key = `${signal.resource.type}|${signal.resource.id}|${signal.resource.arn ?? ''}`;
    if (!seen.has(key)) seen.set(key, signal.resource);
  }
  return [...seen.values()];
}

/** Every evidence ref in a telemetry bundle. */
export function evidenceRefs(telemetry: TelemetryBundle): Set<string> {
  const refs = new Set<string>();
  for (const result of telemetry.results) for (const e of result.evidence) refs.add(e.ref);
  return refs;
}
