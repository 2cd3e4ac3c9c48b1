import { ec2Input, finding, REGISTRY, spec } from './builders';
import { DryRunRunner, InMemoryTimelineSink, ScriptedVerifier, SimulatedClock, type DryRunOutcome, type ScriptedVerifierOptions } from '../../../src/runtime/local';
import { TimelineEntrySchema } from '../../../src/runtime/model';
import { decideNext, KindDispatchingRunner, planRemediation, pollOnce, remediate, RemediationTimelineType as T, startRunbook, verifyOnce, type RecoveryVerifier, type RemediationInput, type RemediationOptions, type RemediationState, type RunbookRunner, type TimelineSink } from '../../../src/runtime/remediation';
import { BuiltinRunbookId } from '../../../src/runtime/runbooks';

const START = '2019-10-02T17:10:00.000Z';
const RESTART = BuiltinRunbookId.RESTART_EC2_INSTANCE;

function at(seconds: number): string {
  return new Date(Date.parse(START) + seconds * 1000).toISOString();
}

function setup(outcomes: Record<string, DryRunOutcome | DryRunOutcome[]> = {}, verify: ScriptedVerifierOptions = {}) {
  const clock = new SimulatedClock(START);
  const runner = new DryRunRunner({ clock, outcomes });
  const verifier = new ScriptedVerifier(verify);
  const sink = new InMemoryTimelineSink();
  return { clock, runner, verifier, sink, deps: { clock, runner, verifier, sink, runbooks: REGISTRY } };
}

const types = (entries: ReadonlyArray<{ type: string }>) => entries.map((e) => e.type);

describe('remediate', () => {
  test('GIVEN a runbook that succeeds and a service that recovers on the 2nd check THEN resolved, nobody paged, every step on the timeline', async () => {
    const { deps, runner, sink } = setup({ [RESTART]: { state: 'succeeded', durationSeconds: 60 } }, { recoverOnCheck: 2 });
    const input = ec2Input();

    const result = await remediate(input, deps);

    expect(result).toMatchObject({ outcome: 'resolved', escalate: false, incidentId: 'inc-1', runbookId: RESTART, startedAt: START, executionIds: { remediation: 'dry-run-1' } });
    expect(types(result.steps)).toEqual([T.RUNBOOK_STARTED, T.RUNBOOK_SUCCEEDED, T.VERIFICATION_PASSED, T.FINISHED]);
    // Polls back off 5, 10, 20, 40 s: the 60 s run is seen done at 75 s; checks every 30 s: recovered at 135 s.
    expect(result.steps.map((e) => e.at)).toEqual([at(0), at(75), at(135), at(135)]);
    expect(result.endedAt).toBe(at(135));
    expect(sink.entries('inc-1')).toEqual(result.steps);
    for (const e of result.steps) expect(TimelineEntrySchema.safeParse(e).success).toBe(true);
    expect(runner.runs).toEqual([expect.objectContaining({
      runbookId: RESTART,
      target: 'AWS-RestartEC2Instance',
      params: { InstanceId: 'i-12345678901234567' },
      purpose: 'remediation',
      requestKey: `inc-1/${RESTART}/remediation/${START}`,
    })]);
    expect(result.steps[0].data).toMatchObject({ runbookId: RESTART, executionId: 'dry-run-1', kind: 'ssm-automation' });
  });

  test('GIVEN a runbook that fails THEN its rollback runs with the parameters it declares, and a human is paged', async () => {
    const { deps, runner } = setup({ 'resize-web': { state: 'failed', durationSeconds: 10, detail: 'Step resize failed' } }, { recoverOnCheck: 1 });

    const result = await remediate(ec2Input('resize-web', { InstanceType: 't3.large' }), deps);

    expect(result.outcome).toBe('rolled-back');
    expect(result.escalate).toBe(true);
    expect(types(result.steps)).toEqual([
      T.RUNBOOK_STARTED, T.RUNBOOK_FAILED, T.ROLLBACK_STARTED, T.ROLLBACK_SUCCEEDED, T.ROLLBACK_VERIFIED, T.ESCALATED, T.FINISHED,
    ]);
    expect(result.steps[1].data).toMatchObject({ state: 'failed', detail: 'Step resize failed' });
    // The rollback gets the runbook's parameters it declares too (InstanceId, same resource) and its own defaults.
    expect(runner.runs.map((r) => [r.runbookId, r.purpose, r.params])).toEqual([
      ['resize-web', 'remediation', { InstanceId: 'i-12345678901234567', InstanceType: 't3.large' }],
      ['resize-web-back', 'rollback', { InstanceId: 'i-12345678901234567', TargetType: 't3.medium' }],
    ]);
    expect(result.executionIds).toEqual({ remediation: 'dry-run-1', rollback: 'dry-run-2' });
    expect(result.reason).toMatch(/^runbook resize-web failed \(Step resize failed\); rolled back with resize-web-back/);
  });

  test('GIVEN a service that never recovers THEN verification times out at the runbook\'s verify wait, the rollback runs, and its own check is best-effort', async () => {
    const { deps, verifier } = setup({}, { recoverOnCheck: 'never' });

    const result = await remediate(ec2Input('resize-web', { InstanceType: 't3.xlarge' }), deps);

    expect(result.outcome).toBe('rolled-back');
    expect(result.escalate).toBe(true);
    expect(types(result.steps)).toEqual([
      T.RUNBOOK_STARTED, T.RUNBOOK_SUCCEEDED, T.VERIFICATION_FAILED, T.ROLLBACK_STARTED,
      T.ROLLBACK_SUCCEEDED, T.ROLLBACK_UNVERIFIED, T.ESCALATED, T.FINISHED,
    ]);
    const runEnd = Date.parse(result.steps[1].at);
    // verify.waitSeconds 300 for resize-web, checked every 30 s: 10 checks, the last one at the deadline.
    expect(Date.parse(result.steps[2].at) - runEnd).toBe(300_000);
    expect(result.steps[2].data).toMatchObject({ check: 'alarms-ok', checks: 10 });
    // The rollback's own 120 s wait (below the 300 s cap).
    expect(Date.parse(result.steps[5].at) - Date.parse(result.steps[4].at)).toBe(120_000);
    expect(verifier.checks.get('inc-1')).toBe(14);
    expect(result.reason).toContain('not recovered 300s after runbook resize-web');
  });

  test('GIVEN the rollback fails too THEN rollback-failed and a human is paged', async () => {
    const { deps } = setup({ 'resize-web': { state: 'failed' }, 'resize-web-back': { state: 'cancelled', detail: 'Cancelled' } });

    const result = await remediate(ec2Input('resize-web', { InstanceType: 't3.large' }), deps);

    expect(result).toMatchObject({ outcome: 'rollback-failed', escalate: true });
    expect(types(result.steps)).toEqual([T.RUNBOOK_STARTED, T.RUNBOOK_FAILED, T.ROLLBACK_STARTED, T.ROLLBACK_FAILED, T.ESCALATED, T.FINISHED]);
    expect(result.steps[3].data).toMatchObject({ runbookId: 'resize-web-back', state: 'cancelled' });
    expect(result.steps[4].data).toMatchObject({ outcome: 'rollback-failed' });
  });

  test('GIVEN a runbook that never finishes and no rollback THEN it times out at maxRunSeconds and the remediation fails', async () => {
    const { deps } = setup({ [RESTART]: { state: 'running' } });

    const result = await remediate(ec2Input(), deps, { maxRunSeconds: 300 });

    expect(result).toMatchObject({ outcome: 'failed', escalate: true });
    expect(types(result.steps)).toEqual([T.RUNBOOK_STARTED, T.RUNBOOK_FAILED, T.ESCALATED, T.FINISHED]);
    expect(result.steps[1]).toMatchObject({ at: at(300), data: { state: 'timed-out' } });
    expect(result.reason).toBe(`runbook ${RESTART} timed-out (still running after 300s (dry run)); no rollback declared`);
  });

  test('GIVEN a kubectl runbook THEN the runner\'s UnsupportedRunbookKindError is a failed step, not a throw', async () => {
    const clock = new SimulatedClock(START);
    const runner = new KindDispatchingRunner({ 'ssm-automation': new DryRunRunner({ clock }) });
    const kubectl = { ...spec(RESTART), id: 'rollout-restart', kind: 'kubectl' as const, target: 'rollout-restart' };
    const input: RemediationInput = { ...ec2Input(), spec: kubectl, finding: finding('rollout-restart') };

    const result = await remediate(input, { clock, runner, verifier: new ScriptedVerifier(), sink: new InMemoryTimelineSink() });

    expect(result).toMatchObject({ outcome: 'failed', escalate: true, executionIds: {} });
    expect(types(result.steps)).toEqual([T.RUNBOOK_FAILED, T.ESCALATED, T.FINISHED]);
    expect(result.steps[0].data).toEqual({ runbookId: 'rollout-restart', state: 'failed', detail: 'could not start: UnsupportedRunbookKindError: kubectl runbooks are run by the EKS integration' });
  });

  test('GIVEN a declared rollback that is not in the registry THEN the failure says so', async () => {
    const { clock, runner, verifier, sink } = setup({ 'resize-web': { state: 'failed' } });
    const result = await remediate(ec2Input('resize-web', { InstanceType: 't3.large' }), { clock, runner, verifier, sink });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toBe('runbook resize-web failed (dry run: failed); rollback not run: rollback runbook resize-web-back is not known');
  });

  test('GIVEN parameters that point at another instance THEN nothing runs and a human is paged', async () => {
    const { deps, runner } = setup();
    const input = { ...ec2Input(), params: { InstanceId: 'i-0aaaaaaaaaaaaaaaa' } };

    const result = await remediate(input, deps);

    expect(runner.runs).toEqual([]);
    expect(result).toMatchObject({ outcome: 'failed', escalate: true });
    expect(result.reason).toMatch(/^not run: parameter InstanceId of aws-restart-ec2-instance does not point at a resource of this incident/);
    expect(types(result.steps)).toEqual([T.ESCALATED, T.FINISHED]);
  });

  test('GIVEN a finding that proposes another runbook THEN nothing runs', async () => {
    const { deps, runner } = setup();
    const result = await remediate({ ...ec2Input(), finding: finding(BuiltinRunbookId.REBOOT_RDS_INSTANCE) }, deps);
    expect(runner.runs).toEqual([]);
    expect(result.reason).toBe(`the finding proposes runbook ${BuiltinRunbookId.REBOOT_RDS_INSTANCE}, not ${RESTART}`);
  });

  test('GIVEN status reads that fail twice THEN they are retried; GIVEN they keep failing THEN the run fails after maxStatusErrors', async () => {
    const clock = new SimulatedClock(START);
    const inner = new DryRunRunner({ clock, outcomes: { [RESTART]: { durationSeconds: 1 } } });
    let failures = 2;
    const flaky: RunbookRunner = {
      start: (s, p, c) => inner.start(s, p, c),
      status: async (s, id) => {
        if (failures-- > 0) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        return inner.status(s, id);
      },
    };
    const deps = { clock, runner: flaky, verifier: new ScriptedVerifier(), sink: new InMemoryTimelineSink() };
    expect((await remediate(ec2Input(), deps)).outcome).toBe('resolved');

    failures = Infinity;
    const result = await remediate(ec2Input(), deps, { maxStatusErrors: 3 });
    expect(result.outcome).toBe('failed');
    expect(result.steps[1].data).toMatchObject({ state: 'failed', detail: 'status could not be read 3 times: ThrottlingException: Rate exceeded' });
  });

  test('GIVEN a verifier that throws THEN that check counts as not recovered and the next one can pass', async () => {
    const { deps } = setup();
    let n = 0;
    const verifier: RecoveryVerifier = {
      check: async () => {
        if (n++ === 0) throw new Error('DescribeAlarms throttled');
        return { recovered: true, detail: '1 of 1 alarms OK' };
      },
    };
    const result = await remediate(ec2Input(), { ...deps, verifier });
    expect(result.outcome).toBe('resolved');
    expect(result.steps[2].data).toMatchObject({ checks: 2, detail: '1 of 1 alarms OK' });
  });

  test('GIVEN verify none THEN resolved as soon as the runbook succeeds, without asking the verifier', async () => {
    const { deps, verifier } = setup();
    const input = ec2Input();
    const result = await remediate({ ...input, spec: { ...input.spec, verify: { check: 'none', waitSeconds: 0 } } }, deps);
    expect(result.outcome).toBe('resolved');
    expect(verifier.checks.size).toBe(0);
    expect(result.steps[2]).toMatchObject({ type: T.VERIFICATION_PASSED, data: { detail: 'no verification declared' } });
  });

  test('GIVEN a sink that fails THEN the runbook is still followed to its end and the errors are reported', async () => {
    const { clock, runner, verifier } = setup();
    const sink: TimelineSink = { append: async () => { throw new Error('ConditionalCheckFailed'); } };
    const result = await remediate(ec2Input(), { clock, runner, verifier, sink });
    expect(result.outcome).toBe('resolved');
    // One append per step: started, succeeded, passed + finished.
    expect(result.timelineErrors).toEqual(Array(3).fill('ConditionalCheckFailed'));
  });

  test('GIVEN the steps run one at a time with the state through JSON (as Step Functions runs them) THEN the same result as remediate', async () => {
    const options: RemediationOptions = { pollInitialSeconds: 10, pollMaxSeconds: 30 };
    const outcomes = { 'resize-web': { state: 'succeeded' as const, durationSeconds: 95 } };
    const input = ec2Input('resize-web', { InstanceType: 't3.large' });
    const inProcess = await remediate(input, setup(outcomes, { recoverOnCheck: 'never' }).deps, options);

    const { clock, runner, verifier } = setup(outcomes, { recoverOnCheck: 'never' });
    let state: RemediationState = JSON.parse(JSON.stringify(planRemediation(input, clock.now(), options, REGISTRY).state));
    const waits: Array<[string, number]> = [];
    for (;;) {
      const next = decideNext(state, clock.now());
      if (next.action === 'done') {
        expect(next.result).toEqual(inProcess);
        break;
      }
      waits.push([next.action, next.waitSeconds]);
      clock.advance(next.waitSeconds * 1000); // the Wait state
      const now = clock.now();
      const out = next.action === 'start' ? await startRunbook(state, runner, now)
        : next.action === 'poll' ? await pollOnce(state, runner, now)
          : await verifyOnce(state, verifier, input.incident, input.signals, now);
      state = JSON.parse(JSON.stringify(out.state));
    }
    expect(inProcess.outcome).toBe('rolled-back');
    expect(waits.slice(0, 6)).toEqual([['start', 0], ['poll', 10], ['poll', 20], ['poll', 30], ['poll', 30], ['poll', 30]]);
  });

  test('GIVEN a step called in the wrong phase THEN it throws (a state machine wiring bug, not an expected failure)', async () => {
    const { clock, runner } = setup();
    const { state } = planRemediation(ec2Input(), clock.now());
    await expect(pollOnce(state, runner, clock.now())).rejects.toThrow('pollOnce called in phase start, expected poll');
  });
});
