/**
 * The agent handlers' configuration, read from the environment the AgentSuite construct sets (names in
 * `src/contract/env.ts`). Each reader throws naming the variable, so a misconfigured function fails at its
 * cold start, loudly, and the state machine's failure path reports it. One reader per handler, all on `EnvReader`.
 */
import * as z from 'zod';
import type { SloDefinition } from '../../contract/burn-rate';
import { AgentEnv } from '../../contract/env';
import { EnvReader, type Env } from '../config/env';
import { DEFAULT_TOKEN_BUDGET as DEFAULT_REASONING_BUDGET, type TokenBudget } from '../reasoning/budget';
import { FreezeWindowSchema, type FreezeWindow } from '../risk/freeze';
import { BUILTIN_RUNBOOKS, RunbookRegistry, type RunbookSpecInput } from '../runbooks';
import { SloDefinitionsSchema } from '../slo/budget';
import { CollectorNameSchema, type CollectorName } from '../telemetry/types';

const AGENT = 'agent handler';

export interface TelemetryConfig {
  readonly tokenBudget?: number;
  readonly logGroups: string[];
  readonly disabled: CollectorName[];
  /** The ServiceLevelObjectives granted to the agent (`grantBudgetRead`), whose budgets it reports. */
  readonly sloDefinitions: SloDefinition[];
}

export function readTelemetryConfig(env: Env): TelemetryConfig {
  const r = new EnvReader(env, AGENT);
  return {
    tokenBudget: r.positiveInt(AgentEnv.TELEMETRY_TOKEN_BUDGET),
    logGroups: r.json(AgentEnv.TELEMETRY_LOG_GROUPS, z.array(z.string().min(1)).max(50), []),
    disabled: r.json(AgentEnv.TELEMETRY_DISABLED_COLLECTORS, z.array(CollectorNameSchema), []),
    sloDefinitions: r.json(AgentEnv.SLO_DEFINITIONS, SloDefinitionsSchema, []) as SloDefinition[],
  };
}

/** The registry the agents propose from: the built-in runbooks plus the extra ones configured (part 2). */
export function readRunbookRegistry(env: Env): RunbookRegistry {
  const extra = new EnvReader(env, AGENT).json(AgentEnv.RUNBOOKS_JSON, z.array(z.unknown()), []) as RunbookSpecInput[];
  return new RunbookRegistry([...BUILTIN_RUNBOOKS, ...extra]);
}

export interface ReasonConfig {
  readonly enabled: boolean;
  readonly modelId?: string;
  readonly temperature?: number;
  readonly limits: TokenBudget;
  /** The incident table holding the token ledger; absent: no ledger, only the per-call limits apply. */
  readonly tableName?: string;
  readonly registry: RunbookRegistry;
}

export function readReasonConfig(env: Env): ReasonConfig {
  const r = new EnvReader(env, AGENT);
  return {
    enabled: r.oneOf(AgentEnv.REASONING_ENABLED, ['true', 'false'], 'true') === 'true',
    modelId: r.optional(AgentEnv.MODEL_ID),
    temperature: r.number(AgentEnv.MODEL_TEMPERATURE, (t) => t >= 0 && t <= 1, 'must be between 0 and 1'),
    limits: {
      perIncidentTokens: r.positiveInt(AgentEnv.INCIDENT_TOKEN_BUDGET) ?? DEFAULT_REASONING_BUDGET.perIncidentTokens,
      monthlyTokens: r.positiveInt(AgentEnv.MONTHLY_TOKEN_CAP) ?? DEFAULT_REASONING_BUDGET.monthlyTokens,
    },
    tableName: r.optional(AgentEnv.TABLE_NAME),
    registry: readRunbookRegistry(env),
  };
}

export interface RiskConfig {
  readonly extraPolicies?: string;
  readonly freezeWindows: FreezeWindow[];
  readonly changeCalendars: string[];
  /** Tag keys that name the environment. @default - ENVIRONMENT_TAG_KEYS (undefined) */
  readonly environmentTagKeys?: string[];
  readonly registry: RunbookRegistry;
}

export function readRiskConfig(env: Env): RiskConfig {
  const r = new EnvReader(env, AGENT);
  const policies = r.optional(AgentEnv.RISK_POLICIES);
  return {
    extraPolicies: policies && policies.trim() ? policies : undefined,
    freezeWindows: r.json(AgentEnv.FREEZE_WINDOWS, z.array(FreezeWindowSchema), []),
    changeCalendars: r.json(AgentEnv.CHANGE_CALENDARS, z.array(z.string().min(1)), []),
    ...(env[AgentEnv.ENVIRONMENT_TAG_KEYS] !== undefined
      ? { environmentTagKeys: r.json(AgentEnv.ENVIRONMENT_TAG_KEYS, z.array(z.string().min(1)).min(1), []) }
      : {}),
    registry: readRunbookRegistry(env),
  };
}

/** The record and failure steps: the incident table and the hub bus. */
export interface RecordConfig {
  readonly tableName: string;
  readonly eventBusName: string;
}

export function readRecordConfig(env: Env): RecordConfig {
  const r = new EnvReader(env, AGENT);
  return { tableName: r.required(AgentEnv.TABLE_NAME), eventBusName: r.required(AgentEnv.EVENT_BUS_NAME) };
}

/** The outcome step: the incident table. */
export interface OutcomeConfig {
  readonly tableName: string;
}

export function readOutcomeConfig(env: Env): OutcomeConfig {
  return { tableName: new EnvReader(env, AGENT).required(AgentEnv.TABLE_NAME) };
}

/** The remediation step's environment (set by the AgentSuite). */
export interface RemediationConfig {
  readonly tableName: string;
  readonly maxRunSeconds?: number;
  readonly automationRoleArn?: string;
  readonly registry: RunbookRegistry;
}

export function readRemediationConfig(env: Env): RemediationConfig {
  const r = new EnvReader(env, AGENT);
  return {
    tableName: r.required(AgentEnv.TABLE_NAME),
    maxRunSeconds: r.positiveInt(AgentEnv.REMEDIATION_MAX_RUN_SECONDS),
    automationRoleArn: r.optional(AgentEnv.AUTOMATION_ROLE_ARN),
    registry: readRunbookRegistry(env),
  };
}
