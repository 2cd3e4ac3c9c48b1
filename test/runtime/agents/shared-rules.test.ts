/**
 * The rules that used to live only in a handler, now in the runtime: the fail-closed change calendar, the token ledger
 * written once per run, the approval timeout. `runInvestigation` (the CLI path) reaches each of them.
 */
import { AgentEnv } from '../../../src/agents/constants';
import { runInvestigation } from '../../../src/runtime/agents';
import { readRiskConfig } from '../../../src/runtime/agents/config';
import { outcomeEntries, OutcomeInputSchema } from '../../../src/runtime/agents/outcome';
import { assessRisk, riskStep } from '../../../src/runtime/agents/risk-step';
import { approvalTimeoutOutcome } from '../../../src/runtime/approval';
import { InMemoryTokenLedger, type Finding, type Reasoner } from '../../../src/runtime/reasoning';
import { alarm, EC2, incident, NOW, REGISTRY } from '../reasoning/helpers';

const now = new Date(NOW);
const cpu = alarm({ ...EC2, id: EC2.id }, 'CPUUtilization', { service: 'web-dev' });
const inc = incident([cpu], { services: ['web-dev'], key: 'service:web-dev' });
const restart = { runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } } };
const unreadable = { stateAt: async () => { throw Object.assign(new Error('no'), { name: 'AccessDeniedException' }); } };

describe('change calendars (fail closed)', () => {
  test('GIVEN a calendar that cannot be read THEN it counts as closed and the decision says so', async () => {
    const decision = await assessRisk({ incident: inc, finding: restart }, { registry: REGISTRY, changeCalendars: ['prod'], calendars: unreadable, now });
    expect(decision.outcome).toBe('APPROVE');
    expect(decision.reasons).toContain('change calendar unreadable (AccessDeniedException): treated as closed');
  });

  test('GIVEN the same calendar on the CLI path THEN runInvestigation decides the same way', async () => {
    const result = await runInvestigation({ incident: inc, signals: [cpu] }, {
      telemetry: { collectors: {} },
      reasoning: { disabled: true },
      risk: { changeCalendars: ['prod'], calendars: unreadable },
      registry: REGISTRY,
      now,
    });
    expect(result.decision.outcome).toBe('APPROVE');
    expect(result.decision.reasons.join('; ')).toMatch(/change calendar unreadable \(AccessDeniedException\): treated as closed/);
  });

  test('GIVEN an open calendar THEN it is read at the decision time and nothing is added', async () => {
    const stateAt = jest.fn(async () => 'OPEN' as const);
    const decision = await riskStep(readRiskConfig({ [AgentEnv.CHANGE_CALENDARS]: '["prod"]' }), { calendars: { stateAt } })({ incident: inc, finding: restart }, now);
    expect(stateAt).toHaveBeenCalledWith(['prod'], NOW);
    expect(decision.outcome).toBe('AUTO');
  });

  test('GIVEN invalid user policies THEN the step cannot be built (PolicyError at the cold start)', () => {
    expect(() => riskStep({ registry: REGISTRY, extraPolicies: 'permit (principal, action, resource) when { context.nope };' }, {}))
      .toThrow(expect.objectContaining({ name: 'PolicyError' }));
  });
});

describe('token ledger (one way: once per run)', () => {
  const model: Reasoner = {
    name: 'bedrock',
    estimateTokens: () => 2000,
    propose: async (): Promise<Finding> => ({
      cause: 'cpu', evidence: [], confidence: 0.7, reasoner: 'bedrock', ...restart, usage: { inputTokens: 1500, outputTokens: 100 },
    }),
  };

  test('GIVEN the same run investigated twice THEN its tokens are counted once', async () => {
    const ledger = new InMemoryTokenLedger();
    const options = {
      telemetry: { collectors: {} },
      reasoning: { primary: model, limits: { perIncidentTokens: 50_000, monthlyTokens: 5_000_000 } },
      risk: {},
      registry: REGISTRY,
      ledger,
      now,
    };
    const first = await runInvestigation({ incident: inc, signals: [cpu], runId: 'run-1' }, options);
    await runInvestigation({ incident: inc, signals: [cpu], runId: 'run-1' }, options);
    expect(first.reasoning.tokenUsage).toEqual({ month: '2026-03', tokens: 1600 });
    expect(await ledger.getIncidentUsage(inc.id)).toBe(1600);
    expect(await ledger.getMonthlyUsage('2026-03')).toBe(1600);
  });
});

describe('approval timeout', () => {
  test('the outcome step escalates with approvalTimeoutOutcome\'s reason, never approves', () => {
    const { outcome, escalate, entries } = outcomeEntries(
      OutcomeInputSchema.parse({ action: 'expired', runId: 'r', incident: { id: 'i' }, runbookId: 'rb', error: { Error: 'States.Timeout' } }),
      now,
    );
    expect({ outcome, escalate }).toEqual({ outcome: 'expired', escalate: true });
    expect(entries.map((e) => e.type)).toEqual(['approval-timed-out', 'escalated-to-human']);
    expect(entries[1].data).toEqual({ reason: approvalTimeoutOutcome().reason, runbookId: 'rb' });
    expect(entries.some((e) => e.data?.outcome === 'approved')).toBe(false);
  });
});
