import {
  DEFAULT_IDLE_ASSUMPTIONS, DEFAULT_INCIDENT_ASSUMPTIONS, type IdleAssumptions, type IncidentAssumptions,
} from './assumptions';
import { priceTemplateIdle } from './idle';
import { priceIncident, type IncidentCostItem } from './incident';
import { HOURS_PER_MONTH, PRICES, PRICES_CHECKED, PRICES_NOTE, PRICES_REGION, type PriceEntry, type PriceName } from './prices';
import type { ResourceIdleCost, StackTemplate } from './types';

/** What to estimate with. */
export interface CostOptions {
  /** Price the tokens at this model instead of the one each reasoning agent is configured with. */
  readonly modelId?: string;
  /** Incidents a month, for the monthly total. @default 30 */
  readonly incidentsPerMonth?: number;
  readonly idle?: Partial<IdleAssumptions>;
  readonly incident?: Partial<IncidentAssumptions>;
}

/** The idle month of one stack. */
export interface StackIdleCost {
  readonly stackName: string;
  /** The priced resources only. */
  readonly idleUsdPerMonth: number;
  readonly resources: readonly ResourceIdleCost[];
}

/** The idle month of one resource type across the app. */
export interface TypeIdleCost {
  readonly type: string;
  readonly count: number;
  readonly idleUsdPerMonth: number;
}

/** The estimate `cdk-aiops cost` prints. */
export interface CostReport {
  readonly prices: { readonly region: string; readonly checked: string; readonly note: string };
  /** The entries of the price table this estimate used, with their unit, source and date. */
  readonly priceTable: Readonly<Partial<Record<PriceName, PriceEntry>>>;
  /** Sum of every stack's priced resources: what the app costs a month with no incident. */
  readonly idleUsdPerMonth: number;
  readonly stacks: readonly StackIdleCost[];
  readonly byType: readonly TypeIdleCost[];
  /** Resources the table cannot price: never counted as $0. */
  readonly notPriced: readonly ResourceIdleCost[];
  readonly perIncident: {
    /** The priced items: one incident through every stack's hub and workflow. */
    readonly usd: number;
    readonly items: readonly IncidentCostItem[];
  };
  readonly monthly: { readonly incidentsPerMonth: number; readonly usd: number };
  readonly assumptions: {
    readonly month: string;
    readonly idle: IdleAssumptions;
    readonly incident: IncidentAssumptions;
  };
}

const DEFAULT_INCIDENTS_PER_MONTH = 30;

/** Rounds away float noise, keeping a millionth of a dollar. */
function money(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/**
 * Estimates a synthesised app: the idle monthly cost of every resource of every stack, the variable cost of one
 * incident, and the month at `incidentsPerMonth` incidents, from the price table and the stated assumptions.
 */
export function estimateCost(stacks: readonly StackTemplate[], options: CostOptions = {}): CostReport {
  const idle: IdleAssumptions = { ...DEFAULT_IDLE_ASSUMPTIONS, ...options.idle };
  const incident: IncidentAssumptions = { ...DEFAULT_INCIDENT_ASSUMPTIONS, ...options.incident };
  const incidentsPerMonth = options.incidentsPerMonth ?? DEFAULT_INCIDENTS_PER_MONTH;

  const stackCosts = stacks.map(({ stackName, template }): StackIdleCost => {
    const resources = priceTemplateIdle(stackName, template, idle)
      .map((r) => (r.usdPerMonth === undefined ? r : { ...r, usdPerMonth: money(r.usdPerMonth) }));
    return { stackName, idleUsdPerMonth: money(resources.reduce((s, r) => s + (r.usdPerMonth ?? 0), 0)), resources };
  });
  const all = stackCosts.flatMap((s) => s.resources);
  const types = new Map<string, { count: number; usd: number }>();
  for (const r of all) {
    const t = types.get(r.type) ?? { count: 0, usd: 0 };
    types.set(r.type, { count: t.count + 1, usd: t.usd + (r.usdPerMonth ?? 0) });
  }
  const byType = [...types].map(([type, t]) => ({ type, count: t.count, idleUsdPerMonth: money(t.usd) }))
    .sort((a, b) => b.idleUsdPerMonth - a.idleUsdPerMonth || a.type.localeCompare(b.type));

  const items = stacks.flatMap(({ stackName, template }) => priceIncident(stackName, template, incident, options.modelId))
    .map((i) => (i.usd === undefined ? i : { ...i, usd: money(i.usd) }));
  const idleUsd = money(stackCosts.reduce((s, c) => s + c.idleUsdPerMonth, 0));
  const perIncident = money(items.reduce((s, i) => s + (i.usd ?? 0), 0));
  return {
    prices: { region: PRICES_REGION, checked: PRICES_CHECKED, note: PRICES_NOTE },
    priceTable: Object.fromEntries([...new Set([...all, ...items].flatMap((x) => x.prices))].sort().map((name) => [name, PRICES[name]])),
    idleUsdPerMonth: idleUsd,
    stacks: stackCosts,
    byType,
    notPriced: all.filter((r) => !r.priced),
    perIncident: { usd: perIncident, items },
    monthly: { incidentsPerMonth, usd: money(idleUsd + incidentsPerMonth * perIncident) },
    assumptions: { month: `30 days (${HOURS_PER_MONTH} hours)`, idle, incident },
  };
}
