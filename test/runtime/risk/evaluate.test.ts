import {
  DEFAULT_RISK_POLICIES,
  DefaultRiskPolicyId,
  evaluateRisk,
  PolicyError,
  RISK_CEDAR_SCHEMA,
  validateRiskPolicies,
  type RiskInput,
  type RiskOutcome,
} from '../../../src/runtime/risk';

// Tuesday 2026-03-10, 02:00 UTC: off-hours.
const OFF_HOURS = '2026-03-10T02:00:00Z';

const low = { id: 'aws-restart-ec2-instance', riskClass: 'low', kind: 'ssm-automation' } as const;
const medium = { id: 'aws-reboot-rds-instance', riskClass: 'medium', kind: 'ssm-automation' } as const;
const destructive = { id: 'terminate-and-replace', riskClass: 'destructive', kind: 'lambda' } as const;

const base: RiskInput = {
  runbook: low,
  incident: { id: 'inc-1', priority: 'P2', resourceCount: 1 },
  environment: 'prod',
  errorBudgetRemaining: 0.4,
  now: OFF_HOURS,
};

const weekendFreeze = { name: 'weekend', schedule: '0 18 * * FRI', durationMinutes: 62 * 60 };
const nightlyFreeze = { name: 'nightly-batch', schedule: '0 1 * * *', durationMinutes: 120 };

interface Row {
  readonly name: string;
  readonly input: RiskInput;
  readonly extraPolicies?: string;
  readonly outcome: RiskOutcome;
  readonly policies: string[];
  readonly reason: RegExp;
}

const table: Row[] = [
  {
    name: 'low risk, off-hours, prod, budget left → AUTO',
    input: base,
    outcome: 'AUTO',
    policies: [DefaultRiskPolicyId.AUTO_LOW_RISK],
    reason: /low-risk runbook/,
  },
  {
    name: 'low risk in dev without any SLO → AUTO',
    input: { ...base, environment: 'dev', errorBudgetRemaining: undefined },
    outcome: 'AUTO',
    policies: [DefaultRiskPolicyId.AUTO_LOW_RISK],
    reason: /low-risk/,
  },
  {
    name: 'low risk inside a freeze window → APPROVE',
    input: { ...base, freezeWindows: [nightlyFreeze] },
    outcome: 'APPROVE',
    policies: [DefaultRiskPolicyId.FORBID_AUTO_IN_FREEZE_WINDOW, DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /change freeze window is active/,
  },
  {
    name: 'low risk outside the freeze window → AUTO',
    input: { ...base, freezeWindows: [weekendFreeze] },
    outcome: 'AUTO',
    policies: [DefaultRiskPolicyId.AUTO_LOW_RISK],
    reason: /low-risk/,
  },
  {
    name: 'low risk with the change calendar closed → APPROVE',
    input: { ...base, changeCalendarState: 'CLOSED' },
    outcome: 'APPROVE',
    policies: [DefaultRiskPolicyId.FORBID_AUTO_CHANGE_CALENDAR_CLOSED, DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /change calendar is closed/,
  },
  {
    name: 'error budget exhausted on prod → APPROVE',
    input: { ...base, errorBudgetRemaining: 0 },
    outcome: 'APPROVE',
    policies: [DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /error budget is exhausted \(0%\) in production/,
  },
  {
    name: 'no SLO known in prod → APPROVE',
    input: { ...base, errorBudgetRemaining: undefined },
    outcome: 'APPROVE',
    policies: [DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /no SLO error budget is known for production/,
  },
  {
    name: 'unknown environment is treated as prod → APPROVE when budget is spent',
    input: { ...base, environment: 'unknown', errorBudgetRemaining: -0.2 },
    outcome: 'APPROVE',
    policies: [DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /exhausted \(-20%\) in an environment of unknown kind/,
  },
  {
    name: 'non-compliant resource → APPROVE',
    input: { ...base, nonCompliantResources: ['i-0123456789abcdef0'] },
    outcome: 'APPROVE',
    policies: [DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /1 resource is non-compliant in AWS Config/,
  },
  {
    name: 'blast radius above 5 resources → APPROVE',
    input: { ...base, incident: { id: 'inc-1', priority: 'P1', resourceCount: 12 } },
    outcome: 'APPROVE',
    policies: [DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /blast radius of 12 resources/,
  },
  {
    name: 'medium risk → APPROVE',
    input: { ...base, runbook: medium },
    outcome: 'APPROVE',
    policies: [DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /risk class is medium, not low/,
  },
  {
    name: 'destructive on P1 in dev → never AUTO, APPROVE',
    input: { ...base, runbook: destructive, environment: 'dev', incident: { id: 'inc-1', priority: 'P1', resourceCount: 1 } },
    outcome: 'APPROVE',
    policies: [DefaultRiskPolicyId.FORBID_AUTO_DESTRUCTIVE, DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /destructive runbooks always need a human/,
  },
  {
    name: 'destructive on P4 → DENY',
    input: { ...base, runbook: destructive, incident: { id: 'inc-1', priority: 'P4', resourceCount: 1 } },
    outcome: 'DENY',
    policies: [DefaultRiskPolicyId.FORBID_DESTRUCTIVE_ON_P4],
    reason: /not run for P4 incidents/,
  },
  {
    name: 'no runbook proposed → APPROVE (a human must look)',
    input: { ...base, runbook: undefined },
    outcome: 'APPROVE',
    policies: [],
    reason: /no runbook proposed/,
  },
  {
    name: 'user policy forbidding a runbook id outright → DENY',
    input: base,
    extraPolicies: `@id("never-restart-ec2") @reason("restarts are banned this quarter")
      forbid (principal, action, resource == Aiops::Runbook::"aws-restart-ec2-instance");`,
    outcome: 'DENY',
    policies: ['never-restart-ec2'],
    reason: /restarts are banned this quarter/,
  },
  {
    name: 'user policy forbidding only AutoRemediate of a runbook → APPROVE',
    input: base,
    extraPolicies: `@id("no-auto-restart") @reason("restarts need a human")
      forbid (principal, action == Aiops::Action::"AutoRemediate", resource == Aiops::Runbook::"aws-restart-ec2-instance");`,
    outcome: 'APPROVE',
    policies: ['no-auto-restart', DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /restarts need a human/,
  },
  {
    name: 'user policy forbidding AutoRemediate in business hours (off-hours here) → AUTO',
    input: base,
    extraPolicies: `@id("no-auto-in-business-hours")
      forbid (principal, action == Aiops::Action::"AutoRemediate", resource)
      when { context.weekdayUtc >= 1 && context.weekdayUtc <= 5 && context.hourUtc >= 8 && context.hourUtc < 18 };`,
    outcome: 'AUTO',
    policies: [DefaultRiskPolicyId.AUTO_LOW_RISK],
    reason: /low-risk/,
  },
  {
    name: 'the same policy in business hours → APPROVE',
    input: { ...base, now: '2026-03-10T10:30:00Z' },
    extraPolicies: `@id("no-auto-in-business-hours")
      forbid (principal, action == Aiops::Action::"AutoRemediate", resource)
      when { context.weekdayUtc >= 1 && context.weekdayUtc <= 5 && context.hourUtc >= 8 && context.hourUtc < 18 };`,
    outcome: 'APPROVE',
    policies: ['no-auto-in-business-hours', DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /policy no-auto-in-business-hours/,
  },
  {
    name: 'user permit widening AUTO to medium-risk staging runbooks → AUTO',
    input: { ...base, runbook: medium, environment: 'staging' },
    extraPolicies: `@id("auto-medium-in-staging") @reason("medium risk is fine in staging")
      permit (principal, action == Aiops::Action::"AutoRemediate", resource)
      when { resource.riskRank <= 1 && context.incident.environment == "staging" };`,
    outcome: 'AUTO',
    policies: ['auto-medium-in-staging'],
    reason: /medium risk is fine in staging/,
  },
  {
    name: 'a user permit cannot lift the freeze → APPROVE',
    input: { ...base, freezeWindows: [nightlyFreeze] },
    extraPolicies: '@id("yolo") permit (principal, action, resource);',
    outcome: 'APPROVE',
    policies: [DefaultRiskPolicyId.FORBID_AUTO_IN_FREEZE_WINDOW, 'yolo', DefaultRiskPolicyId.APPROVAL_FOR_ANY_RUNBOOK],
    reason: /freeze window/,
  },
];

describe('evaluateRisk decision table', () => {
  test.each(table)('$name', (row) => {
    const decision = evaluateRisk(row.input, { extraPolicies: row.extraPolicies });
    expect(decision.outcome).toBe(row.outcome);
    expect([...decision.policies].sort()).toEqual([...row.policies].sort());
    expect(decision.reasons.join('\n')).toMatch(row.reason);
  });

  test('destructive runbooks are never AUTO, whatever else holds', () => {
    for (const environment of ['prod', 'staging', 'dev', 'unknown'] as const) {
      for (const priority of ['P1', 'P2', 'P3', 'P4'] as const) {
        const decision = evaluateRisk(
          { ...base, runbook: destructive, environment, incident: { id: 'i', priority, resourceCount: 1 } },
          { extraPolicies: '@id("allow-everything") permit (principal, action, resource);' },
        );
        expect(decision.outcome).not.toBe('AUTO');
      }
    }
  });

  test('the summary shows what Cedar saw', () => {
    const decision = evaluateRisk({ ...base, freezeWindows: [nightlyFreeze, weekendFreeze], nonCompliantResources: ['a', 'b'], changeCalendarState: 'OPEN' });
    expect(decision.inputs).toEqual({
      runbookId: low.id,
      riskClass: 'low',
      priority: 'P2',
      environment: 'prod',
      resourceCount: 1,
      errorBudgetRemaining: 40,
      inFreezeWindow: true,
      activeFreezeWindows: ['nightly-batch'],
      changeCalendarOpen: true,
      nonCompliant: true,
      nonCompliantCount: 2,
      hourUtc: 2,
      weekdayUtc: 2,
    });
  });

  test('without the default policies nothing is permitted → DENY', () => {
    const decision = evaluateRisk(base, { includeDefaultPolicies: false });
    expect(decision.outcome).toBe('DENY');
    expect(decision.reasons).toEqual(['no policy permits RequestApproval']);
  });

  test('a malformed input is a ZodError, not a decision', () => {
    expect(() => evaluateRisk({ ...base, environment: 'production' as never })).toThrow(/environment/);
    expect(() => evaluateRisk({ ...base, now: 'yesterday' })).toThrow();
  });
});

describe('user policies', () => {
  function policyError(text: string): PolicyError {
    try {
      evaluateRisk(base, { extraPolicies: text });
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      return error as PolicyError;
    }
    throw new Error('expected a PolicyError');
  }

  test('a syntax error is a PolicyError carrying Cedar\'s message', () => {
    const error = policyError('permit (principal, action');
    expect(error.message).toMatch(/user policies do not parse: unexpected end of input/);
    expect(error.details).toHaveLength(1);
  });

  test('an attribute the schema does not have is a PolicyError with Cedar\'s hint', () => {
    const error = policyError('@id("typo") forbid (principal, action, resource) when { resource.riskclass == "low" };');
    expect(error.message).toMatch(/do not validate against the risk schema: typo: .*attribute `riskclass` on entity type `Aiops::Runbook` not found/);
    expect(error.message).toMatch(/did you mean `riskClass`\?/);
  });

  test('unguarded access to the optional error budget is a PolicyError', () => {
    const error = policyError('@id("b") permit (principal, action, resource) when { context.incident.errorBudgetRemaining > 50 };');
    expect(error.message).toMatch(/optional attribute `errorBudgetRemaining`/);
  });

  test('an unknown action is a PolicyError', () => {
    expect(policyError('@id("x") permit (principal, action == Aiops::Action::"DeleteEverything", resource);').message).toMatch(/DeleteEverything/);
  });

  test('reusing a default policy id is a PolicyError', () => {
    expect(policyError('@id("auto-low-risk") permit (principal, action, resource);').message).toMatch(/"auto-low-risk" is used twice/);
  });

  test('templates are refused', () => {
    expect(policyError('permit (principal == ?principal, action, resource);').message).toMatch(/templates/);
  });

  test('policies without @id get generated ids', () => {
    expect(validateRiskPolicies('forbid (principal, action, resource) when { context.incident.priority == "P4" };'))
      .toEqual([...Object.values(DefaultRiskPolicyId), 'user-policy-0']);
  });

  test('the defaults validate against the schema in strict mode', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cedar = require('@cedar-policy/cedar-wasm/nodejs');
    const result = cedar.validate({ schema: RISK_CEDAR_SCHEMA, policies: { staticPolicies: DEFAULT_RISK_POLICIES }, validationSettings: { mode: 'strict' } });
    expect(result).toMatchObject({ type: 'success', validationErrors: [] });
  });
});
