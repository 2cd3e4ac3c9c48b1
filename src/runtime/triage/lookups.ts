import type { CorrelationEvidence, Incident, Signal } from '../model';
import type { CorrelationRecord, IncidentStore } from '../ports/incident-store';
import type { Topology } from '../topology';
import { correlationExpiry, correlationKey, isExpired, isOpen, ownerKey } from './correlate';
import { expireIncident, type JoinEvidence } from './incident-ops';
import type { LearnedCorrelation } from './learned';
import { resourceTier } from './root-cause';
import type { CompiledRules } from './rules';

/** Most correlation records read per signal while walking the graph (a bound on the reads of one signal). */
export const MAX_GRAPH_LOOKUPS = 24;

/** Most learned partners looked up per signal. */
export const MAX_LEARNED_PARTNERS = 3;

/** An open incident a signal is linked to by the graph or by learning, and the evidence. */
export interface RelatedIncident {
  readonly incident: Incident;
  readonly join: JoinEvidence;
}

/**
 * The reads and best-effort key bookkeeping of triage: the open incident a key points at (expiring quiet ones on
 * the way), the incident the graph or learning relates a signal to, and the keys an incident holds. Every write is a
 * single-item conditional write; a lost race only means a later signal re-reads.
 */
export class IncidentLookups {
  constructor(
    private readonly store: IncidentStore,
    private readonly rules: CompiledRules,
    private readonly learning?: LearnedCorrelation,
  ) {}

  /** The open incident a correlation record points at, creating it from the seed if its claimer stopped short. */
  public async openIncidentOf(corr: CorrelationRecord | undefined, at: number): Promise<Incident | undefined> {
    if (corr?.incidentId === undefined) return undefined;
    let incident = await this.store.getIncident(corr.incidentId);
    if (!incident && corr.seed?.id === corr.incidentId) {
      incident = await this.store.createIncident(corr.seed) ? corr.seed : await this.store.getIncident(corr.incidentId);
    }
    const live = await this.live(incident, at);
    return isOpen(live) ? live : undefined;
  }

  public async openIncidentById(id: string, at: number): Promise<Incident | undefined> {
    const live = await this.live(await this.store.getIncident(id), at);
    return isOpen(live) ? live : undefined;
  }

  /**
   * The incident as it stands at `at`: an open one that has expired (quiet, and only never-resolving signals firing)
   * is resolved first (a conditional write; on a lost race the stored version is read back).
   */
  public async live(incident: Incident | undefined, at: number): Promise<Incident | undefined> {
    if (!incident || !isExpired(incident, at, this.rules)) return incident;
    const expired = expireIncident(incident, at, this.rules.quietMs);
    if (await this.store.updateIncident(expired, incident.version)) {
      await this.releaseKeys(expired);
      await this.observe(expired);
      return expired;
    }
    return this.store.getIncident(incident.id);
  }

  /**
   * The open incident the graph or learning links a firing signal to, when its own key has none: a callee's
   * incident opened within the grouping window (nearest first: a symptom joins its cause); else, for a service that is
   * not a data store, a caller's incident opened within the late-root window (the cause alarmed after its symptoms);
   * else the open incident of a learned partner fingerprint. Bounded reads: MAX_GRAPH_LOOKUPS keys, MAX_LEARNED_PARTNERS partners.
   */
  public async related(signal: Signal, at: number, topology: Topology): Promise<RelatedIncident | undefined> {
    const rules = this.rules;
    const key = correlationKey(signal);
    const service = signal.service;
    let lookups = 0;
    if (service !== undefined && rules.maxHops > 0) {
      const scope = { environment: signal.environment, account: signal.resource.account, region: signal.resource.region };
      const tier = resourceTier(signal.resource.type);
      const walks: Array<'down' | 'up'> = [];
      // A failing data store of its own is a cause, not a symptom: it never joins what its service calls.
      if (tier > 0) walks.push('down');
      if (!topology.isDatastore(service)) walks.push('up');
      for (const direction of walks) {
        for (const reach of topology.reachable(service, direction, rules.maxHops)) {
          if (++lookups > MAX_GRAPH_LOOKUPS) break;
          const incident = await this.openIncidentOf(await this.store.getCorrelation(ownerKey({ ...scope, service: reach.service })!), at);
          if (!incident || incident.storm) continue;
          const gap = at - Date.parse(incident.openedAt);
          const hops = reach.path.length - 1;
          if (direction === 'down') {
            // A symptom follows its cause within a propagation delay per hop.
            if (gap < -rules.hopWindowMs || gap > Math.min(rules.groupingWindowMs, hops * rules.hopWindowMs)) continue;
          } else {
            // A late root alarms after its callers, and is deeper than what the incident names as its root so far, or
            // alarms within moments (half a hop's delay) of it: failures along one edge that close together are one incident.
            if (gap < 0 || gap > rules.lateRootWindowMs) continue;
            if (tier >= resourceTier(incident.root?.resourceType) && gap > rules.hopWindowMs / 2) continue;
          }
          const evidence: CorrelationEvidence = {
            at: signal.time,
            signalId: signal.id,
            fingerprint: signal.fingerprint,
            rule: direction === 'down' ? 'downstream' : 'late-root',
            service,
            path: reach.path as string[],
            edgeSource: reach.source,
            gapSeconds: Math.round(gap / 1000),
          };
          return { incident, join: { key, evidence } };
        }
      }
    }
    return this.learned(signal, at, key);
  }

  private async learned(signal: Signal, at: number, key: string): Promise<RelatedIncident | undefined> {
    if (!this.learning) return undefined;
    let partners;
    try {
      partners = await this.learning.partners(signal.fingerprint, at, MAX_LEARNED_PARTNERS);
    } catch {
      return undefined; // learning is advisory: without it the signal is triaged on owners and edges alone
    }
    for (const partner of partners) {
      if (partner.confidence < this.rules.learnedConfidence || partner.fingerprint === signal.fingerprint) continue;
      const record = await this.store.getFingerprint(partner.fingerprint);
      if (record?.incidentId === undefined || record.state !== 'firing') continue;
      const incident = await this.openIncidentById(record.incidentId, at);
      if (!incident || incident.storm || !incident.firing.includes(partner.fingerprint)) continue;
      const gap = at - Date.parse(incident.lastSignalAt ?? incident.openedAt);
      if (Math.abs(gap) > this.rules.groupingWindowMs) continue;
      return {
        incident,
        join: {
          key,
          evidence: {
            at: signal.time,
            signalId: signal.id,
            fingerprint: signal.fingerprint,
            rule: 'learned',
            ...(signal.service !== undefined ? { service: signal.service } : {}),
            gapSeconds: Math.round(gap / 1000),
            confidence: partner.confidence,
          },
        },
      };
    }
    return undefined;
  }

  /** Best effort: point a free key (no incident, or a resolved one) at an open incident. */
  public async claimKey(key: string, incident: Incident, at: number): Promise<void> {
    const corr = await this.store.getCorrelation(key);
    if (corr?.incidentId === incident.id) return;
    if (corr?.incidentId !== undefined && isOpen(await this.store.getIncident(corr.incidentId))) return;
    await this.store.putCorrelation({
      key,
      incidentId: incident.id,
      context: corr?.context ?? [],
      version: (corr?.version ?? 0) + 1,
      expiresAt: correlationExpiry(at, true, this.rules),
    }, corr?.version);
  }

  /** Best effort: free every key a resolved incident holds (a key pointing at a resolved incident is free anyway). */
  public async releaseKeys(incident: Incident): Promise<void> {
    for (const key of [incident.key, ...(incident.keys ?? [])]) {
      for (let i = 0; i < 3; i++) {
        const corr = await this.store.getCorrelation(key);
        if (!corr || corr.incidentId !== incident.id) break;
        const at = Date.parse(incident.resolvedAt ?? incident.updatedAt);
        const released: CorrelationRecord = {
          key: corr.key,
          context: corr.context,
          version: corr.version + 1,
          expiresAt: correlationExpiry(at, false, this.rules),
        };
        if (await this.store.putCorrelation(released, corr.version)) break;
      }
    }
  }

  /** Best effort: learning from a resolved incident never fails the signal that resolved it. */
  public async observe(resolved: Incident): Promise<void> {
    if (!this.learning || resolved.storm) return;
    try {
      await this.learning.observe(resolved);
    } catch {
      // advisory: the next resolved incident teaches the same pairs again
    }
  }
}
