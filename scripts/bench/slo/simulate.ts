/**
 * The burn-rate alarms of `ServiceLevelObjective`, simulated as CloudWatch evaluates them: every minute, each window
 * alarm reads one datapoint whose period is its window (the sliding sum of the last W minutes of published data),
 * compares the guarded error ratio with its threshold (1 datapoint to alarm, missing data not breaching), and each
 * composite is `(long AND short) OR (long AND short)` over its rows. The rows, thresholds and guard come from the
 * same contract the construct uses (src/contract/burn-rate.ts), so what is simulated is what is deployed.
 */
import { BURN_RATE_ROWS, errorRatioThreshold, minimumRequestsFor, type BurnRateAction } from '../../../src/contract/burn-rate';
import { Rng } from '../rng';

/** Traffic of one simulated service, minute by minute. */
export interface TrafficProfile {
  readonly name: string;
  readonly description: string;
  /** Length of the run in minutes, warm-up included. */
  readonly minutes: number;
  /** Requests in minute `m` (expected value; the draw is Poisson). */
  readonly requestsPerMinute: (minute: number) => number;
  /** Probability that a request of minute `m` fails. */
  readonly errorRate: (minute: number) => number;
  /** The minutes during which something is really wrong (a page or ticket there is a detection, elsewhere a false alarm). */
  readonly incidents: ReadonlyArray<{ readonly start: number; readonly end: number }>;
}

export interface SimulationOptions {
  readonly targetPercent: number;
  readonly windowDays: number;
  /** Minutes between a request and its datapoint being visible to the alarm (CloudWatch ingestion). Default 1. */
  readonly ingestionLagMinutes?: number;
  /** Minimum-traffic guard; `false` switches it off. Default: the construct's (`minimumRequestsFor(threshold)`). */
  readonly minimumRequests?: number | false;
  /** Minutes evaluated before counting (so the 3-day window is full). Default 3 days. */
  readonly warmupMinutes?: number;
  readonly seed?: number;
}

/** What one composite alarm did over the run. */
export interface CompositeOutcome {
  /** Minutes from the first incident's start to the first ALARM within an incident (undefined: never). */
  readonly detectionMinutes?: number;
  /** OK → ALARM transitions that began outside every incident (and its long-window tail). */
  readonly falseAlarms: number;
  /** All OK → ALARM transitions counted. */
  readonly alarms: number;
  /** Minutes from the first incident's end until the composite is OK again (undefined: no incident or never reset). */
  readonly resetMinutes?: number;
}

export interface SimulationResult {
  readonly profile: string;
  readonly page: CompositeOutcome;
  readonly ticket: CompositeOutcome;
  /** Minutes simulated after the warm-up. */
  readonly evaluatedMinutes: number;
  /** Error budget spent over the evaluated minutes, as a fraction of a full window's budget. */
  readonly budgetSpent: number;
}

/** A Poisson draw (Knuth below 30, a rounded normal approximation above). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  const u = Math.max(rng.next(), Number.EPSILON);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
}

/** A binomial draw through its Poisson or normal approximation (requests per minute are large, rates small). */
function failures(rng: Rng, requests: number, rate: number): number {
  if (requests === 0 || rate <= 0) return 0;
  if (rate >= 1) return requests;
  return Math.min(requests, poisson(rng, requests * rate));
}

interface WindowAlarm {
  readonly action: BurnRateAction;
  readonly row: string;
  readonly minutes: number;
  readonly threshold: number;
  readonly guard: number;
}

/** The eight window alarms of one SLO, as the construct builds them. */
export function windowAlarms(options: Pick<SimulationOptions, 'targetPercent' | 'windowDays' | 'minimumRequests'>): WindowAlarm[] {
  return BURN_RATE_ROWS.flatMap((row) => {
    const threshold = errorRatioThreshold(row, options.targetPercent, options.windowDays);
    const guard = options.minimumRequests === false ? 0 : options.minimumRequests ?? minimumRequestsFor(threshold);
    return [row.longWindowMinutes, row.shortWindowMinutes].map((minutes) => ({ action: row.action, row: row.id, minutes, threshold, guard }));
  });
}

/** Runs one profile through the alarms. Deterministic for a seed. */
export function simulate(profile: TrafficProfile, options: SimulationOptions): SimulationResult {
  const rng = new Rng(options.seed ?? 1);
  const lag = options.ingestionLagMinutes ?? 1;
  const warmup = options.warmupMinutes ?? 3 * 24 * 60;
  const n = profile.minutes;
  // Prefix sums: bad[m] and total[m] are the sums over minutes [0, m).
  const bad = new Float64Array(n + 1);
  const total = new Float64Array(n + 1);
  for (let m = 0; m < n; m++) {
    const requests = poisson(rng, profile.requestsPerMinute(m));
    total[m + 1] = total[m] + requests;
    bad[m + 1] = bad[m] + failures(rng, requests, profile.errorRate(m));
  }
  const alarms = windowAlarms(options);
  const rows = [...new Set(alarms.map((a) => a.row))];
  const longest = Math.max(...alarms.map((a) => a.minutes));
  const states = { page: false, ticket: false };
  const outcome = { page: new Tracker(profile, longest), ticket: new Tracker(profile, longest) };

  for (let t = warmup; t < n; t++) {
    // At the end of minute t, data up to minute t - lag is published.
    const visible = Math.max(0, t + 1 - lag);
    const breaching = new Map<string, boolean>();
    for (const a of alarms) {
      const from = Math.max(0, visible - a.minutes);
      const requests = total[visible] - total[from];
      const errors = bad[visible] - bad[from];
      // No request: no datapoint, treated as not breaching. Under the guard the expression reads 0.
      const ratio = requests === 0 ? 0 : requests >= a.guard ? errors / requests : 0;
      breaching.set(`${a.row}/${a.minutes}`, ratio >= a.threshold);
    }
    for (const action of ['page', 'ticket'] as const) {
      const firing = rows.some((row) => {
        const pair = alarms.filter((a) => a.row === row && a.action === action);
        return pair.length === 2 && pair.every((a) => breaching.get(`${a.row}/${a.minutes}`));
      });
      outcome[action].observe(t, firing, states[action]);
      states[action] = firing;
    }
  }
  const spent = (bad[n] - bad[warmup]) / Math.max(1, (total[n] - total[warmup]) * (1 - options.targetPercent / 100));
  const scale = (n - warmup) / (options.windowDays * 24 * 60);
  return {
    profile: profile.name,
    page: outcome.page.result(),
    ticket: outcome.ticket.result(),
    evaluatedMinutes: n - warmup,
    budgetSpent: spent * scale,
  };
}

/** Follows one composite's transitions against the profile's incidents. */
class Tracker {
  private detection?: number;
  private reset?: number;
  private falseAlarms = 0;
  private alarms = 0;

  public constructor(private readonly profile: TrafficProfile, private readonly tailMinutes: number) {}

  public observe(t: number, firing: boolean, wasFiring: boolean): void {
    const first = this.profile.incidents[0];
    if (firing && !wasFiring) {
      this.alarms++;
      const during = this.profile.incidents.some((i) => t >= i.start && t < i.end + this.tailMinutes);
      if (!during) this.falseAlarms++;
      if (first && this.detection === undefined && t >= first.start && t < first.end + this.tailMinutes) this.detection = t - first.start + 1;
    }
    if (!firing && wasFiring && first && this.reset === undefined && t >= first.end) this.reset = t - first.end + 1;
  }

  public result(): CompositeOutcome {
    return { detectionMinutes: this.detection, falseAlarms: this.falseAlarms, alarms: this.alarms, resetMinutes: this.reset };
  }
}
