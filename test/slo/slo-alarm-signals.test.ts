import { sloAlarmName } from '../../src/contract/burn-rate';
import { triageSignals } from '../../src/runtime/local';
import { resolveTriageRules } from '../../src/runtime/triage';
import { fixtureCopy, oneSignal, rejectionOf } from '../runtime/normalise/helpers';

/*
 * The ServiceLevelObjective's alarms as the hub sees them: the real composite and metric-math alarm events
 * (events/cloudwatch), renamed the way the construct names its alarms.
 */
const COMPOSITE = 'events/cloudwatch/alarm-state-change-composite-with-suppressor.json';
const MATH = 'events/cloudwatch/alarm-state-change-metric-math-ec2-network-insufficient-to-alarm.json';
const SNS_MATH = 'events/cloudwatch/sns-wrapped-alarm-metric-math.json';
const SINGLE = 'events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json';

function renamed(relative: string, name: string): any {
  const event = fixtureCopy(relative);
  event.detail.alarmName = name;
  event.resources = [`arn:aws:cloudwatch:${event.region}:${event.account}:alarm:${name}`];
  return event;
}

describe('SLO burn-rate alarms on the hub', () => {
  test('the page composite is an slo-budget signal on the service, high, with the SLO name', () => {
    const signal = oneSignal(renamed(COMPOSITE, sloAlarmName('checkout', 'checkout-availability', 'page')));
    expect(signal).toMatchObject({
      source: 'cloudwatch-alarm',
      kind: 'slo-budget',
      state: 'firing',
      severity: 'high',
      service: 'checkout',
      labels: expect.objectContaining({ sloName: 'checkout-availability', burnRate: 'page' }),
    });
  });

  test('the ticket composite is medium; its OK resolves with the same fingerprint', () => {
    const name = sloAlarmName('checkout', 'checkout-availability', 'ticket');
    const firing = oneSignal(renamed(COMPOSITE, name));
    const ok = renamed(COMPOSITE, name);
    ok.detail.state.value = 'OK';
    const resolved = oneSignal(ok);
    expect([firing.severity, resolved.state, resolved.severity]).toEqual(['medium', 'resolved', 'medium']);
    expect(resolved.fingerprint).toBe(firing.fingerprint);
  });

  test('a window alarm under a composite is not a signal, in EventBridge and SNS shapes', () => {
    expect(rejectionOf(renamed(MATH, sloAlarmName('checkout', 'x', 'page-1h-short')))).toMatchObject({
      code: 'ignored', reason: expect.stringMatching(/one window of an SLO burn-rate alarm/),
    });
    const sns = fixtureCopy(SNS_MATH);
    const message = JSON.parse(sns.Records[0].Sns.Message);
    message.AlarmName = sloAlarmName('checkout', 'x', 'ticket-3d-long');
    sns.Records[0].Sns.Message = JSON.stringify(message);
    expect(rejectionOf(sns).code).toBe('ignored');
  });

  test('other alarms keep their kinds and the <service>/<alarm> convention', () => {
    expect(oneSignal(renamed(COMPOSITE, 'checkout/HighLatency'))).toMatchObject({ kind: 'composite-alarm', service: 'checkout' });
    expect(oneSignal(renamed(COMPOSITE, 'checkout/slo-dashboard'))).toMatchObject({ kind: 'composite-alarm' });
  });
});

test('in triage, a firing page inhibits the service\'s other alarms', async () => {
  const page = oneSignal(renamed(COMPOSITE, sloAlarmName('checkout', 'checkout-availability', 'page')));
  const cpu = renamed(SINGLE, 'checkout/HighCpu');
  const later = new Date(Date.parse(page.time) + 60_000).toISOString();
  cpu.time = later;
  cpu.detail.state.timestamp = later;
  const child = oneSignal(cpu);
  const result = await triageSignals([page, child], { rules: resolveTriageRules(undefined) });
  expect(result.outcomes.map((o) => (o.suppression ? `${o.action}:${o.suppression}` : o.action))).toEqual(['opened', 'attached:inhibited']);
});
