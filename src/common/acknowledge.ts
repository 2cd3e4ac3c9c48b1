import { Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IConstruct } from 'constructs';

/**
 * The library's own acknowledgements of cdk-nag findings, so a consumer's cdk-nag run (AwsSolutions, NIST 800-53 R5...)
 * is clean without acknowledging anything of ours. Each one is targeted (the full finding id, on the library's own
 * construct, never the app or the stack) and reasoned. Written through aws-cdk-lib's `Validations` (cdk-nag 3 reads
 * them from there), so the library has no dependency on cdk-nag.
 */
export interface NagFinding {
  /** The full finding id as cdk-nag reports it: `AwsSolutions-IAM5[Resource::*]`, `NIST.800.53.R5-LambdaDLQ`. */
  readonly id: string;
  /** Why the finding is acceptable, for a reviewer. */
  readonly reason: string;
}

/** The rules the library acknowledges, as cdk-nag names them. */
export const NagRule = {
  /** AwsSolutions: an IAM policy with a wildcard; the finding names it (`[Resource::…]`, `[Action::…]`). */
  WILDCARD: 'AwsSolutions-IAM5',
  /** AwsSolutions: an SQS queue without a dead-letter queue. */
  SQS_DLQ: 'AwsSolutions-SQS3',
  NIST_INLINE_POLICY: 'NIST.800.53.R5-IAMNoInlinePolicy',
  NIST_LAMBDA_VPC: 'NIST.800.53.R5-LambdaInsideVPC',
  NIST_LAMBDA_DLQ: 'NIST.800.53.R5-LambdaDLQ',
  NIST_LAMBDA_CONCURRENCY: 'NIST.800.53.R5-LambdaConcurrency',
  NIST_LAMBDA_PUBLIC: 'NIST.800.53.R5-LambdaFunctionPublicAccessProhibited',
  NIST_ALARM_ACTION: 'NIST.800.53.R5-CloudWatchAlarmAction',
  NIST_DYNAMODB_BACKUP: 'NIST.800.53.R5-DynamoDBInBackupPlan',
} as const;

/** X-Ray active tracing, which every function and the state machine have. */
export const XRAY_REASON = 'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level '
  + 'permissions, so CDK grants them on "*".';

/** Acknowledges findings on `scope` and everything under it. */
export function acknowledge(scope: IConstruct, ...findings: NagFinding[]): void {
  Validations.of(scope).acknowledge(...findings.map(({ id, reason }) => ({ id, reason })));
}

/**
 * The finding id of an IAM wildcard on `resource` (an ARN, tokens and all), spelt as cdk-nag spells it: intrinsics
 * flattened to `<AWS::Region>`, `<Logical.Arn>`, so the id is exact in an environment-agnostic stack and in one with
 * an explicit account and Region.
 */
export function wildcardResourceId(scope: IConstruct, resource: string): string {
  return `${NagRule.WILDCARD}[Resource::${flatten(Stack.of(scope).resolve(resource))}]`;
}

/** The finding id of an IAM wildcard action (`kms:GenerateDataKey*`). */
export function wildcardActionId(action: string): string {
  return `${NagRule.WILDCARD}[Action::${action}]`;
}

/**
 * Acknowledges CloudWatchAlarmAction on every alarm under `scope` (call it once the alarms exist): the library's
 * alarms are exposed for the consumer, who adds the actions (`addAlarmAction`) that route them to their paging.
 */
export function acknowledgeAlarms(scope: IConstruct, reason: string): void {
  for (const node of scope.node.findAll()) {
    if (node instanceof cloudwatch.CfnAlarm) acknowledge(node, { id: NagRule.NIST_ALARM_ACTION, reason });
  }
}

/** cdk-nag's flattening of a resolved CloudFormation value into the string its finding ids carry. */
function flatten(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const node = value as Record<string, any>;
  if (Array.isArray(node['Fn::Join'])) {
    const [delimiter, items] = node['Fn::Join'];
    return (items as unknown[]).map(flatten).join(delimiter);
  }
  if (node['Fn::Sub'] !== undefined) return flatten(node['Fn::Sub']);
  if (Array.isArray(node['Fn::GetAtt'])) {
    const [resource, attribute] = node['Fn::GetAtt'];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (node['Fn::ImportValue'] !== undefined) return flatten(node['Fn::ImportValue']);
  if (node.Ref !== undefined) return `<${flatten(node.Ref)}>`;
  return JSON.stringify(value);
}
