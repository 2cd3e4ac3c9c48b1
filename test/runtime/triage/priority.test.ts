import type { Severity } from '../../../src/runtime/model';
import { compileRules, computePriority, DEFAULT_TRIAGE_RULES, isEscalation } from '../../../src/runtime/triage';

const rules = compileRules(DEFAULT_TRIAGE_RULES);

describe('computePriority (the documented table)', () => {
  test.each<[string, Severity, number, number, string[], boolean, string]>([
    ['critical alone', 'critical', 1, 1, ['cloudwatch-alarm'], false, 'P1'],
    ['high alone', 'high', 1, 1, ['cloudwatch-alarm'], false, 'P2'],
    ['medium alone', 'medium', 1, 1, ['cloudwatch-alarm'], false, 'P3'],
    ['low alone', 'low', 1, 1, ['cloudwatch-alarm'], false, 'P4'],
    ['info alone', 'info', 1, 1, ['codedeploy'], false, 'P4'],
    ['medium on 5 resources', 'medium', 5, 1, ['cloudwatch-alarm'], false, 'P2'],
    ['medium on 4 resources', 'medium', 4, 2, ['cloudwatch-alarm'], false, 'P3'],
    ['low across 3 services', 'low', 3, 3, ['kubernetes'], false, 'P3'],
    ['medium from AWS Health', 'medium', 1, 1, ['health'], false, 'P2'],
    ['medium SLO breach', 'medium', 1, 1, ['application-signals'], false, 'P2'],
    ['medium SLO breach on 5 resources', 'medium', 5, 1, ['application-signals', 'cloudwatch-alarm'], false, 'P1'],
    ['high from Health, wide: never above P1', 'high', 9, 9, ['health'], false, 'P1'],
    ['low storm', 'low', 1, 1, ['cloudwatch-alarm'], true, 'P2'],
  ])('%s -> %s', (_name, severity, resources, services, sources, storm, expected) => {
    expect(computePriority({ severity, resources, services, sources, storm }, rules)).toBe(expected);
  });

  test('escalation means more urgent', () => {
    expect(isEscalation('P3', 'P2')).toBe(true);
    expect(isEscalation('P2', 'P2')).toBe(false);
    expect(isEscalation('P1', 'P2')).toBe(false);
  });
});
