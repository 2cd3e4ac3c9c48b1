/**
 * ARN syntax: `arn:<partition>:<service>:<region>:<account>:<resource>`.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
import { asAccount, asRegion, partitionOf } from './regions';

/** Longest string read as an ARN (IAM allows 2048 characters in a policy's resource). */
export const MAX_ARN_LENGTH = 2048;

/** The parts of an ARN. Region and account are kept only when they are well-formed. */
export interface ParsedArn {
  readonly arn: string;
  readonly partition: string;
  readonly service: string;
  readonly region?: string;
  readonly account?: string;
  /** Everything after the account: `instance/i-123`, `function:name`, `alarm:Name`. */
  readonly resource: string;
}

/** Splits an ARN; undefined when the string is not `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function parseArn(value: unknown): ParsedArn | undefined {
  if (typeof value !== 'string' || value.length > MAX_ARN_LENGTH) return undefined;
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !/^aws[a-z-]*$/.test(parts[1]) || !/^[a-z0-9-]+$/.test(parts[2])) return undefined;
  const resource = parts.slice(5).join(':');
  if (resource === '') return undefined;
  return {
    arn: value,
    partition: parts[1],
    service: parts[2],
    region: asRegion(parts[3]),
    account: asAccount(parts[4]),
    resource,
  };
}

/** What an ARN is made of; the partition defaults to the region's (`partitionOf`). */
export interface ArnParts {
  readonly partition?: string;
  readonly service: string;
  readonly region?: string;
  readonly account?: string;
  readonly resource: string;
}

/** Joins ARN parts; region and account may be empty (S3 buckets, API Gateway, IAM). */
export function formatArn(parts: ArnParts): string {
  const partition = parts.partition ?? partitionOf(parts.region);
  return `arn:${partition}:${parts.service}:${parts.region ?? ''}:${parts.account ?? ''}:${parts.resource}`;
}
