import { DryRunRunner, ScriptedVerifier, type DryRunOutcome } from '../../../src/runtime/local';
import {
  approvesAfter,
  deniesAfter,
  neverAnswers,
  simulateIncidentLoop,
  type ApproverPolicy,
  type Investigate,
  type SimulatedDecision,
  type SimulateDeps,
} from '../../../src/runtime/loop';
import type { Incident, Signal } from '../../../src/runtime/model';
import { BuiltinRunbookId } from '../../../src/runtime/runbooks';
import { ec2Incident, finding, REGISTRY } from '../remediation/builders';

const RESTART = BuiltinRunbookId.RESTART_EC2_INSTANCE; // low risk
const REBOOT_RDS = BuiltinRunbookId.REBOOT_RDS_INSTANCE; // medium risk, not on an EC2 incident's resources

const AUTO: SimulatedDecision = { outcome: 'AUTO', reasons: ['low-risk runbook outside freezes'], policies: ['auto-low-risk'] };
const APPROVE: SimulatedDecision = { outcome: 'APPROVE', reasons: ['production: a human approves'], policies: ['approve-prod'] };
const DENY: SimulatedDecision = { outcome: 'DENY', reasons: ['freeze window "release"'], policies: ['deny-freeze'] };

interface Case {
  readonly runbook?: string;
  readonly decision: SimulatedDecision;
  readonly throws?: string;
  readonly resolvedAfterSeconds?: number;
}

function scenario(cases: Record<string, Case>): { inputs: Array<{ incident: Incident; signals: Signal[] }>; investigate: Investigate } {
  const inputs = Object.entries(cases).map(([id, c]) => {
    const { incident, signals } = ec2Incident({ id, title: `incident ${id}` });
    const resolvedAt = c.resolvedAfterSeconds !== undefined
      ? new Date(Date.parse(incident.openedAt) + c.resolvedAfterSeconds * 1000).toISOString()
      : undefined;
    return { incident: resolvedAt ? { ...incident, status: 'resolved' as const, resolvedAt } : incident, signals };
  });
  const investigate: Investigate = (incident, signals) => {
    const c = cases[incident.id];
    if (c.throws) throw new Error(c.throws);
    return { finding: finding(c.runbook, c.runbook ? { InstanceId: signals[0].resource.id } : {}), decision: c.decision };
  };
  return { inputs, investigate };
}

function deps(investigate: Investigate, extra: Partial<SimulateDeps> = {}, outcomes: Record<string, DryRunOutcome> = {}): SimulateDeps {
  return { investigate, runbooks: REGISTRY, runner: (clock) => new DryRunRunner({ clock, outcomes }), verifier: new ScriptedVerifier(), ...extra };
}

const types = (timeline: ReadonlyArray<{ type: string }>) => timeline.map((e) => e.type);

describe('simulateIncidentLoop', () => {
  test('GIVEN an AUTO decision on a low-risk runbook THEN the agent resolves it: investigation 60 s + run seen done at 75 s + recovery at the first check 30 s', async () => {
    const { inputs, investigate } = scenario({ a: { runbook: RESTART, decision: AUTO } });

    const { incidents: [a], stats } = await simulateIncidentLoop(inputs, deps(investigate));

    expect(a).toMatchObject({ id: 'a', title: 'incident a', priority: 'P2', handledBy: 'agent', mttrSeconds: 165, riskClass: 'low', decision: AUTO });
    expect(a.humanReason).toBeUndefined();
    expect(a.remediation).toMatchObject({ outcome: 'resolved', escalate: false });
    expect(types(a.timeline)).toEqual([
      'finding', 'decision', 'runbook-started', 'runbook-succeeded', 'verification-passed', 'remediation-finished', 'resolved',
    ]);
    expect(a.kpis).toMatchObject({ timeToAcknowledgeSeconds: 60, timeToMitigateSeconds: 165, timeToResolveSeconds: 165, automationOutcome: 'AutoResolved', pages: 0 });
    expect(stats).toEqual({
      incidents: 1, autoRemediated: 1, automationRate: { all: 1, lowRisk: 1 }, approvals: 0, denied: 0, approvalTimeouts: 0, medianMttrSeconds: 165,
    });
  });

  test('GIVEN APPROVE and a human who approves after 5 min THEN the runbook runs after the approval', async () => {
    const { inputs, investigate } = scenario({ b: { runbook: RESTART, decision: APPROVE } });

    const { incidents: [b], stats } = await simulateIncidentLoop(inputs, deps(investigate, { approver: approvesAfter(5) }));

    expect(b).toMatchObject({ handledBy: 'agent', mttrSeconds: 60 + 300 + 105 });
    expect(types(b.timeline).slice(0, 4)).toEqual(['finding', 'decision', 'approval-requested', 'approval']);
    expect(b.timeline[3]).toMatchObject({ actor: 'human:simulated', data: { outcome: 'approved', actorType: 'human' } });
    expect(b.kpis).toMatchObject({ automationOutcome: 'Approved', pages: 1 });
    expect(stats).toMatchObject({ autoRemediated: 0, approvals: 1, automationRate: { all: 0, lowRisk: 0 } });
  });

  test.each<[string, ApproverPolicy]>([
    ['never answers', neverAnswers(30)],
    ['would approve, but only after the timeout', approvesAfter(45, 30)],
    ['would approve exactly at the timeout', approvesAfter(30, 30)],
  ])('GIVEN APPROVE and a human who %s THEN the request times out and is escalated: never an approval, nothing runs', async (_what, approver) => {
    const { inputs, investigate } = scenario({ c: { runbook: RESTART, decision: APPROVE } });
    const runners: DryRunRunner[] = [];

    const { incidents: [c], stats } = await simulateIncidentLoop(inputs, deps(investigate, {
      approver,
      runner: (clock) => {
        const r = new DryRunRunner({ clock });
        runners.push(r);
        return r;
      },
    }));

    expect(c).toMatchObject({ handledBy: 'human', mttrSeconds: null, humanReason: `approval for ${RESTART} timed out after 30 min` });
    expect(c.remediation).toBeUndefined();
    expect(types(c.timeline)).toEqual(['finding', 'decision', 'approval-requested', 'approval-timed-out', 'escalated-to-human']);
    expect(c.timeline[3].at).toBe(new Date(Date.parse(c.timeline[2].at) + 30 * 60_000).toISOString());
    expect(types(c.timeline)).not.toContain('approval');
    expect(runners).toEqual([]);
    expect(stats).toMatchObject({ approvals: 0, approvalTimeouts: 1, autoRemediated: 0 });
    expect(c.kpis).toMatchObject({ automationOutcome: 'Denied', pages: 2 });
  });

  test('GIVEN an escalation and humanResolutionMinutes THEN the human resolves it that long after', async () => {
    const { inputs, investigate } = scenario({ d: { runbook: RESTART, decision: APPROVE } });
    const { incidents: [d] } = await simulateIncidentLoop(inputs, deps(investigate, { approver: neverAnswers(30), humanResolutionMinutes: 45 }));
    expect(d).toMatchObject({ handledBy: 'human', mttrSeconds: 60 + 1800 + 2700 });
    expect(d.timeline[d.timeline.length - 1]).toMatchObject({ type: 'resolved', actor: 'human:simulated' });
  });

  test('GIVEN a human who denies, a DENY decision, no runbook, an unknown runbook or a failed investigation THEN a human has it, and says why', async () => {
    const { inputs, investigate } = scenario({
      denied: { runbook: RESTART, decision: APPROVE },
      policy: { runbook: RESTART, decision: DENY },
      none: { decision: AUTO },
      unknown: { runbook: 'not-there', decision: AUTO },
      broken: { decision: AUTO, throws: 'Bedrock throttled' },
    });

    const { incidents, stats } = await simulateIncidentLoop(inputs, deps(investigate, { approver: deniesAfter(2, 'not during the sale') }));

    expect(incidents.map((r) => [r.id, r.handledBy, r.humanReason])).toEqual([
      ['denied', 'human', `approval for ${RESTART} denied: not during the sale`],
      ['policy', 'human', `runbook ${RESTART} denied by policy: freeze window "release"`],
      ['none', 'human', 'no runbook proposed'],
      ['unknown', 'human', 'runbook not-there is not in the registry'],
      ['broken', 'human', 'investigation failed: Bedrock throttled'],
    ]);
    expect(incidents.every((r) => r.remediation === undefined && r.mttrSeconds === null)).toBe(true);
    // A human who denied is already involved: the denial ends the timeline, as the outcome step writes it (no page).
    const [denied, ...escalated] = incidents;
    expect(denied.timeline[denied.timeline.length - 1]).toMatchObject({ type: 'approval', data: { actorType: 'human', outcome: 'denied', runbookId: RESTART } });
    expect(escalated.every((r) => r.timeline[r.timeline.length - 1].type === 'escalated-to-human')).toBe(true);
    expect(incidents[4]).toMatchObject({ finding: null, decision: null });
    expect(stats).toMatchObject({ incidents: 5, denied: 2, autoRemediated: 0, automationRate: { all: 0, lowRisk: 0 }, medianMttrSeconds: null });
  });

  test('GIVEN an AUTO runbook that fails THEN the remediation\'s escalation reason is the human reason', async () => {
    const { inputs, investigate } = scenario({ f: { runbook: RESTART, decision: AUTO } });
    const { incidents: [f] } = await simulateIncidentLoop(inputs, deps(investigate, {}, { [RESTART]: { state: 'failed', detail: 'Step stop failed' } }));
    expect(f).toMatchObject({ handledBy: 'human', mttrSeconds: null, remediation: { outcome: 'failed', escalate: true } });
    expect(f.humanReason).toBe(`runbook ${RESTART} failed (Step stop failed); no rollback declared`);
    expect(f.kpis.automationOutcome).toBe('Failed');
  });

  test('GIVEN an incident that resolved on its own before the decision THEN nobody handled it and MTTR is its own', async () => {
    const { inputs, investigate } = scenario({ gone: { runbook: RESTART, decision: AUTO, resolvedAfterSeconds: 40 } });
    const { incidents: [gone] } = await simulateIncidentLoop(inputs, deps(investigate));
    expect(gone).toMatchObject({ handledBy: 'none', mttrSeconds: 40 });
    expect(gone.remediation).toBeUndefined();
  });

  test('GIVEN a mixed set THEN the stats: automation rate overall and on low-risk runbooks, approvals, denials, median MTTR; the JSON replay prints', async () => {
    const { inputs, investigate } = scenario({
      a1: { runbook: RESTART, decision: AUTO }, // agent, 165 s
      a2: { runbook: RESTART, decision: AUTO }, // agent, 165 s
      ap: { runbook: RESTART, decision: APPROVE }, // approved after 10 min: 765 s
      rds: { runbook: REBOOT_RDS, decision: DENY }, // medium risk, denied
      nr: { decision: AUTO }, // no runbook
    });
    const approver: ApproverPolicy = { timeoutMinutes: 30, answer: () => ({ answer: 'approve', afterMinutes: 10 }) };

    const result = await simulateIncidentLoop(inputs, deps(investigate, { approver }));

    expect(result.incidents.map((r) => r.mttrSeconds)).toEqual([165, 165, 765, null, null]);
    expect(result.stats).toEqual({
      incidents: 5,
      autoRemediated: 2,
      automationRate: { all: 0.4, lowRisk: 2 / 3 },
      approvals: 1,
      denied: 1,
      approvalTimeouts: 0,
      medianMttrSeconds: 165,
    });
    const printed = JSON.parse(JSON.stringify(result));
    for (const incident of printed.incidents) {
      expect(Array.isArray(incident.timeline)).toBe(true);
      expect(incident).toHaveProperty('mttrSeconds');
    }
    expect(printed.stats).toHaveProperty('automationRate');
    expect(printed.stats).toHaveProperty('medianMttrSeconds');
  });
});
