/**
 * Resource helpers of the normalisers. ARNs, resource types, region and account values come from the one AWS
 * resource catalogue (`src/runtime/model/aws-resources`), shared with telemetry.
 */
import { asAccount, asRegion } from '../model/aws-resources';

/** The first candidate that is a region code (or a region display name, as SNS alarm notifications write it). */
export function firstRegion(...values: unknown[]): string | undefined {
  for (const value of values) {
    const region = asRegion(value);
    if (region) return region;
  }
  return undefined;
}

/** The first candidate that is a 12-digit account id. */
export function firstAccount(...values: unknown[]): string | undefined {
  for (const value of values) {
    const account = asAccount(value);
    if (account) return account;
  }
  return undefined;
}

/**
 * A logical service name from dimensions: Application Signals `Service`, ECS `ServiceName`,
 * then the Lambda function or API name. Undefined when none is present.
 */
export function serviceFromDimensions(dims: Readonly<Record<string, string>>): string | undefined {
  return dims.Service || dims.ServiceName || dims.FunctionName || dims.ApiName || undefined;
}

/** Tag keys read as the logical service, in order. */
const SERVICE_TAG_KEYS = ['service', 'Service', 'app', 'App', 'application', 'Application', 'app.kubernetes.io/name', 'aws:cloudformation:stack-name'];

/** The logical service from a tag map, by the first of `service`, `app`, `application`, `aws:cloudformation:stack-name`. */
export function serviceFromTags(tags: unknown): string | undefined {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return undefined;
  const record = tags as Record<string, unknown>;
  for (const key of SERVICE_TAG_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** Tag keys read as the environment, in order. */
const ENVIRONMENT_TAG_KEYS = ['environment', 'Environment', 'env', 'Env', 'stage', 'Stage'];
/** Tag keys whose values name a service outright (not the stack, which is a hint of its own). */
const SERVICE_HINT_KEYS = ['service', 'Service', 'app', 'App', 'application', 'Application', 'app.kubernetes.io/name', 'app.kubernetes.io/part-of'];

function tagValue(tags: unknown, keys: readonly string[]): string[] {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return [];
  const record = tags as Record<string, unknown>;
  const out: string[] = [];
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') out.push(value.trim());
  }
  return out;
}

/** The environment from a tag map (`environment`, `env`, `stage`, any case of the first letter). */
export function environmentFromTags(tags: unknown): string | undefined {
  return tagValue(tags, ENVIRONMENT_TAG_KEYS)[0];
}

/** The CloudFormation stack a tag map names (`aws:cloudformation:stack-name`), as a one-entry list or empty. */
export function stacksFromTags(tags: unknown): string[] {
  return tagValue(tags, ['aws:cloudformation:stack-name']);
}

/** Every service a tag map names outright (`service`, `app`, `application`, `app.kubernetes.io/name`...), in that order. */
export function servicesFromTags(tags: unknown): string[] {
  return tagValue(tags, SERVICE_HINT_KEYS);
}
