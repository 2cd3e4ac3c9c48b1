import { localSignalCollectors, sloReportOf } from '../../../src/runtime/local';
import { collectTelemetry } from '../../../src/runtime/telemetry';
import { ec2CpuAlarmSignal, incident, signal } from '../../support/telemetry-builders';

const SLO_ARN = 'arn:aws:application-signals:eu-central-1:777788889999:slo/search-availability';

function sloSignal(id: string, time: string, labels: Record<string, string>) {
  return signal({
    id,
    source: 'application-signals',
    kind: 'slo-budget',
    state: labels.budgetStatus === 'OK' ? 'resolved' : 'firing',
    resource: { type: 'AWS::ApplicationSignals::ServiceLevelObjective', id: 'search-availability', arn: SLO_ARN },
    service: 'search',
    time,
    labels: { sloArn: SLO_ARN, evaluationType: 'PeriodBased', attainmentGoal: '99', ...labels },
  });
}

const ok = sloSignal('slo-ok', '2019-10-02T17:00:00.000Z', { budgetStatus: 'OK', attainment: '99.6', budgetSecondsRemaining: '259' });
const breached = sloSignal('slo-breached', '2019-10-02T17:30:00.000Z', { budgetStatus: 'BREACHED', attainment: '98.5', budgetSecondsRemaining: '-216' });

function compliance(id: string, rule: string, type: string, time = '2019-10-02T16:00:00.000Z') {
  return signal({
    id,
    source: 'config',
    kind: 'compliance',
    state: type === 'NON_COMPLIANT' ? 'firing' : 'resolved',
    resource: { type: 'AWS::EC2::Instance', id: 'i-12345678901234567' },
    time,
    labels: { configRuleName: rule, complianceType: type },
  });
}

describe('localSignalCollectors', () => {
  test('slo: the budget share is derived from attainment and goal, the total from the remaining seconds', () => {
    expect(sloReportOf(ok)).toEqual({
      arn: SLO_ARN,
      name: 'search-availability',
      status: 'OK',
      evaluationType: 'PeriodBased',
      attainment: 99.6,
      goal: 99,
      totalBudgetSeconds: 431.667,
      budgetSecondsRemaining: 259,
    });
    // Overspent: negative remaining over a negative share still gives a positive total.
    expect(sloReportOf(breached)).toEqual(expect.objectContaining({ status: 'BREACHED', totalBudgetSeconds: 432, budgetSecondsRemaining: -216 }));
    // Without attainment the budget stays unknown.
    expect(sloReportOf(sloSignal('x', ok.time, { budgetStatus: 'OK', budgetSecondsRemaining: '10' }))).not.toHaveProperty('totalBudgetSeconds');
  });

  test('slo: the latest report at or before the time asked, by SLO id or service; later reports are not seen', async () => {
    const { slo } = localSignalCollectors([breached, ok]);
    const at = (time: string) => slo.budgetReports({ sloIds: [], services: ['search'], at: time });
    expect((await at('2019-10-02T16:59:00.000Z')).reports).toEqual([]);
    expect((await at('2019-10-02T17:10:00.000Z')).reports.map((r) => r.status)).toEqual(['OK']);
    expect((await at('2019-10-02T18:00:00.000Z')).reports.map((r) => r.status)).toEqual(['BREACHED']);
    expect((await slo.budgetReports({ sloIds: [SLO_ARN], services: [], at: '2019-10-02T18:00:00.000Z' })).reports).toHaveLength(1);
    expect((await slo.budgetReports({ sloIds: ['other'], services: ['other'], at: '2019-10-02T18:00:00.000Z' })).reports).toEqual([]);
  });

  test('config: the latest evaluation per rule; non-compliant when any rule is; nothing recorded is not applicable', async () => {
    const { config } = localSignalCollectors([
      compliance('c1', 'ec2-imdsv2', 'NON_COMPLIANT'),
      compliance('c2', 'ec2-imdsv2', 'COMPLIANT', '2019-10-02T16:30:00.000Z'),
      compliance('c3', 'ec2-ebs-encrypted', 'NON_COMPLIANT', '2019-10-02T18:00:00.000Z'),
    ], { now: new Date('2019-10-02T17:04:40.000Z') });
    expect(await config.byResource([{ type: 'AWS::EC2::Instance', id: 'i-12345678901234567' }])).toEqual([{
      type: 'AWS::EC2::Instance',
      id: 'i-12345678901234567',
      compliance: 'COMPLIANT',
      rules: [{ rule: 'ec2-imdsv2', compliance: 'COMPLIANT', recordedAt: '2019-10-02T16:30:00.000Z' }],
    }]);
    await expect(config.byResource([{ type: 'AWS::EC2::Instance', id: 'i-other' }])).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const later = localSignalCollectors([compliance('c3', 'ec2-ebs-encrypted', 'NON_COMPLIANT')]).config;
    expect((await later.byResource([{ type: 'AWS::EC2::Instance', id: 'i-12345678901234567' }]))[0]).toMatchObject({ compliance: 'NON_COMPLIANT', nonCompliantRuleCount: 1 });
  });

  test('collectTelemetry: the error budget and compliance are known, metrics, logs and traces are not configured', async () => {
    const alarm = { ...ec2CpuAlarmSignal(), service: 'search' };
    const bundle = await collectTelemetry(
      { incident: incident([alarm]), signals: [alarm] },
      localSignalCollectors([ok, compliance('c1', 'ec2-imdsv2', 'COMPLIANT'), alarm], { now: new Date(alarm.time) }),
      { now: new Date(alarm.time) },
    );
    expect(bundle.errorBudgetRemaining).toBe(0.6);
    expect(bundle.nonCompliantResources).toEqual([]);
    const status = Object.fromEntries(bundle.results.map((r) => [r.collector, `${r.status}${r.reason ? `: ${r.reason}` : ''}`]));
    expect(status).toEqual({
      'metrics': 'skipped: not configured',
      'logs': 'skipped: not configured',
      'traces': 'skipped: not configured',
      'devops-guru': 'skipped: not applicable: no DevOps Guru insight among the signals',
      'slo': 'ok',
      'config': 'ok',
    });
  });
});
