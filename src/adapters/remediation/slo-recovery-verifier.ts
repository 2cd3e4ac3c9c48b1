import { ApplicationSignalsClient } from '@aws-sdk/client-application-signals';
import type { Incident, Signal } from '../../runtime/model';
import type { RecoveryCheck, RecoveryVerifier, VerifyContext } from '../../runtime/remediation/ports';
import { verifyTargets } from '../../runtime/remediation/targets';
import type { VerifySpec } from '../../runtime/runbooks';
import type { SloReader } from '../../runtime/telemetry/ports';
import { ApplicationSignalsSloReader } from '../telemetry/application-signals-slo-reader';

/**
 * `slo-recovered`: every Application Signals SLO named by the incident's signals reports budget status OK now
 * (BatchGetServiceLevelObjectiveBudgetReport at `context.now`, through the telemetry SloReader). WARNING, BREACHED,
 * INSUFFICIENT_DATA and SLOs the service could not report on are not recovered; so is an incident without SLOs.
 *
 * IAM: `application-signals:BatchGetServiceLevelObjectiveBudgetReport`.
 * @see https://docs.aws.amazon.com/applicationsignals/latest/APIReference/API_BatchGetServiceLevelObjectiveBudgetReport.html
 */
export class SloRecoveryVerifier implements RecoveryVerifier {
  /** Over the Application Signals SDK client. */
  public static fromClient(client: ApplicationSignalsClient): SloRecoveryVerifier {
    return new SloRecoveryVerifier(new ApplicationSignalsSloReader(client));
  }

  constructor(private readonly reader: SloReader) {}

  public async check(_verify: VerifySpec, _incident: Incident, signals: readonly Signal[], context: VerifyContext): Promise<RecoveryCheck> {
    const ids = verifyTargets(signals).sloIds;
    if (ids.length === 0) return { recovered: false, detail: 'the incident has no SLO to check' };
    const { reports, errors } = await this.reader.budgetReports({ sloIds: ids, services: [], at: context.now });
    const notOk = [
      ...reports.filter((r) => r.status !== 'OK').map((r) => `${r.name} (${r.status})`),
      ...errors.map((e) => `${e.id} (${e.code})`),
    ];
    const ok = reports.filter((r) => r.status === 'OK').length;
    const missing = reports.length + errors.length === 0 ? ' (no report returned)' : '';
    return {
      recovered: notOk.length === 0 && ok > 0,
      detail: `${ok} of ${ids.length} SLO${ids.length === 1 ? '' : 's'} OK${missing}${notOk.length ? `; not OK: ${notOk.join(', ')}` : ''}`,
    };
  }
}
