import { Token } from 'aws-cdk-lib';
import { RunbookParameterType, type RunbookParameter } from './parameter';
import { RunbookLimits, type RunbookParameterSpecJson as ParameterSpec } from '../contract/runbooks';

/** A parameter's RunbookSpec JSON. Throws, naming the parameter, on anything the runtime would reject. */
export function parameterSpec(p: RunbookParameter, where: string): ParameterSpec {
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
    if (p.pattern.length === 0 || p.pattern.length > RunbookLimits.PATTERN_MAX_CHARS) throw new Error(`${where}: the pattern must be 1 to ${RunbookLimits.PATTERN_MAX_CHARS} characters`);
    try {
      new RegExp(p.pattern, 'u');
    } catch (e) {
      throw new Error(`${where}: the pattern /${p.pattern}/ does not compile: ${(e as Error).message}`);
    }
  }
  if (p.min !== undefined && p.max !== undefined && p.min > p.max) throw new Error(`${where}: min (${p.min}) is greater than max (${p.max})`);
  if (p.maxLength !== undefined && (!Number.isInteger(p.maxLength) || p.maxLength < 1 || p.maxLength > RunbookLimits.MAX_LENGTH_CEILING)) {
    throw new Error(`${where}: maxLength must be a whole number from 1 to ${RunbookLimits.MAX_LENGTH_CEILING} (got ${p.maxLength})`);
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
