import { AutomationOutcomeValue, KpiDimension, KpiMetric, METRIC_NAMESPACE as KPI_NAMESPACE } from '../../../src/contract';
import { computeIncidentKpis, median } from '../../../src/runtime/kpi';
import { DryRunRunner, InMemoryTimelineSink, ScriptedVerifier, SimulatedClock } from '../../../src/runtime/local';
import type { Incident, TimelineEntry } from '../../../src/runtime/model';
import { remediate } from '../../../src/runtime/remediation';
import { signal } from '../../support/telemetry-builders';
import { ec2Input, REGISTRY } from '../remediation/builders';

const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const e = (s: number, type: string, data?: Record<string, unknown>): TimelineEntry => ({ at: at(s), type, message: type, ...(data ? { data } : {}) });

function incidentWith(timeline: TimelineEntry[], overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-k',
    key: 'service:web',
    title: 'web is unhealthy',
    priority: 'P2',
    status: 'open',
    severity: 'high',
    storm: false,
    signalIds: ['s-prior', 's-open', 's-deploy'],
    firing: [],
    services: ['web'],
    resources: [],
    sources: ['cloudwatch-alarm'],
    suppressedCount: 0,
    openedAt: at(0),
    updatedAt: at(0),
    timeline: [e(0, 'opened'), ...timeline],
    version: 1,
    ...overrides,
  };
}

const FINDING_WITH_RUNBOOK = (s: number) => e(s, 'finding', { runbook: { id: 'aws-restart-ec2-instance', parameters: {} } });

describe('KPI names', () => {
  test('are the stable names dashboards and alarms use', () => {
    expect(KPI_NAMESPACE).toBe('cdk-aiops');
    expect(Object.values(KpiMetric)).toEqual([
      'TimeToDetect', 'TimeToAcknowledge', 'TimeToMitigate', 'TimeToResolve', 'AutomationOutcome', 'Pages', 'ReasoningTokens', 'EstimatedCostUsd',
    ]);
    expect(KpiDimension.OUTCOME).toBe('Outcome');
    expect(Object.values(AutomationOutcomeValue)).toEqual(['AutoResolved', 'Approved', 'Denied', 'Failed', 'RolledBack']);
  });
});

describe('computeIncidentKpis', () => {
  test('GIVEN an auto-remediated incident THEN detect from the earliest firing signal, ack at the decision, mitigate at verification, resolve at resolvedAt, tokens and cost', () => {
    const incident = incidentWith([
      FINDING_WITH_RUNBOOK(30),
      e(30, 'tokens', { tokens: 1500, usage: { inputTokens: 1200, outputTokens: 300 } }),
      e(30, 'decision', { outcome: 'AUTO' }),
      e(31, 'runbook-started'),
      e(120, 'runbook-succeeded'),
      e(200, 'verification-passed'),
      e(200, 'remediation-finished', { outcome: 'resolved' }),
    ], { status: 'resolved', resolvedAt: at(260) });
    const signals = [
      signal({ id: 's-prior', time: at(-120) }), // below the threshold at first: triage opened on the next occurrence
      signal({ id: 's-open', time: at(0) }),
      signal({ id: 's-deploy', time: at(-600), state: 'info' }), // context, not a detection
      signal({ id: 's-other', time: at(-9000) }), // not this incident's
    ];

    const kpis = computeIncidentKpis(incident, { signals, pricing: { inputUsdPerMillionTokens: 3, outputUsdPerMillionTokens: 15 } });

    expect(kpis).toEqual({
      incidentId: 'inc-k',
      timeToDetectSeconds: 120,
      timeToAcknowledgeSeconds: 30,
      timeToMitigateSeconds: 200,
      timeToResolveSeconds: 260,
      automationOutcome: 'AutoResolved',
      pages: 0,
      reasoningTokens: 1500,
      estimatedCostUsd: 0.0081, // 1200 × $3/M + 300 × $15/M
    });
  });

  test('GIVEN a human approval THEN Approved and one page; GIVEN a resolved entry and no resolvedAt THEN resolve at it', () => {
    const kpis = computeIncidentKpis(incidentWith([
      FINDING_WITH_RUNBOOK(20),
      e(20, 'decision', { outcome: 'APPROVE' }),
      e(20, 'approval-requested'),
      e(320, 'approval', { outcome: 'approved', actorType: 'human' }),
      e(500, 'verification-passed'),
      e(500, 'remediation-finished', { outcome: 'resolved' }),
      e(900, 'resolved'),
    ]));
    expect(kpis).toMatchObject({ timeToAcknowledgeSeconds: 20, timeToMitigateSeconds: 500, timeToResolveSeconds: 900, automationOutcome: 'Approved', pages: 1 });
  });

  test.each([
    ['rolled-back', 'RolledBack'],
    ['failed', 'Failed'],
    ['rollback-failed', 'Failed'],
  ])('GIVEN a remediation that finished %s THEN %s, the escalation is a page, nothing mitigated', (outcome, expected) => {
    const kpis = computeIncidentKpis(incidentWith([
      FINDING_WITH_RUNBOOK(10), e(10, 'decision', { outcome: 'AUTO' }), e(400, 'escalated-to-human'), e(400, 'remediation-finished', { outcome }),
    ]));
    expect(kpis.automationOutcome).toBe(expected);
    expect(kpis.pages).toBe(1);
    expect(kpis.timeToMitigateSeconds).toBeUndefined();
  });

  test('GIVEN DENY, a denied approval or an unanswered one THEN Denied; GIVEN no runbook proposed THEN no outcome at all', () => {
    const deny = computeIncidentKpis(incidentWith([FINDING_WITH_RUNBOOK(10), e(10, 'decision', { outcome: 'DENY' })]));
    expect(deny.automationOutcome).toBe('Denied');
    const answers = [e(3600, 'approval', { outcome: 'denied' }), e(3600, 'approval', { outcome: 'expired' }), e(3600, 'approval-timed-out')];
    for (const answer of answers) {
      const kpis = computeIncidentKpis(incidentWith([FINDING_WITH_RUNBOOK(10), e(10, 'decision', { outcome: 'APPROVE' }), e(10, 'approval-requested'), answer]));
      expect(kpis.automationOutcome).toBe('Denied');
    }
    // A human's answer acknowledges; an expiry does not.
    expect(computeIncidentKpis(incidentWith([e(50, 'approval', { outcome: 'denied' })])).timeToAcknowledgeSeconds).toBe(50);
    expect(computeIncidentKpis(incidentWith([e(50, 'approval', { outcome: 'expired' })]))).not.toHaveProperty('timeToAcknowledgeSeconds');
    const none = computeIncidentKpis(incidentWith([e(10, 'finding'), e(10, 'decision', { outcome: 'DENY' })]));
    expect(none).not.toHaveProperty('automationOutcome');
  });

  test('GIVEN an incident nobody looked at THEN only detection, pages 0 and tokens 0: missing markers are absent, never zero', () => {
    const kpis = computeIncidentKpis(incidentWith([e(5, 'signal'), e(9, 'signal', undefined)]));
    expect(kpis).toEqual({ incidentId: 'inc-k', timeToDetectSeconds: 0, pages: 0, reasoningTokens: 0 });
  });

  test('GIVEN no signals THEN detection from the opened and signal entries; entries before opening do not acknowledge', () => {
    const incident = incidentWith([e(-30, 'decision'), e(45, 'acknowledged')], {
      openedAt: at(60),
      timeline: [e(0, 'signal'), e(60, 'opened'), e(-30, 'decision'), e(75, 'acknowledged')],
    });
    expect(computeIncidentKpis(incident)).toMatchObject({ timeToDetectSeconds: 60, timeToAcknowledgeSeconds: 15 });
  });

  test('GIVEN tokens without the input/output split THEN priced as output (an upper bound); GIVEN no prices THEN no cost', () => {
    const incident = incidentWith([e(1, 'tokens', { tokens: 1000 }), e(2, 'tokens', { tokens: 500, usage: { inputTokens: 400, outputTokens: 100 } })]);
    const pricing = { inputUsdPerMillionTokens: 3, outputUsdPerMillionTokens: 15 };
    expect(computeIncidentKpis(incident, { pricing })).toMatchObject({ reasoningTokens: 1500, estimatedCostUsd: 0.0225 });
    expect(computeIncidentKpis(incident)).not.toHaveProperty('estimatedCostUsd');
    // No tokens entries: the findings' usage.
    expect(computeIncidentKpis(incidentWith([e(1, 'finding', { usage: { inputTokens: 70, outputTokens: 30 } })])).reasoningTokens).toBe(100);
  });

  test('GIVEN a real remediation written through the timeline sink THEN its entries mark mitigation and the outcome', async () => {
    const input = ec2Input();
    const clock = new SimulatedClock(input.incident.openedAt);
    const sink = new InMemoryTimelineSink();
    clock.advance(90_000);
    await remediate(input, { clock, runner: new DryRunRunner({ clock }), verifier: new ScriptedVerifier(), sink, runbooks: REGISTRY });
    const kpis = computeIncidentKpis(sink.applyTo(input.incident), { signals: input.signals });
    // Started 90 s after opening; a 60 s dry run seen at +75 s; recovered at the first check 30 s later.
    expect(kpis).toMatchObject({ timeToDetectSeconds: 0, timeToMitigateSeconds: 195, automationOutcome: 'AutoResolved', pages: 0 });
  });
});

describe('median', () => {
  test('odd, even, none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});
