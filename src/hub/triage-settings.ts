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
   * Service topology for correlation: each key is a root service, its value the services whose signals
   * correlate on the root (they open, or join, the root's incident instead of their own). Transitive:
   * `{ checkout: ['payments'], payments: ['ledger'] }` makes `ledger` correlate on `checkout`.
   * A service can have only one root, and roots cannot form a cycle.
   *
   * @example const topology = { checkout: ['payments', 'inventory'] };
   * @default - no topology: each service correlates on its own
   */
  readonly topology?: { [rootService: string]: string[] };
}
