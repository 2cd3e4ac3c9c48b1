/**
 * Local implementations of the remediation ports, for the CLI's replay and for tests: a runner that runs nothing,
 * a verifier that follows a script, a clock that never waits, and an in-memory timeline.
 */
import type { Incident, Signal, TimelineEntry } from '../model';
import type {
  Clock,
  RecoveryCheck,
  RecoveryVerifier,
  RunbookRunContext,
  RunbookRunner,
  RunbookStart,
  RunbookState,
  RunbookStatus,
  TimelineSink,
  VerifyContext,
} from '../remediation/ports';
import type { ParameterValue, RunbookSpec, VerifySpec } from '../runbooks';
import { appendTimeline } from '../triage/incident-ops';

// ---------------------------------------------------------------- clock

/** A clock on virtual time: `sleep` advances it at once, nothing ever waits. */
export class SimulatedClock implements Clock {
  private time: number;
  /** Total virtual milliseconds slept. */
  public slept = 0;

  constructor(start: Date | string) {
    this.time = typeof start === 'string' ? Date.parse(start) : start.getTime();
    if (!Number.isFinite(this.time)) throw new Error(`SimulatedClock: invalid start time ${String(start)}`);
  }

  public now(): Date {
    return new Date(this.time);
  }

  public async sleep(ms: number): Promise<void> {
    this.advance(ms);
  }

  /** Moves time forward by `ms` (never backwards). */
  public advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`SimulatedClock: cannot advance by ${ms} ms`);
    this.time += ms;
    this.slept += ms;
  }

  /** Moves time to `at` when it is later than now. */
  public advanceTo(at: Date | string): void {
    const target = typeof at === 'string' ? Date.parse(at) : at.getTime();
    if (target > this.time) this.advance(target - this.time);
  }
}

// ---------------------------------------------------------------- runner

/** How a dry-run runbook behaves. */
export interface DryRunOutcome {
  /** Where the run ends. `running`: it never ends (the remediation times it out). @default 'succeeded' */
  readonly state?: RunbookState;
  /** Virtual seconds from start to the final state. @default DryRunRunnerOptions.defaultDurationSeconds */
  readonly durationSeconds?: number;
  readonly detail?: string;
  /** When set, `start` rejects with this message (the runner could not start it). */
  readonly startError?: string;
}

export interface DryRunRunnerOptions {
  /** The clock runs are timed on (the remediation's). */
  readonly clock: Clock;
  /**
   * Per runbook id: one outcome for every run, or a list used one run after the other (the last one repeats).
   * @default - every run succeeds
   */
  readonly outcomes?: Readonly<Record<string, DryRunOutcome | readonly DryRunOutcome[]>>;
  /** @default 60 */
  readonly defaultDurationSeconds?: number;
}

/** What a dry run recorded for one start: what would have run, with what, and why. */
export interface DryRunRecord {
  readonly executionId: string;
  readonly runbookId: string;
  readonly kind: RunbookSpec['kind'];
  readonly target: string;
  readonly params: Readonly<Record<string, ParameterValue>>;
  readonly incidentId: string;
  readonly purpose: RunbookRunContext['purpose'];
  readonly requestKey: string;
  readonly startedAt: string;
  readonly outcome: DryRunOutcome;
}

/** A runner that runs nothing: it records what it would run and plays the configured outcome on the clock. */
export class DryRunRunner implements RunbookRunner {
  /** Every start, in order (failed starts included). */
  public readonly runs: DryRunRecord[] = [];
  private readonly byId = new Map<string, DryRunRecord>();
  private readonly startsPerRunbook = new Map<string, number>();

  constructor(private readonly options: DryRunRunnerOptions) {}

  public async start(spec: RunbookSpec, params: Readonly<Record<string, ParameterValue>>, ctx: RunbookRunContext): Promise<RunbookStart> {
    const n = this.startsPerRunbook.get(spec.id) ?? 0;
    this.startsPerRunbook.set(spec.id, n + 1);
    const configured = this.options.outcomes?.[spec.id];
    const list: readonly DryRunOutcome[] = configured === undefined ? [{}] : Array.isArray(configured) ? configured : [configured as DryRunOutcome];
    const outcome = list[Math.min(n, list.length - 1)] ?? {};
    const record: DryRunRecord = {
      executionId: `dry-run-${this.runs.length + 1}`,
      runbookId: spec.id,
      kind: spec.kind,
      target: spec.target,
      params: { ...params },
      incidentId: ctx.incidentId,
      purpose: ctx.purpose,
      requestKey: ctx.requestKey,
      startedAt: this.options.clock.now().toISOString(),
      outcome,
    };
    this.runs.push(record);
    if (outcome.startError !== undefined) throw new Error(outcome.startError);
    this.byId.set(record.executionId, record);
    return { executionId: record.executionId };
  }

  public async status(_spec: RunbookSpec, executionId: string): Promise<RunbookStatus> {
    const record = this.byId.get(executionId);
    if (!record) throw new Error(`dry run: no execution ${executionId}`);
    const state = record.outcome.state ?? 'succeeded';
    const duration = (record.outcome.durationSeconds ?? this.options.defaultDurationSeconds ?? 60) * 1000;
    const done = state !== 'running' && this.options.clock.now().getTime() - Date.parse(record.startedAt) >= duration;
    if (!done) return { state: 'running', detail: 'dry run' };
    return { state, detail: record.outcome.detail ?? `dry run: ${state}` };
  }
}

// ---------------------------------------------------------------- verifier

/** When a scripted incident recovers: on its Nth check (1 = the first), or never. */
export type RecoveryScript = number | 'never';

export interface ScriptedVerifierOptions {
  /** @default 1 */
  readonly recoverOnCheck?: RecoveryScript;
  /** Per incident id, overriding `recoverOnCheck`. */
  readonly byIncident?: Readonly<Record<string, RecoveryScript>>;
}

/** A verifier that follows a script: each incident recovers on its Nth check, or never. Counts checks per incident. */
export class ScriptedVerifier implements RecoveryVerifier {
  /** Checks made, per incident id. */
  public readonly checks = new Map<string, number>();

  constructor(private readonly options: ScriptedVerifierOptions = {}) {}

  public async check(verify: VerifySpec, incident: Incident, _signals: readonly Signal[], _context: VerifyContext): Promise<RecoveryCheck> {
    const n = (this.checks.get(incident.id) ?? 0) + 1;
    this.checks.set(incident.id, n);
    const script = this.options.byIncident?.[incident.id] ?? this.options.recoverOnCheck ?? 1;
    const recovered = script !== 'never' && n >= script;
    return { recovered, detail: `scripted ${verify.check}: check ${n}, ${recovered ? 'recovered' : 'not recovered'}` };
  }
}

// ---------------------------------------------------------------- timeline

/** A timeline kept in memory, per incident. */
export class InMemoryTimelineSink implements TimelineSink {
  private readonly byIncident = new Map<string, TimelineEntry[]>();

  public async append(incidentId: string, entries: readonly TimelineEntry[]): Promise<void> {
    const list = this.byIncident.get(incidentId) ?? [];
    list.push(...entries);
    this.byIncident.set(incidentId, list);
  }

  /** The entries appended for one incident, in order. */
  public entries(incidentId: string): TimelineEntry[] {
    return [...(this.byIncident.get(incidentId) ?? [])];
  }

  /** The incident with the appended entries on its timeline (bounded the way triage bounds it). */
  public applyTo(incident: Incident): Incident {
    let timeline = incident.timeline;
    for (const e of this.byIncident.get(incident.id) ?? []) timeline = appendTimeline(timeline, e);
    return { ...incident, timeline };
  }
}
