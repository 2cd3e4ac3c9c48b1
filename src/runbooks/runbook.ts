import { Duration, Token } from 'aws-cdk-lib';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/*
 * The shape of the runtime's RunbookSpec JSON (src/runtime/runbooks/spec.ts), mirrored so that no runtime module
 * (nor zod) is reachable from the construct's declarations. A test parses every rendered spec with the runtime's
 * schema, so the two cannot drift.
 */
type VerifyCheck = 'alarms-ok' | 'canary-pass' | 'slo-recovered' | 'none';
type Kind = 'ssm-automation' | 'lambda' | 'codebuild' | 'kubectl';
interface VerifySpec { readonly check: VerifyCheck; readonly waitSeconds: number }
interface ParameterSpec {
  readonly type: string;
  readonly description?: string;
  readonly required?: boolean;
  readonly pattern?: string;
  readonly enum?: Array<string | number>;
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  readonly fromResource?: string;
}
interface RunbookSpecJson {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly kind: Kind;
  readonly target: string;
  readonly riskClass: string;
  readonly resourceTypes: string[];
  readonly parameters: Record<string, ParameterSpec>;
  readonly rollback?: string;
  readonly verify: VerifySpec;
}

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

/** The type of a runbook parameter. */
export enum RunbookParameterType {
  STRING = 'string',
  NUMBER = 'number',
  BOOLEAN = 'boolean',
}

/** Which field of the incident's resource a parameter must equal. */
export enum FromResource {
  /** The resource id (`i-0123...`, a DB identifier, a group name). */
  ID = 'id',
  /** The resource ARN. */
  ARN = 'arn',
  /** The resource's Region. */
  REGION = 'region',
}

/** One parameter an agent may set. Validated again, deterministically, before the runbook runs. */
export interface RunbookParameter {
  /** The type of the value. */
  readonly type: RunbookParameterType;
  /**
   * What the parameter means, shown to the reasoner.
   * @default - none
   */
  readonly description?: string;
  /**
   * Whether the runbook cannot run without it.
   * @default false
   */
  readonly required?: boolean;
  /**
   * A regular expression (JavaScript, `u` flag) the whole value must match; it is anchored for you. Strings only.
   * @default - any string up to `maxLength`
   */
  readonly pattern?: string;
  /**
   * The values allowed. Strings and numbers only (write numbers as their decimal text for a number parameter).
   * @default - any value of the type
   */
  readonly allowedValues?: string[];
  /**
   * Smallest value allowed, inclusive. Numbers only.
   * @default - no minimum
   */
  readonly min?: number;
  /**
   * Largest value allowed, inclusive. Numbers only.
   * @default - no maximum
   */
  readonly max?: number;
  /**
   * Longest string allowed. Strings only.
   * @default 1024
   */
  readonly maxLength?: number;
  /**
   * The value must equal this field of one of the incident's resources, so nothing a model writes can point the
   * runbook at another resource. Strings only.
   * @default - any value that passes the other checks
   */
  readonly fromResource?: FromResource;
}

/** What proves a runbook worked. */
export class Verification {
  /** The incident's CloudWatch alarms are back to OK within `wait`. */
  public static alarmsOk(wait: Duration): Verification {
    return new Verification('alarms-ok', wait);
  }

  /** The incident's Synthetics canaries pass a run that started after the runbook, within `wait`. */
  public static canaryPasses(wait: Duration): Verification {
    return new Verification('canary-pass', wait);
  }

  /** The incident's Application Signals SLOs are attained again within `wait`. */
  public static sloRecovered(wait: Duration): Verification {
    return new Verification('slo-recovered', wait);
  }

  /** Nothing is checked: the runbook counts as successful when it ends successfully. */
  public static none(): Verification {
    return new Verification('none', Duration.seconds(0));
  }

  /** The check: `alarms-ok`, `canary-pass`, `slo-recovered` or `none`. */
  public readonly check: string;
  private readonly wait: Duration;

  private constructor(check: VerifyCheck, wait: Duration) {
    this.check = check;
    this.wait = wait;
  }

  /** @internal */
  public _render(where: string): { [key: string]: any } {
    if (this.wait.isUnresolved()) throw new Error(`${where}: the verify wait must be a concrete duration`);
    const seconds = this.wait.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_VERIFY_SECONDS) {
      throw new Error(`${where}: the verify wait must be whole seconds from 0 to 1 hour (got ${this.wait.toHumanString()})`);
    }
    const spec: VerifySpec = { check: this.check as VerifyCheck, waitSeconds: seconds };
    return spec;
  }
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

const MAX_VERIFY_SECONDS = 3600;
const RUNBOOK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
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

/**
 * What each built-in document does to its target, for the automation role. Mutating actions are granted on tagged
 * (or listed) resources only; reads on `*`. From the documents' own content (`aws ssm get-document`).
 */
const BUILTIN_DOCUMENTS: Record<BuiltinRunbook, { document: string; targetActions: string[]; readActions: string[] }> = {
  [BuiltinRunbook.RESTART_EC2_INSTANCE]: {
    document: 'AWS-RestartEC2Instance',
    targetActions: ['ec2:StartInstances', 'ec2:StopInstances'],
    readActions: ['ec2:DescribeInstanceStatus', 'ec2:DescribeInstances'],
  },
  [BuiltinRunbook.SCALE_OUT_ASG]: {
    document: 'AWSResilienceHub-ScaleOutAsgSOP_2020-07-01',
    targetActions: ['autoscaling:UpdateAutoScalingGroup'],
    readActions: ['autoscaling:DescribeAutoScalingGroups', 'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeLaunchTemplateVersions'],
  },
  [BuiltinRunbook.REBOOT_RDS_INSTANCE]: {
    document: 'AWS-RebootRdsInstance',
    targetActions: ['rds:RebootDBInstance'],
    readActions: ['rds:DescribeDBInstances'],
  },
  [BuiltinRunbook.LAMBDA_ALIAS_ROLLBACK]: {
    document: 'AWSResilienceHub-SwitchLambdaVersionInAliasSOP_2020-10-26',
    targetActions: ['lambda:UpdateAlias'],
    readActions: ['lambda:GetAlias'],
  },
};


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
    const known = BUILTIN_DOCUMENTS[id];
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
    if (!Token.isUnresolved(options.title) && (options.title.length < 1 || options.title.length > 200)) {
      throw new Error(`${where}: the title must be 1 to 200 characters`);
    }
    if (options.description !== undefined && !Token.isUnresolved(options.description) && options.description.length > 2000) {
      throw new Error(`${where}: the description must be at most 2000 characters`);
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

function parameterSpec(p: RunbookParameter, where: string): ParameterSpec {
  const type = p.type;
  if (!Object.values(RunbookParameterType).includes(type)) throw new Error(`${where}: unknown type '${type}'`);
  if (type !== RunbookParameterType.STRING && (p.pattern !== undefined || p.maxLength !== undefined || p.fromResource !== undefined)) {
    throw new Error(`${where}: pattern, maxLength and fromResource apply to string parameters, not ${type}`);
  }
  if (type !== RunbookParameterType.NUMBER && (p.min !== undefined || p.max !== undefined)) {
    throw new Error(`${where}: min and max apply to number parameters, not ${type}`);
  }
  if (type === RunbookParameterType.BOOLEAN && p.allowedValues !== undefined) throw new Error(`${where}: allowedValues does not apply to boolean parameters`);
  if (p.pattern !== undefined && !Token.isUnresolved(p.pattern)) {
    if (p.pattern.length === 0 || p.pattern.length > 1000) throw new Error(`${where}: the pattern must be 1 to 1000 characters`);
    try {
      new RegExp(p.pattern, 'u');
    } catch (e) {
      throw new Error(`${where}: the pattern /${p.pattern}/ does not compile: ${(e as Error).message}`);
    }
  }
  if (p.min !== undefined && p.max !== undefined && p.min > p.max) throw new Error(`${where}: min (${p.min}) is greater than max (${p.max})`);
  if (p.maxLength !== undefined && (!Number.isInteger(p.maxLength) || p.maxLength < 1 || p.maxLength > 65536)) {
    throw new Error(`${where}: maxLength must be a whole number from 1 to 65536 (got ${p.maxLength})`);
  }
  let allowed: Array<string | number> | undefined;
  if (p.allowedValues !== undefined) {
    if (p.allowedValues.length === 0) throw new Error(`${where}: allowedValues must list at least one value`);
    allowed = type === RunbookParameterType.NUMBER
      ? p.allowedValues.map((v) => {
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`${where}: allowed value '${v}' is not a number`);
        return n;
      })
      : [...p.allowedValues];
  }
  return {
    type,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.required !== undefined ? { required: p.required } : {}),
    ...(p.pattern !== undefined ? { pattern: p.pattern } : {}),
    ...(allowed !== undefined ? { enum: allowed } : {}),
    ...(p.min !== undefined ? { min: p.min } : {}),
    ...(p.max !== undefined ? { max: p.max } : {}),
    ...(p.maxLength !== undefined ? { maxLength: p.maxLength } : {}),
    ...(p.fromResource !== undefined ? { fromResource: p.fromResource } : {}),
  };
}
