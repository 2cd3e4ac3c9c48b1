import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AgentDetailType, AIOPS_EVENT_SOURCE, INCIDENT_DETAIL_TYPES } from '../contract/events';

/**
 * The hub bus's resource policy: the allowed accounts and the organisation may put events, and none of them may put
 * the events the agents act on. Only this account (its triage and agents) puts `cdk-aiops` incident and agent events;
 * spokes still send SLO Budget Reports (`cdk-aiops`) and Kubernetes events (`cdk-aiops.kubernetes`).
 */
export function addBusPolicy(bus: events.EventBus, allowedAccounts: readonly string[], organizationId: string | undefined): void {
  if (allowedAccounts.length > 0) {
    bus.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowAccountsPutEvents',
      principals: allowedAccounts.map((account) => new iam.AccountPrincipal(account)),
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
    }));
  }
  if (organizationId) {
    bus.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowOrganizationPutEvents',
      principals: [new iam.AnyPrincipal()],
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
    }));
  }
  if (allowedAccounts.length === 0 && !organizationId) return; // no other account may put anything
  bus.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyOtherAccountsIncidentEvents',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['events:PutEvents'],
    resources: [bus.eventBusArn],
    conditions: {
      // `events:source` and `events:detail-type` are the PutEvents entry's own fields (EventBridge condition keys).
      StringEquals: {
        'events:source': AIOPS_EVENT_SOURCE,
        'events:detail-type': [...INCIDENT_DETAIL_TYPES, ...Object.values(AgentDetailType)],
      },
      StringNotEquals: { 'aws:PrincipalAccount': Stack.of(bus).account },
    },
  }));
}
