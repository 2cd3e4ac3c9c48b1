/**
 * Names shared by the SlackChannel construct and its handlers, kept for the construct side's imports. The values live
 * once, in src/contract.
 */
export { CommsEnv } from '../contract/env';
export { CommsTableKeys } from '../contract/table';
export { COMMS_SERVICE_NAME } from '../contract/metrics';
export { MAX_APPROVERS, SLACK_USER_ID_PATTERN_SOURCE } from '../contract/decisions';
