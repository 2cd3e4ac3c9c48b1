/**
 * The communications handlers' configuration, read from the environment the SlackChannel construct sets (names in
 * `src/contract/env.ts`). Each reader throws a ConfigError naming the variable, so a misconfigured function fails
 * at its cold start.
 */
import { EnvReader, type Env } from './env';
import { SLACK_USER_ID_PATTERN_SOURCE } from '../../contract/decisions';
import { CommsEnv } from '../../contract/env';

const COMMS = 'comms handler';

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

function common(r: EnvReader): CommsConfig {
  return {
    tableName: r.required(CommsEnv.TABLE_NAME),
    secretArn: r.required(CommsEnv.SLACK_SECRET_ARN),
    channelId: r.required(CommsEnv.SLACK_CHANNEL_ID),
  };
}

export function readApprovalRequestConfig(env: Env): ApprovalRequestConfig {
  const r = new EnvReader(env, COMMS);
  const text = r.required(CommsEnv.APPROVAL_TTL_SECONDS);
  const ttlSeconds = Number(text);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw r.invalid(CommsEnv.APPROVAL_TTL_SECONDS, `must be a whole number of seconds (got '${text}')`);
  return { ...common(r), ttlSeconds };
}

/** The allow-list is a JSON array of Slack user ids; anything else fails closed (throws at the cold start). */
export function readSlackCallbackConfig(env: Env): SlackCallbackConfig {
  const r = new EnvReader(env, COMMS);
  const text = r.required(CommsEnv.APPROVER_ALLOW_LIST);
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw r.invalid(CommsEnv.APPROVER_ALLOW_LIST, 'is not valid JSON');
  }
  const pattern = new RegExp(SLACK_USER_ID_PATTERN_SOURCE);
  if (!Array.isArray(list) || list.length === 0 || !list.every((id) => typeof id === 'string' && pattern.test(id))) {
    throw r.invalid(CommsEnv.APPROVER_ALLOW_LIST, 'must be a non-empty JSON array of Slack user ids');
  }
  const teamId = r.optional(CommsEnv.SLACK_TEAM_ID);
  return {
    tableName: r.required(CommsEnv.TABLE_NAME),
    secretArn: r.required(CommsEnv.SLACK_SECRET_ARN),
    allowList: list as string[],
    ...(teamId ? { teamId } : {}),
  };
}

export function readNotifyConfig(env: Env): NotifyConfig {
  const r = new EnvReader(env, COMMS);
  const topicArn = r.optional(CommsEnv.NOTIFY_TOPIC_ARN);
  return { ...common(r), ...(topicArn ? { topicArn } : {}) };
}
