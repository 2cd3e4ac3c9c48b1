/**
 * Defaults the constructs render into the handlers' environment and the runtime also assumes when a value is absent
 * (the CLI, tests, a handler whose variable is unset). One value each. Plain data: no imports outside src/contract.
 */

/**
 * The model the reasoning agent asks by default: Claude Haiku 4.5 through the global cross-region inference profile,
 * callable from every commercial Region, routed wherever capacity is. For data residency use a geographic profile
 * instead (`us.anthropic.claude-haiku-4-5-20251001-v1:0`, `eu.anthropic.claude-haiku-4-5-20251001-v1:0`...). The
 * construct grants exactly this model; the Bedrock adapter calls it when no model id is configured.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-haiku-4-5.html
 */
export const DEFAULT_REASONING_MODEL_ID = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';

/** Defaults the construct renders into the environment; the runtime falls back to the same values. */
export const AgentDefaults = {
  /** Sampling temperature of the reasoning model. */
  TEMPERATURE: 0.1,
  /** 50k tokens an incident: a few dollars a month with Claude Haiku at typical incident volumes. */
  INCIDENT_TOKEN_BUDGET: 50_000,
  /** 5M tokens a calendar month (UTC). */
  MONTHLY_TOKEN_CAP: 5_000_000,
  /** Estimated tokens of the telemetry bundle handed to the reasoner. */
  TELEMETRY_TOKEN_BUDGET: 3_000,
} as const;
