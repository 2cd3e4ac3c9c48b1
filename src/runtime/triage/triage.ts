import type { Incident, Signal, SuppressionReason } from '../model';
import { contextNotes, correlationExpiry, correlationKey, withinWindow } from './correlate';
import { decide } from './decide';
import { hasRecent, nextFingerprint } from './fingerprint';
import { attachSignal, hasSignal, openIncident, reopenIncident, resolveFingerprint, type AttachMode } from './incident-ops';
import { IncidentLookups } from './lookups';
import { isEscalation } from './priority';
import { compileRules, DEFAULT_TRIAGE_RULES, type CompiledRules, type TriageRules } from './rules';
import { isStorm, openingBuckets, stormBucket, stormKey } from './storm';
import type { CorrelationRecord, FingerprintRecord, IncidentStore } from '../ports/incident-store';
import { Topology } from '../topology';
import type { LearnedCorrelation } from './learned';

/** An event triage asks the hub to publish (EventBridge detail-types in src/hub/constants.ts `DetailType`). */
export interface IncidentEvent {
  readonly type: 'opened' | 'updated' | 'escalated' | 'resolved';
  readonly incident: Incident;
}

/**
 * What triage did with one signal.
 * - `opened`: it opened `incident`; `escalated`: it joined `incident` and raised its priority;
 * - `attached`: it joined `incident` (`suppression` says how, when it did not page: grouped, duplicate, inhibited, storm, flapping, context);
 * - `resolved`: it resolved `incident`;
 * - `suppressed`: it changed no incident (`suppression` says why; `incident` is the related one, if any).
 */
export interface TriageOutcome {
  readonly signalId: string;
  readonly action: 'opened' | 'attached' | 'suppressed' | 'resolved' | 'escalated';
  readonly incident?: Incident;
  readonly suppression?: SuppressionReason;
  /** Events to publish for this signal: empty for a re-delivery or a suppressed signal. */
  readonly published: IncidentEvent[];
}

export interface TriageOptions {
  /** Resolved rules (see resolveTriageRules). @default DEFAULT_TRIAGE_RULES */
  readonly rules?: TriageRules;
  /** Conditional-write conflicts tolerated per signal before TriageConflictError. @default 50 */
  readonly maxRetries?: number;
  /**
   * Pause before retrying after a lost conditional write (attempt is 1 for the first retry). Backing off lets the
   * winner finish, so hundreds of concurrent deliveries converge in a few rounds instead of re-reading in lock-step.
   * @default defaultTriageBackoff(): exponential from 5 ms to 160 ms with a deterministic jitter (no randomness)
   */
  readonly backoff?: (attempt: number, signalId: string) => Promise<void>;
  /**
   * Owners and the service graph: a fixed {@link Topology}, or a function returning the current one (the Lambda
   * reloads its snapshot with a cache). Read per signal, never a network call.
   * @default Topology.EMPTY: owners from what each signal says, no edges beyond the rules' `topology`
   */
  readonly topology?: Topology | (() => Topology);
  /** Learned co-occurrence for signals no owner or edge links. @default - none */
  readonly learning?: LearnedCorrelation;
}

/**
 * Default backoff: `min(160, 5 * 2^(attempt-1))` ms scaled by a jitter in [0.5, 1.5) derived from the signal id, the attempt
 * and a sequence number (deterministic, so a test can replay it; different signals spread apart).
 */
export function defaultTriageBackoff(): (attempt: number, signalId: string) => Promise<void> {
  let sequence = 0;
  return (attempt, signalId) => {
    let h = (attempt * 7919 + ++sequence * 104729) % 1_000_003;
    for (let i = 0; i < signalId.length; i++) h = (h * 31 + signalId.charCodeAt(i)) % 1_000_003;
    const ms = Math.min(160, 5 * 2 ** (attempt - 1)) * (0.5 + (h % 1000) / 1000);
    return new Promise((resolve) => setTimeout(resolve, ms));
  };
}

/** Thrown when a signal kept losing conditional writes to concurrent deliveries; safe to re-deliver. */
export class TriageConflictError extends Error {
  public readonly signalId: string;
  public readonly attempts: number;
  constructor(signalId: string, attempts: number) {
    super(`Triage of signal ${signalId} lost ${attempts} conditional writes in a row to concurrent updates; re-deliver it`);
    this.name = 'TriageConflictError';
    this.signalId = signalId;
    this.attempts = attempts;
  }
}

const QUIET_MODES: ReadonlySet<AttachMode> = new Set<AttachMode>(['inhibited', 'flapping', 'context']);

const MODE_SUPPRESSION: Record<AttachMode, SuppressionReason | undefined> = {
  grouped: 'grouped',
  duplicate: 'duplicate',
  inhibited: 'inhibited',
  storm: 'storm',
  flapping: 'flapping',
  context: 'context',
};

/**
 * Triage: dedup, correlation, flap damping, thresholds, inhibition, storms, priority and resolution, over an
 * {@link IncidentStore}. The Lambda (DynamoDB store), the CLI and the benchmark (in-memory store) all use this class.
 *
 * `process` reads, decides with pure functions and commits with conditional single-item writes, in this order:
 * (1) the incident (claim the correlation key, then create; or a versioned update), (2) the fingerprint record,
 * which lists the signal id and so marks the signal done. A conflict re-reads and decides again (bounded by
 * `maxRetries`). Every write is idempotent per signal id, so re-delivered and concurrently delivered signals have
 * their effect exactly once.
 */
export class Triage {
  private readonly store: IncidentStore;
  private readonly rules: CompiledRules;
  private readonly maxRetries: number;
  private readonly backoff: (attempt: number, signalId: string) => Promise<void>;
  private readonly topologySource: () => Topology;
  private readonly lookups: IncidentLookups;
  /** Each snapshot with the rules' declared edges merged in, built once per snapshot. */
  private readonly merged = new WeakMap<Topology, Topology>();

  constructor(store: IncidentStore, options: TriageOptions = {}) {
    this.store = store;
    this.rules = compileRules(options.rules ?? DEFAULT_TRIAGE_RULES);
    this.maxRetries = options.maxRetries ?? 50;
    this.backoff = options.backoff ?? defaultTriageBackoff();
    const topology = options.topology ?? Topology.EMPTY;
    this.topologySource = typeof topology === 'function' ? topology : () => topology;
    this.lookups = new IncidentLookups(store, this.rules, options.learning);
  }

  /** Triage one signal. Its own `time` is the triage time. */
  public async process(signal: Signal): Promise<TriageOutcome> {
    const at = Date.parse(signal.time);
    const topology = this.topology();
    const owned = withOwner(signal, topology);
    return owned.state === 'info' ? this.processContext(owned, at) : this.processProblem(owned, at, topology);
  }

  /** The current topology with the rules' declared edges. */
  public topology(): Topology {
    const base = this.topologySource();
    if (this.rules.declaredEdges.length === 0) return base;
    const cached = this.merged.get(base);
    if (cached) return cached;
    const merged = base.withEdges(this.rules.declaredEdges);
    this.merged.set(base, merged);
    return merged;
  }

  private async processProblem(signal: Signal, at: number, topology: Topology): Promise<TriageOutcome> {
    const rules = this.rules;
    let stormCount: number | undefined;
    let attempt = 0;
    // What to read again after a conflict: everything, or only what the lost write was conditional on.
    let reread: 'all' | 'correlation' | 'incident' = 'all';
    let fp: FingerprintRecord | undefined;
    let key = '';
    let corr: CorrelationRecord | undefined;
    let keyIncident: Incident | undefined;
    let fingerprintIncident: Incident | undefined;
    for (; attempt <= this.maxRetries; attempt++) {
      if (attempt > 0) await this.backoff(attempt, signal.id);
      if (reread === 'all') {
        fp = await this.store.getFingerprint(signal.fingerprint);
        if (hasRecent(fp, signal.id, at)) {
          const incident = fp!.incidentId ? await this.store.getIncident(fp!.incidentId) : undefined;
          return { signalId: signal.id, action: 'suppressed', suppression: 'duplicate', incident, published: [] };
        }
        key = correlationKey(signal);
      }
      if (reread === 'all' || reread === 'correlation') {
        corr = await this.store.getCorrelation(key);
        keyIncident = await this.lookups.openIncidentOf(corr, at);
      } else if (keyIncident) {
        keyIncident = await this.lookups.openIncidentById(keyIncident.id, at);
      }
      fingerprintIncident = fp?.incidentId === undefined ? undefined
        : fp.incidentId === keyIncident?.id ? keyIncident : await this.lookups.live(await this.store.getIncident(fp.incidentId), at);
      reread = 'all';

      const input = { signal, at, fingerprint: fp, keyIncident, fingerprintIncident };
      let { decision, assessment } = decide(input, rules);
      // Only a signal that would open an incident asks the graph and learning where it belongs.
      if (decision.type === 'open') {
        const related = await this.lookups.related(signal, at, topology);
        if (related) ({ decision, assessment } = decide({ ...input, related }, rules));
      }

      // Storm: newly firing signals that would page count in the scope's bucket; past the limit, openers join the storm incident.
      let openKey = key;
      let openCorr = corr;
      let storm = false;
      if (assessment.newlyFiring && (decision.type === 'open' || (decision.type === 'attach' && (decision.mode === 'grouped' || decision.mode === 'inhibited')))) {
        stormCount ??= await this.store.countStormSignal(stormBucket(signal, at, rules), signal.id, rules.stormMax);
        let openings = 0;
        if (decision.type === 'open') {
          // Counted per key, not per signal: racing first signals of one group are one opening.
          for (const bucket of openingBuckets(signal, at, rules)) {
            openings = Math.max(openings, await this.store.countStormSignal(bucket, key, rules.stormMaxIncidents));
          }
        }
        if (decision.type === 'open' && (isStorm(stormCount, rules) || openings > rules.stormMaxIncidents)) {
          storm = true;
          openKey = stormKey(stormBucket(signal, at, rules).scope);
          openCorr = await this.store.getCorrelation(openKey);
          const stormIncident = await this.lookups.openIncidentOf(openCorr, at);
          if (stormIncident && hasSignal(stormIncident, signal.id, at)) {
            decision = { type: 'suppress', reason: 'duplicate', incident: stormIncident };
          } else if (stormIncident && withinWindow(stormIncident, at, rules)) {
            decision = { type: 'attach', target: stormIncident, mode: 'storm' };
          }
        }
      }

      // (1) the incident
      let outcome: TriageOutcome;
      let incidentId: string | undefined;
      if (decision.type === 'suppress') {
        incidentId = decision.incident?.id;
        outcome = {
          signalId: signal.id,
          action: 'suppressed',
          suppression: decision.reason,
          incident: decision.incident,
          published: [],
        };
      } else if (decision.type === 'open') {
        const notes = contextNotes(openCorr, at, rules);
        const incident = openIncident(openKey, signal, at, {
          storm,
          parent: rules.parentKinds.has(signal.kind),
          priorSignalIds: decision.priorSignalIds,
          context: notes,
        }, rules);
        const claim: CorrelationRecord = {
          key: openKey,
          incidentId: incident.id,
          seed: incident,
          context: notes,
          version: (openCorr?.version ?? 0) + 1,
          expiresAt: correlationExpiry(at, true, rules),
        };
        if (!await this.store.putCorrelation(claim, openCorr?.version)) {
          reread = openKey === key ? 'correlation' : 'all';
          continue;
        }
        await this.store.createIncident(incident);
        incidentId = incident.id;
        outcome = { signalId: signal.id, action: 'opened', incident, published: [{ type: 'opened', incident }] };
      } else if (decision.type === 'attach') {
        // decide() (and the storm branch) already checked that the target does not list the signal.
        const next = attachSignal(decision.target, signal, at, decision.mode, rules, true, decision.join);
        if (next && !await this.store.updateIncident(next, decision.target.version)) {
          reread = decision.join ? 'all' : 'incident';
          continue;
        }
        const incident = next ?? decision.target;
        incidentId = incident.id;
        if (next && decision.join) await this.lookups.claimKey(decision.join.key, incident, at);
        // Inhibited children, held flaps and context never page, not even by raising the priority; nor does a
        // priority raised in the incident's first minutes (folded into the opening page as an update).
        const folded = at - Date.parse(decision.target.openedAt) <= rules.foldMs;
        const escalated = next !== undefined && !QUIET_MODES.has(decision.mode) && !folded && isEscalation(decision.target.priority, next.priority);
        const pages = decision.mode === 'grouped';
        outcome = {
          signalId: signal.id,
          action: escalated ? 'escalated' : 'attached',
          suppression: MODE_SUPPRESSION[decision.mode],
          incident,
          published: !next ? [] : escalated ? [{ type: 'escalated', incident }] : pages ? [{ type: 'updated', incident }] : [],
        };
      } else if (decision.type === 'reopen') {
        const next = reopenIncident(decision.target, signal, at, rules, true);
        if (next && !await this.store.updateIncident(next, decision.target.version)) {
          reread = 'all';
          continue;
        }
        const incident = next ?? decision.target;
        incidentId = incident.id;
        if (next) await this.lookups.claimKey(incident.key, incident, at);
        outcome = {
          signalId: signal.id,
          action: 'attached',
          suppression: 'flapping',
          incident,
          published: next ? [{ type: 'updated', incident }] : [],
        };
      } else {
        const next = resolveFingerprint(decision.target, signal, at, true);
        if (next && !await this.store.updateIncident(next, decision.target.version)) {
          reread = 'incident';
          continue;
        }
        const incident = next ?? decision.target;
        incidentId = incident.id;
        const resolved = incident.status === 'resolved';
        if (resolved) {
          await this.lookups.releaseKeys(incident);
          await this.lookups.observe(incident);
        }
        outcome = {
          signalId: signal.id,
          action: resolved ? 'resolved' : 'attached',
          incident,
          published: !next ? [] : [{ type: resolved ? 'resolved' : 'updated', incident }],
        };
      }

      // (2) the fingerprint record: marks the signal done. A conflict on a signal that changed no incident
      // re-decides (a racing occurrence may cross a threshold); otherwise only the bookkeeping is retried.
      const state = signal.state === 'resolved' ? 'resolved' : 'firing';
      let current: FingerprintRecord | undefined = fp;
      let written = false;
      while (attempt <= this.maxRetries) {
        const next = nextFingerprint(current, signal.fingerprint, { id: signal.id, state }, at, incidentId, rules);
        if (!next || await this.store.putFingerprint(next, current?.version)) {
          written = true;
          break;
        }
        if (decision.type === 'suppress') break;
        attempt++;
        await this.backoff(attempt, signal.id);
        current = await this.store.getFingerprint(signal.fingerprint);
      }
      if (written) return outcome;
    }
    throw new TriageConflictError(signal.id, attempt);
  }

  /** Info signals never open incidents: they join the key's open incident as context, else are remembered on the key. */
  private async processContext(signal: Signal, at: number): Promise<TriageOutcome> {
    const rules = this.rules;
    const key = correlationKey(signal);
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      if (attempt > 0) await this.backoff(attempt, signal.id);
      const corr = await this.store.getCorrelation(key);
      const incident = await this.lookups.openIncidentOf(corr, at);
      if (incident) {
        const next = attachSignal(incident, signal, at, 'context', rules);
        if (next && !await this.store.updateIncident(next, incident.version)) continue;
        return {
          signalId: signal.id,
          action: 'attached',
          suppression: 'context',
          incident: next ?? incident,
          published: next ? [{ type: 'updated', incident: next }] : [],
        };
      }
      if (!corr?.context.some((n) => n.signalId === signal.id)) {
        const record: CorrelationRecord = {
          key,
          context: contextNotes(corr, at, rules, { signalId: signal.id, at, kind: signal.kind, title: signal.title }),
          version: (corr?.version ?? 0) + 1,
          expiresAt: correlationExpiry(at, false, rules),
        };
        if (!await this.store.putCorrelation(record, corr?.version)) continue;
      }
      return { signalId: signal.id, action: 'suppressed', suppression: 'context', published: [] };
    }
    throw new TriageConflictError(signal.id, this.maxRetries + 1);
  }
}

/** The signal with the owner the topology gives it (service, environment; account and region where missing), the same object when unchanged. */
export function withOwner(signal: Signal, topology: Topology): Signal {
  const owner = topology.owner(signal);
  const { resource } = signal;
  const located = (owner.account !== undefined && resource.account === undefined) || (owner.region !== undefined && resource.region === undefined);
  if (owner.service === signal.service && owner.environment === signal.environment && !located) return signal;
  return {
    ...signal,
    ...(owner.service !== undefined ? { service: owner.service } : {}),
    ...(owner.environment !== undefined ? { environment: owner.environment } : {}),
    ...(located ? { resource: { ...resource, account: resource.account ?? owner.account, region: resource.region ?? owner.region } } : {}),
  };
}
