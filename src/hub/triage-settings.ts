import { Duration } from 'aws-cdk-lib';

/**
 * Tunables of the triage engine. Every field is optional; an unset field keeps the engine's default,
 * so the same defaults apply in Lambda and in the local `cdk-aiops triage` command. Windows are whole
 * seconds, at most 7 days.
 */
export interface TriageSettings {
  /**
   * A firing signal joins the open incident of its correlation key (service, else resource) when that
   * incident had a firing signal less than this long ago; otherwise it opens a new incident.
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
   * The window in which `stormMaxSignals` is counted.
   *
   * @default Duration.minutes(1)
   */
  readonly stormWindow?: Duration;

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
