import * as z from 'zod';
import { Decision, DECISION_OUTCOMES } from '../../contract/decisions';
import { PrioritySchema } from '../model';
import { RISK_CLASSES, RiskClassSchema, RunbookKindSchema } from '../runbooks';
import { DEFAULT_RISK_POLICIES } from './default-policies';
import { ENVIRONMENTS } from './environment';
import { activeFreezeWindows, FreezeWindowSchema } from './freeze';
import { REMEDIATION_AGENT_ID, RISK_CEDAR_SCHEMA, RiskAction, RiskEntity } from './schema';

// cedar-wasm's Node build is CommonJS and loads its .wasm synchronously on require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cedar: typeof import('@cedar-policy/cedar-wasm/nodejs') = require('@cedar-policy/cedar-wasm/nodejs');

type DetailedError = { message: string; help?: string | null };

/** User policy text that does not parse or does not validate against the risk schema. */
export class PolicyError extends Error {
  /** Cedar's messages, one per problem. */
  public readonly details: string[];

  constructor(message: string, details: string[]) {
    super(details.length > 0 ? `${message}: ${details.join('; ')}` : message);
    this.name = 'PolicyError';
    this.details = details;
  }
}

export const CHANGE_CALENDAR_STATES = ['OPEN', 'CLOSED'] as const;

/** What the Risk agent decides on. Plain JSON, so a Step Functions state can pass it in. */
export const RiskInputSchema = z.strictObject({
  /** The proposed runbook; absent when the reasoner proposed none. */
  runbook: z.object({ id: z.string().min(1), riskClass: RiskClassSchema, kind: RunbookKindSchema }).optional(),
  incident: z.object({
    id: z.string().min(1),
    priority: PrioritySchema,
    /** Blast radius: resources in the incident. */
    resourceCount: z.number().int().nonnegative(),
  }),
  /** From tags or naming (see inferEnvironment). */
  environment: z.enum(ENVIRONMENTS),
  /** Remaining SLO error budget as a fraction (1 = untouched, 0 = spent, negative = overspent), when known. */
  errorBudgetRemaining: z.number().finite().optional(),
  /** AWS Config non-compliant resources among the incident's. */
  nonCompliantResources: z.array(z.string()).default([]),
  freezeWindows: z.array(FreezeWindowSchema).default([]),
  /** SSM Change Calendar state looked up by the caller; absent when no calendar is configured (treated as open). */
  changeCalendarState: z.enum(CHANGE_CALENDAR_STATES).optional(),
  /** ISO-8601 time of the decision. */
  now: z.iso.datetime({ offset: true }),
});
export type RiskInput = z.input<typeof RiskInputSchema>;

export const RISK_OUTCOMES = DECISION_OUTCOMES;
export type RiskOutcome = (typeof RISK_OUTCOMES)[number];

/** The facts the decision was made on, as Cedar saw them. */
export interface RiskInputSummary {
  readonly runbookId?: string;
  readonly riskClass?: string;
  readonly priority: string;
  readonly environment: string;
  readonly resourceCount: number;
  /** Percent, floored; absent when unknown. */
  readonly errorBudgetRemaining?: number;
  readonly inFreezeWindow: boolean;
  readonly activeFreezeWindows: string[];
  readonly changeCalendarOpen: boolean;
  readonly nonCompliant: boolean;
  readonly nonCompliantCount: number;
  readonly hourUtc: number;
  readonly weekdayUtc: number;
}

export interface RiskDecision {
  /** AUTO: run now. APPROVE: ask a human. DENY: do not run, not even with approval. */
  readonly outcome: RiskOutcome;
  /** Why, in words (the `@reason` of the determining policies, or what kept AUTO from being permitted). */
  readonly reasons: string[];
  /** Ids of the determining policies. */
  readonly policies: string[];
  readonly inputs: RiskInputSummary;
}

export interface EvaluateRiskOptions {
  /** More Cedar policies (the construct passes the user's). Validated against the schema; PolicyError if invalid. */
  readonly extraPolicies?: string;
  /** Include DEFAULT_RISK_POLICIES. @default true */
  readonly includeDefaultPolicies?: boolean;
}

interface ParsedPolicy {
  readonly id: string;
  readonly text: string;
  readonly reason?: string;
}

function messages(errors: readonly DetailedError[]): string[] {
  return errors.map((e) => (e.help ? `${e.message} (${e.help})` : e.message));
}

function parsePolicies(text: string, origin: string, idPrefix: string): ParsedPolicy[] {
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === 'failure') throw new PolicyError(`${origin} do not parse`, messages(parts.errors));
  if (parts.policy_templates.length > 0) throw new PolicyError(`${origin} contain templates, which are not supported`, []);
  return parts.policies.map((policy, index) => {
    const json = cedar.policyToJson(policy);
    if (json.type === 'failure') throw new PolicyError(`${origin} do not parse`, messages(json.errors));
    const annotations = json.json.annotations ?? {};
    return { id: annotations.id ?? `${idPrefix}${index}`, text: policy, reason: annotations.reason };
  });
}

let defaultsCache: ParsedPolicy[] | undefined;

function validateAgainstSchema(policies: readonly ParsedPolicy[]): void {
  const result = cedar.validate({
    schema: RISK_CEDAR_SCHEMA,
    policies: { staticPolicies: Object.fromEntries(policies.map((p) => [p.id, p.text])) },
    validationSettings: { mode: 'strict' },
  });
  if (result.type === 'failure') throw new PolicyError('policies do not validate', messages(result.errors));
  if (result.validationErrors.length > 0) {
    throw new PolicyError('policies do not validate against the risk schema', result.validationErrors.map((e) => `${e.policyId}: ${e.error.message}${e.error.help ? ` (${e.error.help})` : ''}`));
  }
}

function defaultPolicies(): ParsedPolicy[] {
  if (!defaultsCache) {
    const parsed = parsePolicies(DEFAULT_RISK_POLICIES, 'default policies', 'default-');
    validateAgainstSchema(parsed);
    defaultsCache = parsed;
  }
  return defaultsCache;
}

/**
 * Parses and validates policies against the risk schema (strict mode) and returns their ids.
 * Throws PolicyError with Cedar's messages when they do not parse, do not validate, or reuse an id.
 */
export function validateRiskPolicies(text: string, options: { includeDefaultPolicies?: boolean } = {}): string[] {
  return policySet(text, options.includeDefaultPolicies ?? true).map((p) => p.id);
}

function policySet(extra: string | undefined, includeDefaults: boolean): ParsedPolicy[] {
  const all = [
    ...(includeDefaults ? defaultPolicies() : []),
    ...(extra && extra.trim() ? parsePolicies(extra, 'user policies', 'user-policy-') : []),
  ];
  const seen = new Set<string>();
  for (const p of all) {
    if (seen.has(p.id)) throw new PolicyError('user policies reuse a policy id', [`policy id ${JSON.stringify(p.id)} is used twice`]);
    seen.add(p.id);
  }
  if (extra && extra.trim()) validateAgainstSchema(all);
  return all;
}

const RISK_RANK = Object.fromEntries(RISK_CLASSES.map((c, i) => [c, i])) as Record<string, number>;

function summarise(input: z.output<typeof RiskInputSchema>): RiskInputSummary {
  const now = new Date(input.now);
  const active = activeFreezeWindows(input.freezeWindows, now);
  return {
    ...(input.runbook ? { runbookId: input.runbook.id, riskClass: input.runbook.riskClass } : {}),
    priority: input.incident.priority,
    environment: input.environment,
    resourceCount: input.incident.resourceCount,
    ...(input.errorBudgetRemaining !== undefined ? { errorBudgetRemaining: Math.floor(input.errorBudgetRemaining * 100) } : {}),
    inFreezeWindow: active.length > 0,
    activeFreezeWindows: active,
    changeCalendarOpen: input.changeCalendarState !== 'CLOSED',
    nonCompliant: input.nonCompliantResources.length > 0,
    nonCompliantCount: input.nonCompliantResources.length,
    hourUtc: now.getUTCHours(),
    weekdayUtc: now.getUTCDay(),
  };
}

interface Answer {
  readonly allowed: boolean;
  readonly policies: string[];
  readonly errors: string[];
}

function authorize(action: string, runbook: NonNullable<RiskInputSummary['runbookId']>, summary: RiskInputSummary, incidentId: string, kind: string, policies: ParsedPolicy[]): Answer {
  const { hourUtc, weekdayUtc, runbookId: _r, riskClass, ...incidentAttrs } = summary;
  const answer = cedar.isAuthorized({
    principal: { type: RiskEntity.AGENT, id: REMEDIATION_AGENT_ID },
    action: { type: RiskEntity.ACTION, id: action },
    resource: { type: RiskEntity.RUNBOOK, id: runbook },
    context: { incident: { __entity: { type: RiskEntity.INCIDENT, id: incidentId } }, hourUtc, weekdayUtc },
    schema: RISK_CEDAR_SCHEMA,
    validateRequest: true,
    policies: { staticPolicies: Object.fromEntries(policies.map((p) => [p.id, p.text])) },
    entities: [
      { uid: { type: RiskEntity.AGENT, id: REMEDIATION_AGENT_ID }, attrs: {}, parents: [] },
      { uid: { type: RiskEntity.RUNBOOK, id: runbook }, attrs: { riskClass: riskClass!, riskRank: RISK_RANK[riskClass!], kind }, parents: [] },
      {
        uid: { type: RiskEntity.INCIDENT, id: incidentId },
        attrs: {
          priority: incidentAttrs.priority,
          priorityRank: Number(incidentAttrs.priority.slice(1)),
          environment: incidentAttrs.environment,
          resourceCount: incidentAttrs.resourceCount,
          ...(incidentAttrs.errorBudgetRemaining !== undefined ? { errorBudgetRemaining: incidentAttrs.errorBudgetRemaining } : {}),
          inFreezeWindow: incidentAttrs.inFreezeWindow,
          activeFreezeWindows: incidentAttrs.activeFreezeWindows,
          changeCalendarOpen: incidentAttrs.changeCalendarOpen,
          nonCompliant: incidentAttrs.nonCompliant,
          nonCompliantCount: incidentAttrs.nonCompliantCount,
        },
        parents: [],
      },
    ],
  });
  if (answer.type === 'failure') {
    // The request itself is malformed: never allow on a failure.
    return { allowed: false, policies: [], errors: messages(answer.errors) };
  }
  const errors = answer.response.diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`);
  return { allowed: answer.response.decision === 'allow', policies: answer.response.diagnostics.reason, errors };
}

function reasonsOf(ids: readonly string[], policies: readonly ParsedPolicy[]): string[] {
  return ids.map((id) => policies.find((p) => p.id === id)?.reason ?? `policy ${id}`);
}

/** Why the default `auto-low-risk` permit did not apply, in words. */
function autoBlockers(s: RiskInputSummary): string[] {
  const out: string[] = [];
  if (s.riskClass !== 'low') out.push(`runbook risk class is ${s.riskClass}, not low`);
  if (s.resourceCount > 5) out.push(`blast radius of ${s.resourceCount} resources is above 5`);
  if (s.nonCompliant) out.push(`${s.nonCompliantCount} resource${s.nonCompliantCount === 1 ? ' is' : 's are'} non-compliant in AWS Config`);
  if (s.environment !== 'dev' && s.environment !== 'staging') {
    if (s.errorBudgetRemaining === undefined) out.push(`no SLO error budget is known for ${s.environment === 'unknown' ? 'an environment of unknown kind (treated as prod)' : 'production'}`);
    else if (s.errorBudgetRemaining <= 0) out.push(`the error budget is exhausted (${s.errorBudgetRemaining}%) in ${s.environment === 'unknown' ? 'an environment of unknown kind (treated as prod)' : 'production'}`);
  }
  return out;
}

/**
 * Decides whether a proposed runbook runs on its own (AUTO), waits for a human (APPROVE), or does not run (DENY),
 * by evaluating Cedar policies: AUTO if AutoRemediate is permitted, else APPROVE if RequestApproval is permitted,
 * else DENY.
 *
 * With no runbook proposed the outcome is APPROVE without evaluating policies: there is nothing to run, and a human
 * must look at the incident.
 *
 * Throws PolicyError when `extraPolicies` do not parse or do not validate against RISK_CEDAR_SCHEMA, and a ZodError
 * when the input is malformed.
 */
export function evaluateRisk(input: RiskInput, options: EvaluateRiskOptions = {}): RiskDecision {
  const parsed = RiskInputSchema.parse(input);
  const policies = policySet(options.extraPolicies, options.includeDefaultPolicies ?? true);
  const inputs = summarise(parsed);

  if (!parsed.runbook) {
    return { outcome: Decision.APPROVE, reasons: ['no runbook proposed: a human must look at the incident'], policies: [], inputs };
  }
  const { id, kind } = parsed.runbook;
  const incidentId = parsed.incident.id;

  const auto = authorize(RiskAction.AUTO_REMEDIATE, id, inputs, incidentId, kind, policies);
  if (auto.allowed && auto.errors.length === 0) {
    return { outcome: Decision.AUTO, reasons: reasonsOf(auto.policies, policies), policies: auto.policies, inputs };
  }

  const approval = authorize(RiskAction.REQUEST_APPROVAL, id, inputs, incidentId, kind, policies);
  const evaluationErrors = [...auto.errors, ...approval.errors].map((e) => `policy evaluation error: ${e}`);
  const defaultsIncluded = policies.some((p) => p.id === 'auto-low-risk');
  let autoReasons: string[];
  if (auto.allowed) {
    autoReasons = ['AutoRemediate was permitted, but a policy failed to evaluate, so a human decides'];
  } else {
    autoReasons = [...reasonsOf(auto.policies, policies), ...(defaultsIncluded ? autoBlockers(inputs) : [])];
    if (autoReasons.length === 0) autoReasons.push('no policy permits AutoRemediate');
  }

  if (approval.allowed) {
    return {
      outcome: Decision.APPROVE,
      reasons: [...autoReasons, ...evaluationErrors],
      policies: [...auto.policies, ...approval.policies],
      inputs,
    };
  }
  return {
    outcome: Decision.DENY,
    reasons: [...(approval.policies.length > 0 ? reasonsOf(approval.policies, policies) : ['no policy permits RequestApproval']), ...evaluationErrors],
    policies: approval.policies,
    inputs,
  };
}
