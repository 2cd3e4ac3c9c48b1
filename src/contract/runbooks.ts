/**
 * The runbook catalogue both halves describe: the RunbookSpec JSON shape (the construct's `Runbook` renders it, the
 * runtime's zod schema parses it), its enumerations, and the built-in runbooks with the IAM actions their documents
 * need. Plain data: no imports outside src/contract.
 */

/**
 * How a runbook runs.
 * - `ssm-automation`: an SSM Automation document (`target` is the document name or ARN).
 * - `lambda`: a Lambda function invoked with the parameters as its event (`target` is the function ARN).
 * - `codebuild`: a CodeBuild project started with the parameters as environment variables (`target` is the project name).
 * - `kubectl`: a manifest operation run by the cluster runner (`target` names it, e.g. `rollout-restart`).
 */
export const RUNBOOK_KINDS = ['ssm-automation', 'lambda', 'codebuild', 'kubectl'] as const;
export type RunbookKindValue = (typeof RUNBOOK_KINDS)[number];

/**
 * How much a runbook can hurt, lowest first. The Risk agent's default policies only ever run `low`
 * runbooks without a human, and never run `destructive` ones without one.
 */
export const RISK_CLASSES = ['low', 'medium', 'high', 'destructive'] as const;
export type RiskClassValue = (typeof RISK_CLASSES)[number];

/** What proves a runbook worked: the incident's alarms back to OK, a passing canary run, a recovered SLO, or nothing. */
export const VERIFY_CHECKS = ['alarms-ok', 'canary-pass', 'slo-recovered', 'none'] as const;
export type VerifyCheckValue = (typeof VERIFY_CHECKS)[number];

/** Which field of the incident's resource a parameter must equal. */
export const FROM_RESOURCE_FIELDS = ['id', 'arn', 'region'] as const;
export type FromResourceValue = (typeof FROM_RESOURCE_FIELDS)[number];

/** The types of a runbook parameter. */
export const PARAMETER_TYPES = ['string', 'number', 'boolean'] as const;
export type ParameterTypeValue = (typeof PARAMETER_TYPES)[number];

/** Longest a verification may wait, in seconds (one hour). */
export const VERIFY_MAX_WAIT_SECONDS = 3600;

/** Longest string a parameter may carry when its spec sets no `maxLength`. */
export const PARAMETER_DEFAULT_MAX_LENGTH = 1024;

/** Limits of a RunbookSpec's text fields, in characters (the construct checks them at synth, the schema at run time). */
export const RunbookLimits = {
  TITLE_MAX_CHARS: 200,
  DESCRIPTION_MAX_CHARS: 2000,
  PATTERN_MAX_CHARS: 1000,
  /** Largest `maxLength` a string parameter may declare. */
  MAX_LENGTH_CEILING: 65536,
} as const;

/** Runbook ids: what the model must quote back, so short, ASCII and free of spaces. */
export const RUNBOOK_ID_PATTERN_SOURCE = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';
/** Parameter names, as SSM Automation documents spell them. */
export const PARAMETER_NAME_PATTERN_SOURCE = '^[A-Za-z][A-Za-z0-9_]{0,63}$';

/** One parameter of a RunbookSpec (before defaults). */
export interface RunbookParameterSpecJson {
  readonly type: ParameterTypeValue;
  readonly description?: string;
  readonly required?: boolean;
  readonly pattern?: string;
  readonly enum?: Array<string | number>;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly maxLength?: number;
  readonly fromResource?: FromResourceValue;
  readonly default?: string | number | boolean;
}

/** What proves a runbook worked, and how long to wait for it (seconds). */
export interface RunbookVerifySpecJson {
  readonly check: VerifyCheckValue;
  readonly waitSeconds: number;
}

/**
 * The RunbookSpec JSON: what the construct renders into `AIOPS_RUNBOOKS` and the runtime's `RunbookSpecSchema`
 * parses (a test parses every rendered spec with it).
 */
export interface RunbookSpecJson {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly kind: RunbookKindValue;
  /** SSM document name or ARN, Lambda function ARN, CodeBuild project name, or kubectl operation. */
  readonly target: string;
  readonly riskClass: RiskClassValue;
  /** CloudFormation resource types the runbook applies to (`AWS::EC2::Instance`, `Kubernetes::Deployment`). */
  readonly resourceTypes: string[];
  /** The parameters the agents may set. Runner-owned ones (AutomationAssumeRole) are not listed. */
  readonly parameters?: { readonly [name: string]: RunbookParameterSpecJson };
  /** Id of the runbook that undoes this one, when there is one. */
  readonly rollback?: string;
  readonly verify: RunbookVerifySpecJson;
}

/** Ids of the built-in runbooks. */
export const BuiltinRunbookId = {
  RESTART_EC2_INSTANCE: 'aws-restart-ec2-instance',
  SCALE_OUT_ASG: 'aws-scale-out-asg',
  REBOOT_RDS_INSTANCE: 'aws-reboot-rds-instance',
  LAMBDA_ALIAS_ROLLBACK: 'aws-lambda-alias-rollback',
} as const;
export type BuiltinRunbookIdValue = (typeof BuiltinRunbookId)[keyof typeof BuiltinRunbookId];

/**
 * Built-in runbooks, all on AWS-owned SSM Automation documents, with conservative risk classes.
 *
 * Only the parameters an agent may set are declared. `AutomationAssumeRole` is set by the runner (the construct's
 * role), never by a reasoner. SSM passes every parameter as a string list, so the runner wraps each value
 * (`AWS-RestartEC2Instance` declares `InstanceId` as a StringList; one instance is a list of one).
 *
 * Document names and parameters were checked against the AWS Systems Manager Automation runbook reference
 * (`AWS-RestartEC2Instance`, `AWS-RebootRdsInstance`) and the AWS Resilience Hub SOP documents
 * (`AWSResilienceHub-ScaleOutAsgSOP_2020-07-01`, `AWSResilienceHub-SwitchLambdaVersionInAliasSOP_2020-10-26`).
 * There is no AWS-owned document that sets an Auto Scaling group's capacity directly; the Resilience Hub SOP scales
 * the group out itself from its current size.
 */
export const BUILTIN_RUNBOOKS: readonly RunbookSpecJson[] = [
  {
    id: BuiltinRunbookId.RESTART_EC2_INSTANCE,
    title: 'Restart an EC2 instance',
    description: 'Stops and starts the instance (AWS-RestartEC2Instance). The instance keeps its EBS volumes; instance-store data is lost.',
    kind: 'ssm-automation',
    target: 'AWS-RestartEC2Instance',
    riskClass: 'low',
    resourceTypes: ['AWS::EC2::Instance'],
    parameters: {
      InstanceId: {
        type: 'string',
        description: 'The instance to restart: the incident instance.',
        required: true,
        pattern: 'i-[0-9a-f]{8,17}',
        fromResource: 'id',
      },
    },
    verify: { check: 'alarms-ok', waitSeconds: 600 },
  },
  {
    id: BuiltinRunbookId.SCALE_OUT_ASG,
    title: 'Scale out an Auto Scaling group',
    description: 'Adds capacity to the group from its current size (AWSResilienceHub-ScaleOutAsgSOP_2020-07-01). Costs more while scaled out.',
    kind: 'ssm-automation',
    target: 'AWSResilienceHub-ScaleOutAsgSOP_2020-07-01',
    riskClass: 'medium',
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    parameters: {
      AutoScalingGroupName: {
        type: 'string',
        description: 'The group to scale out: the incident group.',
        required: true,
        maxLength: 255,
        fromResource: 'id',
      },
      Dryrun: {
        type: 'boolean',
        description: 'Always false: the agent runs the change it was approved for.',
        default: false,
      },
    },
    verify: { check: 'alarms-ok', waitSeconds: 900 },
  },
  {
    id: BuiltinRunbookId.REBOOT_RDS_INSTANCE,
    title: 'Reboot an RDS DB instance',
    description: 'Reboots the DB instance and waits for it to be available (AWS-RebootRdsInstance). Connections drop during the reboot.',
    kind: 'ssm-automation',
    target: 'AWS-RebootRdsInstance',
    riskClass: 'medium',
    resourceTypes: ['AWS::RDS::DBInstance'],
    parameters: {
      InstanceId: {
        type: 'string',
        description: 'The DB instance identifier: the incident instance.',
        required: true,
        pattern: '[A-Za-z][A-Za-z0-9-]{0,62}',
        fromResource: 'id',
      },
    },
    verify: { check: 'alarms-ok', waitSeconds: 900 },
  },
  {
    id: BuiltinRunbookId.LAMBDA_ALIAS_ROLLBACK,
    title: 'Shift a Lambda alias back to the previous version',
    description: 'Points the alias at an earlier published version (AWSResilienceHub-SwitchLambdaVersionInAliasSOP_2020-10-26). Undoes a bad deployment; the new code stays published.',
    kind: 'ssm-automation',
    target: 'AWSResilienceHub-SwitchLambdaVersionInAliasSOP_2020-10-26',
    riskClass: 'medium',
    resourceTypes: ['AWS::Lambda::Function'],
    parameters: {
      LambdaARN: {
        type: 'string',
        description: 'The function ARN: the incident function.',
        required: true,
        pattern: 'arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}',
        fromResource: 'arn',
      },
      AliasName: {
        type: 'string',
        description: 'The alias that serves traffic (for example live).',
        required: true,
        pattern: '(?![0-9]+$)[A-Za-z0-9_-]{1,128}',
      },
      LambdaVersion: {
        type: 'string',
        description: 'The published version to shift back to (the one before the deployment). Never $LATEST.',
        required: true,
        pattern: '[0-9]{1,10}',
      },
    },
    verify: { check: 'alarms-ok', waitSeconds: 600 },
  },
];

/**
 * What each built-in document does to its target, for the automation role. Mutating actions are granted on tagged
 * (or listed) resources only; reads on `*`. From the documents' own content (`aws ssm get-document`).
 */
/** What a built-in runbook's document does: IAM actions on its target, and read-only actions on `*`. */
export interface BuiltinRunbookActions {
  readonly targetActions: readonly string[];
  readonly readActions: readonly string[];
}
export const BUILTIN_RUNBOOK_ACTIONS: { readonly [id in BuiltinRunbookIdValue]: BuiltinRunbookActions } = {
  [BuiltinRunbookId.RESTART_EC2_INSTANCE]: {
    targetActions: ['ec2:StartInstances', 'ec2:StopInstances'],
    readActions: ['ec2:DescribeInstanceStatus', 'ec2:DescribeInstances'],
  },
  [BuiltinRunbookId.SCALE_OUT_ASG]: {
    targetActions: ['autoscaling:UpdateAutoScalingGroup'],
    readActions: ['autoscaling:DescribeAutoScalingGroups', 'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeLaunchTemplateVersions'],
  },
  [BuiltinRunbookId.REBOOT_RDS_INSTANCE]: {
    targetActions: ['rds:RebootDBInstance'],
    readActions: ['rds:DescribeDBInstances'],
  },
  [BuiltinRunbookId.LAMBDA_ALIAS_ROLLBACK]: {
    targetActions: ['lambda:UpdateAlias'],
    readActions: ['lambda:GetAlias'],
  },
};
