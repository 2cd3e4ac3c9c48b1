/**
 * IAM actions each telemetry collector's AWS adapter calls. Plain data, no SDK import, so the
 * construct that grants the Telemetry agent its role can import it (see STYLE.md §1: shared names only).
 *
 * All of them are read-only. Resource scoping notes for the grant:
 * - `cloudwatch:GetMetricData`, `xray:*`, `devops-guru:List*`, `config:*Compliance*`, `application-signals:*`
 *   do not support resource-level permissions for these reads: grant on `*`.
 * - `logs:StartQuery` can be scoped to the log-group ARNs the agent may read
 *   (`arn:aws:logs:<region>:<account>:log-group:<name>:*`); `logs:GetQueryResults` and `logs:StopQuery` act on a
 *   query id and need `*`.
 */
import type { CollectorName } from './types';

export const TELEMETRY_IAM_ACTIONS: Readonly<Record<CollectorName, readonly string[]>> = {
  'metrics': ['cloudwatch:GetMetricData'],
  'logs': ['logs:StartQuery', 'logs:GetQueryResults', 'logs:StopQuery'],
  'traces': ['xray:GetTraceSummaries', 'xray:GetServiceGraph'],
  'devops-guru': ['devops-guru:ListAnomaliesForInsight', 'devops-guru:ListRecommendations'],
  'slo': [
    'application-signals:BatchGetServiceLevelObjectiveBudgetReport',
    'application-signals:ListServiceLevelObjectives',
  ],
  'config': ['config:DescribeComplianceByResource', 'config:GetComplianceDetailsByResource'],
};

/** Every action of every collector, de-duplicated and sorted. */
export function allTelemetryIamActions(): string[] {
  return [...new Set(Object.values(TELEMETRY_IAM_ACTIONS).flat())].sort();
}
