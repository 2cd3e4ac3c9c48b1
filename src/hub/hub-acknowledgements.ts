import type { IConstruct } from 'constructs';
import { acknowledge, acknowledgeAlarms, NagRule } from '../common/acknowledge';

/** What of the hub carries a finding by design. */
export interface HubNagParts {
  readonly incidentTable: IConstruct;
}

/**
 * The hub's unavoidable cdk-nag findings, acknowledged on its own resources (its function's are acknowledged by
 * HandlerFunctions). Called once, at the end of the constructor.
 */
export function acknowledgeHubFindings(hub: IConstruct, parts: HubNagParts): void {
  acknowledge(parts.incidentTable, {
    id: NagRule.NIST_DYNAMODB_BACKUP,
    reason: 'Point-in-time recovery is on (continuous backups, 35 days); the table holds short-lived incidents that '
      + 'expire by TTL. An AWS Backup plan is the consumer\'s account-wide choice: a backup selection by tag or ARN covers it.',
  });
  acknowledgeAlarms(hub, 'The hub\'s alarms are exposed for the consumer (AiopsHub.alarms, addAlarmAction) '
    + 'to route to their own paging; the library cannot know where.');
}
