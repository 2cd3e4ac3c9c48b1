import type { Incident, ResourceRef, Signal } from '../model';
import type { CompiledRules } from './rules';
import type { ContextNote, CorrelationRecord } from '../ports/incident-store';

/** Most context notes remembered on a correlation key. */
export const CONTEXT_NOTES_MAX = 10;

/** How long a correlation record that points at an open incident is kept after its last write (7 days). */
export const CLAIMED_CORRELATION_RETENTION_SECONDS = 7 * 24 * 3600;

/** Identity of a resource: its ARN when known, otherwise `type/id`. */
export function resourceIdentity(resource: ResourceRef): string {
  return resource.arn ?? `${resource.type}/${resource.id}`;
}

/**
 * The correlation key of an owner: `service:<name>`, scoped by environment, account and region when known
 * (`service:orders@production/123456789012/eu-west-1`), so two environments or regions never share an incident.
 */
export interface OwnerScope {
  readonly service?: string;
  readonly environment?: string;
  readonly account?: string;
  readonly region?: string;
}

export function ownerKey(owner: OwnerScope): string | undefined {
  if (owner.service === undefined) return undefined;
  const scope = [owner.environment, owner.account && owner.region ? `${owner.account}/${owner.region}` : undefined].filter((p) => p !== undefined);
  return scope.length ? `service:${owner.service}@${scope.join('/')}` : `service:${owner.service}`;
}

/** Signals correlate by owner (service, environment, account, region), else by shared resource. */
export function correlationKey(signal: Signal): string {
  return ownerKey({ service: signal.service, environment: signal.environment, account: signal.resource.account, region: signal.resource.region })
    ?? `resource:${resourceIdentity(signal.resource)}`;
}

export function isOpen(incident: Incident | undefined): incident is Incident {
  return incident !== undefined && incident.status !== 'resolved';
}

/**
 * Whether an open incident has gone quiet past the lifecycle's quiet period and everything still firing in it is of a
 * kind that never resolves on its own (`expiring`, recorded as the signals attach): it then expires.
 */
export function isExpired(incident: Incident, at: number, rules: CompiledRules): boolean {
  if (incident.status === 'resolved' || incident.firing.length === 0) return false;
  if (at - Date.parse(incident.lastSignalAt ?? incident.openedAt) <= rules.quietMs) return false;
  const expiring = new Set(incident.expiring ?? []);
  return incident.firing.every((f) => expiring.has(f));
}

/** Whether a signal at `at` still falls in the grouping window of an incident (measured from its last firing signal). */
export function withinWindow(incident: Incident, at: number, rules: CompiledRules): boolean {
  return at - Date.parse(incident.lastSignalAt ?? incident.openedAt) <= rules.groupingWindowMs;
}

/** Context notes still relevant at `at` (within the grouping window before it), plus `note` if given. */
export function contextNotes(record: CorrelationRecord | undefined, at: number, rules: CompiledRules, note?: ContextNote): ContextNote[] {
  const from = at - rules.groupingWindowMs;
  const notes = (record?.context ?? []).filter((n) => n.at >= from);
  if (note) notes.push(note);
  return notes.length > CONTEXT_NOTES_MAX ? notes.slice(notes.length - CONTEXT_NOTES_MAX) : notes;
}

/** Expiry of a correlation record written at `at`, epoch seconds. */
export function correlationExpiry(at: number, claimed: boolean, rules: CompiledRules): number {
  return Math.floor(at / 1000) + (claimed ? CLAIMED_CORRELATION_RETENTION_SECONDS : Math.ceil(rules.dedupHorizonMs / 1000) + 3600);
}

/** "3 minutes before", "40 seconds after": where `at` lies relative to `reference`. */
export function relativeTime(at: number, reference: number): string {
  const delta = Math.round((at - reference) / 1000);
  const abs = Math.abs(delta);
  const amount = abs < 90 ? `${abs} second${abs === 1 ? '' : 's'}`
    : abs < 5400 ? `${Math.round(abs / 60)} minutes`
      : `${Math.round(abs / 3600)} hours`;
  return delta <= 0 ? `${amount} before` : `${amount} after`;
}
