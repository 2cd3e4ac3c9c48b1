import type { Incident } from '../model';
import type { IncidentStore } from '../ports/incident-store';

export interface UpdateIncidentOptions {
  /** Attempts before giving up on version conflicts. @default 8 */
  readonly maxAttempts?: number;
  /** Waits between attempts (injected in tests). @default a timer, 20 ms doubling, with jitter */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source, 0..1. @default Math.random */
  readonly random?: () => number;
}

export type UpdateIncidentResult =
  | { readonly found: false }
  | { readonly found: true; readonly changed: boolean; readonly incident: Incident };

/** Thrown when every attempt lost the optimistic-concurrency race. */
export class IncidentUpdateConflictError extends Error {
  constructor(incidentId: string, attempts: number) {
    super(`incident ${incidentId}: version conflict on each of ${attempts} attempts`);
    this.name = 'IncidentUpdateConflictError';
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Read-modify-write of one incident under optimistic concurrency: read it, let `change` compute the next version
 * (`undefined`: nothing to change), write it conditional on the version read, and start again on a conflict
 * (triage may be attaching signals at the same time).
 */
export async function updateIncident(
  store: Pick<IncidentStore, 'getIncident' | 'updateIncident'>,
  incidentId: string,
  change: (incident: Incident) => Incident | undefined,
  options: UpdateIncidentOptions = {},
): Promise<UpdateIncidentResult> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const current = await store.getIncident(incidentId);
    if (!current) return { found: false };
    const next = change(current);
    if (!next) return { found: true, changed: false, incident: current };
    if (next.version !== current.version + 1) throw new Error(`change must increment the version (${current.version} -> ${next.version})`);
    if (await store.updateIncident(next, current.version)) return { found: true, changed: true, incident: next };
    if (attempt < maxAttempts) await sleep(20 * 2 ** (attempt - 1) * (0.5 + random() / 2));
  }
  throw new IncidentUpdateConflictError(incidentId, maxAttempts);
}
