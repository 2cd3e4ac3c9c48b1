/**
 * The agent handlers' configuration, read from the environment the AgentSuite construct sets (names in
 * `src/contract/env.ts`). Each reader throws naming the variable, so a misconfigured function fails at its
 * cold start, loudly, and the state machine's failure path reports it.
 */
import { z } from 'zod';
import { AgentEnv } from '../../contract/env';
import { DEFAULT_TOKEN_BUDGET as DEFAULT_REASONING_BUDGET, type TokenBudget } from '../reasoning/budget';
import { FreezeWindowSchema, type FreezeWindow } from '../risk/freeze';
import { BUILTIN_RUNBOOKS, RunbookRegistry, type RunbookSpecInput } from '../runbooks';
import { CollectorNameSchema, type CollectorName } from '../telemetry/types';

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`agent handler: missing environment variable ${name}`);
  return value;
}

function json<T>(env: Env, name: string, schema: z.ZodType<T>, fallback: T): T {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`agent handler: ${name} is not valid JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`agent handler: ${name} is invalid: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

function positiveInt(env: Env, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`agent handler: ${name} must be a positive whole number, got '${text}'`);
  return value;
}

export interface TelemetryConfig {
  readonly tokenBudget?: number;
  readonly logGroups: string[];
  readonly disabled: CollectorName[];
}

export function readTelemetryConfig(env: Env): TelemetryConfig {
  return {
    tokenBudget: positiveInt(env, AgentEnv.TELEMETRY_TOKEN_BUDGET),
    logGroups: json(env, AgentEnv.TELEMETRY_LOG_GROUPS, z.array(z.string().min(1)).max(50), []),
    disabled: json(env, AgentEnv.TELEMETRY_DISABLED_COLLECTORS, z.array(CollectorNameSchema), []),
  };
}

/** The registry the agents propose from: the built-in runbooks plus the extra ones configured (part 2). */
export function readRunbookRegistry(env: Env): RunbookRegistry {
  const extra = json(env, AgentEnv.RUNBOOKS_JSON, z.array(z.unknown()), []) as RunbookSpecInput[];
  return new RunbookRegistry([...BUILTIN_RUNBOOKS, ...extra]);
}

export interface ReasonConfig {
  readonly enabled: boolean;
  readonly modelId?: string;
  readonly temperature?: number;
  readonly limits: TokenBudget;
  /** The incident table holding the token ledger; absent: no ledger, only the per-call limits apply. */
  readonly tableName?: string;
}

export function readReasonConfig(env: Env): ReasonConfig {
  const enabledText = env[AgentEnv.REASONING_ENABLED] ?? 'true';
  if (enabledText !== 'true' && enabledText !== 'false') {
    throw new Error(`agent handler: ${AgentEnv.REASONING_ENABLED} must be 'true' or 'false', got '${enabledText}'`);
  }
  const temperatureText = env[AgentEnv.MODEL_TEMPERATURE];
  const temperature = temperatureText === undefined || temperatureText === '' ? undefined : Number(temperatureText);
  if (temperature !== undefined && !(temperature >= 0 && temperature <= 1)) {
    throw new Error(`agent handler: ${AgentEnv.MODEL_TEMPERATURE} must be between 0 and 1, got '${temperatureText}'`);
  }
  return {
    enabled: enabledText === 'true',
    modelId: env[AgentEnv.MODEL_ID] || undefined,
    temperature,
    limits: {
      perIncidentTokens: positiveInt(env, AgentEnv.INCIDENT_TOKEN_BUDGET) ?? DEFAULT_REASONING_BUDGET.perIncidentTokens,
      monthlyTokens: positiveInt(env, AgentEnv.MONTHLY_TOKEN_CAP) ?? DEFAULT_REASONING_BUDGET.monthlyTokens,
    },
    tableName: env[AgentEnv.TABLE_NAME] || undefined,
  };
}

export interface RiskConfig {
  readonly extraPolicies?: string;
  readonly freezeWindows: FreezeWindow[];
  readonly changeCalendars: string[];
}

export function readRiskConfig(env: Env): RiskConfig {
  const policies = env[AgentEnv.RISK_POLICIES];
  return {
    extraPolicies: policies && policies.trim() ? policies : undefined,
    freezeWindows: json(env, AgentEnv.FREEZE_WINDOWS, z.array(FreezeWindowSchema), []),
    changeCalendars: json(env, AgentEnv.CHANGE_CALENDARS, z.array(z.string().min(1)), []),
  };
}

export interface RecordConfig {
  readonly tableName: string;
  readonly eventBusName: string;
}

export function readRecordConfig(env: Env): RecordConfig {
  return { tableName: required(env, AgentEnv.TABLE_NAME), eventBusName: required(env, AgentEnv.EVENT_BUS_NAME) };
}
