import type { RunbookSpecInput } from './spec';

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
export const BUILTIN_RUNBOOKS: readonly RunbookSpecInput[] = [
  {
    id: 'aws-restart-ec2-instance',
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
    id: 'aws-scale-out-asg',
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
    id: 'aws-reboot-rds-instance',
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
    id: 'aws-lambda-alias-rollback',
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

/** Ids of the built-in runbooks, for rules and tests. */
export const BuiltinRunbookId = {
  RESTART_EC2_INSTANCE: 'aws-restart-ec2-instance',
  SCALE_OUT_ASG: 'aws-scale-out-asg',
  REBOOT_RDS_INSTANCE: 'aws-reboot-rds-instance',
  LAMBDA_ALIAS_ROLLBACK: 'aws-lambda-alias-rollback',
} as const;
