import { lines, specOf, specPath } from '../context';
import type { Analyzer } from '../types';

/** Share of CFS periods throttled above which a container is called throttled (a widely used alerting threshold). */
export const THROTTLED_SHARE = 0.25;
/** Usage at or above this share of the CPU limit reads as held at the limit when no CFS counters are given. */
export const AT_LIMIT_SHARE = 0.9;

/** A CPU quantity in millicores: `1`, `0.5`, `500m`, 2. */
export function millicores(quantity: string | number | undefined | null): number | undefined {
  if (quantity === undefined || quantity === null) return undefined;
  if (typeof quantity === 'number') return quantity * 1000;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity.trim());
  if (!m) return undefined;
  return m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** A container is held back by its CPU limit: throttled CFS periods, or usage pinned at the limit. */
export const cpuThrottling: Analyzer = (context) => {
  for (const [container, m] of Object.entries(context.bundle.metrics)) {
    const limitQuantity = specOf(context, container)?.resources?.limits?.cpu;
    const limit = millicores(limitQuantity);
    const limitLine = limitQuantity !== undefined ? `${specPath(context, container)}.resources.limits.cpu: ${limitQuantity}` : undefined;
    if (m.cfsPeriods !== undefined && m.cfsThrottledPeriods !== undefined && m.cfsPeriods > 0) {
      const share = m.cfsThrottledPeriods / m.cfsPeriods;
      if (share >= THROTTLED_SHARE) {
        return {
          category: 'CPUThrottling',
          container,
          evidence: lines(`metrics[${container}]: container_cpu_cfs_throttled_periods_total +${m.cfsThrottledPeriods} of container_cpu_cfs_periods_total +${m.cfsPeriods} (${pct(share)})`, limitLine),
          summary: `Container ${container} is CPU-throttled in ${pct(share)} of its scheduling periods${limitQuantity !== undefined ? ` (limit ${limitQuantity})` : ''}; raise or remove its CPU limit, or spread the load.`,
        };
      }
    }
    if (m.cpuMillicores !== undefined && limit !== undefined && limit > 0 && m.cpuMillicores / limit >= AT_LIMIT_SHARE) {
      return {
        category: 'CPUThrottling',
        container,
        evidence: lines(`metrics[${container}].cpuMillicores: ${m.cpuMillicores}m (${pct(m.cpuMillicores / limit)} of the limit)`, limitLine),
        summary: `Container ${container} uses ${m.cpuMillicores}m CPU against a limit of ${limitQuantity}: it is held at its limit and throttled; raise the limit if it needs more.`,
      };
    }
  }
  return undefined;
};
