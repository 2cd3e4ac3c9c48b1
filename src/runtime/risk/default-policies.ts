/**
 * The default risk policies (Cedar). Each has an `@id` and a `@reason` that the decision quotes.
 *
 * How they combine (Cedar: a forbid beats any permit; nothing permitted means denied):
 * - AutoRemediate is permitted only for low-risk runbooks, touching at most 5 resources, with no Config
 *   non-compliance, and — in production or an unknown environment — only while SLO error budget remains.
 * - AutoRemediate is forbidden for destructive runbooks, inside freeze windows and while the change calendar is closed.
 *   These are hard stops a user policy cannot lift.
 * - RequestApproval is permitted for every runbook, except destructive runbooks on P4 incidents (not worth the risk
 *   for the least urgent incidents: denied outright).
 *
 * Users widen with more `permit` policies and narrow with `forbid` policies.
 */
export const DEFAULT_RISK_POLICIES = `@id("auto-low-risk")
@reason("low-risk runbook on a small, compliant blast radius, with error budget left in production")
permit (principal, action == Aiops::Action::"AutoRemediate", resource)
when {
  resource.riskClass == "low" &&
  context.incident.resourceCount <= 5 &&
  !context.incident.nonCompliant &&
  (context.incident.environment == "dev" ||
   context.incident.environment == "staging" ||
   (context.incident has errorBudgetRemaining && context.incident.errorBudgetRemaining > 0))
};

@id("forbid-auto-destructive")
@reason("destructive runbooks always need a human")
forbid (principal, action == Aiops::Action::"AutoRemediate", resource)
when { resource.riskClass == "destructive" };

@id("forbid-auto-in-freeze-window")
@reason("a change freeze window is active")
forbid (principal, action == Aiops::Action::"AutoRemediate", resource)
when { context.incident.inFreezeWindow };

@id("forbid-auto-change-calendar-closed")
@reason("the change calendar is closed")
forbid (principal, action == Aiops::Action::"AutoRemediate", resource)
when { !context.incident.changeCalendarOpen };

@id("approval-for-any-runbook")
@reason("a human may approve any proposed runbook")
permit (principal, action == Aiops::Action::"RequestApproval", resource);

@id("forbid-destructive-on-p4")
@reason("destructive runbooks are not run for P4 incidents")
forbid (principal, action == Aiops::Action::"RequestApproval", resource)
when { resource.riskClass == "destructive" && context.incident.priority == "P4" };
`;

/** Ids of the default policies. */
export const DefaultRiskPolicyId = {
  AUTO_LOW_RISK: 'auto-low-risk',
  FORBID_AUTO_DESTRUCTIVE: 'forbid-auto-destructive',
  FORBID_AUTO_IN_FREEZE_WINDOW: 'forbid-auto-in-freeze-window',
  FORBID_AUTO_CHANGE_CALENDAR_CLOSED: 'forbid-auto-change-calendar-closed',
  APPROVAL_FOR_ANY_RUNBOOK: 'approval-for-any-runbook',
  FORBID_DESTRUCTIVE_ON_P4: 'forbid-destructive-on-p4',
} as const;

/** Most resources an incident may touch for AutoRemediate under the default policies. */
export const DEFAULT_AUTO_MAX_RESOURCES = 5;
