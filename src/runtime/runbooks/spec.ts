import * as z from 'zod';
import {
  FROM_RESOURCE_FIELDS, PARAMETER_DEFAULT_MAX_LENGTH, PARAMETER_NAME_PATTERN_SOURCE, PARAMETER_TYPES, RISK_CLASSES,
  RUNBOOK_ID_PATTERN_SOURCE, RUNBOOK_KINDS, RunbookLimits, VERIFY_CHECKS, VERIFY_MAX_WAIT_SECONDS, type RunbookSpecJson,
} from '../../contract/runbooks';

export { FROM_RESOURCE_FIELDS, PARAMETER_DEFAULT_MAX_LENGTH, PARAMETER_TYPES, RISK_CLASSES, RUNBOOK_KINDS, VERIFY_CHECKS, VERIFY_MAX_WAIT_SECONDS };

/** How a runbook runs (RUNBOOK_KINDS in src/contract/runbooks.ts). */
export const RunbookKindSchema = z.enum(RUNBOOK_KINDS);
export type RunbookKind = z.infer<typeof RunbookKindSchema>;

/** How much a runbook can hurt, lowest first (RISK_CLASSES in src/contract/runbooks.ts). */
export const RiskClassSchema = z.enum(RISK_CLASSES);
export type RiskClass = z.infer<typeof RiskClassSchema>;

/** What proves a runbook worked (VERIFY_CHECKS in src/contract/runbooks.ts). */
export const VerifyCheckSchema = z.enum(VERIFY_CHECKS);
export type VerifyCheck = z.infer<typeof VerifyCheckSchema>;

/** Which field of the incident's resource a parameter must equal. */
export const FromResourceFieldSchema = z.enum(FROM_RESOURCE_FIELDS);
export type FromResourceField = z.infer<typeof FromResourceFieldSchema>;

const ParameterValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type ParameterValue = z.infer<typeof ParameterValueSchema>;

/** Runbook ids: what the model must quote back, so short, ASCII and free of spaces. */
export const RUNBOOK_ID_PATTERN = new RegExp(RUNBOOK_ID_PATTERN_SOURCE);
/** Parameter names, as SSM Automation documents spell them. */
export const PARAMETER_NAME_PATTERN = new RegExp(PARAMETER_NAME_PATTERN_SOURCE);

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * A small, declarative schema for one runbook parameter. Plain JSON so the construct can serialise it.
 * A `pattern` must match the whole value (it is anchored for you).
 */
export const ParameterSpecSchema = z.strictObject({
  type: z.enum(PARAMETER_TYPES),
  description: z.string().max(500).optional(),
  /** @default false */
  required: z.boolean().optional(),
  /** Regular expression (JavaScript, `u` flag) the whole string must match. Strings only. */
  pattern: z.string().min(1).max(RunbookLimits.PATTERN_MAX_CHARS).refine(compiles, { message: 'pattern is not a valid regular expression' }).optional(),
  /** Allowed values. */
  enum: z.array(z.union([z.string(), z.number()])).min(1).optional(),
  /** Inclusive bounds. Numbers only. */
  min: z.number().optional(),
  max: z.number().optional(),
  /** Whole numbers only. */
  integer: z.boolean().optional(),
  /** @default PARAMETER_DEFAULT_MAX_LENGTH */
  maxLength: z.number().int().positive().max(RunbookLimits.MAX_LENGTH_CEILING).optional(),
  /**
   * The value must equal this field of one of the incident's resources (of a type the runbook applies to),
   * so nothing a model writes can point the runbook at another resource.
   */
  fromResource: FromResourceFieldSchema.optional(),
  /** Used when the parameter is absent. */
  default: ParameterValueSchema.optional(),
}).superRefine((spec, ctx) => {
  if (spec.type !== 'string' && (spec.pattern !== undefined || spec.maxLength !== undefined)) {
    ctx.addIssue({ code: 'custom', message: `pattern and maxLength apply to string parameters, not ${spec.type}` });
  }
  if (spec.type !== 'number' && (spec.min !== undefined || spec.max !== undefined || spec.integer !== undefined)) {
    ctx.addIssue({ code: 'custom', message: `min, max and integer apply to number parameters, not ${spec.type}` });
  }
  if (spec.type === 'boolean' && spec.enum !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'enum does not apply to boolean parameters' });
  }
  if (spec.fromResource !== undefined && spec.type !== 'string') {
    ctx.addIssue({ code: 'custom', message: 'fromResource applies to string parameters only' });
  }
  if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
    ctx.addIssue({ code: 'custom', message: `min (${spec.min}) is greater than max (${spec.max})` });
  }
  if (spec.default !== undefined && typeof spec.default !== spec.type) {
    ctx.addIssue({ code: 'custom', message: `default must be a ${spec.type}` });
  }
});
export type ParameterSpec = z.infer<typeof ParameterSpecSchema>;

export const VerifySpecSchema = z.strictObject({
  check: VerifyCheckSchema,
  /** How long to wait for the check to pass, in seconds. */
  waitSeconds: z.number().int().min(0).max(VERIFY_MAX_WAIT_SECONDS),
});
export type VerifySpec = z.infer<typeof VerifySpecSchema>;

/**
 * One runbook the agents may propose and the Remediation agent may run.
 * Plain JSON: the construct side (`Runbook.ssmAutomation(...)`) serialises to exactly this.
 */
export const RunbookSpecSchema = z.strictObject({
  id: z.string().regex(RUNBOOK_ID_PATTERN, 'id must be 1-128 characters of letters, digits, dot, dash or underscore, starting with a letter or digit'),
  title: z.string().min(1).max(RunbookLimits.TITLE_MAX_CHARS),
  description: z.string().max(RunbookLimits.DESCRIPTION_MAX_CHARS).optional(),
  kind: RunbookKindSchema,
  /** SSM document name or ARN, Lambda function ARN, CodeBuild project name, or kubectl operation. */
  target: z.string().min(1).max(2048),
  riskClass: RiskClassSchema,
  /** CloudFormation resource types the runbook applies to (`AWS::EC2::Instance`, `Kubernetes::Deployment`). */
  resourceTypes: z.array(z.string().min(1).max(256)).min(1),
  /** The parameters the agents may set. Runner-owned ones (AutomationAssumeRole) are not listed. */
  parameters: z.record(z.string().regex(PARAMETER_NAME_PATTERN, 'parameter names are letters, digits and underscores'), ParameterSpecSchema).default({}),
  /** Id of the runbook that undoes this one, when there is one. */
  rollback: z.string().regex(RUNBOOK_ID_PATTERN).optional(),
  verify: VerifySpecSchema,
});
/** A validated runbook spec (defaults applied). */
export type RunbookSpec = z.infer<typeof RunbookSpecSchema>;
/** What a caller may write (before defaults). */
export type RunbookSpecInput = z.input<typeof RunbookSpecSchema>;

/** The contract's RunbookSpecJson (what the construct renders) and the schema's input are one shape: drift fails the build. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _contractShape: Same<RunbookSpecJson, RunbookSpecInput> = true;
void _contractShape;

/** What a reasoner is shown of a runbook: enough to choose it and fill its parameters. */
export interface RunbookCandidate {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly kind: RunbookKind;
  readonly riskClass: RiskClass;
  readonly resourceTypes: readonly string[];
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
}

/** The candidate view of a spec (drops the target, rollback and verify, which are the runner's business). */
export function toCandidate(spec: RunbookSpec): RunbookCandidate {
  return {
    id: spec.id,
    title: spec.title,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    kind: spec.kind,
    riskClass: spec.riskClass,
    resourceTypes: [...spec.resourceTypes],
    parameters: { ...spec.parameters },
  };
}
