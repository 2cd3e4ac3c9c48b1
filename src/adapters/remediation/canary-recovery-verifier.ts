import { GetCanaryRunsCommand, SyntheticsClient, type CanaryRun } from '@aws-sdk/client-synthetics';
import type { Incident, Signal } from '../../runtime/model';
import type { RecoveryCheck, RecoveryVerifier, VerifyContext } from '../../runtime/remediation/ports';
import { verifyTargets } from '../../runtime/remediation/targets';
import type { VerifySpec } from '../../runtime/runbooks';

/** Runs read per canary: enough to find the last finished one behind a running one. */
const RUNS_PER_CANARY = 5;

function started(run: CanaryRun): number {
  const at = run.Timeline?.Started as Date | string | undefined;
  return at === undefined ? NaN : new Date(at).getTime();
}

/**
 * `canary-pass`: the last finished run of every canary named by the incident's signals PASSED and started after the
 * runbook ended (`context.since`): a pass from before the fix proves nothing, so until a new run finishes the check
 * is not recovered yet. No canary on the incident: not recovered.
 *
 * IAM: `synthetics:GetCanaryRuns` on the canary ARNs.
 * @see https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_GetCanaryRuns.html
 */
export class CanaryRecoveryVerifier implements RecoveryVerifier {
  constructor(private readonly client: SyntheticsClient) {}

  public async check(_verify: VerifySpec, _incident: Incident, signals: readonly Signal[], context: VerifyContext): Promise<RecoveryCheck> {
    const names = verifyTargets(signals).canaryNames;
    if (names.length === 0) return { recovered: false, detail: 'the incident has no canary to check' };
    const since = Date.parse(context.since);
    const problems: string[] = [];
    for (const name of names) {
      const out = await this.client.send(new GetCanaryRunsCommand({ Name: name, MaxResults: RUNS_PER_CANARY }));
      const last = (out.CanaryRuns ?? [])
        .filter((r) => r.Status?.State === 'PASSED' || r.Status?.State === 'FAILED')
        .sort((a, b) => started(b) - started(a))[0];
      if (!last) problems.push(`${name}: no finished run`);
      else if (!(started(last) >= since)) problems.push(`${name}: no run since ${context.since} (last ${last.Status?.State})`);
      else if (last.Status?.State !== 'PASSED') problems.push(`${name}: ${last.Status?.State}${last.Status?.StateReason ? ` (${last.Status.StateReason})` : ''}`);
    }
    return {
      recovered: problems.length === 0,
      detail: problems.length === 0 ? `${names.length} canar${names.length === 1 ? 'y' : 'ies'} passed since ${context.since}` : problems.join('; '),
    };
  }
}
