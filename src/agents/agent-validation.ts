import { Duration, Stack, Token } from 'aws-cdk-lib';
import type { FreezeWindow, ReasoningSettings, RiskSettings, TelemetrySettings } from './agent-settings';
import { AgentEnv, DEFAULT_REASONING_MODEL_ID } from './constants';
import type { IIncidentChannel } from './incident-channel';
import { checkPolicyShape } from './policy-shape';
import type { ManagedTag, RemediationSettings } from './remediation-settings';
import { CronError, parseCron } from '../contract/cron';
import { collectRunbooks } from '../runbooks/collect';
import type { Runbook } from '../runbooks/runbook';

/**
 * Validation of the AgentSuite's props: early, Token-aware, with messages written for the user. The freeze-window
 * schedules are parsed by the Risk agent's own cron parser (`contract/cron`), so what synthesises is what runs.
 */

/** Lambda's limit on all environment variables of a function together. */
const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/** Most bytes the extra runbooks may take in a function's environment (the rest is the functions' own settings). */
const RUNBOOKS_ENVIRONMENT_MAX_BYTES = 3072;

/** What an unresolved runbook target (a function ARN) may render to, at most, for the size check. */
const TOKEN_TARGET_BYTES = 140;

/** Default execution timeout: the investigation, a runbook and its rollback, their verifications. */
const DEFAULT_TIMEOUT_SECONDS = 3 * 3600;

const DEFAULT_MANAGED_TAG: ManagedTag = { key: 'aiops:managed', value: 'true' };

/** The settings of an AgentSuite's props, with their defaults. */
export interface ResolvedSettings {
  readonly reasoning: ReasoningSettings;
  readonly telemetry: TelemetrySettings;
  readonly risk: RiskSettings;
  readonly remediation: RemediationSettings;
  readonly managedTag: ManagedTag;
  readonly maxRunTime: Duration;
  /** The extra runbooks, with the rollbacks they name. */
  readonly extraRunbooks: Runbook[];
  readonly executionTimeout: Duration;
}

/** Validates the suite's settings (throwing in words for the user) and fills in their defaults. */
export function resolveSettings(props: {
  readonly reasoning?: ReasoningSettings;
  readonly telemetry?: TelemetrySettings;
  readonly risk?: RiskSettings;
  readonly remediation?: RemediationSettings;
  readonly runbooks?: Runbook[];
  readonly channel?: IIncidentChannel;
  readonly timeout?: Duration;
}): ResolvedSettings {
  const reasoning = props.reasoning ?? {};
  const telemetry = props.telemetry ?? {};
  const risk = props.risk ?? {};
  validateSettings(reasoning, telemetry, risk);
  const remediation = props.remediation ?? {};
  const managedTag = remediation.managedTag ?? DEFAULT_MANAGED_TAG;
  const maxRunTime = remediation.maxRunTime ?? Duration.minutes(30);
  validateRemediation(managedTag, maxRunTime);
  const extraRunbooks = collectRunbooks(props.runbooks ?? []);
  checkRunbooksSize(extraRunbooks.map((rb) => rb._toSpec()));
  const channel = props.channel;
  const approvalSeconds = channel && !channel.approvalTimeout.isUnresolved() ? channel.approvalTimeout.toSeconds() : 0;
  const executionTimeout = props.timeout ?? Duration.seconds(DEFAULT_TIMEOUT_SECONDS + approvalSeconds);
  validateTimeout(executionTimeout);
  return { reasoning, telemetry, risk, remediation, managedTag, maxRunTime, extraRunbooks, executionTimeout };
}

/** The longest execution timeout Step Functions' own limits and the suite allow. */
function validateTimeout(timeout: Duration): void {
  if (!timeout.isUnresolved() && (timeout.toSeconds() < 60 || timeout.toSeconds() > 86_400)) {
    throw new Error(`timeout must be between 1 minute and 1 day (got ${timeout.toHumanString()})`);
  }
}

function validateRemediation(tag: { key: string; value: string }, maxRunTime: Duration): void {
  if (!Token.isUnresolved(tag.key) && !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(tag.key)) {
    throw new Error(`remediation.managedTag.key must be a tag key of 1 to 128 characters (got '${tag.key}')`);
  }
  if (!Token.isUnresolved(tag.key) && tag.key.toLowerCase().startsWith('aws:')) {
    throw new Error(`remediation.managedTag.key may not start with 'aws:' (reserved by AWS; got '${tag.key}')`);
  }
  if (!Token.isUnresolved(tag.value) && !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u.test(tag.value)) {
    throw new Error(`remediation.managedTag.value must be a tag value of at most 256 characters (got '${tag.value}')`);
  }
  if (!maxRunTime.isUnresolved()) {
    const seconds = maxRunTime.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > 12 * 3600) {
      throw new Error(`remediation.maxRunTime must be whole seconds from 1 minute to 12 hours (got ${maxRunTime.toHumanString()})`);
    }
  }
}

/** The runbook specs must fit in the functions' 4 KB environment; a function ARN (a token) counts as its longest. */
function checkRunbooksSize(specs: Array<{ [key: string]: any }>): void {
  if (specs.length === 0) return;
  const measured = specs.map((spec) => (Token.isUnresolved(spec.target) ? { ...spec, target: 'x'.repeat(TOKEN_TARGET_BYTES) } : spec));
  const bytes = Buffer.byteLength(JSON.stringify(measured));
  if (bytes > RUNBOOKS_ENVIRONMENT_MAX_BYTES) {
    throw new Error(`runbooks: the ${specs.length} runbook specs take ${bytes} bytes of the agents' environment, above the ${RUNBOOKS_ENVIRONMENT_MAX_BYTES} that fit (Lambda allows 4 KB in all): shorten their descriptions and titles, or register fewer runbooks`);
  }
}

/** The function's own settings must leave room for Lambda's own variables. */
export function checkEnvironmentSize(id: string, environment: Record<string, string>): void {
  const values = Object.entries(environment);
  if (values.some(([, v]) => Token.isUnresolved(v))) return;
  const bytes = values.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > LAMBDA_ENVIRONMENT_MAX_BYTES - 512) {
    throw new Error(`the ${id.toLowerCase()} function's configuration is ${bytes} bytes, above the ${LAMBDA_ENVIRONMENT_MAX_BYTES - 512} that fit in its environment (Lambda allows 4 KB in all): shorten the risk policies or freeze windows`);
  }
}

function positiveInteger(name: string, value: number | undefined, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max} (got ${value})`);
  }
}

function validateSettings(reasoning: ReasoningSettings, telemetry: TelemetrySettings, risk: RiskSettings): void {
  const t = reasoning.temperature;
  if (t !== undefined && !Token.isUnresolved(t) && !(t >= 0 && t <= 1)) {
    throw new Error(`reasoning.temperature must be between 0 and 1 (got ${t})`);
  }
  positiveInteger('reasoning.incidentTokenBudget', reasoning.incidentTokenBudget);
  positiveInteger('reasoning.monthlyTokenCap', reasoning.monthlyTokenCap);
  positiveInteger('reasoning.maxConcurrency', reasoning.maxConcurrency, 1000);
  positiveInteger('telemetry.tokenBudget', telemetry.tokenBudget, 200_000);
  const modelId = reasoning.modelId;
  if (modelId !== undefined && !Token.isUnresolved(modelId) && !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,255}$/.test(modelId)) {
    throw new Error(`reasoning.modelId must be a Bedrock model or inference profile id such as '${DEFAULT_REASONING_MODEL_ID}' (got '${modelId}')`);
  }
  if ((telemetry.logGroups?.length ?? 0) > 20) {
    throw new Error(`telemetry.logGroups: at most 20 log groups (got ${telemetry.logGroups!.length})`);
  }
  (risk.policies ?? []).forEach((policy, i) => checkPolicyShape(policy, i));
  const names = new Set<string>();
  (risk.freezeWindows ?? []).forEach((window, i) => {
    checkFreezeWindow(window, i);
    if (names.has(window.name)) throw new Error(`risk.freezeWindows[${i}]: the name '${window.name}' is used twice`);
    names.add(window.name);
  });
  (risk.changeCalendars ?? []).forEach((name, i) => {
    if (!Token.isUnresolved(name) && !/^(arn:[^:]+:ssm:[^:]*:\d{12}:document\/)?[A-Za-z0-9_.-]{3,128}$/.test(name)) {
      throw new Error(`risk.changeCalendars[${i}] must be an SSM Change Calendar name or document ARN (got '${name}')`);
    }
  });
  const tagKeys = risk.environmentTagKeys;
  if (tagKeys && !Token.isUnresolved(tagKeys)) {
    if (tagKeys.length === 0) throw new Error('risk.environmentTagKeys: give at least one tag key, or leave it out for the defaults');
    tagKeys.forEach((key, i) => {
      if (!Token.isUnresolved(key) && (key.length === 0 || key.length > 128)) {
        throw new Error(`risk.environmentTagKeys[${i}] must be a tag key of 1 to 128 characters (got '${key}')`);
      }
    });
  }
}

/** The five-field cron the Risk agent evaluates, parsed by the Risk agent's parser; the message names the prop. */
function checkCron(expression: string, where: string): void {
  try {
    parseCron(expression);
  } catch (error) {
    if (!(error instanceof CronError)) throw error;
    if (error.reason === 'field-count') {
      throw new Error(`${where}.schedule must be a five-field cron expression (minute hour day-of-month month day-of-week), got '${expression}'`);
    }
    if (error.field) {
      const { name, text, min, max } = error.field;
      throw new Error(`${where}.schedule: ${name} '${text}' is not within ${min}-${max}`);
    }
    throw new Error(`${where}.schedule: ${error.message}`);
  }
}

function checkFreezeWindow(window: FreezeWindow, index: number): void {
  const where = `risk.freezeWindows[${index}]`;
  if (!Token.isUnresolved(window.name) && (window.name.length < 1 || window.name.length > 128)) {
    throw new Error(`${where}.name must be 1 to 128 characters`);
  }
  if (!Token.isUnresolved(window.schedule)) checkCron(window.schedule, where);
  if (!window.duration.isUnresolved()) {
    const minutes = window.duration.toMinutes({ integral: false });
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 31 * 24 * 60) {
      throw new Error(`${where}.duration must be whole minutes, from 1 minute to 31 days (got ${window.duration.toHumanString()})`);
    }
  }
  if (window.timeZone !== undefined && !Token.isUnresolved(window.timeZone)) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: window.timeZone });
    } catch {
      throw new Error(`${where}.timeZone must be an IANA time zone such as 'Europe/Paris' (got '${window.timeZone}')`);
    }
  }
}

/** The risk settings as the Risk agent reads them from its environment. */
export function renderRiskEnvironment(risk: RiskSettings, stack: Stack): Record<string, string> {
  const env: Record<string, string> = {};
  if (risk.policies?.length) env[AgentEnv.RISK_POLICIES] = risk.policies.join('\n\n');
  if (risk.freezeWindows?.length) {
    env[AgentEnv.FREEZE_WINDOWS] = stack.toJsonString(risk.freezeWindows.map((w) => ({
      name: w.name,
      schedule: w.schedule.trim(),
      durationMinutes: w.duration.toMinutes(),
      ...(w.timeZone ? { timeZone: w.timeZone } : {}),
    })));
  }
  if (risk.changeCalendars?.length) env[AgentEnv.CHANGE_CALENDARS] = stack.toJsonString(risk.changeCalendars);
  if (risk.environmentTagKeys) env[AgentEnv.ENVIRONMENT_TAG_KEYS] = stack.toJsonString(risk.environmentTagKeys);
  return env;
}
