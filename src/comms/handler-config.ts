/**
 * The communications handlers' configuration, read from the environment the SlackChannel construct sets (names in
 * `src/contract/env.ts`). Each reader throws naming the variable, so a misconfigured function fails at its cold start.
 * Plain TypeScript: shared by the three handlers, bundled into each.
 */
import { SLACK_USER_ID_PATTERN_SOURCE } from '../contract/decisions';
import { CommsEnv } from '../contract/env';

type Env = Readonly<Record<string, string | undefined>>;

export interface CommsConfig {
  readonly tableName: string;
  readonly secretArn: string;
  readonly channelId: string;
}

export interface ApprovalRequestConfig extends CommsConfig {
  readonly ttlSeconds: number;
}

export interface SlackCallbackConfig {
  readonly tableName: string;
  readonly secretArn: string;
  readonly allowList: readonly string[];
  readonly teamId?: string;
}

export interface NotifyConfig extends CommsConfig {
  readonly topicArn?: string;
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`comms handler: missing environment variable ${name}`);
  return value;
}

function common(env: Env): CommsConfig {
  return {
    tableName: required(env, CommsEnv.TABLE_NAME),
    secretArn: required(env, CommsEnv.SLACK_SECRET_ARN),
    channelId: required(env, CommsEnv.SLACK_CHANNEL_ID),
  };
}

export function readApprovalRequestConfig(env: Env): ApprovalRequestConfig {
  const text = required(env, CommsEnv.APPROVAL_TTL_SECONDS);
  const ttlSeconds = Number(text);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new Error(`comms handler: ${CommsEnv.APPROVAL_TTL_SECONDS} must be a whole number of seconds (got '${text}')`);
  }
  return { ...common(env), ttlSeconds };
}

/** The allow-list is a JSON array of Slack user ids; anything else fails closed (throws at the cold start). */
export function readSlackCallbackConfig(env: Env): SlackCallbackConfig {
  const text = required(env, CommsEnv.APPROVER_ALLOW_LIST);
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw new Error(`comms handler: ${CommsEnv.APPROVER_ALLOW_LIST} is not valid JSON`);
  }
  const pattern = new RegExp(SLACK_USER_ID_PATTERN_SOURCE);
  if (!Array.isArray(list) || list.length === 0 || !list.every((id) => typeof id === 'string' && pattern.test(id))) {
    throw new Error(`comms handler: ${CommsEnv.APPROVER_ALLOW_LIST} must be a non-empty JSON array of Slack user ids`);
  }
  const teamId = env[CommsEnv.SLACK_TEAM_ID] || undefined;
  return {
    tableName: required(env, CommsEnv.TABLE_NAME),
    secretArn: required(env, CommsEnv.SLACK_SECRET_ARN),
    allowList: list as string[],
    ...(teamId ? { teamId } : {}),
  };
}

export function readNotifyConfig(env: Env): NotifyConfig {
  const topicArn = env[CommsEnv.NOTIFY_TOPIC_ARN] || undefined;
  return { ...common(env), ...(topicArn ? { topicArn } : {}) };
}
