import * as z from 'zod';
import { SeveritySchema, SignalKindSchema, SignalSourceSchema, type Severity, type SignalKind, type SignalSource } from '../model';
import type { ServiceEdge } from '../topology/snapshot';

/**
 * Triage rules as plain, JSON-serialisable data. The CLI reads them from `--rules file.json`, the Lambda from
 * the AIOPS_TRIAGE_RULES environment variable; both go through {@link resolveTriageRules}, which fills in
 * {@link DEFAULT_TRIAGE_RULES} for every field left out.
 *
 * | rule | default | effect |
 * |---|---|---|
 * | `groupingWindowSeconds` | 900 (15 min) | a firing signal joins the open incident of its owner (service, environment, account, region; else its resource) when that incident had a firing signal less than this long ago |
 * | `topology` | `{}` | declared edges, caller to callees: `{ checkout: ["orders", "payments"] }` or `[["checkout", "orders", "payments"]]` (first calls the rest); a DAG, cycles tolerated; merged with the snapshot's edges |
 * | `correlation` | 2 hops (5 min each), late roots 600 s | a symptom joins an open incident of a service it calls (up to `maxHops` away) opened within the grouping window; a service (not a data store) that alarms up to `lateRootWindowSeconds` after an incident of a caller opened joins it and becomes its root; learned partners count from `learnedConfidence` |
 * | `lifecycle` | quiet 3600 s, reopen 900 s, fold 300 s | firing signals of kinds that never resolve (`expiringKinds`) expire after `quietSeconds` without a signal, and their incident resolves; a fingerprint that fires again within `reopenSeconds` of its incident's resolution reopens it quietly (one page per episode); priority raised within `foldSeconds` of the opening is folded into the opening page (an update, not an escalation) |
 * | `flapping` | 4 changes / 1800 s | a fingerprint that changed state more than `maxChanges` times within `windowSeconds` is `flapping`: its firings are not re-paged (they join its open incident, or reopen it quietly if it resolved within the window) until it is stable again; its resolutions still apply. Damping holds re-pages, it never hides a problem: a flapping firing with no such incident to join (none opened, the store forgot it, or it resolved before the window) is triaged like any firing signal, so it opens an incident (one page) or joins the key's open one, and later flaps are held in it |
 * | `thresholds` | Kubernetes pod events (not critical): 3 in 600 s | a matching fingerprint opens an incident only from its N-th firing occurrence in the window (`below-threshold` before) |
 * | `inhibition.parentKinds` | canary-run, slo-budget, insight, health-event | while a parent fires in an incident, children on the same service are `inhibited` |
 * | `inhibition.childKinds` | alarms, anomaly/insight anomalies, pod-event, ecs-task, canary-status | what parents inhibit |
 * | `storm` | more than 4 openings or 50 newly firing signals / 120 s per account+region | later signals that would open an incident join one storm incident instead |
 * | `priority` | see priority.ts | blast radius 5 resources or 3 services, Health and Application Signals (SLO) sources: one level more urgent each |
 */
export interface TriageRules {
  readonly groupingWindowSeconds: number;
  readonly topology: TopologyHints;
  readonly correlation: CorrelationRule;
  readonly lifecycle: LifecycleRule;
  readonly flapping: FlappingRule;
  readonly thresholds: readonly ThresholdRule[];
  readonly inhibition: InhibitionRule;
  readonly storm: StormRule;
  readonly priority: PriorityRule;
}

/** `{ "checkout": ["payments", "inventory"] }` (caller to callees) or `[["checkout", "payments", "inventory"]]` (caller first). */
export type TopologyHints = Readonly<Record<string, readonly string[]>> | readonly (readonly string[])[];

export interface CorrelationRule {
  /** Most graph hops between a signal's service and the incident it joins. */
  readonly maxHops: number;
  /** How long after an incident of a caller opened a callee's signal still joins it as its (late) root. */
  readonly lateRootWindowSeconds: number;
  /** Propagation delay allowed per hop: a symptom joins a callee's incident opened at most hops × this long before it. */
  readonly hopWindowSeconds: number;
  /** Learned co-occurrence at or above this confidence links signals that no owner or edge links (0..1). */
  readonly learnedConfidence: number;
}

export interface LifecycleRule {
  /** Kinds whose firing signals never resolve on their own (Kubernetes Warnings, insights without a close). */
  readonly expiringKinds: readonly SignalKind[];
  /** Quiet time after which such signals expire. */
  readonly quietSeconds: number;
  /** A fingerprint firing again this soon after its incident resolved reopens it quietly. */
  readonly reopenSeconds: number;
  /** Priority raised this soon after the opening updates the opening page instead of paging again. */
  readonly foldSeconds: number;
}

export interface FlappingRule {
  /** A fingerprint is flapping when it changed state more than this many times within the window. */
  readonly maxChanges: number;
  readonly windowSeconds: number;
}

/** Which signals a rule applies to. Every field given must match (a value or any of a list). */
export interface SignalMatch {
  readonly source?: SignalSource | readonly SignalSource[];
  readonly kind?: SignalKind | readonly SignalKind[];
  readonly severity?: Severity | readonly Severity[];
  readonly service?: string | readonly string[];
  readonly resourceType?: string | readonly string[];
}

export interface ThresholdRule {
  readonly match: SignalMatch;
  /** Firing occurrences of one fingerprint needed within the window before an incident opens. */
  readonly occurrences: number;
  readonly windowSeconds: number;
}

export interface InhibitionRule {
  readonly parentKinds: readonly SignalKind[];
  readonly childKinds: readonly SignalKind[];
}

export interface StormRule {
  /** More than this many newly firing signals in one window and scope is a storm. */
  readonly maxSignals: number;
  /** More than this many incidents opened in one window and scope is a storm (counted in two half-overlapping windows). */
  readonly maxIncidents: number;
  readonly windowSeconds: number;
  /** `account-region`: one counter per account and region (signals without them share `global`); `global`: one counter. */
  readonly scope: 'account-region' | 'global';
}

export interface PriorityRule {
  /** An incident spanning at least this many resources is one level more urgent. */
  readonly blastRadiusResources: number;
  /** An incident spanning at least this many services is one level more urgent. */
  readonly blastRadiusServices: number;
  /** Sources that make an incident one level more urgent (AWS Health, Application Signals SLO breaches). */
  readonly weightedSources: readonly SignalSource[];
}

/** Most firing occurrences a threshold may ask for and most state changes the flap rule may allow (bounded records). */
export const FINGERPRINT_RECENT_MAX = 32;

const DEFAULT_CHILD_KINDS: readonly SignalKind[] = [
  'metric-alarm', 'metric-math-alarm', 'anomaly-alarm', 'composite-alarm',
  'insight-anomaly', 'pod-event', 'ecs-task', 'canary-status',
];

export const DEFAULT_TRIAGE_RULES: TriageRules = Object.freeze({
  groupingWindowSeconds: 900,
  topology: Object.freeze({}),
  correlation: Object.freeze({ maxHops: 2, lateRootWindowSeconds: 600, hopWindowSeconds: 300, learnedConfidence: 0.6 }),
  lifecycle: Object.freeze({
    expiringKinds: Object.freeze(['pod-event', 'insight', 'insight-anomaly']) as readonly SignalKind[],
    quietSeconds: 3600,
    reopenSeconds: 900,
    foldSeconds: 300,
  }),
  flapping: Object.freeze({ maxChanges: 4, windowSeconds: 1800 }),
  thresholds: Object.freeze([
    Object.freeze({
      match: Object.freeze({ source: 'kubernetes', kind: 'pod-event', severity: Object.freeze(['high', 'medium', 'low']) }),
      occurrences: 3,
      windowSeconds: 600,
    }),
  ]) as readonly ThresholdRule[],
  inhibition: Object.freeze({
    parentKinds: Object.freeze(['canary-run', 'slo-budget', 'insight', 'health-event']) as readonly SignalKind[],
    childKinds: Object.freeze(DEFAULT_CHILD_KINDS),
  }),
  storm: Object.freeze({ maxSignals: 50, maxIncidents: 4, windowSeconds: 120, scope: 'account-region' as const }),
  priority: Object.freeze({
    blastRadiusResources: 5,
    blastRadiusServices: 3,
    weightedSources: Object.freeze(['health', 'application-signals']) as readonly SignalSource[],
  }),
}) as TriageRules;

/** Thrown by {@link resolveTriageRules}; the message names every bad field. */
export class TriageRulesError extends Error {
  public readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(`Invalid triage rules: ${issues.join('; ')}`);
    this.name = 'TriageRulesError';
    this.issues = issues;
  }
}

const d = DEFAULT_TRIAGE_RULES;
const seconds = z.number().int().positive().max(7 * 24 * 3600);
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]);
const serviceName = z.string().min(1);

const TopologySchema = z.union([
  z.record(serviceName, z.array(serviceName)),
  z.array(z.array(serviceName).min(1)),
]);

const RulesSchema = z.strictObject({
  groupingWindowSeconds: seconds.default(d.groupingWindowSeconds),
  topology: TopologySchema.default({}),
  correlation: z.strictObject({
    maxHops: z.number().int().min(0).max(10).default(d.correlation.maxHops),
    lateRootWindowSeconds: z.number().int().min(0).max(24 * 3600).default(d.correlation.lateRootWindowSeconds),
    hopWindowSeconds: z.number().int().min(0).max(24 * 3600).default(d.correlation.hopWindowSeconds),
    learnedConfidence: z.number().min(0).max(1).default(d.correlation.learnedConfidence),
  }).prefault({}),
  lifecycle: z.strictObject({
    expiringKinds: z.array(SignalKindSchema).default([...d.lifecycle.expiringKinds]),
    quietSeconds: seconds.default(d.lifecycle.quietSeconds),
    reopenSeconds: z.number().int().min(0).max(7 * 24 * 3600).default(d.lifecycle.reopenSeconds),
    foldSeconds: z.number().int().min(0).max(3600).default(d.lifecycle.foldSeconds),
  }).prefault({}),
  flapping: z.strictObject({
    maxChanges: z.number().int().positive().max(FINGERPRINT_RECENT_MAX - 1).default(d.flapping.maxChanges),
    windowSeconds: seconds.default(d.flapping.windowSeconds),
  }).prefault({}),
  thresholds: z.array(z.strictObject({
    match: z.strictObject({
      source: oneOrMany(SignalSourceSchema).optional(),
      kind: oneOrMany(SignalKindSchema).optional(),
      severity: oneOrMany(SeveritySchema).optional(),
      service: oneOrMany(serviceName).optional(),
      resourceType: oneOrMany(z.string().min(1)).optional(),
    }),
    occurrences: z.number().int().min(1).max(FINGERPRINT_RECENT_MAX),
    windowSeconds: seconds,
  })).default(() => d.thresholds.map((t) => ({ ...t, match: { ...t.match } })) as any),
  inhibition: z.strictObject({
    parentKinds: z.array(SignalKindSchema).default([...d.inhibition.parentKinds]),
    childKinds: z.array(SignalKindSchema).default([...d.inhibition.childKinds]),
  }).prefault({}),
  storm: z.strictObject({
    maxSignals: z.number().int().positive().max(100_000).default(d.storm.maxSignals),
    maxIncidents: z.number().int().positive().max(100_000).default(d.storm.maxIncidents),
    windowSeconds: seconds.default(d.storm.windowSeconds),
    scope: z.enum(['account-region', 'global']).default(d.storm.scope),
  }).prefault({}),
  priority: z.strictObject({
    blastRadiusResources: z.number().int().min(2).default(d.priority.blastRadiusResources),
    blastRadiusServices: z.number().int().min(2).default(d.priority.blastRadiusServices),
    weightedSources: z.array(SignalSourceSchema).default([...d.priority.weightedSources]),
  }).prefault({}),
}).superRefine((rules, ctx) => {
  const overlap = rules.inhibition.parentKinds.filter((k) => rules.inhibition.childKinds.includes(k));
  if (overlap.length) {
    ctx.addIssue({ code: 'custom', path: ['inhibition', 'childKinds'], message: `kinds cannot be both parent and child: ${overlap.join(', ')}` });
  }
});

/**
 * Validate user-supplied rules (an object, a JSON string, or undefined) and fill in the defaults.
 * @throws TriageRulesError naming each bad field.
 */
export function resolveTriageRules(partial?: unknown): TriageRules {
  let input = partial ?? {};
  if (typeof input === 'string') {
    try {
      input = input.trim() === '' ? {} : JSON.parse(input);
    } catch (e) {
      throw new TriageRulesError([`not valid JSON: ${(e as Error).message}`]);
    }
  }
  const parsed = RulesSchema.safeParse(input);
  if (!parsed.success) {
    throw new TriageRulesError(parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`));
  }
  return parsed.data as TriageRules;
}

/** The declared edges of the topology hints, caller to callee (self-edges dropped, duplicates kept once). */
export function declaredEdges(topology: TopologyHints): ServiceEdge[] {
  const seen = new Set<string>();
  const edges: ServiceEdge[] = [];
  const add = (from: string, to: string) => {
    const id = `${from}\u0000${to}`;
    if (from === to || seen.has(id)) return;
    seen.add(id);
    edges.push({ from, to, source: 'declared' });
  };
  if (Array.isArray(topology)) {
    for (const group of topology as readonly (readonly string[])[]) for (const callee of group.slice(1)) add(group[0], callee);
  } else {
    for (const [caller, callees] of Object.entries(topology as Record<string, readonly string[]>)) for (const callee of callees) add(caller, callee);
  }
  return edges;
}

/** Rules pre-computed for the hot path: sets instead of lists, milliseconds instead of seconds. */
export interface CompiledRules {
  readonly rules: TriageRules;
  readonly groupingWindowMs: number;
  /** The rules' declared edges, merged into every topology triage reads. */
  readonly declaredEdges: readonly ServiceEdge[];
  readonly maxHops: number;
  readonly lateRootWindowMs: number;
  readonly hopWindowMs: number;
  readonly learnedConfidence: number;
  readonly expiringKinds: ReadonlySet<string>;
  readonly quietMs: number;
  readonly reopenMs: number;
  readonly foldMs: number;
  readonly stormMaxIncidents: number;
  readonly flapMax: number;
  readonly flapWindowMs: number;
  readonly thresholds: readonly CompiledThreshold[];
  readonly parentKinds: ReadonlySet<string>;
  readonly childKinds: ReadonlySet<string>;
  readonly stormMax: number;
  readonly stormWindowSeconds: number;
  readonly stormGlobal: boolean;
  /** How long recent signal ids and occurrences are remembered per fingerprint, ms. */
  readonly dedupHorizonMs: number;
  readonly priority: PriorityRule;
  readonly weightedSources: ReadonlySet<string>;
}

export interface CompiledThreshold {
  readonly occurrences: number;
  readonly windowMs: number;
  readonly matches: (s: { source: string; kind: string; severity: string; service?: string; resource: { type: string } }) => boolean;
}

/** Pre-compute rules (already resolved) for {@link Triage}. */
export function compileRules(rules: TriageRules): CompiledRules {
  const set = (v: string | readonly string[] | undefined) => (v === undefined ? undefined : new Set(typeof v === 'string' ? [v] : v));
  const thresholds = rules.thresholds.map((t): CompiledThreshold => {
    const source = set(t.match.source);
    const kind = set(t.match.kind);
    const severity = set(t.match.severity);
    const service = set(t.match.service);
    const resourceType = set(t.match.resourceType);
    return {
      occurrences: t.occurrences,
      windowMs: t.windowSeconds * 1000,
      matches: (s) => (!source || source.has(s.source))
        && (!kind || kind.has(s.kind))
        && (!severity || severity.has(s.severity))
        && (!service || (s.service !== undefined && service.has(s.service)))
        && (!resourceType || resourceType.has(s.resource.type)),
    };
  });
  const windows = [
    rules.groupingWindowSeconds, rules.flapping.windowSeconds, rules.lifecycle.reopenSeconds, 3600, ...rules.thresholds.map((t) => t.windowSeconds),
  ];
  return {
    rules,
    groupingWindowMs: rules.groupingWindowSeconds * 1000,
    declaredEdges: declaredEdges(rules.topology),
    maxHops: rules.correlation.maxHops,
    lateRootWindowMs: rules.correlation.lateRootWindowSeconds * 1000,
    hopWindowMs: rules.correlation.hopWindowSeconds * 1000,
    learnedConfidence: rules.correlation.learnedConfidence,
    expiringKinds: new Set(rules.lifecycle.expiringKinds),
    quietMs: rules.lifecycle.quietSeconds * 1000,
    reopenMs: rules.lifecycle.reopenSeconds * 1000,
    foldMs: rules.lifecycle.foldSeconds * 1000,
    stormMaxIncidents: rules.storm.maxIncidents,
    flapMax: rules.flapping.maxChanges,
    flapWindowMs: rules.flapping.windowSeconds * 1000,
    thresholds,
    parentKinds: new Set(rules.inhibition.parentKinds),
    childKinds: new Set(rules.inhibition.childKinds),
    stormMax: rules.storm.maxSignals,
    stormWindowSeconds: rules.storm.windowSeconds,
    stormGlobal: rules.storm.scope === 'global',
    dedupHorizonMs: Math.max(...windows) * 1000,
    priority: rules.priority,
    weightedSources: new Set(rules.priority.weightedSources),
  };
}
