import {
  formatDuration, formatFinalSummary, formatIncidentUpdate, INCIDENT_STEP_KINDS, SlackLimits, type IncidentStep,
} from '../../../src/runtime/comms';
import type { Incident } from '../../../src/runtime/model';
import { finding, incident } from '../approval/fixtures';

const ada = { id: 'U0ADA0001', name: 'Ada Lovelace' };

const STEPS: Record<IncidentStep['kind'], IncidentStep> = {
  'opened': { kind: 'opened' },
  'telemetry': { kind: 'telemetry', summary: 'telemetry: 12 evidence items from 4 collectors' },
  'finding': { kind: 'finding', finding: finding() },
  'decision': { kind: 'decision', decision: { outcome: 'APPROVE', reasons: ['P1 in production'] }, runbookId: 'ecs-rollback-deployment' },
  'awaiting-approval': { kind: 'awaiting-approval', runbookId: 'ecs-rollback-deployment', expiresAt: '2026-03-10T13:00:00.000Z' },
  'approved': { kind: 'approved', by: ada, runbookId: 'ecs-rollback-deployment' },
  'denied': { kind: 'denied', by: ada, runbookId: 'ecs-rollback-deployment' },
  'runbook-started': { kind: 'runbook-started', runbookId: 'ecs-rollback-deployment', executionId: 'exec-1' },
  'verified': { kind: 'verified', detail: '5xx rate back under 0.1%' },
  'rolled-back': { kind: 'rolled-back', reason: 'error rate rose after the change' },
  'escalated': { kind: 'escalated', reason: 'nobody approved within 60 minutes' },
  'resolved': { kind: 'resolved' },
};

const EXPECTED: Record<IncidentStep['kind'], RegExp> = {
  'opened': /^Incident opened on checkout: checkout: 5xx rate above 5% \(priority P1, severity critical, 2 signal\(s\)\)\./,
  'telemetry': /^Telemetry: telemetry: 12 evidence items/,
  'finding': /^Probable cause \(82% confidence, bedrock\): The 14:02 deployment .* Proposed runbook: ecs-rollback-deployment\./,
  'decision': /^Risk decision for runbook ecs-rollback-deployment: APPROVE \(a human must approve it\)\. P1 in production/,
  'awaiting-approval': /^Waiting for approval of runbook ecs-rollback-deployment until 2026-03-10T13:00:00.000Z\. .*never approved by default/,
  'approved': /^Approved by Ada Lovelace \(U0ADA0001\): runbook ecs-rollback-deployment will run\./,
  'denied': /^Denied by Ada Lovelace \(U0ADA0001\): runbook ecs-rollback-deployment will not run\./,
  'runbook-started': /^Runbook ecs-rollback-deployment started \(execution exec-1\)\./,
  'verified': /^Mitigation verified: 5xx rate back under 0\.1%/,
  'rolled-back': /^Runbook rolled back: error rate rose/,
  'escalated': /^Escalated to the on-call: nobody approved/,
  'resolved': /^Resolved at 2026-03-10T12:20:00.000Z\./,
};

describe('formatIncidentUpdate', () => {
  const inc = incident({ resolvedAt: '2026-03-10T12:20:00.000Z' });

  test('covers every step kind', () => {
    expect(Object.keys(STEPS).sort()).toEqual([...INCIDENT_STEP_KINDS].sort());
  });

  test.each(INCIDENT_STEP_KINDS.map((k) => [k]))('GIVEN step %s THEN a subject, a plain text and escaped Slack blocks', (kind) => {
    const m = formatIncidentUpdate(inc, STEPS[kind]);
    expect(m.text).toMatch(EXPECTED[kind]);
    expect(m.text).toContain(`Incident ${inc.id}`);
    expect(m.subject).toMatch(/^\[P1\] checkout: 5xx rate above 5%: /);
    const section = m.blocks![0];
    expect(section.type).toBe('section');
    expect(section.type === 'section' && section.text!.text.length).toBeLessThanOrEqual(SlackLimits.SECTION_TEXT);
  });

  test('GIVEN approved or denied THEN the Slack text mentions the person', () => {
    expect(JSON.stringify(formatIncidentUpdate(inc, STEPS.approved).blocks)).toContain('<@U0ADA0001>');
  });

  test('GIVEN hostile text in the title, reasons and names THEN the blocks carry no live mention or link', () => {
    const hostile = incident({ title: '<!channel> <https://evil|click>' });
    const extra: IncidentStep[] = [{ kind: 'escalated', reason: '<!here>' }, { kind: 'approved', by: { id: 'U0ADA0001', name: '<!everyone>' } }];
    for (const step of [...Object.values(STEPS), ...extra]) {
      const json = JSON.stringify(formatIncidentUpdate(hostile, step).blocks);
      expect(json).not.toMatch(/<!channel>|<!here>|<!everyone>|<https:/);
    }
  });
});

describe('formatFinalSummary', () => {
  const timeline: Incident['timeline'] = [
    { at: '2026-03-10T11:50:00.000Z', type: 'opened', message: 'Opened: checkout 5xx', actor: 'triage' },
    { at: '2026-03-10T11:50:30.000Z', type: 'signal', message: 'noise', actor: 'triage' },
    { at: '2026-03-10T11:51:00.000Z', type: 'telemetry', message: 'telemetry: 12 items', actor: 'agents' },
    { at: '2026-03-10T11:52:00.000Z', type: 'finding', message: 'Deployment exhausts the DB pool', actor: 'bedrock' },
    { at: '2026-03-10T11:52:01.000Z', type: 'decision', message: 'decision: APPROVE for runbook ecs-rollback-deployment', actor: 'agents' },
    { at: '2026-03-10T11:55:00.000Z', type: 'approval', message: 'approved runbook ecs-rollback-deployment: Ada Lovelace', actor: 'slack:U0ADA0001', data: { actorType: 'human', actorName: 'Ada Lovelace' } },
    { at: '2026-03-10T11:56:00.000Z', type: 'runbook', message: 'runbook ecs-rollback-deployment succeeded', actor: 'agents' },
    { at: '2026-03-10T12:20:00.000Z', type: 'resolved', message: 'Resolved: all signals cleared', actor: 'triage' },
  ];
  const inc = incident({ status: 'resolved', resolvedAt: '2026-03-10T12:20:00.000Z', timeline });

  test('says what happened, what was done by whom (human or agent), and the KPIs', () => {
    const kpis = { timeToDetectSeconds: 45, timeToAcknowledgeSeconds: 61, timeToMitigateSeconds: 360, timeToResolveSeconds: 1800 };
    const m = formatFinalSummary(inc, { kpis });
    expect(m.subject).toBe('[P1] checkout: 5xx rate above 5%: summary');
    expect(m.text).toContain('Probable cause: Deployment exhausts the DB pool');
    expect(m.text).toContain('11:55:00Z  approved runbook ecs-rollback-deployment: Ada Lovelace (by Ada Lovelace, human)');
    expect(m.text).toContain('11:52:01Z  decision: APPROVE for runbook ecs-rollback-deployment (by agents, agent)');
    expect(m.text).toContain('11:56:00Z  runbook ecs-rollback-deployment succeeded (by agents, agent)');
    expect(m.text).not.toContain('noise');
    expect(m.text).toContain('People: Ada Lovelace.');
    expect(m.text).toContain('Agents: triage, bedrock, agents.');
    expect(m.text).toContain('Time to detect: 45s');
    expect(m.text).toContain('Time to acknowledge: 1m 01s');
    expect(m.text).toContain('Time to mitigate: 6m 00s');
    expect(m.text).toContain('Time to resolve: 30m 00s');
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('Ada Lovelace');
    expect(json).toContain('*Time to resolve*\\n30m 00s');
  });

  test('GIVEN no humans and missing KPIs THEN it says the agents handled it and n/a', () => {
    const m = formatFinalSummary(incident(), { kpis: {} });
    expect(m.text).toContain('People: none (the agents handled it)');
    expect(m.text).toContain('Time to mitigate: n/a');
    expect(m.text).toContain('No probable cause was recorded.');
  });

  test('GIVEN a long timeline THEN the Slack section stays within limits and says what was left out', () => {
    const long = Array.from({ length: 150 }, (_, i) => ({ at: '2026-03-10T11:50:00.000Z', type: 'runbook', message: `step ${i} ${'x'.repeat(100)}`, actor: 'agents' }));
    const m = formatFinalSummary(incident({ timeline: long }), { kpis: {}, maxActions: 150 });
    for (const b of m.blocks!) {
      if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(SlackLimits.SECTION_TEXT);
    }
    expect(JSON.stringify(m.blocks)).toMatch(/earlier action\(s\) left out/);
  });
});

describe('formatDuration', () => {
  test.each([[0, '0s'], [59.6, '1m 00s'], [3725, '1h 02m 05s'], [undefined, 'n/a'], [-1, 'n/a'], [Number.NaN, 'n/a']])('%p -> %p', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});
