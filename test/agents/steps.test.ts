import { AgentEnv } from '../../src/agents/constants';
import {
  applyDecisionToIncident, applyFailureToIncident, decisionEventDetail, DeferredTokenLedger, describeFailure, IncidentUpdateConflictError,
  NO_KNOWLEDGE, readReasonConfig, readRiskConfig, readTelemetryConfig, reasonAboutIncident, restrictLogGroups, runInvestigation,
  signalsOf, updateIncident, type InvestigationRecord,
} from '../../src/runtime/agents';
import { InMemoryIncidentStore } from '../../src/runtime/local/in-memory-incident-store';
import type { Incident } from '../../src/runtime/model';
import { InMemoryTokenLedger, type Finding, type Reasoner } from '../../src/runtime/reasoning';
import { RunbookRegistry } from '../../src/runtime/runbooks';
import type { LogsQuery } from '../../src/runtime/telemetry/ports';
import { alarm, bundle, EC2, incident, NOW, REGISTRY } from '../runtime/reasoning/helpers';

const now = new Date(NOW);

/** A model reasoner that answers with a fixed finding and usage, and counts its calls. */
function fakeModel(finding: Partial<Finding> = {}): Reasoner & { calls: number } {
  const model = {
    name: 'bedrock' as const,
    calls: 0,
    estimateTokens: () => 2000,
    propose: async (): Promise<Finding> => {
      model.calls++;
      return {
        cause: 'A runaway process pins the CPU',
        evidence: [],
        confidence: 0.7,
        runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } },
        reasoner: 'bedrock',
        usage: { inputTokens: 1500, outputTokens: 100 },
        ...finding,
      };
    },
  };
  return model;
}

function withSamples(inc: Incident, samples: unknown[]): Incident {
  return { ...inc, samples } as Incident;
}

describe('signalsOf', () => {
  test('reads valid samples and skips malformed ones; none without samples', () => {
    const cpu = alarm(EC2, 'CPUUtilization');
    expect(signalsOf(withSamples(incident([cpu]), [cpu, { id: 'broken' }, 42]))).toEqual([cpu]);
    expect(signalsOf(incident([cpu]))).toEqual([]);
  });
});

describe('reasonAboutIncident', () => {
  const cpu = alarm(EC2, 'CPUUtilization');
  const inc = withSamples(incident([cpu]), [cpu]);

  test('returns the model finding and the tokens it spent, without writing to the ledger it reads', async () => {
    // GIVEN a reader that only reads
    const reader = { getMonthlyUsage: jest.fn(async () => 1000), getIncidentUsage: jest.fn(async () => 0) };
    // WHEN
    const out = await reasonAboutIncident({ incident: inc, telemetry: bundle(), knowledge: NO_KNOWLEDGE }, {
      primary: fakeModel(), registry: REGISTRY, limits: { perIncidentTokens: 50_000, monthlyTokens: 5_000_000 }, usage: reader, now,
    });
    // THEN
    expect(out.finding.reasoner).toBe('bedrock');
    expect(out.finding.runbook).toEqual({ id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } });
    expect(out.tokenUsage).toEqual({ month: '2026-03', tokens: 1600 });
    expect(reader.getMonthlyUsage).toHaveBeenCalledWith('2026-03');
    expect(Object.keys(reader)).toEqual(['getMonthlyUsage', 'getIncidentUsage']);
  });

  test('over the monthly cap: the deterministic reasoner answers, the model is not asked, nothing is owed', async () => {
    const model = fakeModel();
    const out = await reasonAboutIncident({ incident: inc, telemetry: bundle() }, {
      primary: model,
      registry: REGISTRY,
      limits: { perIncidentTokens: 50_000, monthlyTokens: 5000 },
      usage: { getMonthlyUsage: async () => 4000, getIncidentUsage: async () => 0 },
      now,
    });
    expect(model.calls).toBe(0);
    expect(out.finding.reasoner).toBe('deterministic');
    expect(out.finding.fallbackReason).toMatch(/^budget: monthly token budget for 2026-03/);
    expect(out.tokenUsage).toBeUndefined();
  });

  test('disabled: the deterministic reasoner answers with the reason', async () => {
    const out = await reasonAboutIncident({ incident: inc, telemetry: bundle() }, { primary: fakeModel(), disabled: true, registry: REGISTRY, now });
    expect(out.finding).toEqual(expect.objectContaining({ reasoner: 'deterministic', fallbackReason: 'disabled: model reasoning is switched off' }));
  });

  test('without samples, candidates come from the incident resources', async () => {
    const out = await reasonAboutIncident({ incident: incident([cpu]), telemetry: bundle() }, { primary: fakeModel(), registry: REGISTRY, now });
    // The EC2 runbook is a candidate (from the ARN), but its fromResource parameter needs a signal's resource to
    // point at: the proposal is rejected, the deterministic reasoner answers, and the model's tokens are still owed.
    expect(out.finding.fallbackReason).toBe('rejected proposal: the proposed runbook failed validation');
    expect(out.finding.discarded?.join(' ')).not.toMatch(/not a candidate/);
    expect(out.tokenUsage).toEqual({ month: '2026-03', tokens: 1600 });
  });
});

describe('DeferredTokenLedger', () => {
  test('answers reads with what was read plus what was added, and hands the adds back once', async () => {
    const ledger = new DeferredTokenLedger({ getMonthlyUsage: async () => 10, getIncidentUsage: async () => 1 });
    expect(ledger.pending()).toBeUndefined();
    await ledger.add('2026-03', 100, 'inc-1');
    expect(await ledger.getMonthlyUsage('2026-03')).toBe(110);
    expect(await ledger.getIncidentUsage('inc-1')).toBe(101);
    expect(ledger.pending()).toEqual({ month: '2026-03', tokens: 100 });
    await expect(ledger.add('2026-03', -1, 'inc-1')).rejects.toThrow(/non-negative/);
  });
});

describe('incident timeline', () => {
  const record: InvestigationRecord = {
    runId: 'arn:aws:states:eu-west-1:111111111111:execution:agents:run-1',
    telemetry: bundle([{ ref: 'metrics:CPUUtilization:i-1', summary: 'CPU 99%' }]),
    finding: { cause: 'CPU pinned', evidence: ['metrics:CPUUtilization:i-1'], confidence: 0.6, reasoner: 'bedrock', runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } } },
    decision: { outcome: 'AUTO', reasons: ['low-risk runbook'], policies: ['auto-low-risk'] },
    tokenUsage: { month: '2026-03', tokens: 1600 },
  };

  test('adds telemetry, finding, tokens and decision, acknowledges, bumps the version; once per run', () => {
    const inc = incident([alarm(EC2, 'CPUUtilization')]);
    const later = new Date('2026-03-10T02:05:00.000Z');
    const next = applyDecisionToIncident(inc, record, later)!;
    expect(next.timeline.map((e) => e.type)).toEqual(['telemetry', 'finding', 'tokens', 'decision']);
    expect(next.timeline[0].message).toBe('telemetry: 1 evidence item from 2 collectors (0 skipped, 0 failed), ~100 of 4000 tokens');
    expect(next.timeline[3]).toEqual(expect.objectContaining({
      at: later.toISOString(),
      actor: 'agents',
      message: 'decision: AUTO for runbook aws-restart-ec2-instance (low-risk runbook)',
      data: { runId: record.runId, outcome: 'AUTO', reasons: ['low-risk runbook'], policies: ['auto-low-risk'] },
    }));
    expect(next).toEqual(expect.objectContaining({ status: 'acknowledged', version: inc.version + 1, updatedAt: later.toISOString() }));
    expect(applyDecisionToIncident(next, record, later)).toBeUndefined();
  });

  test('leaves a resolved incident resolved', () => {
    const inc = incident([alarm(EC2, 'CPUUtilization')], { status: 'resolved' });
    expect(applyDecisionToIncident(inc, record, now)!.status).toBe('resolved');
  });

  test('a failure goes on the timeline once, without acknowledging', () => {
    const inc = incident([alarm(EC2, 'CPUUtilization')]);
    const failure = { runId: 'run-9', failedStep: 'reasoning' as const, error: 'Lambda.Unknown', cause: 'boom' };
    const next = applyFailureToIncident(inc, failure, now)!;
    expect(next.status).toBe('open');
    expect(next.timeline).toEqual([expect.objectContaining({ type: 'agent-failure', message: 'investigation failed at reasoning: Lambda.Unknown' })]);
    expect(applyFailureToIncident(next, failure, now)).toBeUndefined();
  });
});

describe('updateIncident', () => {
  test('re-reads and retries on a version conflict', async () => {
    const store = new InMemoryIncidentStore();
    const inc = incident([alarm(EC2, 'CPUUtilization')]);
    await store.createIncident(inc);
    const real = store.updateIncident.bind(store);
    let conflicts = 1;
    jest.spyOn(store, 'updateIncident').mockImplementation(async (next, expected) => {
      if (conflicts-- > 0) {
        // triage wins the race: the stored version moves on
        const current = (await store.getIncident(inc.id))!;
        await real({ ...current, version: current.version + 1 }, current.version);
        return false;
      }
      return real(next, expected);
    });
    const result = await updateIncident(store, inc.id, (i) => ({ ...i, title: 'changed', version: i.version + 1 }), { sleep: async () => {} });
    expect(result).toEqual({ found: true, changed: true, incident: expect.objectContaining({ title: 'changed', version: 3 }) });
  });

  test('not found, unchanged, and giving up after the attempts', async () => {
    const store = new InMemoryIncidentStore();
    expect(await updateIncident(store, 'nope', (i) => i)).toEqual({ found: false });
    const inc = incident([alarm(EC2, 'CPUUtilization')]);
    await store.createIncident(inc);
    expect(await updateIncident(store, inc.id, () => undefined)).toEqual({ found: true, changed: false, incident: inc });
    jest.spyOn(store, 'updateIncident').mockResolvedValue(false);
    await expect(updateIncident(store, inc.id, (i) => ({ ...i, version: i.version + 1 }), { maxAttempts: 3, sleep: async () => {} }))
      .rejects.toThrow(IncidentUpdateConflictError);
    await expect(updateIncident(store, inc.id, (i) => i, { sleep: async () => {} })).rejects.toThrow(/must increment the version/);
  });
});

describe('describeFailure', () => {
  const error = { Error: 'ZodError', Cause: JSON.stringify({ errorType: 'ZodError', errorMessage: 'incident.id: Required', trace: ['at x'] }) };
  test.each([
    [{ incident: { id: 'inc-1' }, error }, 'telemetry'],
    [{ incident: { id: 'inc-1' }, telemetry: {}, knowledge: {}, error }, 'reasoning'],
    [{ incident: { id: 'inc-1' }, telemetry: {}, knowledge: {}, reasoning: {}, error }, 'decision'],
    [{ incident: { id: 'inc-1' }, telemetry: {}, knowledge: {}, reasoning: {}, decision: {}, error }, 'record'],
    [{ incident: { id: 'inc-1' }, telemetry: {}, knowledge: {}, reasoning: {}, decision: {}, record: {}, error }, 'unknown'],
  ])('names the first step without a result (%#)', (state, step) => {
    expect(describeFailure(state, 'run-1')).toEqual({ incidentId: 'inc-1', runId: 'run-1', failedStep: step, error: 'ZodError', cause: 'ZodError: incident.id: Required' });
  });

  test('copes with no incident and a plain-text cause', () => {
    expect(describeFailure({ error: { Error: 'States.Timeout', Cause: 'Task timed out' } }, 'run-2'))
      .toEqual({ runId: 'run-2', failedStep: 'incident', error: 'States.Timeout', cause: 'Task timed out' });
    expect(describeFailure({}, 'run-3')).toEqual(expect.objectContaining({ error: 'UnknownError', cause: '' }));
  });
});

describe('restrictLogGroups', () => {
  test('queries only the allowed groups, and refuses as not permitted when none is left', async () => {
    const run = jest.fn<ReturnType<LogsQuery['run']>, Parameters<LogsQuery['run']>>(async () => ({ status: 'Complete', rows: [] }));
    const logs = restrictLogGroups({ run }, ['/app/checkout']);
    const request = { queryString: 'fields @message', window: { start: NOW, end: NOW }, limit: 10 };
    await logs.run({ ...request, logGroups: ['/aws/lambda/x', '/app/checkout'] }, { maxWaitMs: 1 });
    expect(run).toHaveBeenCalledWith({ ...request, logGroups: ['/app/checkout'] }, { maxWaitMs: 1 });
    await expect(logs.run({ ...request, logGroups: ['/aws/lambda/x'] }, { maxWaitMs: 1 })).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('runInvestigation (the CLI path)', () => {
  test('telemetry → knowledge → reasoning → risk in-process, with the ledger read and written', async () => {
    // GIVEN an EC2 CPU incident in dev (so a low-risk restart may run on its own) and no collector
    const cpu = alarm({ ...EC2, id: EC2.id }, 'CPUUtilization', { service: 'web-dev' });
    const inc = incident([cpu], { services: ['web-dev'], key: 'service:web-dev' });
    const ledger = new InMemoryTokenLedger();
    // WHEN
    const result = await runInvestigation({ incident: inc, signals: [cpu] }, {
      telemetry: { collectors: {} },
      reasoning: { primary: fakeModel(), limits: { perIncidentTokens: 50_000, monthlyTokens: 5_000_000 } },
      risk: {},
      registry: REGISTRY,
      ledger,
      now,
    });
    // THEN
    expect(result.telemetry.results.every((r) => r.status === 'skipped')).toBe(true);
    expect(result.knowledge).toEqual(NO_KNOWLEDGE);
    expect(result.reasoning.finding.runbook?.id).toBe('aws-restart-ec2-instance');
    expect(result.decision.outcome).toBe('AUTO');
    expect(await ledger.getMonthlyUsage('2026-03')).toBe(1600);
    expect(decisionEventDetail({ incident: inc, runId: 'local', reasoning: result.reasoning, decision: result.decision })).toEqual(expect.objectContaining({
      incidentId: inc.id, outcome: 'AUTO', tokens: 1600, finding: expect.not.objectContaining({ usage: expect.anything() }),
    }));
  });
});

describe('config readers', () => {
  test('defaults and errors name the variable', () => {
    expect(readTelemetryConfig({})).toEqual({ tokenBudget: undefined, logGroups: [], disabled: [], sloDefinitions: [] });
    expect(readReasonConfig({})).toEqual(expect.objectContaining({ enabled: true, limits: { perIncidentTokens: 50_000, monthlyTokens: 5_000_000 } }));
    expect(readRiskConfig({})).toEqual({ extraPolicies: undefined, freezeWindows: [], changeCalendars: [], registry: expect.any(RunbookRegistry) });
    expect(() => readTelemetryConfig({ [AgentEnv.TELEMETRY_TOKEN_BUDGET]: '-3' })).toThrow(/AIOPS_TELEMETRY_TOKEN_BUDGET must be a positive whole number/);
    expect(() => readTelemetryConfig({ [AgentEnv.TELEMETRY_DISABLED_COLLECTORS]: '["gpu"]' })).toThrow(/AIOPS_TELEMETRY_DISABLED_COLLECTORS is invalid/);
    expect(() => readReasonConfig({ [AgentEnv.REASONING_ENABLED]: 'yes' })).toThrow(/must be 'true' or 'false'/);
    expect(() => readReasonConfig({ [AgentEnv.MODEL_TEMPERATURE]: '2' })).toThrow(/between 0 and 1/);
    expect(() => readRiskConfig({ [AgentEnv.FREEZE_WINDOWS]: '{' })).toThrow(/AIOPS_FREEZE_WINDOWS is not valid JSON/);
    expect(() => readRiskConfig({ [AgentEnv.FREEZE_WINDOWS]: '[{"name":"x","schedule":"nope","durationMinutes":5}]' })).toThrow(/schedule is not a valid five-field cron/);
  });
});
