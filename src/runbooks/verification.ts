import { Duration } from 'aws-cdk-lib';
import { VERIFY_MAX_WAIT_SECONDS, type RunbookVerifySpecJson as VerifySpec, type VerifyCheckValue as VerifyCheck } from '../contract/runbooks';

/** What proves a runbook worked. */
export class Verification {
  /** The incident's CloudWatch alarms are back to OK within `wait`. */
  public static alarmsOk(wait: Duration): Verification {
    return new Verification('alarms-ok', wait);
  }

  /** The incident's Synthetics canaries pass a run that started after the runbook, within `wait`. */
  public static canaryPasses(wait: Duration): Verification {
    return new Verification('canary-pass', wait);
  }

  /** The incident's Application Signals SLOs are attained again within `wait`. */
  public static sloRecovered(wait: Duration): Verification {
    return new Verification('slo-recovered', wait);
  }

  /** Nothing is checked: the runbook counts as successful when it ends successfully. */
  public static none(): Verification {
    return new Verification('none', Duration.seconds(0));
  }

  /** The check: `alarms-ok`, `canary-pass`, `slo-recovered` or `none`. */
  public readonly check: string;
  private readonly wait: Duration;

  private constructor(check: VerifyCheck, wait: Duration) {
    this.check = check;
    this.wait = wait;
  }

  /** @internal */
  public _render(where: string): { [key: string]: any } {
    if (this.wait.isUnresolved()) throw new Error(`${where}: the verify wait must be a concrete duration`);
    const seconds = this.wait.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > VERIFY_MAX_WAIT_SECONDS) {
      throw new Error(`${where}: the verify wait must be whole seconds from 0 to 1 hour (got ${this.wait.toHumanString()})`);
    }
    const spec: VerifySpec = { check: this.check as VerifyCheck, waitSeconds: seconds };
    return spec;
  }
}
