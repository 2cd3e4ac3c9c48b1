import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * A customer-managed key, with rotation, that CloudWatch Logs in this stack's region may use for the
 * log groups of this account and region only (the `kms:EncryptionContext:aws:logs:arn` condition).
 * Created as `EncryptionKey` under `scope`. Internal: constructs use it when the caller brings no key.
 */
export function createLogEncryptionKey(scope: Construct, description: string, removalPolicy: RemovalPolicy): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'EncryptionKey', { description, enableKeyRotation: true, removalPolicy });
  allowCloudWatchLogs(key, stack);
  return key;
}

/**
 * The key policy statement that lets CloudWatch Logs in the stack's region encrypt the log groups of this account
 * and region with `key` (a no-op for an imported key, whose policy the stack cannot change).
 */
export function allowCloudWatchLogs(key: kms.IKey, stack: Stack): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogs',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }));
}
