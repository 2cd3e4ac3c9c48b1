import type { IncidentAssumptions } from './assumptions';
import { modelPrice } from './models';
import { PRICES, type PriceName } from './prices';
import { count, lambdaShape, referencedFunction, unitPrice, usd } from './refs';
import { longestWorkflowRun } from './state-machine';
import type { CfnResource, CfnTemplate } from './types';
import { AgentDefaults } from '../../contract/defaults';
import { AgentEnv } from '../../contract/env';

/** One part of what an incident costs: Bedrock tokens, transitions, Lambda time... */
export interface IncidentCostItem {
  readonly stack: string;
  readonly item: string;
  /** Absent when it cannot be priced (an unknown model, an Express workflow's duration). */
  readonly usd?: number;
  readonly basis: string;
  readonly prices: readonly PriceName[];
  /** Where a price outside the table's named entries (a model's) was read, and when. */
  readonly source?: { readonly url: string; readonly checked: string };
}

/** The Bedrock model a stack's reasoning agent is configured with, and its token limits. */
export interface ReasoningConfig {
  readonly stack: string;
  readonly functionId: string;
  readonly modelId: string;
  readonly enabled: boolean;
  readonly incidentTokenBudget: number;
  readonly monthlyTokenCap: number;
  readonly telemetryTokenBudget: number;
}

const p = (name: PriceName) => PRICES[name].usd;
const KB_IN_GB = 1024 * 1024;

type Resources = Record<string, CfnResource>;

function env(r: CfnResource): Record<string, unknown> {
  return r.Properties?.Environment?.Variables ?? {};
}

function numberEnv(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(n) ? n : fallback;
}

/** The reasoning agents of a template: the functions that carry a model id. */
export function reasoningConfigs(stack: string, template: CfnTemplate): ReasoningConfig[] {
  const resources = template.Resources ?? {};
  const telemetry = Object.values(resources).map(env).find((e) => e[AgentEnv.TELEMETRY_TOKEN_BUDGET] !== undefined);
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && env(r)[AgentEnv.MODEL_ID] !== undefined)
    .map(([functionId, r]) => {
      const e = env(r);
      return {
        stack,
        functionId,
        modelId: typeof e[AgentEnv.MODEL_ID] === 'string' ? e[AgentEnv.MODEL_ID] as string : '(a token)',
        enabled: e[AgentEnv.REASONING_ENABLED] !== 'false',
        incidentTokenBudget: numberEnv(e[AgentEnv.INCIDENT_TOKEN_BUDGET], AgentDefaults.INCIDENT_TOKEN_BUDGET),
        monthlyTokenCap: numberEnv(e[AgentEnv.MONTHLY_TOKEN_CAP], AgentDefaults.MONTHLY_TOKEN_CAP),
        telemetryTokenBudget: numberEnv(telemetry?.[AgentEnv.TELEMETRY_TOKEN_BUDGET], AgentDefaults.TELEMETRY_TOKEN_BUDGET),
      };
    });
}

/** Bedrock tokens of one incident, and the ceilings the budgets set. */
export function modelCost(config: ReasoningConfig, a: IncidentAssumptions, modelOverride?: string): IncidentCostItem {
  const base = { stack: config.stack, item: 'Bedrock tokens' };
  if (!config.enabled) return { ...base, usd: 0, basis: 'model reasoning switched off: the deterministic reasoner answers', prices: [] };
  const modelId = modelOverride ?? config.modelId;
  const price = modelPrice(modelId);
  if (!price) return { ...base, basis: `model ${modelId} is not in the Bedrock price table`, prices: [] };
  const input = a.modelCalls * (config.telemetryTokenBudget + a.promptOverheadTokens);
  const output = a.modelCalls * a.outputTokens;
  const usdIn = (input * price.inputUsdPerMillionTokens) / 1e6;
  const usdOut = (output * price.outputUsdPerMillionTokens) / 1e6;
  const ceiling = (config.incidentTokenBudget * price.outputUsdPerMillionTokens) / 1e6;
  const monthly = (config.monthlyTokenCap * price.outputUsdPerMillionTokens) / 1e6;
  return {
    ...base,
    usd: usdIn + usdOut,
    basis: `${modelId} (${price.model}: $${price.inputUsdPerMillionTokens}/$${price.outputUsdPerMillionTokens} per 1M tokens in/out${price.note ? `; ${price.note}` : ''}): `
      + `${a.modelCalls} call × (${count(config.telemetryTokenBudget)} telemetry + ${count(a.promptOverheadTokens)} prompt tokens in, ${count(a.outputTokens)} out); `
      + `at most ${usd(ceiling)} an incident (budget ${count(config.incidentTokenBudget)} tokens) and ${usd(monthly)} a month (cap ${count(config.monthlyTokenCap)} tokens)`,
    prices: [],
    source: { url: price.source, checked: price.checked },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Lambda requests and GB-seconds of `invocations` runs of a function. */
function lambdaUsd(fn: CfnResource, invocations: number, seconds: number): { usd: number; gbSeconds: number; arm64: boolean } {
  const shape = lambdaShape(fn);
  const gbSeconds = invocations * Math.min(seconds, shape.timeoutSeconds) * shape.gb;
  return { usd: (invocations * p('LAMBDA_REQUESTS')) / 1e6 + gbSeconds * p(shape.arm64 ? 'LAMBDA_ARM64' : 'LAMBDA_X86'), gbSeconds, arm64: shape.arm64 };
}

/**
 * What one incident costs a stack beside its idle month: the model's tokens, the workflow's transitions along its
 * longest path, Lambda time (the workflow's tasks, and triage once per event), events, queue and table requests,
 * traces, metric reads and logs. Every item says what it assumed.
 */
export function priceIncident(stack: string, template: CfnTemplate, a: IncidentAssumptions, modelOverride?: string): IncidentCostItem[] {
  const resources: Resources = template.Resources ?? {};
  const lookup = (id: string) => (Object.prototype.hasOwnProperty.call(resources, id) ? resources[id] : undefined);
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const items: IncidentCostItem[] = reasoningConfigs(stack, template).map((c) => modelCost(c, a, modelOverride));

  const invocations = new Map<string, number>();
  let executions = 0;
  for (const [id, machine] of ofType('AWS::StepFunctions::StateMachine')) {
    const run = longestWorkflowRun(machine, lookup, a.loopIterations);
    const item = `Step Functions ${id}`;
    if (!run) {
      items.push({ stack, item, basis: 'definition not in the template: not priced', prices: [] });
      continue;
    }
    executions++;
    for (const { functionId, invocations: n } of run.invocations) invocations.set(functionId, (invocations.get(functionId) ?? 0) + n);
    const loops = run.loopStates.length ? `, the loop (${run.loopStates.join(' → ')}) ${a.loopIterations} times` : '';
    if (run.type === 'EXPRESS') {
      items.push({ stack, item, usd: p('SFN_EXPRESS_REQUESTS') / 1e6, basis: 'Express: 1 request (its duration not priced)', prices: ['SFN_EXPRESS_REQUESTS'] });
    } else {
      items.push({
        stack,
        item,
        usd: (run.transitions * p('SFN_TRANSITIONS')) / 1000,
        basis: `${run.transitions} transitions on the longest path (${run.path.length} states${loops}; retries not counted) × ${unitPrice(p('SFN_TRANSITIONS'))}/1k`,
        prices: ['SFN_TRANSITIONS'],
      });
    }
  }

  // Triage: the functions an SQS queue feeds run once per event (no batching assumed: an upper bound).
  const fromWorkflow = [...invocations.values()].reduce((s, n) => s + n, 0);
  let fromQueue = 0;
  for (const [, mapping] of ofType('AWS::Lambda::EventSourceMapping')) {
    const target = referencedFunction(mapping.Properties?.FunctionName, lookup);
    if (target) invocations.set(target.id, (invocations.get(target.id) ?? 0) + a.eventsPerIncident);
    if (target) fromQueue += a.eventsPerIncident;
  }
  if (invocations.size > 0) {
    let total = 0;
    let gbSeconds = 0;
    let n = 0;
    for (const [id, times] of invocations) {
      const cost = lambdaUsd(lookup(id)!, times, a.lambdaSeconds);
      total += cost.usd;
      gbSeconds += cost.gbSeconds;
      n += times;
    }
    items.push({
      stack,
      item: 'Lambda',
      usd: total,
      basis: `${n} invocations of ${plural(invocations.size, 'function')} (${[
        ...(fromWorkflow ? [`${fromWorkflow} by the workflow`] : []),
        ...(fromQueue ? [`${fromQueue} from the queue, one per event`] : []),
      ].join(', ')}) × ${a.lambdaSeconds} s at their memory = ${count(gbSeconds)} GB-s`,
      prices: ['LAMBDA_REQUESTS', 'LAMBDA_ARM64', 'LAMBDA_X86'],
    });
    const logGb = (n * a.logKbPerInvocation) / KB_IN_GB;
    items.push({ stack, item: 'CloudWatch Logs', usd: logGb * p('LOGS_INGESTION'), basis: `${n} invocations × ${a.logKbPerInvocation} KB ingested`, prices: ['LOGS_INGESTION'] });
  }

  if (ofType('AWS::Events::EventBus').length > 0) {
    // Each event is published on the bus, sent to, received from and deleted from the queue, and archived.
    const events = a.eventsPerIncident;
    const archive = ofType('AWS::Events::Archive').length > 0 ? (events * a.eventKb * p('EVENTS_ARCHIVE_PROCESSING')) / KB_IN_GB : 0;
    items.push({
      stack,
      item: 'EventBridge and SQS',
      usd: (events * p('EVENTS_CUSTOM')) / 1e6 + (3 * events * p('SQS_REQUESTS')) / 1e6 + archive,
      basis: `${events} events of ${a.eventKb} KB: published, 3 queue requests each${archive ? ', archived' : ''}`,
      prices: ['EVENTS_CUSTOM', 'SQS_REQUESTS', 'EVENTS_ARCHIVE_PROCESSING'],
    });
  }
  const onDemandTables = ofType('AWS::DynamoDB::Table').filter(([, t]) => t.Properties?.BillingMode === 'PAY_PER_REQUEST');
  if (onDemandTables.length > 0) {
    items.push({
      stack,
      item: 'DynamoDB',
      usd: (a.tableWrites * p('DYNAMODB_WRITE_REQUEST') + a.tableReads * p('DYNAMODB_READ_REQUEST')) / 1e6,
      basis: `${a.tableWrites} writes + ${a.tableReads} reads on demand`,
      prices: ['DYNAMODB_WRITE_REQUEST', 'DYNAMODB_READ_REQUEST'],
    });
  }
  const traced = ofType('AWS::Lambda::Function').some(([, f]) => f.Properties?.TracingConfig?.Mode === 'Active');
  if (traced) {
    const traces = executions + a.eventsPerIncident;
    items.push({ stack, item: 'X-Ray', usd: (traces * p('XRAY_TRACES')) / 1e6, basis: `${traces} traces (one a workflow run, one a triaged event)`, prices: ['XRAY_TRACES'] });
  }
  const telemetry = ofType('AWS::Lambda::Function').map(([, f]) => env(f)).find((e) => e[AgentEnv.TELEMETRY_TOKEN_BUDGET] !== undefined);
  if (telemetry) {
    const queriesLogs = telemetry[AgentEnv.TELEMETRY_LOG_GROUPS] !== undefined;
    items.push({
      stack,
      item: 'CloudWatch reads',
      usd: (a.metricsRead * p('GET_METRIC_DATA')) / 1000 + (queriesLogs ? a.logsScannedGb * p('LOGS_INSIGHTS') : 0),
      basis: `${a.metricsRead} metrics read${queriesLogs ? `, ${a.logsScannedGb} GB of logs scanned by Logs Insights` : ''}`,
      prices: ['GET_METRIC_DATA', ...(queriesLogs ? ['LOGS_INSIGHTS' as const] : [])],
    });
  }
  return items;
}
