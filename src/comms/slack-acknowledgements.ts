import type { IConstruct } from 'constructs';
import { acknowledge, acknowledgeAlarms, NagRule, wildcardActionId } from '../common/acknowledge';

/** What of the Slack channel carries a finding by design. */
export interface SlackNagParts {
  /** The interactivity endpoint, behind a public function URL. */
  readonly callbackFunction: IConstruct;
  /** The role of the notify function, when it publishes to an email topic. */
  readonly notifyRole?: IConstruct;
  /** Whether the notify function may publish to a topic with its own key. */
  readonly encryptedEmailTopic: boolean;
}

/**
 * The Slack channel's unavoidable cdk-nag findings, acknowledged on its own resources (its functions' are acknowledged
 * by HandlerFunctions). Called once, at the end of the constructor.
 */
export function acknowledgeSlackFindings(channel: IConstruct, parts: SlackNagParts): void {
  acknowledge(parts.callbackFunction, {
    id: NagRule.NIST_LAMBDA_PUBLIC,
    reason: 'Slack\'s interactivity endpoint must be a public URL: Slack cannot sign AWS (SigV4) requests. The function '
      + 'authenticates every request itself (Slack\'s HMAC-SHA256 signature with the signing secret, a 5-minute '
      + 'timestamp, a replay check) before it reads or changes anything.',
  });
  if (parts.notifyRole && parts.encryptedEmailTopic) {
    acknowledge(parts.notifyRole, {
      id: wildcardActionId('kms:GenerateDataKey*'),
      reason: 'sns.Topic.grantPublish: publishing to a topic encrypted with a customer-managed key needs the key\'s '
        + 'data-key actions, granted on the topic\'s key only.',
    });
  }
  acknowledgeAlarms(channel, 'The channel\'s alarms are exposed for the consumer to route to their own '
    + 'paging; the library cannot know where.');
}
