/**
 * A topology input (a `GetResources` response, a service graph, the AppTopology parameter) that cannot be read.
 * `path` says where in the document (`$.Services[2].Edges[0].ReferenceId`), `reason` what is wrong there; the CLI turns
 * it into a usage error naming the file, the refresher into a failed source.
 */
export class TopologyInputError extends Error {
  constructor(public readonly reason: string, public readonly path: string = '$') {
    super(`${path}: ${reason}`);
    this.name = 'TopologyInputError';
  }
}

/** Plain JSON object check shared by the parsers. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The array at `path`, or a TopologyInputError. */
export function arrayAt(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new TopologyInputError(`expected an array, got ${kindOf(value)}`, path);
  return value;
}

/** The object at `path`, or a TopologyInputError. */
export function recordAt(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new TopologyInputError(`expected an object, got ${kindOf(value)}`, path);
  return value;
}

/** Longest service or tag name the snapshot keeps (its schema's bound). */
export const MAX_NAME_LENGTH = 256;

/** A non-empty string of at most `max` characters at `path`, or a TopologyInputError. */
export function stringAt(value: unknown, path: string, max = MAX_NAME_LENGTH): string {
  if (typeof value !== 'string') throw new TopologyInputError(`expected a string, got ${kindOf(value)}`, path);
  if (value.trim() === '') throw new TopologyInputError('expected a non-empty string', path);
  if (value.length > max) throw new TopologyInputError(`longer than ${max} characters`, path);
  return value;
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
