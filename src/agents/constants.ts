/**
 * Names shared by the AgentSuite construct and its handlers, kept for the construct side's imports. The values live
 * once, in src/contract (the workflow state names below excepted).
 */
export { AIOPS_EVENT_SOURCE, AgentDetailType } from '../contract/events';
export { AgentEnv } from '../contract/env';
export { METRIC_NAMESPACE as AGENT_METRIC_NAMESPACE, AGENT_SERVICE_NAME, AgentMetric, AgentMetricDimension } from '../contract/metrics';

export { AgentState, AgentStatePath } from '../contract/workflow';

export { TokenLedgerKeys } from '../contract/table';
export { AgentDefaults, DEFAULT_REASONING_MODEL_ID } from '../contract/defaults';
