/** The hub's triage handler configuration, read from the environment the AiopsHub construct sets. */
import * as z from 'zod';
import { EnvReader, type Env } from './env';
import { TriageEnv } from '../../contract/env';
import { resolveTriageRules, type TriageRules } from '../triage/rules';

export interface TriageConfig {
  readonly tableName: string;
  readonly eventBusName: string;
  readonly deadLetterQueueUrl: string;
  /** The rules, resolved over their defaults (a bad rule fails the cold start, loudly). */
  readonly rules: TriageRules;
  readonly closedTtlDays?: number;
}

/** Read and check the environment; throws naming every missing variable (the function then fails at init). */
export function readTriageConfig(env: Env): TriageConfig {
  const r = new EnvReader(env, 'triage handler');
  r.requireAll([TriageEnv.TABLE_NAME, TriageEnv.EVENT_BUS_NAME, TriageEnv.DLQ_URL]);
  return {
    tableName: r.required(TriageEnv.TABLE_NAME),
    eventBusName: r.required(TriageEnv.EVENT_BUS_NAME),
    deadLetterQueueUrl: r.required(TriageEnv.DLQ_URL),
    rules: resolveTriageRules(r.json(TriageEnv.RULES_JSON, z.unknown(), {})),
    closedTtlDays: r.number(TriageEnv.CLOSED_TTL_DAYS, (d) => d > 0, 'must be a positive number of days'),
  };
}
