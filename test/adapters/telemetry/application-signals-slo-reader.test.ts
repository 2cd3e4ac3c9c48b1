import {
  AccessDeniedException,
  ApplicationSignalsClient,
  BatchGetServiceLevelObjectiveBudgetReportCommand,
  ListServiceLevelObjectivesCommand,
} from '@aws-sdk/client-application-signals';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ApplicationSignalsSloReader } from '../../../src/adapters/telemetry/application-signals-slo-reader';
import { collectTelemetry } from '../../../src/runtime/telemetry/collect';
import { loadFixture } from '../../support/fixtures';
import { incident, signal } from '../../support/telemetry-builders';

// AWS CLI example outputs (SOURCES.md, api/application-signals): two budget reports, OK and BREACHED; one SLO summary.
const BUDGET_REPORT = loadFixture('api/application-signals/BatchGetServiceLevelObjectiveBudgetReport-ok-and-breached.json');
const LIST_SLOS = loadFixture('api/application-signals/ListServiceLevelObjectives.json');
const SLO1 = 'arn:aws:application-signals:us-east-1:123456789101:slo/SLOName1';
const SLO2 = 'arn:aws:application-signals:us-east-1:123456789101:slo/SLOName2';
const AT = '2024-12-24T17:04:29.000Z';

const signals = mockClient(ApplicationSignalsClient);
beforeEach(() => signals.reset());

describe('ApplicationSignalsSloReader', () => {
  test('GIVEN SLO ids WHEN read THEN the real budget reports as plain data, asked for that time', async () => {
    signals.on(BatchGetServiceLevelObjectiveBudgetReportCommand).resolves(BUDGET_REPORT);
    const reader = new ApplicationSignalsSloReader(new ApplicationSignalsClient({}));
    const result = await reader.budgetReports({ sloIds: [SLO1, SLO2], services: [], at: AT });
    expect(result).toEqual({
      reports: [
        { arn: SLO1, name: 'Your SLO Name', status: 'OK', evaluationType: 'PeriodBased', attainment: 100, goal: 99, totalBudgetSeconds: 6048, budgetSecondsRemaining: 6048, totalBudgetRequests: undefined, budgetRequestsRemaining: undefined },
        { arn: SLO2, name: 'test', status: 'BREACHED', evaluationType: 'PeriodBased', attainment: 97.39583275, goal: 99.9, totalBudgetSeconds: 86, budgetSecondsRemaining: -2154, totalBudgetRequests: undefined, budgetRequestsRemaining: undefined },
      ],
      errors: [],
    });
    expect(signals).toHaveReceivedCommandWith(BatchGetServiceLevelObjectiveBudgetReportCommand, { Timestamp: new Date(AT), SloIds: [SLO1, SLO2] });
    expect(signals).toHaveReceivedCommandTimes(ListServiceLevelObjectivesCommand, 0);
  });

  test('GIVEN a service and an environment THEN its SLOs are listed by key attributes, then reported on', async () => {
    signals.on(ListServiceLevelObjectivesCommand).resolves(LIST_SLOS);
    signals.on(BatchGetServiceLevelObjectiveBudgetReportCommand).resolves(BUDGET_REPORT);
    await new ApplicationSignalsSloReader(new ApplicationSignalsClient({}), { environment: 'eks:prod/default' }).budgetReports({ sloIds: [], services: ['checkout'], at: AT });
    expect(signals).toHaveReceivedCommandWith(ListServiceLevelObjectivesCommand, { KeyAttributes: { Type: 'Service', Name: 'checkout', Environment: 'eks:prod/default' } });
    expect(signals).toHaveReceivedCommandWith(BatchGetServiceLevelObjectiveBudgetReportCommand, { SloIds: ['arn:aws:application-signals:us-east-1:123456789101:slo/test'] });
  });

  test('GIVEN a service without an environment THEN only SLOs whose key attributes name it are kept (none in the sample)', async () => {
    signals.on(ListServiceLevelObjectivesCommand).resolves(LIST_SLOS);
    const result = await new ApplicationSignalsSloReader(new ApplicationSignalsClient({})).budgetReports({ sloIds: [], services: ['checkout'], at: AT });
    expect(result).toEqual({ reports: [], errors: [] });
    expect(signals).toHaveReceivedCommandWith(ListServiceLevelObjectivesCommand, { KeyAttributes: undefined });
    expect(signals).toHaveReceivedCommandTimes(BatchGetServiceLevelObjectiveBudgetReportCommand, 0);
  });

  test('GIVEN an SLO signal WHEN collected THEN breached first and the bundle\'s errorBudgetRemaining is 0; GIVEN AccessDenied THEN skipped', async () => {
    const slo = signal({
      id: 'slo',
      source: 'application-signals',
      kind: 'slo-budget',
      time: AT,
      resource: { type: 'AWS::ApplicationSignals::ServiceLevelObjective', id: 'test', arn: SLO2 },
      labels: { sloArn: SLO2 },
    });
    const request = { incident: incident([slo]), signals: [slo] };
    const now = new Date('2024-12-24T17:10:00Z');
    signals.on(BatchGetServiceLevelObjectiveBudgetReportCommand).resolves(BUDGET_REPORT);
    let bundle = await collectTelemetry(request, { slo: new ApplicationSignalsSloReader(new ApplicationSignalsClient({})) }, { now });
    expect(bundle.results[4].evidence.map((e) => e.ref)).toEqual(['slo:test', 'slo:Your SLO Name']);
    expect(bundle.errorBudgetRemaining).toBe(0);

    signals.reset();
    signals.on(BatchGetServiceLevelObjectiveBudgetReportCommand).rejects(new AccessDeniedException({ $metadata: { httpStatusCode: 403 }, message: 'denied' }));
    bundle = await collectTelemetry(request, { slo: new ApplicationSignalsSloReader(new ApplicationSignalsClient({})) }, { now });
    expect(bundle.results[4]).toMatchObject({ collector: 'slo', status: 'skipped', reason: 'not permitted (AccessDeniedException)' });
    expect(bundle.errorBudgetRemaining).toBeUndefined();
  });
});
