import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { Incident, Signal } from '../../runtime/model';
import type { RecoveryCheck, RecoveryVerifier, VerifyContext } from '../../runtime/remediation/ports';
import { verifyTargets } from '../../runtime/remediation/targets';
import type { VerifySpec } from '../../runtime/runbooks';

/**
 * `alarms-ok`: every CloudWatch alarm named by the incident's signals is in state OK (one DescribeAlarms call,
 * metric and composite alarms). An alarm that is not found counts as not recovered; so does an incident without
 * alarms (a runbook that verifies `alarms-ok` on it should declare another check).
 *
 * IAM: `cloudwatch:DescribeAlarms` (no resource-level permissions for it: `*`).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
 */
export class AlarmRecoveryVerifier implements RecoveryVerifier {
  constructor(private readonly client: CloudWatchClient) {}

  public async check(_verify: VerifySpec, _incident: Incident, signals: readonly Signal[], _context: VerifyContext): Promise<RecoveryCheck> {
    const names = verifyTargets(signals).alarmNames;
    if (names.length === 0) return { recovered: false, detail: 'the incident has no CloudWatch alarm to check' };
    const out = await this.client.send(new DescribeAlarmsCommand({
      AlarmNames: names,
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      MaxRecords: 100,
    }));
    const states = new Map<string, string>();
    for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
      if (a.AlarmName && a.StateValue) states.set(a.AlarmName, a.StateValue);
    }
    const notOk = names.filter((n) => states.get(n) !== 'OK').map((n) => `${n} (${states.get(n) ?? 'not found'})`);
    const ok = names.length - notOk.length;
    return {
      recovered: notOk.length === 0,
      detail: `${ok} of ${names.length} alarm${names.length === 1 ? '' : 's'} OK${notOk.length ? `; not OK: ${notOk.join(', ')}` : ''}`,
    };
  }
}
