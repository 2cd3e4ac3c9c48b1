/**
 * Names shared by the AiopsHub construct and its handlers, kept for the construct side's imports. The values live
 * once, in src/contract.
 */
export { AIOPS_EVENT_SOURCE, DetailType, INCIDENT_DETAIL_TYPES, INGEST_DETAIL_TYPES, KUBERNETES_EVENT_SOURCE, RejectionAttribute } from '../contract/events';
export { TopologyRefreshEnv, TriageEnv } from '../contract/env';
export { IncidentTableKeys } from '../contract/table';
export { METRIC_NAMESPACE, TOPOLOGY_SERVICE_NAME, TopologyMetric, TRIAGE_SERVICE_NAME, TriageMetric, TriageMetricDimension } from '../contract/metrics';
