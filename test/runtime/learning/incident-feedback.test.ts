import {
  fingerprintsOf, FeedbackTimelineType, hasMerged, mergeCandidates, mergeIncidents, splitChoices, splitFingerprint,
} from '../../../src/runtime/learning';
import type { Incident, Signal } from '../../../src/runtime/model';
import { incident } from '../approval/fixtures';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const BY = { id: 'U0APPROVER', name: 'Ada' };

function sample(id: string, fingerprint: string, service: string): Signal {
  return { id, fingerprint, service, title: `${service} alarm`, severity: 'high' } as unknown as Signal;
}

function inc(id: string, overrides: Partial<Incident> = {}): Incident {
  return incident({ id, status: 'open', lastSignalAt: '2026-03-10T11:50:00.000Z', ...overrides });
}

describe('mergeIncidents', () => {
  const source = inc('inc-src', {
    key: 'service:payments',
    title: 'payments: latency',
    priority: 'P1',
    severity: 'critical',
    services: ['payments'],
    resources: ['arn:payments'],
    signalIds: ['p1', 'p2', 's1'],
    signalCount: 3,
    firing: ['fp-pay'],
    suppressedCount: 2,
    samples: [sample('p1', 'fp-pay', 'payments')],
    root: { signalId: 'p1', fingerprint: 'fp-pay', service: 'payments', title: 'payments alarm' },
  });
  const target = inc('inc-tgt', { priority: 'P2', severity: 'high', firing: ['fp-co'], samples: [sample('s1', 'fp-co', 'checkout')] });

  test('GIVEN two open incidents WHEN merged THEN the target holds both and the source is resolved into it', () => {
    const { source: s, target: t } = mergeIncidents(source, target, BY, NOW);
    expect(t).toMatchObject({
      signalIds: ['s1', 's2', 'p1', 'p2'],
      signalCount: 5,
      firing: ['fp-co', 'fp-pay'],
      services: ['checkout', 'payments'],
      priority: 'P1',
      severity: 'critical',
      suppressedCount: 2,
      keys: ['service:payments'],
      version: target.version + 1,
      lastSignalAt: '2026-03-10T11:50:00.000Z',
      updatedAt: NOW.toISOString(),
    });
    expect(t.resources).toEqual([...target.resources, 'arn:payments']);
    expect(t.correlation).toEqual([{ at: NOW.toISOString(), signalId: 'p1', fingerprint: 'fp-pay', rule: 'manual', service: 'payments', gapSeconds: 0 }]);
    expect(t.samples!.map((x) => x.fingerprint)).toEqual(['fp-co', 'fp-pay']);
    expect(t.timeline.at(-1)).toMatchObject({ type: FeedbackTimelineType.MERGED, actor: 'slack:U0APPROVER', data: { from: 'inc-src', actorType: 'human', actorName: 'Ada' } });
    expect(hasMerged(t, 'inc-src')).toBe(true);
    expect(hasMerged(target, 'inc-src')).toBe(false);
    expect(s).toMatchObject({ status: 'resolved', resolvedAt: NOW.toISOString(), mergedInto: 'inc-tgt', firing: [], version: source.version + 1 });
    expect(s.timeline.slice(-2).map((e) => e.type)).toEqual([FeedbackTimelineType.MERGED_INTO, 'resolved']);
  });

  test('an incident is never merged into itself', () => {
    expect(() => mergeIncidents(source, source, BY, NOW)).toThrow(/itself/);
  });
});

describe('mergeCandidates', () => {
  const source = inc('inc-src', { services: ['checkout'], environment: 'prod' });
  test('open, same environment, active in the last hour; overlapping services first, then the most recent; at most 5', () => {
    const others = [
      inc('a-recent', { services: ['cart'], lastSignalAt: '2026-03-10T11:59:00.000Z' }),
      inc('b-overlap', { services: ['checkout', 'x'], lastSignalAt: '2026-03-10T11:20:00.000Z' }),
      inc('c-old', { services: ['checkout'], lastSignalAt: '2026-03-10T10:59:00.000Z' }),
      inc('d-resolved', { status: 'resolved' }),
      inc('e-merged', { mergedInto: 'x' }),
      inc('f-staging', { environment: 'staging' }),
      inc('g-prod', { environment: 'prod', services: ['y'], lastSignalAt: '2026-03-10T11:30:00.000Z' }),
      source,
    ];
    expect(mergeCandidates(source, others, NOW).map((i) => i.id)).toEqual(['b-overlap', 'a-recent', 'g-prod']);
    expect(mergeCandidates(source, others, NOW, 1).map((i) => i.id)).toEqual(['b-overlap']);
  });
});

describe('splitFingerprint', () => {
  const two = inc('inc-two', {
    firing: ['fp-a', 'fp-b'],
    parents: ['fp-b'],
    samples: [sample('s1', 'fp-a', 'checkout'), sample('s2', 'fp-b', 'payments')],
  });

  test('GIVEN two firing fingerprints WHEN one is split out THEN it stops firing there, is named on the timeline and leaves the learned members', () => {
    expect(splitChoices(two)).toEqual([
      { fingerprint: 'fp-a', service: 'checkout', title: 'checkout alarm' },
      { fingerprint: 'fp-b', service: 'payments', title: 'payments alarm' },
    ]);
    const next = splitFingerprint(two, 'fp-b', BY, NOW)!;
    expect(next).toMatchObject({ firing: ['fp-a'], parents: [], status: 'open', version: two.version + 1 });
    expect(next.timeline.at(-1)).toMatchObject({ type: FeedbackTimelineType.SPLIT, data: { fingerprint: 'fp-b' } });
    expect(fingerprintsOf(next, 10)).toEqual(['fp-a']);
    expect(splitChoices(next)).toEqual([]);
    expect(splitFingerprint(next, 'fp-b', BY, NOW)).toBeUndefined();
  });

  test('GIVEN the last firing fingerprint split out THEN the incident resolves', () => {
    const one = inc('inc-one', { firing: ['fp-b'], samples: [sample('s1', 'fp-a', 'checkout'), sample('s2', 'fp-b', 'payments')] });
    const next = splitFingerprint(one, 'fp-b', BY, NOW)!;
    expect(next).toMatchObject({ status: 'resolved', resolvedAt: NOW.toISOString(), firing: [] });
    expect(next.timeline.at(-1)!.type).toBe('resolved');
  });
});
