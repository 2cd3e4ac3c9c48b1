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
