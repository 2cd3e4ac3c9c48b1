import { Duration, Token } from 'aws-cdk-lib';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { FromResource, RunbookParameterType, type RunbookParameter } from './parameter';
import { parameterSpec } from './render-parameter';
import { Verification } from './verification';
import {
  BUILTIN_RUNBOOK_ACTIONS, BUILTIN_RUNBOOKS, PARAMETER_NAME_PATTERN_SOURCE, RUNBOOK_ID_PATTERN_SOURCE, RunbookLimits,
  type BuiltinRunbookIdValue, type FromResourceValue, type ParameterTypeValue, type RiskClassValue, type RunbookKindValue,
  type RunbookParameterSpecJson as ParameterSpec, type RunbookSpecJson, type RunbookVerifySpecJson as VerifySpec,
} from '../contract/runbooks';

/*
 * The RunbookSpec JSON shape, its enumerations and the built-in catalogue come from src/contract/runbooks.ts; the
 * runtime's zod schema is checked against the same shape at compile time. The jsii enums below must spell their
 * values as literals: `SameValues` makes the compiler hold them to the contract's.
 */
type Kind = RunbookKindValue;
type SameValues<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** How much a runbook can hurt, lowest first. The default risk policies run only LOW runbooks without a human. */
export enum RiskClass {
  /** Safe to repeat, no data loss (restart an instance). */
  LOW = 'low',
  /** Brief impact or extra cost (reboot a database, scale out). */
  MEDIUM = 'medium',
  /** Changes that are hard to undo. */
  HIGH = 'high',
  /** May lose data. Never runs without a human under the default policies. */
  DESTRUCTIVE = 'destructive',
}


/** What every runbook declares. */
export interface RunbookOptions {
  /**
   * The id the agents quote back: 1-128 letters, digits, dots, dashes or underscores, starting with a letter or digit.
   * Unique among all runbooks, the built-ins included.
   */
  readonly id: string;
  /** A short title, shown to the reasoner and to humans (1-200 characters). */
  readonly title: string;
  /**
   * What the runbook does and what it costs, shown to the reasoner.
   * @default - none
   */
  readonly description?: string;
  /** How much the runbook can hurt; the risk policies decide on it. */
  readonly riskClass: RiskClass;
  /** CloudFormation resource types the runbook applies to (`AWS::EC2::Instance`). At least one. */
  readonly resourceTypes: string[];
  /**
   * The parameters an agent may set, by name (letters, digits and underscores, as SSM spells them).
   * @default - no parameters
   */
  readonly parameters?: { [name: string]: RunbookParameter };
  /**
   * The runbook that undoes this one, run when this one fails or does not recover the service. It gets this
   * runbook's parameters that it declares too.
   * @default - no rollback: a failure escalates to a human
   */
  readonly rollback?: Runbook;
  /**
   * What proves the runbook worked.
   * @default Verification.alarmsOk(Duration.minutes(10))
   */
  readonly verify?: Verification;
}

/** Options of an SSM Automation runbook. */
export interface SsmAutomationRunbookOptions extends RunbookOptions {
  /**
   * IAM actions the document performs on the target resources (`ec2:StopInstances`). The suite's automation role
   * gets them on resources that carry the managed tag (or are listed in `remediation.resources`) only, so list only
   * actions that support the `aws:ResourceTag` condition key.
   * @default - none: the document can only read, or you bring your own automation role
   */
  readonly targetActions?: string[];
  /**
   * Read-only IAM actions the document needs that support no resource-level permission (`ec2:DescribeInstances`).
   * Granted on `*`; must be `Describe*`, `Get*` or `List*` actions.
   * @default - none
   */
  readonly readActions?: string[];
}

const RUNBOOK_ID = new RegExp(RUNBOOK_ID_PATTERN_SOURCE);
const PARAMETER_NAME = new RegExp(PARAMETER_NAME_PATTERN_SOURCE);
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;
const READ_ACTION = /^[a-z0-9-]+:(Describe|Get|List|BatchGet)[A-Za-z0-9]*$/;

/** The ids of the built-in runbooks (AWS-owned SSM Automation documents). */
export enum BuiltinRunbook {
  /** Stops and starts an EC2 instance (`AWS-RestartEC2Instance`), risk LOW. */
  RESTART_EC2_INSTANCE = 'aws-restart-ec2-instance',
  /** Scales out an Auto Scaling group (`AWSResilienceHub-ScaleOutAsgSOP_2020-07-01`), risk MEDIUM. */
  SCALE_OUT_ASG = 'aws-scale-out-asg',
  /** Reboots an RDS DB instance (`AWS-RebootRdsInstance`), risk MEDIUM. */
  REBOOT_RDS_INSTANCE = 'aws-reboot-rds-instance',
  /** Shifts a Lambda alias back to an earlier version (`AWSResilienceHub-SwitchLambdaVersionInAliasSOP_2020-10-26`), risk MEDIUM. */
  LAMBDA_ALIAS_ROLLBACK = 'aws-lambda-alias-rollback',
}

const ENUMS_MATCH_CONTRACT: [
  SameValues<`${BuiltinRunbook}`, BuiltinRunbookIdValue>,
  SameValues<`${RiskClass}`, RiskClassValue>,
  SameValues<`${RunbookParameterType}`, ParameterTypeValue>,
  SameValues<`${FromResource}`, FromResourceValue>,
] = [true, true, true, true];
void ENUMS_MATCH_CONTRACT;

/** The SSM document of a built-in runbook, and what it does to its target, from the contract's catalogue. */
function builtinDocument(id: string): { document: string; targetActions: string[]; readActions: string[] } | undefined {
  const spec = BUILTIN_RUNBOOKS.find((r) => r.id === id);
  const actions = BUILTIN_RUNBOOK_ACTIONS[id as BuiltinRunbookIdValue];
  if (!spec || !actions) return undefined;
  return { document: spec.target, targetActions: [...actions.targetActions], readActions: [...actions.readActions] };
}


/**
 * A runbook the agents may propose and the Remediation agent may run: an SSM Automation document, a Lambda
 * function, a CodeBuild project (Terraform or other IaC changes), or a kubectl operation (run by the EKS
 * integration). Give your own to `AgentSuite`'s `runbooks`; the built-ins are always there.
 *
 * Runbooks are validated when the suite is synthesised (ids, parameters, patterns, rollbacks), with the error
 * naming the runbook.
 */
export class Runbook {
  /** Restart an EC2 instance (`AWS-RestartEC2Instance`). Built in. */
  public static readonly RESTART_EC2_INSTANCE = Runbook.builtin(BuiltinRunbook.RESTART_EC2_INSTANCE);
  /** Scale out an Auto Scaling group (`AWSResilienceHub-ScaleOutAsgSOP_2020-07-01`). Built in. */
  public static readonly SCALE_OUT_ASG = Runbook.builtin(BuiltinRunbook.SCALE_OUT_ASG);
  /** Reboot an RDS DB instance (`AWS-RebootRdsInstance`). Built in. */
  public static readonly REBOOT_RDS_INSTANCE = Runbook.builtin(BuiltinRunbook.REBOOT_RDS_INSTANCE);
  /** Shift a Lambda alias back to an earlier version. Built in. */
  public static readonly LAMBDA_ALIAS_ROLLBACK = Runbook.builtin(BuiltinRunbook.LAMBDA_ALIAS_ROLLBACK);

  /**
   * A built-in runbook, to name as another runbook's rollback (the built-ins are always registered; listing one in
   * `runbooks` changes nothing).
   */
  public static builtin(id: BuiltinRunbook): Runbook {
    const known = builtinDocument(id);
    if (!known) throw new Error(`'${id}' is not a built-in runbook (one of ${Object.values(BuiltinRunbook).join(', ')})`);
    return new Runbook('ssm-automation', id, undefined, { builtinDocument: known.document, targetActions: known.targetActions, readActions: known.readActions });
  }

  /**
   * An SSM Automation document, by name (yours or AWS-owned) or ARN. It runs as the suite's automation role.
   * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-documents.html
   */
  public static ssmAutomation(documentName: string, options: SsmAutomationRunbookOptions): Runbook {
    if (!Token.isUnresolved(documentName) && !/^(arn:[^:]+:ssm:[^:]*:\d{0,12}:document\/)?[A-Za-z0-9_.-]{3,128}$/.test(documentName)) {
      throw new Error(`runbook ${options.id}: '${documentName}' is not an SSM document name or ARN`);
    }
    const target = options.targetActions ?? [];
    const read = options.readActions ?? [];
    target.forEach((a) => {
      if (!IAM_ACTION.test(a) || a.includes('*')) throw new Error(`runbook ${options.id}: targetActions must be IAM actions without wildcards (got '${a}')`);
    });
    read.forEach((a) => {
      if (!READ_ACTION.test(a)) throw new Error(`runbook ${options.id}: readActions must be read-only actions (Describe*, Get*, List*) without wildcards (got '${a}')`);
    });
    return new Runbook('ssm-automation', options.id, options, { document: documentName, targetActions: target, readActions: read });
  }

  /** A Lambda function, invoked synchronously with the parameters as its event. Failing means throwing. */
  public static lambda(fn: lambda.IFunction, options: RunbookOptions): Runbook {
    return new Runbook('lambda', options.id, options, { function: fn });
  }

  /**
   * A CodeBuild project (a Terraform plan and apply, a CDK deploy...), started with the parameters as environment
   * variable overrides. The build's own role does the change; the suite may only start and read builds of it.
   */
  public static codeBuild(project: codebuild.IProject, options: RunbookOptions): Runbook {
    return new Runbook('codebuild', options.id, options, { project });
  }

  /**
   * A kubectl operation (`rollout-restart`, `scale`...), run by the EKS integration. Until that is configured the
   * remediation step reports these runbooks unsupported and escalates.
   */
  public static kubectl(operation: string, options: RunbookOptions): Runbook {
    if (!Token.isUnresolved(operation) && !/^[a-z][a-z0-9-]{0,63}$/.test(operation)) {
      throw new Error(`runbook ${options.id}: the kubectl operation must be lower-case letters, digits and dashes (got '${operation}')`);
    }
    return new Runbook('kubectl', options.id, options, { operation });
  }

  /** The runbook's id. */
  public readonly id: string;

  /** How the runbook runs: `ssm-automation`, `lambda`, `codebuild` or `kubectl`. */
  public readonly kind: string;

  private readonly options?: RunbookOptions;
  private readonly target: RunbookTarget;

  private constructor(kind: Kind, id: string, options: RunbookOptions | undefined, target: RunbookTarget) {
    this.kind = kind;
    this.id = id;
    this.options = options;
    this.target = target;
  }

  /** Whether this is one of the built-ins (always registered by the runtime). */
  public get isBuiltin(): boolean {
    return this.target.builtinDocument !== undefined;
  }

  /** The SSM document this runbook starts (SSM Automation runbooks). @internal */
  public get _documentName(): string | undefined {
    return this.target.builtinDocument ?? this.target.document;
  }

  /** Actions the SSM document performs on its targets. @internal */
  public get _targetActions(): string[] {
    return this.target.targetActions ?? [];
  }

  /** Read-only actions the SSM document needs on `*`. @internal */
  public get _readActions(): string[] {
    return this.target.readActions ?? [];
  }

  /** The function a Lambda runbook invokes. @internal */
  public get _function(): lambda.IFunction | undefined {
    return this.target.function;
  }

  /** The project a CodeBuild runbook starts. @internal */
  public get _project(): codebuild.IProject | undefined {
    return this.target.project;
  }

  /** The runbook that undoes this one. @internal */
  public get _rollback(): Runbook | undefined {
    return this.options?.rollback;
  }

  /** The verification check. @internal */
  public get _verifyCheck(): string {
    return this.options ? (this.options.verify ?? Verification.alarmsOk(Duration.minutes(10))).check : 'alarms-ok';
  }

  /**
   * The runtime's RunbookSpec JSON. Throws, naming the runbook, on anything the runtime would reject.
   * @internal
   */
  public _toSpec(): { [key: string]: any } {
    const options = this.options;
    if (!options) throw new Error(`runbook ${this.id} is built in: the runtime declares it`);
    const where = `runbook ${Token.isUnresolved(this.id) ? '(token id)' : `'${this.id}'`}`;
    if (Token.isUnresolved(this.id) || !RUNBOOK_ID.test(this.id)) {
      throw new Error(`${where}: the id must be 1-128 letters, digits, dots, dashes or underscores, starting with a letter or digit`);
    }
    const { TITLE_MAX_CHARS, DESCRIPTION_MAX_CHARS } = RunbookLimits;
    if (!Token.isUnresolved(options.title) && (options.title.length < 1 || options.title.length > TITLE_MAX_CHARS)) {
      throw new Error(`${where}: the title must be 1 to ${TITLE_MAX_CHARS} characters`);
    }
    if (options.description !== undefined && !Token.isUnresolved(options.description) && options.description.length > DESCRIPTION_MAX_CHARS) {
      throw new Error(`${where}: the description must be at most ${DESCRIPTION_MAX_CHARS} characters`);
    }
    if (!Object.values(RiskClass).includes(options.riskClass)) throw new Error(`${where}: unknown risk class '${options.riskClass}'`);
    if (options.resourceTypes.length === 0) throw new Error(`${where}: resourceTypes must name at least one resource type (AWS::EC2::Instance)`);
    options.resourceTypes.forEach((t) => {
      if (!Token.isUnresolved(t) && !/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(t)) {
        throw new Error(`${where}: '${t}' is not a resource type such as AWS::EC2::Instance`);
      }
    });
    const parameters: Record<string, ParameterSpec> = {};
    for (const [name, p] of Object.entries(options.parameters ?? {})) {
      if (!PARAMETER_NAME.test(name)) throw new Error(`${where}: parameter name '${name}' must be letters, digits and underscores, starting with a letter`);
      if (name === 'AutomationAssumeRole') throw new Error(`${where}: AutomationAssumeRole is set by the suite, not by a parameter`);
      parameters[name] = parameterSpec(p, `${where}, parameter ${name}`);
    }
    const verify = (options.verify ?? Verification.alarmsOk(Duration.minutes(10)))._render(where) as VerifySpec;
    const rollback = options.rollback;
    if (rollback && rollback.id === this.id) throw new Error(`${where}: a runbook cannot be its own rollback`);
    const spec: RunbookSpecJson = {
      id: this.id,
      title: options.title,
      ...(options.description ? { description: options.description } : {}),
      kind: this.kind as Kind,
      target: this.targetText(),
      riskClass: options.riskClass,
      resourceTypes: [...options.resourceTypes],
      parameters,
      ...(rollback ? { rollback: rollback.id } : {}),
      verify,
    };
    return spec;
  }

  private targetText(): string {
    const t = this.target;
    if (t.document) return t.document;
    if (t.function) return t.function.functionArn;
    if (t.project) return t.project.projectName;
    return t.operation!;
  }
}

/** What a runbook runs. */
interface RunbookTarget {
  readonly builtinDocument?: string;
  readonly document?: string;
  readonly targetActions?: string[];
  readonly readActions?: string[];
  readonly function?: lambda.IFunction;
  readonly project?: codebuild.IProject;
  readonly operation?: string;
}
