import { Duration, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { TriageSettings } from './triage-settings';

/**
 * The partial rules JSON handed to the handler in `TriageEnv.RULES_JSON`, in the shape `resolveTriageRules`
 * accepts (src/runtime/triage/rules.ts); the engine fills in every field left out. Durations are in seconds.
 * @internal
 */
export interface RenderedTriageRules {
  groupingWindowSeconds?: number;
  flapping?: { maxChanges?: number; windowSeconds?: number };
  storm?: { maxSignals?: number; maxIncidents?: number; windowSeconds?: number };
  correlation?: { maxHops?: number; lateRootWindowSeconds?: number };
  lifecycle?: { quietSeconds?: number; reopenSeconds?: number; foldSeconds?: number };
  topology?: { [callerService: string]: string[] };
}

/** The engine's bounds (src/runtime/triage/rules.ts), checked here too so a bad value fails at synth, not at cold start. */
const MAX_WINDOW = Duration.days(7);
const MAX_FLAPPING_CHANGES = 31;
const MAX_STORM_SIGNALS = 100_000;
const MAX_HOPS = 10;

/**
 * Validate the settings and render them as the rules JSON for the handler.
 * Token-aware: unresolved values are passed through for CloudFormation to resolve.
 * @internal
 */
export function renderTriageRules(scope: IConstruct, settings: TriageSettings = {}): string {
  const rules: RenderedTriageRules = {};

  const groupingWindow = windowSeconds('triage.groupingWindow', settings.groupingWindow);
  if (groupingWindow !== undefined) rules.groupingWindowSeconds = groupingWindow;

  const flapping = dropUndefined({
    maxChanges: count('triage.flappingMaxChanges', settings.flappingMaxChanges, MAX_FLAPPING_CHANGES),
    windowSeconds: windowSeconds('triage.flappingWindow', settings.flappingWindow),
  });
  if (Object.keys(flapping).length > 0) rules.flapping = flapping;

  const storm = dropUndefined({
    maxSignals: count('triage.stormMaxSignals', settings.stormMaxSignals, MAX_STORM_SIGNALS),
    maxIncidents: count('triage.stormMaxIncidents', settings.stormMaxIncidents, MAX_STORM_SIGNALS),
    windowSeconds: windowSeconds('triage.stormWindow', settings.stormWindow),
  });
  if (Object.keys(storm).length > 0) rules.storm = storm;

  const correlation = dropUndefined({
    maxHops: count('triage.maxHops', settings.maxHops, MAX_HOPS, 0),
    lateRootWindowSeconds: windowSeconds('triage.lateRootWindow', settings.lateRootWindow),
  });
  if (Object.keys(correlation).length > 0) rules.correlation = correlation;

  const lifecycle = dropUndefined({
    quietSeconds: windowSeconds('triage.quietExpiry', settings.quietExpiry),
    reopenSeconds: windowSeconds('triage.reopenWindow', settings.reopenWindow),
    foldSeconds: windowSeconds('triage.escalationFold', settings.escalationFold, Duration.hours(1)),
  });
  if (Object.keys(lifecycle).length > 0) rules.lifecycle = lifecycle;

  if (settings.topology !== undefined) rules.topology = topology(settings.topology);

  return Stack.of(scope).toJsonString(rules);
}

function windowSeconds(name: string, value: Duration | undefined, max: Duration = MAX_WINDOW): number | undefined {
  if (value === undefined) return undefined;
  if (value.isUnresolved()) return value.toSeconds();
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(`${name} must be a whole number of seconds, at least 1 second (got ${value.toHumanString()})`);
  }
  if (seconds > max.toSeconds()) {
    throw new Error(`${name} must be at most ${max.toHumanString()} (got ${value.toHumanString()})`);
  }
  return seconds;
}

function count(name: string, value: number | undefined, max: number, min = 1): number | undefined {
  if (value === undefined || Token.isUnresolved(value)) return value;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${value})`);
  }
  return value;
}

/** Declared edges, caller to callees: a graph (several callees and callers per service, cycles tolerated). */
function topology(map: { [callerService: string]: string[] }): { [callerService: string]: string[] } {
  const out: { [callerService: string]: string[] } = {};
  for (const [caller, callees] of Object.entries(map)) {
    if (Token.isUnresolved(caller)) {
      throw new Error('triage.topology service names must be known at synth time, not tokens');
    }
    if (caller.trim() === '') throw new Error('triage.topology has an empty service name');
    if (!Array.isArray(callees)) throw new Error(`triage.topology['${caller}'] must be a list of service names`);
    for (const callee of callees) {
      if (Token.isUnresolved(callee)) {
        throw new Error(`triage.topology['${caller}'] service names must be known at synth time, not tokens`);
      }
      if (typeof callee !== 'string' || callee.trim() === '') {
        throw new Error(`triage.topology['${caller}'] has an empty service name`);
      }
      if (callee === caller) throw new Error(`triage.topology['${caller}'] lists the service itself: a service does not call itself`);
    }
    out[caller] = [...new Set(callees)];
  }
  return out;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
