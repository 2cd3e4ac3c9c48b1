import {
  AccessDeniedException,
  ApplicationSignalsClient,
  BatchGetServiceLevelObjectiveBudgetReportCommand,
} from '@aws-sdk/client-application-signals';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetAutomationExecutionCommand, SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { GetCanaryRunsCommand, SyntheticsClient } from '@aws-sdk/client-synthetics';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  AlarmRecoveryVerifier,
  awsRecoveryVerifier,
  CanaryRecoveryVerifier,
  SloRecoveryVerifier,
  SsmAutomationRunner,
} from '../../../src/adapters/remediation';
import { InMemoryTimelineSink, SimulatedClock } from '../../../src/runtime/local';
import type { Signal } from '../../../src/runtime/model';
import { remediate, RemediationTimelineType as T, type VerifyContext } from '../../../src/runtime/remediation';
import type { VerifySpec } from '../../../src/runtime/runbooks';
import { ec2Input } from '../../runtime/remediation/builders';
import { loadFixture } from '../../support/fixtures';
import { incident, signal } from '../../support/telemetry-builders';

// AWS CLI example outputs (../shared/fixtures/SOURCES.md).
const DESCRIBE_ALARMS = loadFixture('api/cloudwatch/DescribeAlarms.json'); // myalarm, OK
const CANARY_RUNS = loadFixture('api/synthetics/GetCanaryRuns.json'); // demo_canary, PASSED, started 2024-10-16T05:08:57.013Z
const BUDGET_REPORT = loadFixture('api/application-signals/BatchGetServiceLevelObjectiveBudgetReport-ok-and-breached.json');
const GET_AUTOMATION_EXECUTION = loadFixture('api/ssm/GetAutomationExecution.json');
const SLO1 = 'arn:aws:application-signals:us-east-1:123456789101:slo/SLOName1';
const SLO2 = 'arn:aws:application-signals:us-east-1:123456789101:slo/SLOName2';

const cw = mockClient(CloudWatchClient);
// client-synthetics is on an older @smithy/types here, which aws-sdk-client-mock's typings reject: typed loosely.
const synthetics: AwsStub<any, any, any> = mockClient(SyntheticsClient as never);
const GET_CANARY_RUNS = GetCanaryRunsCommand as never;
const appSignals = mockClient(ApplicationSignalsClient);
const ssm = mockClient(SSMClient);
beforeEach(() => {
  cw.reset();
  synthetics.reset();
  appSignals.reset();
  ssm.reset();
});

const ALARMS_OK: VerifySpec = { check: 'alarms-ok', waitSeconds: 600 };
const CANARY_PASS: VerifySpec = { check: 'canary-pass', waitSeconds: 600 };
const SLO_RECOVERED: VerifySpec = { check: 'slo-recovered', waitSeconds: 600 };
const CTX: VerifyContext = { since: '2024-10-16T05:00:00.000Z', now: '2024-12-24T17:04:29.000Z' };

function alarm(name: string): Signal {
  return signal({ id: `alarm-${name}`, labels: { alarmName: name } });
}

function canary(name: string): Signal {
  return signal({ id: `canary-${name}`, source: 'synthetics', kind: 'canary-run', resource: { type: 'AWS::Synthetics::Canary', id: name }, labels: { canaryName: name } });
}

function slo(arn: string): Signal {
  return signal({ id: `slo-${arn}`, source: 'application-signals', kind: 'slo-budget', resource: { type: 'AWS::ApplicationSignals::ServiceLevelObjective', id: arn.split('/')[1], arn }, labels: { sloArn: arn } });
}

describe('AlarmRecoveryVerifier', () => {
  test('GIVEN the real DescribeAlarms response with the incident\'s alarm OK THEN recovered, metric and composite alarms asked for by name', async () => {
    cw.on(DescribeAlarmsCommand).resolves(DESCRIBE_ALARMS);
    const signals = [alarm('myalarm'), alarm('myalarm')];
    const check = await new AlarmRecoveryVerifier(new CloudWatchClient({})).check(ALARMS_OK, incident(signals), signals, CTX);
    expect(check).toEqual({ recovered: true, detail: '1 of 1 alarm OK' });
    expect(cw.commandCalls(DescribeAlarmsCommand)[0].args[0].input).toEqual({ AlarmNames: ['myalarm'], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100 });
  });

  test('GIVEN the alarm back in ALARM, or an alarm not found THEN not recovered, naming them', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ ...DESCRIBE_ALARMS.MetricAlarms[0], StateValue: 'ALARM' }] });
    const signals = [alarm('myalarm'), alarm('deleted-alarm')];
    expect(await new AlarmRecoveryVerifier(new CloudWatchClient({})).check(ALARMS_OK, incident(signals), signals, CTX)).toEqual({
      recovered: false,
      detail: '0 of 2 alarms OK; not OK: myalarm (ALARM), deleted-alarm (not found)',
    });
  });

  test('GIVEN an incident without alarms THEN not recovered and no call', async () => {
    const signals = [canary('demo_canary')];
    expect((await new AlarmRecoveryVerifier(new CloudWatchClient({})).check(ALARMS_OK, incident(signals), signals, CTX)).recovered).toBe(false);
    expect(cw).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 0);
  });
});

describe('CanaryRecoveryVerifier', () => {
  test('GIVEN the real GetCanaryRuns response with a PASSED run after the runbook ended THEN recovered', async () => {
    synthetics.on(GET_CANARY_RUNS).resolves(CANARY_RUNS);
    const signals = [canary('demo_canary')];
    const check = await new CanaryRecoveryVerifier(new SyntheticsClient({})).check(CANARY_PASS, incident(signals), signals, CTX);
    expect(check).toEqual({ recovered: true, detail: `1 canary passed since ${CTX.since}` });
    expect(synthetics).toHaveReceivedCommandWith(GET_CANARY_RUNS, { Name: 'demo_canary', MaxResults: 5 });
  });

  test('GIVEN the PASSED run started before the runbook ended THEN not yet recovered (a pass from before the fix proves nothing)', async () => {
    synthetics.on(GET_CANARY_RUNS).resolves(CANARY_RUNS);
    const signals = [canary('demo_canary')];
    const check = await new CanaryRecoveryVerifier(new SyntheticsClient({})).check(CANARY_PASS, incident(signals), signals, { ...CTX, since: '2024-10-16T06:00:00.000Z' });
    expect(check).toEqual({ recovered: false, detail: 'demo_canary: no run since 2024-10-16T06:00:00.000Z (last PASSED)' });
  });

  test('GIVEN the newest finished run FAILED behind a RUNNING one THEN not recovered, with its reason', async () => {
    const [run] = CANARY_RUNS.CanaryRuns;
    synthetics.on(GET_CANARY_RUNS).resolves({
      CanaryRuns: [
        { ...run, Id: 'running', Status: { State: 'RUNNING' }, Timeline: { Started: '2024-10-16T10:45:00+05:30' } },
        { ...run, Id: 'failed', Status: { State: 'FAILED', StateReason: 'Timeout 30000ms exceeded' }, Timeline: { Started: '2024-10-16T10:43:57+05:30' } },
        run,
      ],
    });
    const signals = [canary('demo_canary')];
    expect(await new CanaryRecoveryVerifier(new SyntheticsClient({})).check(CANARY_PASS, incident(signals), signals, CTX)).toEqual({
      recovered: false,
      detail: 'demo_canary: FAILED (Timeout 30000ms exceeded)',
    });
  });
});

describe('SloRecoveryVerifier', () => {
  test('GIVEN the real budget report with one SLO OK THEN recovered, reported at the check time', async () => {
    appSignals.on(BatchGetServiceLevelObjectiveBudgetReportCommand).resolves({ ...BUDGET_REPORT, Reports: [BUDGET_REPORT.Reports[0]] });
    const signals = [slo(SLO1)];
    expect(await SloRecoveryVerifier.fromClient(new ApplicationSignalsClient({})).check(SLO_RECOVERED, incident(signals), signals, CTX)).toEqual({
      recovered: true,
      detail: '1 of 1 SLO OK',
    });
    expect(appSignals).toHaveReceivedCommandWith(BatchGetServiceLevelObjectiveBudgetReportCommand, { Timestamp: new Date(CTX.now), SloIds: [SLO1] });
  });

  test('GIVEN the real report with one OK and one BREACHED THEN not recovered, naming the breached one', async () => {
    appSignals.on(BatchGetServiceLevelObjectiveBudgetReportCommand).resolves(BUDGET_REPORT);
    const signals = [slo(SLO1), slo(SLO2)];
    expect(await SloRecoveryVerifier.fromClient(new ApplicationSignalsClient({})).check(SLO_RECOVERED, incident(signals), signals, CTX)).toEqual({
      recovered: false,
      detail: '1 of 2 SLOs OK; not OK: test (BREACHED)',
    });
  });
});

describe('awsRecoveryVerifier', () => {
  test('GIVEN each check THEN the matching service is asked; none asks nobody; a rejected call rejects (the core counts it as not yet)', async () => {
    cw.on(DescribeAlarmsCommand).resolves(DESCRIBE_ALARMS);
    synthetics.on(GET_CANARY_RUNS).resolves(CANARY_RUNS);
    appSignals.on(BatchGetServiceLevelObjectiveBudgetReportCommand).rejects(new AccessDeniedException({ $metadata: { httpStatusCode: 403 }, message: 'denied' }));
    const verifier = awsRecoveryVerifier({
      cloudwatch: new CloudWatchClient({}),
      synthetics: new SyntheticsClient({}),
      applicationSignals: new ApplicationSignalsClient({}),
    });
    const signals = [alarm('myalarm'), canary('demo_canary'), slo(SLO1)];
    const inc = incident(signals);
    expect((await verifier.check(ALARMS_OK, inc, signals, CTX)).recovered).toBe(true);
    expect((await verifier.check(CANARY_PASS, inc, signals, CTX)).recovered).toBe(true);
    expect(await verifier.check({ check: 'none', waitSeconds: 0 }, inc, signals, CTX)).toEqual({ recovered: true, detail: 'no verification declared' });
    await expect(verifier.check(SLO_RECOVERED, inc, signals, CTX)).rejects.toThrow('denied');
  });
});

describe('remediate over the AWS adapters', () => {
  test('GIVEN SSM in progress then the real Success, and the real DescribeAlarms OK THEN resolved with the execution on the timeline', async () => {
    const executionId = GET_AUTOMATION_EXECUTION.AutomationExecution.AutomationExecutionId;
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: executionId });
    const inProgress = { AutomationExecution: { ...GET_AUTOMATION_EXECUTION.AutomationExecution, AutomationExecutionStatus: 'InProgress' } };
    ssm.on(GetAutomationExecutionCommand).resolvesOnce(inProgress).resolvesOnce(inProgress).resolves(GET_AUTOMATION_EXECUTION);
    cw.on(DescribeAlarmsCommand).resolves(DESCRIBE_ALARMS);
    const input = ec2Input();
    const signals = [{ ...input.signals[0], labels: { ...input.signals[0].labels, alarmName: 'myalarm' } }];
    const clock = new SimulatedClock('2019-10-02T17:10:00.000Z');

    const result = await remediate({ ...input, signals }, {
      clock,
      runner: new SsmAutomationRunner(new SSMClient({})),
      verifier: new AlarmRecoveryVerifier(new CloudWatchClient({})),
      sink: new InMemoryTimelineSink(),
    });

    expect(result).toMatchObject({ outcome: 'resolved', escalate: false, executionIds: { remediation: executionId } });
    expect(result.steps.map((s) => s.type)).toEqual([T.RUNBOOK_STARTED, T.RUNBOOK_SUCCEEDED, T.VERIFICATION_PASSED, T.FINISHED]);
    expect(result.steps[1].data).toMatchObject({ state: 'succeeded', detail: 'Success' });
    expect(ssm).toHaveReceivedCommandTimes(GetAutomationExecutionCommand, 3);
    expect(ssm).toHaveReceivedCommandWith(StartAutomationExecutionCommand, { DocumentName: 'AWS-RestartEC2Instance', Parameters: { InstanceId: ['i-12345678901234567'] } });
  });
});
