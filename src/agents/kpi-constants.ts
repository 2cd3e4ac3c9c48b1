/**
 * Names of the incident KPIs, shared by the constructs (dashboards, alarms, the `cloudwatch:namespace` IAM condition)
 * and the handlers that emit them as EMF (STYLE §1). Plain values only: no imports, no runtime code.
 *
 * The runtime computes the values in `src/runtime/kpi/compute.ts` and builds the EMF records in `src/runtime/kpi/emf.ts`;
 * Powertools Metrics may emit the same names instead.
 */

/** CloudWatch namespace of every cdk-aiops KPI (the same namespace as the agent metrics). */
export const KPI_NAMESPACE = 'cdk-aiops';

/** KPI metric names. Durations are in seconds. */
export const KpiMetric = {
  /** Incident opened − first signal of the incident (seconds). */
  TIME_TO_DETECT: 'TimeToDetect',
  /** First acknowledgement (an agent's decision or a human's ack) − incident opened (seconds). */
  TIME_TO_ACKNOWLEDGE: 'TimeToAcknowledge',
  /** Recovery verified after a runbook (or a human's mitigation) − incident opened (seconds). */
  TIME_TO_MITIGATE: 'TimeToMitigate',
  /** Incident resolved − incident opened (seconds). */
  TIME_TO_RESOLVE: 'TimeToResolve',
  /** 1 per incident on which automation was considered, with the `Outcome` dimension. */
  AUTOMATION_OUTCOME: 'AutomationOutcome',
  /** Humans paged for an incident: approval requests and escalations. */
  PAGES: 'Pages',
  /** Model tokens (input + output) spent on an incident. */
  REASONING_TOKENS: 'ReasoningTokens',
  /** Estimated model cost of an incident, US dollars. */
  ESTIMATED_COST_USD: 'EstimatedCostUsd',
} as const;

/** Dimensions of the KPI metrics. */
export const KpiDimension = {
  /** On AUTOMATION_OUTCOME only: one of AutomationOutcomeValue. */
  OUTCOME: 'Outcome',
} as const;

/** Values of the `Outcome` dimension of AUTOMATION_OUTCOME. */
export const AutomationOutcomeValue = {
  /** The risk policy allowed the runbook without a human, and recovery was verified. */
  AUTO_RESOLVED: 'AutoResolved',
  /** A human approved the runbook, and recovery was verified. */
  APPROVED: 'Approved',
  /** The runbook did not run: the risk policy denied it, or a human denied it or did not answer in time. */
  DENIED: 'Denied',
  /** The runbook ran and failed or did not recover the service, and there was no rollback or the rollback failed. */
  FAILED: 'Failed',
  /** The runbook failed or did not recover the service, and its rollback ran. */
  ROLLED_BACK: 'RolledBack',
} as const;
