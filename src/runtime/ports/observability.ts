/**
 * What a step may say about itself: a structured log, counters and the events it publishes. Powertools and
 * EventBridge in Lambda (`src/adapters/powertools.ts`, `src/adapters/eventbridge-event-publisher.ts`); silent or
 * in memory in the CLI and tests.
 */

/** Structured log (Powertools Logger in Lambda). */
export interface Log {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** A log that says nothing. */
export const SILENT_LOG: Log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Counters (Powertools Metrics, EMF, in Lambda). `dimensions`: this one data point also gets these dimensions. */
export interface Counters {
  count(metric: string, value: number, dimensions?: Readonly<Record<string, string>>): void;
}

/** Counters that count nothing. */
export const NO_COUNTERS: Counters = { count: () => undefined };

/** Publishes one event on the hub bus. Throws when it could not be published. */
export interface EventPublisher {
  publish(detailType: string, detail: unknown, resources?: readonly string[]): Promise<void>;
}
