/**
 * Names of the incident KPIs, kept for the construct side's imports. The values live once, in src/contract.
 *
 * The runtime computes the values in `src/runtime/kpi/compute.ts` and builds the EMF records in `src/runtime/kpi/emf.ts`;
 * Powertools Metrics may emit the same names instead.
 */
export { METRIC_NAMESPACE as KPI_NAMESPACE, KpiDimension, KpiMetric } from '../contract/metrics';
export { AutomationOutcomeValue } from '../contract/decisions';
