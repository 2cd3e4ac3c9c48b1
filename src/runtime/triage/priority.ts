import { PRIORITIES, severityRank, type Priority, type Severity } from '../model';
import type { CompiledRules } from './rules';

/**
 * Priority of an incident.
 *
 * | input | effect |
 * |---|---|
 * | worst severity `critical` / `high` / `medium` / `low` / `info` | base P1 / P2 / P3 / P4 / P4 |
 * | at least `blastRadiusResources` (5) resources, or `blastRadiusServices` (3) services | one level more urgent |
 * | a signal from a weighted source (AWS Health, Application Signals SLO) | one level more urgent |
 * | storm incident | at least P2 |
 *
 * Never more urgent than P1.
 */
export interface PriorityInput {
  readonly severity: Severity;
  readonly resources: number;
  readonly services: number;
  readonly sources: readonly string[];
  readonly storm: boolean;
}

export function computePriority(input: PriorityInput, rules: CompiledRules): Priority {
  let level = Math.min(severityRank(input.severity), 3);
  if (input.resources >= rules.priority.blastRadiusResources || input.services >= rules.priority.blastRadiusServices) level--;
  if (input.sources.some((s) => rules.weightedSources.has(s))) level--;
  if (input.storm) level = Math.min(level, 1);
  return PRIORITIES[Math.max(0, level)];
}

/** True when `next` is more urgent than `previous`. */
export function isEscalation(previous: Priority, next: Priority): boolean {
  return PRIORITIES.indexOf(next) < PRIORITIES.indexOf(previous);
}
