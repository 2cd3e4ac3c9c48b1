import type { ResourceRef } from '../model';
import {
  PARAMETER_DEFAULT_MAX_LENGTH,
  type FromResourceField,
  type ParameterSpec,
  type ParameterValue,
  type RunbookCandidate,
} from './spec';

/** What parameters are checked against: the resources of the incident the runbook would act on. */
export interface ParameterContext {
  /** The incident's resources. `fromResource` parameters must equal a field of one of them. */
  readonly resources: readonly ResourceRef[];
}

export type ParameterValidation =
  | {
    readonly ok: true;
    /** The parameters with defaults applied, in spec order. */
    readonly params: Record<string, ParameterValue>;
    /** The incident resource the `fromResource` parameters point at, when the runbook has any. */
    readonly resource?: ResourceRef;
  }
  | { readonly ok: false; readonly reason: string };

/** Characters never accepted in a parameter: C0/C1 controls, bidi overrides and zero-width characters. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

function fail(reason: string): ParameterValidation {
  return { ok: false, reason };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);
}

function checkValue(name: string, spec: ParameterSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string') return `parameter ${name} must be a string, got ${typeof value}`;
      const maxLength = spec.maxLength ?? PARAMETER_DEFAULT_MAX_LENGTH;
      if (value.length > maxLength) return `parameter ${name} is longer than ${maxLength} characters`;
      if (FORBIDDEN_CHARS.test(value)) return `parameter ${name} contains control or invisible characters`;
      if (spec.pattern !== undefined && !new RegExp(`^(?:${spec.pattern})$`, 'u').test(value)) {
        return `parameter ${name} does not match ${spec.pattern}`;
      }
      if (spec.enum !== undefined && !spec.enum.includes(value)) return `parameter ${name} is not one of ${spec.enum.join(', ')}`;
      return undefined;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `parameter ${name} must be a finite number`;
      if (spec.integer && !Number.isInteger(value)) return `parameter ${name} must be a whole number`;
      if (spec.min !== undefined && value < spec.min) return `parameter ${name} is below ${spec.min}`;
      if (spec.max !== undefined && value > spec.max) return `parameter ${name} is above ${spec.max}`;
      if (spec.enum !== undefined && !spec.enum.includes(value)) return `parameter ${name} is not one of ${spec.enum.join(', ')}`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `parameter ${name} must be a boolean, got ${typeof value}`;
  }
}

function resourceField(resource: ResourceRef, field: FromResourceField): string | undefined {
  return resource[field];
}

/**
 * Checks proposed parameters against a runbook's declared schema. Deterministic code disposes: whatever a model
 * proposed, only parameters that pass here are ever run.
 *
 * Rejects unknown parameters, missing required ones, wrong types, pattern/enum/bound violations, and any
 * `fromResource` parameter that does not equal the id/arn/region of one of the incident's resources of a type the
 * runbook applies to. When a runbook has several `fromResource` parameters they must all point at the same resource.
 */
export function validateRunbookParameters(
  spec: Pick<RunbookCandidate, 'id' | 'resourceTypes' | 'parameters'>,
  params: unknown,
  context: ParameterContext,
): ParameterValidation {
  const given: Record<string, unknown> = params === undefined || params === null ? {} : (params as Record<string, unknown>);
  if (!isPlainObject(given)) return fail(`parameters of ${spec.id} must be an object`);

  for (const name of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(spec.parameters, name)) return fail(`unknown parameter ${name} for runbook ${spec.id}`);
  }

  const out: Record<string, ParameterValue> = {};
  const fromResource: Array<{ name: string; field: FromResourceField; value: string }> = [];
  for (const [name, paramSpec] of Object.entries(spec.parameters)) {
    const value = Object.prototype.hasOwnProperty.call(given, name) && given[name] !== undefined ? given[name] : paramSpec.default;
    if (value === undefined) {
      if (paramSpec.required) return fail(`missing required parameter ${name} for runbook ${spec.id}`);
      continue;
    }
    const problem = checkValue(name, paramSpec, value);
    if (problem) return fail(problem);
    out[name] = value as ParameterValue;
    if (paramSpec.fromResource !== undefined) fromResource.push({ name, field: paramSpec.fromResource, value: value as string });
  }

  if (fromResource.length === 0) return { ok: true, params: out };

  const applicable = context.resources.filter((r) => spec.resourceTypes.includes(r.type));
  if (applicable.length === 0) {
    return fail(`runbook ${spec.id} applies to ${spec.resourceTypes.join(', ')}, and the incident has no such resource`);
  }
  const match = applicable.find((r) => fromResource.every((p) => resourceField(r, p.field) === p.value));
  if (!match) {
    const names = fromResource.map((p) => p.name).join(', ');
    return fail(`parameter${fromResource.length > 1 ? 's' : ''} ${names} of ${spec.id} do${fromResource.length > 1 ? '' : 'es'} not point at a resource of this incident`);
  }
  return { ok: true, params: out, resource: match };
}

/**
 * Fills the `fromResource` parameters of a runbook from one resource, on top of `extra` values.
 * Used by the deterministic reasoner; the result still goes through validateRunbookParameters.
 */
export function fillFromResource(
  spec: Pick<RunbookCandidate, 'parameters'>,
  resource: ResourceRef,
  extra: Record<string, ParameterValue> = {},
): Record<string, ParameterValue> {
  const out: Record<string, ParameterValue> = { ...extra };
  for (const [name, paramSpec] of Object.entries(spec.parameters)) {
    if (paramSpec.fromResource === undefined || out[name] !== undefined) continue;
    const value = resourceField(resource, paramSpec.fromResource);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
