/**
 * Names shared by the SlackChannel construct and its handlers. Both halves import them, so a rename cannot drift
 * between the template and the code that reads it (STYLE §1). Plain values only: no runtime code.
 */
import { TriageEnv } from '../hub/constants';

/** Environment variables the communications handlers read. */
export const CommsEnv = {
  /** The hub's incident table (approval requests, replay keys, the incident's Slack thread). The hub's own name. */
  TABLE_NAME: TriageEnv.TABLE_NAME,
  /** ARN of the Secrets Manager secret `{ botToken, signingSecret }`. Never the value. */
  SLACK_SECRET_ARN: 'AIOPS_SLACK_SECRET_ARN',
  /** Slack channel id where incident threads are started. */
  SLACK_CHANNEL_ID: 'AIOPS_SLACK_CHANNEL_ID',
  /** JSON array of the Slack user ids that may approve or deny. */
  APPROVER_ALLOW_LIST: 'AIOPS_APPROVER_ALLOW_LIST',
  /** Slack workspace id; clicks from any other workspace are refused. Optional. */
  SLACK_TEAM_ID: 'AIOPS_SLACK_TEAM_ID',
  /** Lifetime of an approval request in seconds (the waiting state's timeout). */
  APPROVAL_TTL_SECONDS: 'AIOPS_APPROVAL_TTL_SECONDS',
  /** SNS topic that gets the final summaries as email. Optional. */
  NOTIFY_TOPIC_ARN: 'AIOPS_NOTIFY_TOPIC_ARN',
} as const;

/**
 * Partition-key prefixes of the items the communications handlers write in the incident table. They equal the
 * adapters' `ApprovalTableKeys.PREFIX`, `ReplayCacheKeys.PREFIX` and the incident store's `INC#` (a test keeps them
 * equal); they are repeated here so the construct does not import runtime code.
 */
export const CommsTableKeys = {
  APPROVAL_PREFIX: 'APPROVAL#',
  REPLAY_PREFIX: 'SLACKSIG#',
  INCIDENT_PREFIX: 'INC#',
} as const;

/** Powertools service name of the communications handlers. */
export const COMMS_SERVICE_NAME = 'cdk-aiops-comms';

/**
 * A Slack user id: `U…` or `W…` (Enterprise Grid). The same pattern as the callback's `SLACK_USER_ID_PATTERN`
 * (a test keeps them equal).
 */
export const SLACK_USER_ID_PATTERN_SOURCE = '^[UW][A-Z0-9]{2,30}$';

/** Most approvers the allow-list may hold (it travels in the callback's 4 KB environment). */
export const MAX_APPROVERS = 100;
