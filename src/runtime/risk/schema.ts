/** Cedar namespace of the risk schema. */
export const RISK_NAMESPACE = 'Aiops';

/** Entity type and action names, as policies spell them. */
export const RiskEntity = {
  AGENT: `${RISK_NAMESPACE}::Agent`,
  RUNBOOK: `${RISK_NAMESPACE}::Runbook`,
  INCIDENT: `${RISK_NAMESPACE}::Incident`,
  ACTION: `${RISK_NAMESPACE}::Action`,
} as const;

export const RiskAction = {
  AUTO_REMEDIATE: 'AutoRemediate',
  REQUEST_APPROVAL: 'RequestApproval',
} as const;

/** The principal every request is made for: the Remediation agent. */
export const REMEDIATION_AGENT_ID = 'remediation';

/**
 * The Cedar schema (human syntax) every policy is validated against, in strict mode.
 * Documented attribute by attribute in `README.md` beside this file.
 */
export const RISK_CEDAR_SCHEMA = `namespace ${RISK_NAMESPACE} {
  // Who asks: the Remediation agent.
  entity Agent;

  // The proposed runbook. The entity id is the runbook id.
  entity Runbook = {
    riskClass: String,       // "low" | "medium" | "high" | "destructive"
    riskRank: Long,          // 0 (low) .. 3 (destructive)
    kind: String,            // "ssm-automation" | "lambda" | "codebuild" | "kubectl"
  };

  // The incident the runbook would act on. The entity id is the incident id.
  entity Incident = {
    priority: String,              // "P1" .. "P4"
    priorityRank: Long,            // 1 (P1, most urgent) .. 4
    environment: String,           // "prod" | "staging" | "dev" | "unknown" (unknown is treated as prod)
    resourceCount: Long,           // blast radius: resources in the incident
    errorBudgetRemaining?: Long,   // percent of SLO error budget left (may be negative); absent when no SLO reported
    inFreezeWindow: Bool,          // a configured freeze window is active now
    activeFreezeWindows: Set<String>,
    changeCalendarOpen: Bool,      // SSM Change Calendar state (true when no calendar is configured)
    nonCompliant: Bool,            // AWS Config reports a non-compliant resource in the incident
    nonCompliantCount: Long,
  };

  action AutoRemediate, RequestApproval appliesTo {
    principal: Agent,
    resource: Runbook,
    context: {
      incident: Incident,
      hourUtc: Long,       // 0..23
      weekdayUtc: Long,    // 0 (Sunday) .. 6
    },
  };
}
`;
