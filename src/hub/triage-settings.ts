import { Duration } from 'aws-cdk-lib';

/**
 * Tunables of the triage engine. Every field is optional; an unset field keeps the engine's default,
 * so the same defaults apply in Lambda and in the local `cdk-aiops triage` command.
 */
export interface TriageSettings {
  /**
   * How long an open incident keeps absorbing new signals on the same correlation key
   * (service, resource or storm scope) instead of opening a new incident.
   *
   * Longer windows mean fewer pages but unrelated problems on one service may be merged.
   *
   * @default - the engine's default (15 minutes)
   */
  readonly groupingWindow?: Duration;

  /**
   * How many state changes of one fingerprint (firing ↔ resolved) within `flappingWindow`
   * mark it as flapping. A flapping fingerprint is held, not paged again.
   *
   * @default - the engine's default (4)
   */
  readonly flappingThreshold?: number;

  /**
   * The window in which `flappingThreshold` state changes are counted.
   *
   * @default - the engine's default (30 minutes)
   */
  readonly flappingWindow?: Duration;

  /**
   * How many firing signals within `stormWindow` make an alert storm. A storm opens one incident
   * that absorbs its members instead of paging for each.
   *
   * @default - the engine's default (20)
   */
  readonly stormThreshold?: number;

  /**
   * The window in which `stormThreshold` signals are counted.
   *
   * @default - the engine's default (5 minutes)
   */
  readonly stormWindow?: Duration;

  /**
   * Service dependencies: each service name mapped to the services it depends on. A firing
   * dependency inhibits the pages of the services that depend on it, so one incident names
   * the cause instead of one page per symptom.
   *
   * @example { checkout: ['payments', 'inventory'], payments: ['ledger'] }
   * @default - no topology: services are triaged independently
   */
  readonly topology?: { [service: string]: string[] };
}
