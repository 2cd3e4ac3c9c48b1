import { Duration, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { TriageSettings } from './triage-settings';

/** A rule value in the JSON the handler reads: a number or a token that resolves to one. */
type RuleNumber = number;

/**
 * The triage rules JSON handed to the handler through `TriageEnv.RULES_JSON`.
 * Names match the partial rules `resolveTriageRules` accepts; durations are in seconds.
 * @internal
 */
export interface RenderedTriageRules {
  groupingWindowSeconds?: RuleNumber;
  flapping?: { threshold?: RuleNumber; windowSeconds?: RuleNumber };
  storm?: { threshold?: RuleNumber; windowSeconds?: RuleNumber };
  topology?: { [service: string]: string[] };
}

const MAX_WINDOW = Duration.days(7);

/**
 * Validate the settings and render them as the rules JSON for the handler.
 * Token-aware: unresolved values are passed through for CloudFormation to resolve.
 * @internal
 */
export function renderTriageRules(scope: IConstruct, settings: TriageSettings = {}): string {
  const rules: RenderedTriageRules = {};

  const groupingWindow = windowSeconds('triage.groupingWindow', settings.groupingWindow);
  if (groupingWindow !== undefined) rules.groupingWindowSeconds = groupingWindow;

  const flapping = {
    threshold: count('triage.flappingThreshold', settings.flappingThreshold, 2),
    windowSeconds: windowSeconds('triage.flappingWindow', settings.flappingWindow),
  };
  if (flapping.threshold !== undefined || flapping.windowSeconds !== undefined) rules.flapping = dropUndefined(flapping);

  const storm = {
    threshold: count('triage.stormThreshold', settings.stormThreshold, 2),
    windowSeconds: windowSeconds('triage.stormWindow', settings.stormWindow),
  };
  if (storm.threshold !== undefined || storm.windowSeconds !== undefined) rules.storm = dropUndefined(storm);

  if (settings.topology !== undefined) rules.topology = topology(settings.topology);

  return Stack.of(scope).toJsonString(rules);
}

function windowSeconds(name: string, value: Duration | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value.isUnresolved()) return value.toSeconds();
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(`${name} must be a whole number of seconds, at least 1 second (got ${value.toHumanString()})`);
  }
  if (seconds > MAX_WINDOW.toSeconds()) {
    throw new Error(`${name} must be at most ${MAX_WINDOW.toHumanString()} (got ${value.toHumanString()}): triage keeps its windows in the incident table, longer windows are better served by the KPI reports`);
  }
  return seconds;
}

function count(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined || Token.isUnresolved(value)) return value;
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number, at least ${min} (got ${value})`);
  }
  return value;
}

function topology(map: { [service: string]: string[] }): { [service: string]: string[] } {
  const out: { [service: string]: string[] } = {};
  for (const [service, dependencies] of Object.entries(map)) {
    if (Token.isUnresolved(service)) {
      throw new Error('triage.topology service names must be known at synth time, not tokens');
    }
    if (service.trim() === '') {
      throw new Error('triage.topology has an empty service name');
    }
    if (!Array.isArray(dependencies)) {
      throw new Error(`triage.topology['${service}'] must be a list of service names`);
    }
    for (const dependency of dependencies) {
      if (Token.isUnresolved(dependency)) continue;
      if (typeof dependency !== 'string' || dependency.trim() === '') {
        throw new Error(`triage.topology['${service}'] has an empty dependency name`);
      }
      if (dependency === service) {
        throw new Error(`triage.topology['${service}'] lists itself as a dependency`);
      }
    }
    out[service] = [...new Set(dependencies)];
  }
  const cycle = findCycle(out);
  if (cycle) {
    throw new Error(`triage.topology has a dependency cycle (${cycle.join(' -> ')}): each service would inhibit the other and neither would page`);
  }
  return out;
}

/** The first dependency cycle in the graph, as a path that starts and ends on the same service. */
function findCycle(graph: { [service: string]: string[] }): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node];
    if (done.has(node)) return undefined;
    for (const next of graph[node] ?? []) {
      const found = visit(next, [...path, node]);
      if (found) return found;
    }
    done.add(node);
    return undefined;
  };
  for (const node of Object.keys(graph)) {
    const found = visit(node, []);
    if (found) return found;
  }
  return undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
