import { Duration } from 'aws-cdk-lib';

/**
 * Tunables of the triage engine. Every field is optional; an unset field keeps the engine's default,
 * so the same defaults apply in Lambda and in the local `cdk-aiops triage` command. Windows are whole
 * seconds, at most 7 days.
 */
export interface TriageSettings {
  /**
   * A firing signal joins the open incident of its owner (service, environment, account and region; else its
   * resource) when that incident had a firing signal less than this long ago; otherwise it opens a new incident,
   * unless the service graph links it to one (see `maxHops`).
   *
   * Longer windows page less, but can merge unrelated problems of one service.
   *
   * @default Duration.minutes(15)
   */
  readonly groupingWindow?: Duration;

  /**
   * A fingerprint (one alarm on one resource) that changes state (firing ↔ resolved) more than this many
   * times within `flappingWindow` is flapping: it is held, neither paged again nor resolved, until it is stable.
   * At most 31.
   *
   * @default 4
   */
  readonly flappingMaxChanges?: number;

  /**
   * The window in which `flappingMaxChanges` is counted.
   *
   * @default Duration.minutes(30)
   */
  readonly flappingWindow?: Duration;

  /**
   * More than this many newly firing signals within `stormWindow` in one account and region is an alert
   * storm: later signals that would open incidents join one storm incident instead of paging each.
   *
   * @default 50
   */
  readonly stormMaxSignals?: number;

  /**
   * More than this many incidents opened within `stormWindow` in one account and region is an alert storm too:
   * hundreds of distinct alarms within a minute or two page this many times plus once for the storm. Counted in
   * two half-overlapping windows, so no window boundary halves a burst.
   *
   * @default 4
   */
  readonly stormMaxIncidents?: number;

  /**
   * The window in which `stormMaxSignals` and `stormMaxIncidents` are counted.
   *
   * @default Duration.minutes(2)
   */
  readonly stormWindow?: Duration;

  /**
   * Most hops of the service graph between a signal's service and the incident it joins: a symptom joins the open
   * incident of a service it calls (directly or through up to this many services) opened at most 5 minutes per hop
   * before it (a propagation delay), and within `groupingWindow`. 0 turns graph correlation off. At most 10.
   *
   * @default 2
   */
  readonly maxHops?: number;

  /**
   * A service that alarms up to this long after an incident of a service that calls it opened joins that incident and
   * becomes its root (the cause often alarms after its symptoms). Data stores never join their callers' incidents.
   *
   * @default Duration.minutes(10)
   */
  readonly lateRootWindow?: Duration;

  /**
   * Signals that never resolve on their own (Kubernetes Warnings, DevOps Guru insights and anomalies) expire after this
   * long without a signal, and an incident where nothing else fires resolves with them.
   *
   * @default Duration.hours(1)
   */
  readonly quietExpiry?: Duration;

  /**
   * A fingerprint that fires again this soon after its incident resolved reopens it quietly: a flapping alarm pages
   * once per episode.
   *
   * @default Duration.minutes(15)
   */
  readonly reopenWindow?: Duration;

  /**
   * Priority raised this soon after an incident opened updates its opening page instead of paging again (the first
   * minutes of a cascade raise the priority as its signals arrive).
   *
   * @default Duration.minutes(5)
   */
  readonly escalationFold?: Duration;

  /**
   * Declared service dependencies, caller to callees: `{ checkout: ['payments', 'inventory'] }` says checkout
   * calls payments and inventory. A graph, not a tree: a service may call several services and be called by several;
   * cycles are tolerated. Triage walks it (a bounded number of hops): a caller's signal joins the open incident of a
   * service it calls, and a callee that alarms after its callers joins theirs and becomes its root. Merged with the
   * edges of the topology snapshot (X-Ray, Application Signals, your CDK app).
   *
   * @example const topology = { checkout: ['payments', 'inventory'] };
   * @default - no declared edges: only the snapshot's
   */
  readonly topology?: { [callerService: string]: string[] };
}
