import { evaluateRisk, riskInputFrom } from '../../../src/runtime/risk';
import { alarm, EC2, incident, REGISTRY } from '../reasoning/helpers';

const now = new Date('2026-03-10T02:00:00Z');

describe('riskInputFrom', () => {
  test('builds the input from the incident, the finding and telemetry', () => {
    const inc = incident([alarm(EC2, 'CPUUtilization')], { priority: 'P1', services: ['checkout-prod'] });
    const input = riskInputFrom({
      incident: inc,
      finding: { runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } } },
      registry: REGISTRY,
      telemetry: { errorBudgetRemaining: 0.25, nonCompliantResources: [] },
      changeCalendarState: 'OPEN',
      now,
    });
    expect(input).toEqual({
      runbook: { id: 'aws-restart-ec2-instance', riskClass: 'low', kind: 'ssm-automation' },
      incident: { id: 'inc-1', priority: 'P1', resourceCount: 1 },
      environment: 'prod',
      errorBudgetRemaining: 0.25,
      nonCompliantResources: [],
      freezeWindows: [],
      changeCalendarState: 'OPEN',
      now: '2026-03-10T02:00:00.000Z',
    });
    expect(evaluateRisk(input).outcome).toBe('AUTO');
  });

  test('tags win over names; no finding runbook → APPROVE', () => {
    const input = riskInputFrom({ incident: incident([alarm(EC2, 'CPUUtilization')], { services: ['checkout-prod'] }), registry: REGISTRY, tags: { env: 'dev' }, now });
    expect(input.environment).toBe('dev');
    expect(input.runbook).toBeUndefined();
    expect(evaluateRisk(input)).toMatchObject({ outcome: 'APPROVE', reasons: ['no runbook proposed: a human must look at the incident'] });
  });

  test('a runbook missing from the registry is a programming error', () => {
    expect(() => riskInputFrom({
      incident: incident([alarm(EC2, 'CPUUtilization')]),
      finding: { runbook: { id: 'ghost', parameters: {} } },
      registry: REGISTRY,
      now,
    })).toThrow(/ghost is not in the registry/);
  });
});
