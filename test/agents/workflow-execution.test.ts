import { buildFullLoopApp } from '../../examples/full-loop';
import { readRunbookRegistry } from '../../src/runtime/agents/config';
import { loadIncidentForRun } from '../../src/runtime/agents/load-step';
import { recordFailure } from '../../src/runtime/agents/record-step';
import { remediationStep } from '../../src/runtime/agents/remediation-step';
import { DryRunRunner, InMemoryIncidentStore, InMemoryTimelineSink, ScriptedVerifier, SimulatedClock } from '../../src/runtime/local';
import { NO_COUNTERS, SILENT_LOG } from '../../src/runtime/ports/observability';
import { runWorkflow, taskError, workflowDefinition, type TaskStub } from '../support/workflow';

/**
 * The synthesised AgentSuite workflow executed by an Amazon States Language interpreter (aws-local-stepfunctions),
 * every Lambda task stubbed: the Choices, Catches, Retries and payload paths under test are the template's own.
 */
const definition = workflowDefinition(buildFullLoopApp().stack);

const RUNBOOK = { id: 'aws-restart-ec2-instance', parameters: { InstanceId: 'i-0123456789abcdef0' } };
const event = {
  'id': 'evt-1',
  'detail-type': 'Incident Opened',
  'source': 'cdk-aiops',
  'time': '2026-03-10T02:00:00Z',
  'detail': { id: 'inc-1', title: 'CPU high on search', priority: 'P2', services: ['search-staging'], resources: [] },
};

/** Stubs for a run that reaches `outcome` (AUTO, APPROVE or DENY); `overrides` replace single tasks. */
function stubs(outcome: 'AUTO' | 'APPROVE' | 'DENY', overrides: Record<string, TaskStub> = {}): Record<string, TaskStub> {
  let steps = 0;
  return {
    // The stored incident (the table is the truth; the event only names it).
    LoadIncident: (input: { trigger: { incidentId: string } }) => ({ ...event.detail, id: input.trigger.incidentId, timeline: [] }),
    Telemetry: () => ({ incidentId: 'inc-1', results: [] }),
    Reason: () => ({ finding: { cause: 'CPU saturation', evidence: [], confidence: 0.8, runbook: RUNBOOK, reasoner: 'deterministic' } }),
    Risk: () => ({ outcome, reasons: [`decided ${outcome}`], policies: [], inputs: { runbookId: RUNBOOK.id, priority: 'P2' } }),
    Record: () => ({ recorded: true }),
    NotifyDecision: () => ({}),
    AwaitApproval: () => ({ approver: 'U0123456789' }),
    PlanRemediation: () => ({ state: { runbookId: RUNBOOK.id, phase: 'start' }, next: { action: 'start', waitSeconds: 0 } }),
    RemediationStep: () => {
      steps++;
      return steps < 3
        ? { state: { runbookId: RUNBOOK.id, phase: 'poll' }, next: { action: 'poll', waitSeconds: 10 } }
        : { state: { runbookId: RUNBOOK.id, phase: 'done', result: 'succeeded' }, next: { action: 'done' } };
    },
    RecordOutcome: () => ({ escalate: false, outcome: 'remediated' }),
    NotifyResolved: () => ({}),
    NotifyEscalation: () => ({}),
    RecordDenial: () => ({ escalate: false }),
    NotifyDenial: () => ({}),
    RecordApprovalExpired: () => ({ escalate: true }),
    RecordNoApprover: () => ({ escalate: true }),
    HandleFailure: () => ({ recorded: true }),
    ...overrides,
  };
}

const ran = (path: string[], state: string) => path.includes(state);

describe('AgentSuite workflow, executed', () => {
  test('AUTO: no approval asked, the remediation loop polls until done, then Remediated', async () => {
    const run = await runWorkflow(definition, event, stubs('AUTO'));
    expect(run.error).toBeUndefined();
    expect(ran(run.path, 'AwaitApproval')).toBe(false);
    expect(run.path.filter((s) => s === 'RemediationStep')).toHaveLength(3);
    expect(run.path.slice(-4)).toEqual(['RecordOutcome', 'CheckOutcome', 'NotifyResolved', 'Remediated']);
    // The remediation step is handed the plan's state, the outcome the loop's final state.
    expect(run.calls.RemediationStep?.[0]).toMatchObject({ action: 'step', incident: { id: 'inc-1' }, remediation: { state: { phase: 'start' } } });
    expect(run.calls.RecordOutcome?.[0]).toMatchObject({ incident: { id: 'inc-1' }, remediation: { state: { phase: 'done' } } });
  });

  test('APPROVE, approved: the approver reaches the plan, then the runbook runs', async () => {
    const run = await runWorkflow(definition, event, stubs('APPROVE'));
    expect(run.error).toBeUndefined();
    expect(run.calls.AwaitApproval?.[0]).toMatchObject({ taskToken: 'task-token-1', incident: { id: 'inc-1' }, finding: { runbook: RUNBOOK } });
    expect(run.calls.PlanRemediation?.[0]).toMatchObject({ approval: { approver: 'U0123456789' } });
    expect(run.path[run.path.length - 1]).toBe('Remediated');
  });

  test('APPROVE, denied: the denial is recorded and nothing runs', async () => {
    const run = await runWorkflow(definition, event, stubs('APPROVE', { AwaitApproval: () => { throw taskError('Denied', 'denied by U0123456789'); } }));
    expect(run.error).toBeUndefined();
    expect(ran(run.path, 'PlanRemediation')).toBe(false);
    expect(run.path.slice(-3)).toEqual(['RecordDenial', 'NotifyDenial', 'ApprovalDenied']);
    expect(run.calls.RecordDenial?.[0]).toMatchObject({ incident: { id: 'inc-1' }, runbookId: RUNBOOK.id, error: { Error: 'Denied' } });
  });

  test('APPROVE with no runbook proposed: the outcome steps are told runbookId null, and the run does not fail on the path', async () => {
    const run = await runWorkflow(definition, event, stubs('APPROVE', {
      Reason: () => ({ finding: { cause: 'unknown', evidence: [], confidence: 0.2, reasoner: 'deterministic' } }),
      Risk: () => ({ outcome: 'APPROVE', reasons: ['no runbook proposed'], policies: [], inputs: { priority: 'P2' } }),
      AwaitApproval: () => { throw taskError('States.Timeout'); },
    }));
    expect(run.error).toBeUndefined();
    expect(run.path).toContain('NoRunbookProposed');
    expect(run.calls.RecordApprovalExpired?.[0]).toMatchObject({ runbookId: null });
  });

  test.each(['States.Timeout', 'ApprovalExpired'])('APPROVE, %s: escalated, never approved, nothing runs', async (name) => {
    const run = await runWorkflow(definition, event, stubs('APPROVE', { AwaitApproval: () => { throw taskError(name); } }));
    expect(run.error).toBeUndefined();
    expect(ran(run.path, 'PlanRemediation')).toBe(false);
    expect(run.path.slice(-3)).toEqual(['RecordApprovalExpired', 'NotifyEscalation', 'Escalated']);
    expect(run.calls.RecordApprovalExpired?.[0]).toMatchObject({ runbookId: RUNBOOK.id });
  });

  test('DENY: the workflow ends Denied without asking anyone or running anything', async () => {
    const run = await runWorkflow(definition, event, stubs('DENY'));
    expect(run.error).toBeUndefined();
    expect(ran(run.path, 'AwaitApproval') || ran(run.path, 'PlanRemediation')).toBe(false);
    expect(run.path[run.path.length - 1]).toBe('Denied');
  });

  test('a failed remediation (outcome escalates) notifies the escalation and ends Escalated', async () => {
    const run = await runWorkflow(definition, event, stubs('AUTO', { RecordOutcome: () => ({ escalate: true, outcome: 'rolled-back' }) }));
    expect(run.error).toBeUndefined();
    expect(run.path.slice(-3)).toEqual(['CheckOutcome', 'NotifyEscalation', 'Escalated']);
  });

  test('Prepare keeps only the incident id of the event; every later step gets the stored incident', async () => {
    const run = await runWorkflow(definition, { ...event, detail: { ...event.detail, title: 'forged title', services: ['x-dev'] } }, stubs('AUTO', {
      LoadIncident: () => ({ ...event.detail, title: 'stored title', timeline: [] }),
    }));
    expect(run.error).toBeUndefined();
    expect(run.path.slice(0, 3)).toEqual(['Prepare', 'LoadIncident', 'Telemetry']);
    expect(run.calls.LoadIncident?.[0]).toEqual({
      runId: expect.stringContaining(':execution:'),
      trigger: { eventId: 'evt-1', detailType: 'Incident Opened', time: '2026-03-10T02:00:00Z', incidentId: 'inc-1' },
    });
    expect(run.calls.Telemetry?.[0]).toMatchObject({ incident: { title: 'stored title', services: ['search-staging'] } });
    expect(run.calls.Record?.[0]).toMatchObject({ incident: { title: 'stored title' } });
  });

  test('a step that keeps failing is retried, then HandleFailure records it and the run fails', async () => {
    let attempts = 0;
    const run = await runWorkflow(definition, event, stubs('AUTO', { Telemetry: () => { attempts++; throw taskError('Lambda.ServiceException'); } }));
    expect(attempts).toBeGreaterThan(1);
    expect(ran(run.path, 'Reason')).toBe(false);
    expect(run.path.slice(-2)).toEqual(['HandleFailure', 'Failed']);
    expect(run.error).toBeDefined();
    expect(run.calls.HandleFailure?.[0]).toMatchObject({ state: { error: { Error: 'Lambda.ServiceException' } } });
  });

  test('a notification that fails never stops the loop', async () => {
    const run = await runWorkflow(definition, event, stubs('AUTO', { NotifyDecision: () => { throw taskError('SlackDown'); }, NotifyResolved: () => { throw taskError('SlackDown'); } }));
    expect(run.error).toBeUndefined();
    expect(run.path[run.path.length - 1]).toBe('Remediated');
  });
});

describe('a forged Incident Opened (issue 10: the bus is a trigger, the table is the truth)', () => {
  // A -dev service and a managed instance: the decision would be AUTO, and the old workflow restarted the instance.
  const forged = {
    ...event,
    id: 'evt-forged',
    detail: {
      id: 'inc-forged',
      key: 'svc:checkout-dev',
      title: 'CPU high',
      priority: 'P3',
      status: 'open',
      services: ['checkout-dev'],
      resources: ['arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0'],
    },
  };

  test('names no stored incident: LoadIncident refuses, the failure is recorded without creating an incident, no runbook starts', async () => {
    const store = new InMemoryIncidentStore();
    const clock = new SimulatedClock('2026-03-10T02:00:00Z');
    const runner = new DryRunRunner({ clock });
    const published: Array<{ detailType: string; detail: any }> = [];
    const remediation = {
      incidents: store,
      registry: readRunbookRegistry({}),
      runner,
      verifier: new ScriptedVerifier({ recoverOnCheck: 1 }),
      sink: new InMemoryTimelineSink(),
    };
    const run = await runWorkflow(definition, forged, stubs('AUTO', {
      // The real load and remediation steps over the store; the agents in between answer AUTO for the -dev service.
      LoadIncident: (input) => loadIncidentForRun(input, { store }),
      Reason: () => ({ finding: { cause: 'CPU saturation', evidence: [], confidence: 0.9, runbook: RUNBOOK, reasoner: 'deterministic' } }),
      PlanRemediation: (input) => remediationStep(input, remediation, clock.now()),
      RemediationStep: (input) => remediationStep(input, remediation, clock.now()),
      HandleFailure: (input) => recordFailure(input, {
        store,
        counters: NO_COUNTERS,
        log: SILENT_LOG,
        now: clock.now(),
        publisher: { publish: async (detailType, detail) => { published.push({ detailType, detail }); } },
      }),
    }));

    expect(run.path).toEqual(['Prepare', 'LoadIncident', 'HandleFailure', 'Failed']);
    expect(runner.runs).toEqual([]);
    expect(await store.listIncidents()).toEqual([]);
    expect(await store.getIncident('inc-forged')).toBeUndefined();
    expect(published).toEqual([{ detailType: 'Agent Failure', detail: expect.objectContaining({ failedStep: 'incident', error: 'IncidentNotFoundError', timelineUpdated: false }) }]);
  });
});
