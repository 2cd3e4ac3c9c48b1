/**
 * The investigation's first step: the bus is a trigger, the table is the truth. The event only names an incident;
 * the incident the agents work on is the one triage stored. An event that names no stored incident (forged, or
 * expired) starts nothing: the load fails with a typed error and the state machine records the failure.
 */
import * as z from 'zod';
import { INCIDENT_DETAIL_TYPES } from '../../contract/events';
import type { Incident } from '../model';
import type { IncidentStore } from '../ports/incident-store';
import { SILENT_LOG, type Log } from '../ports/observability';

/** The incident the event names is not in the incident table: nothing runs. */
export class IncidentNotFoundError extends Error {
  constructor(public readonly incidentId: string) {
    super(`incident ${incidentId} is not in the incident table: the event is not trusted, nothing runs`);
    this.name = 'IncidentNotFoundError';
  }
}

/** The incident is already resolved: an investigation (a replayed or forged event) has nothing to act on. */
export class IncidentResolvedError extends Error {
  constructor(public readonly incidentId: string) {
    super(`incident ${incidentId} is resolved: nothing runs`);
    this.name = 'IncidentResolvedError';
  }
}

/** What Prepare kept of the event: its id, detail-type and time, and the incident id its detail names. */
export const LoadStepInputSchema = z.object({
  runId: z.string().min(1),
  trigger: z.object({
    eventId: z.string().optional(),
    detailType: z.enum(INCIDENT_DETAIL_TYPES),
    time: z.string().optional(),
    incidentId: z.string().min(1).max(256),
  }),
}).strict();
export type LoadStepInput = z.input<typeof LoadStepInputSchema>;

export interface LoadStepDeps {
  readonly store: Pick<IncidentStore, 'getIncident'>;
  readonly log?: Log;
}

/**
 * The stored incident the trigger names, without its timeline (the steps that write it re-read it; the execution
 * state stays bounded). Throws IncidentNotFoundError for an unknown incident, IncidentResolvedError for a resolved one.
 */
export async function loadIncidentForRun(event: unknown, deps: LoadStepDeps): Promise<Incident> {
  const log = deps.log ?? SILENT_LOG;
  const { trigger, runId } = LoadStepInputSchema.parse(event);
  const incident = await deps.store.getIncident(trigger.incidentId);
  if (!incident) {
    log.warn('incident event names no stored incident: refused', { incidentId: trigger.incidentId, runId, eventId: trigger.eventId });
    throw new IncidentNotFoundError(trigger.incidentId);
  }
  if (incident.status === 'resolved') throw new IncidentResolvedError(incident.id);
  return { ...incident, timeline: [] };
}
