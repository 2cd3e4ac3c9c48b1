import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { GetAutomationExecutionCommand, SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsRunbookRunner } from '../../src/adapters/remediation';
import { AgentEnv } from '../../src/agents/constants';
import { readRemediationConfig, readRunbookRegistry } from '../../src/runtime/agents/config';
import { OutcomeInputSchema, outcomeEntries, recordOutcome } from '../../src/runtime/agents/outcome';
import { NoRunbookError, RemediationNotAuthorisedError, remediationStep, type RemediationStepDeps as RemediationDependencies } from '../../src/runtime/agents/remediation-step';
import { ApprovalError } from '../../src/runtime/approval/decide';
import { InMemoryTimelineSink, ScriptedVerifier } from '../../src/runtime/local';
import { InMemoryIncidentStore } from '../../src/runtime/local/in-memory-incident-store';
import { RunbookRegistry } from '../../src/runtime/runbooks';
import { alarm, EC2, incident } from '../runtime/reasoning/helpers';
import { loadFixture } from '../support/fixtures';

const NOW = new Date('2026-03-10T02:05:00.000Z');
const RUN = 'arn:aws:states:eu-west-1:111111111111:execution:agents:run-1';
const ROLE = 'arn:aws:iam::111111111111:role/automation';
const ssm = mockClient(SSMClient);

function theIncident() {
  const signal = alarm(EC2, 'CPUUtilization', { time: '2026-03-10T01:58:00.000Z' });
  return { ...incident([signal], { openedAt: '2026-03-10T02:00:00.000Z', updatedAt: '2026-03-10T02:00:00.000Z' }), samples: [signal] };
}

const restart = { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } };

/** The incident as the store holds it: the decision recorded for RUN (AUTO unless told). */
function storedIncidents(outcome: string = 'AUTO', extra: object[] = []): RemediationDependencies['incidents'] {
  const decision = { at: '2026-03-10T02:01:00.000Z', type: 'decision', actor: 'agent:risk', message: `decision: ${outcome}`, data: { runId: RUN, outcome } };
  return { getIncident: async (id: string) => (id === theIncident().id ? { ...theIncident(), timeline: [decision, ...extra] } as never : undefined) };
}

function deps(overrides: Partial<RemediationDependencies> = {}): RemediationDependencies & { sink: InMemoryTimelineSink } {
  return {
    incidents: storedIncidents(),
    registry: readRunbookRegistry({}),
    runner: awsRunbookRunner({ ssm: new SSMClient({ region: 'eu-west-1' }), lambda: new LambdaClient({ region: 'eu-west-1' }), codebuild: new CodeBuildClient({ region: 'eu-west-1' }) }, { automationAssumeRole: ROLE }),
    verifier: new ScriptedVerifier({ recoverOnCheck: 1 }),
    sink: new InMemoryTimelineSink(),
    ...overrides,
  } as RemediationDependencies & { sink: InMemoryTimelineSink };
}

beforeEach(() => ssm.reset());

describe('remediation handler: the store, not the input, says whether to run', () => {
  const plan = (extra: object = {}) => ({ action: 'plan', runId: RUN, incident: theIncident(), finding: { runbook: restart }, approval: { automatic: true }, ...extra });
  const startsNothing = (_: RemediationDependencies) => expect(ssm).not.toHaveReceivedCommand(StartAutomationExecutionCommand);

  test('GIVEN no stored incident THEN plan refuses and nothing runs', async () => {
    const d = deps({ incidents: { getIncident: async () => undefined } });
    await expect(remediationStep(plan(), d, NOW)).rejects.toThrow(RemediationNotAuthorisedError);
    await expect(remediationStep(plan(), d, NOW)).rejects.toThrow(/not in the incident table/);
    startsNothing(d);
  });

  test.each([
    ['no decision for this run', storedIncidents('AUTO').getIncident],
    ['a DENY decision', storedIncidents('DENY').getIncident],
    ['an APPROVE decision and no human approval', storedIncidents('APPROVE').getIncident],
  ])('GIVEN %s THEN plan refuses, even when the input says automatic', async (what, getIncident) => {
    const incidents = what === 'no decision for this run'
      ? { getIncident: async (id: string) => ({ ...(await getIncident(id))!, timeline: [] }) }
      : { getIncident };
    const d = deps({ incidents });
    await expect(remediationStep(plan(), d, NOW)).rejects.toThrow(RemediationNotAuthorisedError);
    expect(d.sink.entries(theIncident().id)).toEqual([]);
    startsNothing(d);
  });

  test('GIVEN an APPROVE decision and a human approval (stored entry, or the approval task output) THEN plan plans', async () => {
    const approvalEntry = { at: '2026-03-10T02:03:00.000Z', type: 'approval', actor: 'slack:U1', message: 'approved', data: { approvalId: RUN, outcome: 'approved', actorType: 'human' } };
    const fromStore = await remediationStep(plan(), deps({ incidents: storedIncidents('APPROVE', [approvalEntry]) }), NOW);
    expect(fromStore.next.action).toBe('start');
    const approval = { approved: true, approvedBy: { id: 'U1', name: 'Ana' }, approvedAt: '2026-03-10T02:03:00.000Z' };
    const fromTask = await remediationStep(plan({ approval }), deps({ incidents: storedIncidents('APPROVE') }), NOW);
    expect(fromTask.next.action).toBe('start');
  });

  test('GIVEN a field the state machine never sends, or a state of another incident THEN the input is refused', async () => {
    await expect(remediationStep(plan({ force: true }), deps(), NOW)).rejects.toThrow(/force|Unrecognized/);
    const other = { action: 'step', incident: theIncident(), remediation: { state: { incidentId: 'inc-other', phase: 'start' } } };
    await expect(remediationStep(other, deps(), NOW)).rejects.toThrow(/another incident/);
  });
});

describe('remediation handler', () => {
  test('GIVEN an AUTO decision WHEN planned, started, polled and verified THEN the runbook ran as the automation role and the incident is resolved', async () => {
    // GIVEN
    const d = deps();
    const inc = theIncident();
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: '73c8eef8-f4ee-4a05-820c-e354fEXAMPLE' });
    ssm.on(GetAutomationExecutionCommand).resolves(loadFixture('api/ssm/GetAutomationExecution.json'));

    // WHEN
    const planned = await remediationStep({ action: 'plan', runId: RUN, incident: inc, finding: { runbook: restart }, approval: { automatic: true } }, d, NOW);
    expect(planned.next).toEqual({ action: 'start', waitSeconds: 0 });
    const started = await remediationStep({ action: 'step', incident: inc, remediation: planned }, d, NOW);
    expect(started.next).toEqual({ action: 'poll', waitSeconds: 5 });
    const polled = await remediationStep({ action: 'step', incident: inc, remediation: started }, d, new Date(NOW.getTime() + 5000));
    expect(polled.next.action).toBe('verify');
    const verified = await remediationStep({ action: 'step', incident: inc, remediation: polled }, d, new Date(NOW.getTime() + 35_000));

    // THEN
    expect(verified.next).toEqual({ action: 'done', waitSeconds: 0, outcome: 'resolved', escalate: false });
    expect(ssm).toHaveReceivedCommandWith(StartAutomationExecutionCommand, {
      DocumentName: 'AWS-RestartEC2Instance',
      Parameters: { InstanceId: [EC2.id], AutomationAssumeRole: [ROLE] },
    });
    expect(ssm).toHaveReceivedCommandWith(GetAutomationExecutionCommand, { AutomationExecutionId: '73c8eef8-f4ee-4a05-820c-e354fEXAMPLE' });
    expect(d.sink.entries(inc.id).map((e) => e.type)).toEqual(['runbook-started', 'runbook-succeeded', 'verification-passed', 'remediation-finished']);
  });

  test('GIVEN the GetAutomationExecution fixture with status Failed WHEN polled THEN it fails and escalates without a rollback', async () => {
    const d = deps();
    const inc = theIncident();
    const fixture = loadFixture('api/ssm/GetAutomationExecution.json');
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: 'exec-1' });
    ssm.on(GetAutomationExecutionCommand).resolves({ AutomationExecution: { ...fixture.AutomationExecution, AutomationExecutionStatus: 'Failed', FailureMessage: 'Step fails when it is stopping instances' } });
    const planned = await remediationStep({ action: 'plan', runId: RUN, incident: inc, finding: { runbook: restart } }, d, NOW);
    const started = await remediationStep({ action: 'step', incident: inc, remediation: planned }, d, NOW);
    const polled = await remediationStep({ action: 'step', incident: inc, remediation: started }, d, NOW);
    expect(polled.next).toEqual({ action: 'done', waitSeconds: 0, outcome: 'failed', escalate: true });
    expect(d.sink.entries(inc.id).map((e) => e.type)).toEqual(['runbook-started', 'runbook-failed', 'escalated-to-human', 'remediation-finished']);
  });

  test('GIVEN parameters that point at another instance WHEN planned THEN nothing starts and the incident is escalated', async () => {
    const d = deps();
    const out = await remediationStep({ action: 'plan', runId: RUN, incident: theIncident(), finding: { runbook: { ...restart, parameters: { InstanceId: 'i-0fedcba9876543210' } } } }, d, NOW);
    expect(out.next).toEqual(expect.objectContaining({ action: 'done', outcome: 'failed', escalate: true }));
    expect(ssm).not.toHaveReceivedCommand(StartAutomationExecutionCommand);
  });

  test('GIVEN a human approved WHEN planned THEN the approval is on the timeline, by the approver', async () => {
    const d = deps();
    const inc = theIncident();
    await remediationStep({
      action: 'plan',
      runId: RUN,
      incident: inc,
      finding: { runbook: restart },
      approval: { approved: true, approvedBy: { id: 'U012AB3CD', name: 'Ana' }, approvedAt: '2026-03-10T02:04:00.000Z' },
    }, d, NOW);
    const [entry] = d.sink.entries(inc.id);
    expect(entry).toEqual(expect.objectContaining({ type: 'approval', data: expect.objectContaining({ outcome: 'approved', actorType: 'human', runbookId: restart.id }) }));
  });

  test('GIVEN no runbook or an unregistered one THEN a NoRunbookError (the failure path reports it)', async () => {
    await expect(remediationStep({ action: 'plan', runId: RUN, incident: theIncident(), finding: {} }, deps(), NOW)).rejects.toThrow(NoRunbookError);
    await expect(remediationStep({ action: 'plan', runId: RUN, incident: theIncident(), finding: { runbook: { id: 'nope', parameters: {} } } }, deps(), NOW))
      .rejects.toThrow(/nope, which is not registered/);
  });

  test('GIVEN a kubectl runbook THEN the step reports it unsupported (EKS integration) and escalates', async () => {
    const registry = readRunbookRegistry({
      [AgentEnv.RUNBOOKS_JSON]: JSON.stringify([{
        id: 'k8s-restart',
        title: 'Restart',
        kind: 'kubectl',
        target: 'rollout-restart',
        riskClass: 'low',
        resourceTypes: ['AWS::EC2::Instance'],
        parameters: {},
        verify: { check: 'none', waitSeconds: 0 },
      }]),
    });
    const d = deps({ registry });
    const inc = theIncident();
    const planned = await remediationStep({ action: 'plan', runId: RUN, incident: inc, finding: { runbook: { id: 'k8s-restart', parameters: {} } } }, d, NOW);
    const started = await remediationStep({ action: 'step', incident: inc, remediation: planned }, d, NOW);
    expect(started.next).toEqual(expect.objectContaining({ action: 'done', outcome: 'failed', escalate: true }));
    expect(d.sink.entries(inc.id)[0].message).toMatch(/kubectl runbooks are run by the EKS integration/);
  });

  test('reads its configuration from the environment the construct sets', () => {
    expect(readRemediationConfig({ [AgentEnv.TABLE_NAME]: 't', [AgentEnv.REMEDIATION_MAX_RUN_SECONDS]: '600', [AgentEnv.AUTOMATION_ROLE_ARN]: ROLE }))
      .toEqual({ tableName: 't', maxRunSeconds: 600, automationRoleArn: ROLE, registry: expect.any(RunbookRegistry) });
    expect(() => readRemediationConfig({})).toThrow(new RegExp(`missing environment variable ${AgentEnv.TABLE_NAME}`));
    expect(() => readRemediationConfig({ [AgentEnv.TABLE_NAME]: 't', [AgentEnv.REMEDIATION_MAX_RUN_SECONDS]: '1.5' })).toThrow(/positive whole number/);
  });
});

describe('outcome handler', () => {
  async function seeded() {
    const store = new InMemoryIncidentStore();
    const inc = theIncident();
    await store.createIncident({
      ...inc,
      timeline: [
        { at: '2026-03-10T02:01:00.000Z', type: 'finding', actor: 'agents', message: 'cpu', data: { runbook: restart } },
        { at: '2026-03-10T02:01:00.000Z', type: 'decision', actor: 'agents', message: 'AUTO', data: {} },
      ],
    } as any);
    return { store, inc };
  }

  test('GIVEN a resolved remediation THEN its entries land once on the incident and the KPIs are printed as EMF', async () => {
    // GIVEN
    const { store, inc } = await seeded();
    const d = deps();
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: 'exec-1' });
    ssm.on(GetAutomationExecutionCommand).resolves(loadFixture('api/ssm/GetAutomationExecution.json'));
    let r = await remediationStep({ action: 'plan', runId: RUN, incident: inc, finding: { runbook: restart } }, d, NOW);
    for (let i = 0; i < 3 && r.next.action !== 'done'; i++) r = await remediationStep({ action: 'step', incident: inc, remediation: r }, d, new Date(NOW.getTime() + 60_000));
    const lines: string[] = [];

    // WHEN (twice: a retried step)
    const event = { action: 'remediated', runId: RUN, incident: { id: inc.id }, remediation: { state: r.state } };
    await recordOutcome(event, { store, now: new Date('2026-03-10T02:07:00.000Z'), print: () => undefined });
    const out = await recordOutcome(event, { store, now: new Date('2026-03-10T02:07:00.000Z'), print: (l) => lines.push(l) });

    // THEN
    expect(out).toEqual(expect.objectContaining({ outcome: 'resolved', escalate: false, incidentFound: true }));
    const stored = await store.getIncident(inc.id);
    expect(stored!.timeline.filter((e) => e.type === 'remediation-finished')).toHaveLength(1);
    expect(stored!.status).toBe('mitigated');
    expect(out.kpis).toEqual(expect.objectContaining({ automationOutcome: 'AutoResolved', timeToMitigateSeconds: 360, timeToAcknowledgeSeconds: 60 }));
    const emf = lines.map((l) => JSON.parse(l));
    expect(emf[0]._aws.CloudWatchMetrics[0]).toEqual(expect.objectContaining({ Namespace: 'cdk-aiops' }));
    expect(emf.some((rec) => rec.Outcome === 'AutoResolved')).toBe(true);
  });

  test.each([
    [{ Error: ApprovalError.DENIED, Cause: 'denied by Ana (U012AB3CD)' }, 'denied', false, 'Denied'],
    [{ Error: ApprovalError.TIMED_OUT }, 'expired', true, 'Denied'],
    [{ Error: ApprovalError.EXPIRED, Cause: 'request expired' }, 'expired', true, 'Denied'],
  ])('GIVEN the approval failed with %o THEN outcome %s, escalate %s', async (error, action, escalate, automation) => {
    const { store, inc } = await seeded();
    const event = { action, runId: RUN, incident: { id: inc.id }, runbookId: restart.id, error };
    const out = await recordOutcome(event, { store, now: NOW, print: () => undefined });
    expect(out).toEqual(expect.objectContaining({ outcome: action, escalate }));
    expect(out.kpis!.automationOutcome).toBe(automation);
    const types = (await store.getIncident(inc.id))!.timeline.map((e) => e.type);
    expect(types.includes('escalated-to-human')).toBe(escalate);
  });

  test('GIVEN no channel THEN the APPROVE decision is escalated, never run', () => {
    const { outcome, escalate, entries } = outcomeEntries(OutcomeInputSchema.parse({ action: 'no-approver', runId: RUN, incident: { id: 'inc-1' } }), NOW);
    expect({ outcome, escalate }).toEqual({ outcome: 'no-approver', escalate: true });
    expect(entries.map((e) => e.type)).toEqual(['escalated-to-human']);
  });

  test('GIVEN the incident is gone THEN nothing is written and no KPI is printed', async () => {
    const lines: string[] = [];
    const out = await recordOutcome({ action: 'no-approver', runId: RUN, incident: { id: 'gone' } }, { store: new InMemoryIncidentStore(), now: NOW, print: (l) => lines.push(l) });
    expect(out.incidentFound).toBe(false);
    expect(lines).toEqual([]);
  });
});
