import type { Incident } from '../../../src/runtime/model';
import { incident } from '../approval/fixtures';

/** A resolved incident that held `fingerprints` (the first as its root, the others as correlated). */
export function resolvedWith(id: string, fingerprints: string[], resolvedAt = '2026-03-10T12:00:00.000Z'): Incident {
  return incident({
    id,
    status: 'resolved',
    resolvedAt,
    firing: [],
    root: { signalId: `${id}-s0`, fingerprint: fingerprints[0], title: 'root' },
    correlation: fingerprints.slice(1).map((f, i) => ({ at: resolvedAt, signalId: `${id}-s${i + 1}`, fingerprint: f, rule: 'owner' as const, gapSeconds: 5 })),
  });
}
