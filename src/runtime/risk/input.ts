import type { Incident } from '../model';
import type { Finding } from '../reasoning/finding';
import type { RunbookRegistry } from '../runbooks';
import { inferEnvironment, type Environment } from './environment';
import type { CHANGE_CALENDAR_STATES, RiskInput } from './evaluate';
import type { FreezeWindow } from './freeze';
import type { TelemetryBundle } from '../telemetry/types';

/** The pieces the Risk agent's handler has at hand. */
export interface RiskContext {
  readonly incident: Incident;
  /** The validated finding; its runbook (if any) must be in the registry. */
  readonly finding?: Pick<Finding, 'runbook'>;
  readonly registry: RunbookRegistry;
  readonly telemetry?: Pick<TelemetryBundle, 'errorBudgetRemaining' | 'nonCompliantResources'>;
  /** Tags of the incident's resources (merged), for the environment. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The environment, already resolved (each resource's tags, then names: `resolveEnvironment`). @default - from `tags`, else names */
  readonly environment?: Environment;
  readonly freezeWindows?: readonly FreezeWindow[];
  readonly changeCalendarState?: (typeof CHANGE_CALENDAR_STATES)[number];
  readonly now: Date;
}

/** Builds a RiskInput from an incident, its finding and telemetry. The environment comes from tags, else names. */
export function riskInputFrom(ctx: RiskContext): RiskInput {
  let runbook: RiskInput['runbook'];
  if (ctx.finding?.runbook) {
    const spec = ctx.registry.get(ctx.finding.runbook.id);
    if (!spec) throw new Error(`runbook ${ctx.finding.runbook.id} is not in the registry`);
    runbook = { id: spec.id, riskClass: spec.riskClass, kind: spec.kind };
  }
  return {
    ...(runbook ? { runbook } : {}),
    incident: { id: ctx.incident.id, priority: ctx.incident.priority, resourceCount: ctx.incident.resources.length },
    environment: ctx.environment
      ?? inferEnvironment({ tags: ctx.tags, names: [ctx.incident.key, ...ctx.incident.services, ...ctx.incident.resources] }),
    ...(ctx.telemetry?.errorBudgetRemaining !== undefined ? { errorBudgetRemaining: ctx.telemetry.errorBudgetRemaining } : {}),
    nonCompliantResources: [...(ctx.telemetry?.nonCompliantResources ?? [])],
    freezeWindows: [...(ctx.freezeWindows ?? [])],
    ...(ctx.changeCalendarState ? { changeCalendarState: ctx.changeCalendarState } : {}),
    now: ctx.now.toISOString(),
  };
}
