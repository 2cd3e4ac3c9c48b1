import type { RejectionDraft } from './common';
import { joinPath, truncate } from './common';

/** EventBridge's own limit on one event: 256 KiB. */
export const DEFAULT_MAX_BYTES = 256 * 1024;
/** Deepest nesting accepted. Real AWS events stay under 20 levels. */
export const MAX_DEPTH = 64;

/** A plain-JSON copy of the input, its exact UTF-8 JSON size, and its JSON text. */
export type Snapshot =
  | { readonly ok: true; readonly value: unknown; readonly text: string; readonly bytes: number }
  | { readonly ok: false; readonly rejection: RejectionDraft };

class Stop extends Error {
  constructor(readonly rejection: RejectionDraft) {
    super(rejection.reason);
  }
}

/**
 * Turns any input into plain JSON data, safely and cheaply:
 * 1. a bounded walk estimates the JSON size and checks depth and cycles, stopping as soon as
 *    the estimate passes `maxBytes` (so a 5 MB event costs a walk of 256 KiB, not a 5 MB string);
 * 2. only then is the input serialised, once, and the exact size checked;
 * 3. the text is parsed back, so everything after works on plain data (no getters, proxies, prototypes).
 *
 * A string input is read as JSON text. Never throws.
 */
export function snapshot(input: unknown, maxBytes: number): Snapshot {
  try {
    if (typeof input === 'string') return fromText(input, maxBytes);
    estimate(input, maxBytes);
    const text = JSON.stringify(input);
    if (typeof text !== 'string') {
      return fail('malformed', `expected a JSON event object; got ${typeof input}`);
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxBytes) return tooLarge(bytes, maxBytes);
    return { ok: true, value: JSON.parse(text), text, bytes };
  } catch (err) {
    if (err instanceof Stop) return { ok: false, rejection: err.rejection };
    return fail('malformed', `the input could not be read as JSON: ${errorMessage(err)}`);
  }
}

function fromText(input: string, maxBytes: number): Snapshot {
  // UTF-8 needs at least one byte per UTF-16 unit, so a long string is too large without measuring it.
  if (input.length > maxBytes) return tooLarge(undefined, maxBytes);
  const bytes = Buffer.byteLength(input, 'utf8');
  if (bytes > maxBytes) return tooLarge(bytes, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    return fail('malformed', `the input is a string that is not JSON: ${JSON.stringify(truncate(input, 60))}`);
  }
  const depth = checkDepth(value, MAX_DEPTH);
  if (depth) return fail('too-large', depth);
  return { ok: true, value, text: input, bytes };
}

/**
 * Parses JSON embedded in a string field (SNS `Message`, PutEvents `Detail`), with the same depth guard.
 * The string is already bounded by the input size.
 */
export function parseEmbeddedJson(text: string, path: string): { ok: true; value: unknown } | { ok: false; reason: string; code: 'malformed' | 'too-large' } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'malformed', reason: `${path} must be a JSON document; got ${JSON.stringify(truncate(text, 60))}` };
  }
  const depth = checkDepth(value, MAX_DEPTH);
  return depth ? { ok: false, code: 'too-large', reason: `${path}: ${depth}` } : { ok: true, value };
}

/** Iterative depth check of plain JSON data; a reason when deeper than `max`. */
function checkDepth(root: unknown, max: number): string | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= max) return `nested more than ${max} levels deep; the limit is ${max}`;
    const children = Array.isArray(value) ? value : Object.values(value as object);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return undefined;
}

/**
 * Walks the value the way JSON.stringify would, adding up an estimate of its UTF-8 size
 * (escapes are not counted, so the exact size is checked again after serialising).
 * Throws Stop when too large, too deep, cyclic or not JSON data.
 */
function estimate(root: unknown, maxBytes: number): void {
  let total = 0;
  const ancestors = new Set<object>();
  const add = (n: number) => {
    total += n;
    if (total > maxBytes) throw new Stop(tooLargeDraft(undefined, maxBytes));
  };
  const walk = (value: unknown, path: readonly PropertyKey[], inArray: boolean): void => {
    switch (typeof value) {
      case 'string':
        if (value.length > maxBytes) throw new Stop(tooLargeDraft(undefined, maxBytes));
        add(Buffer.byteLength(value, 'utf8') + 2);
        return;
      case 'number':
        add(Number.isFinite(value) ? String(value).length : 4);
        return;
      case 'boolean':
        add(value ? 4 : 5);
        return;
      case 'bigint':
        throw new Stop(draft('malformed', `${joinPath('', path)} is a BigInt, which is not JSON`));
      case 'undefined':
      case 'function':
      case 'symbol':
        if (inArray) add(4); // serialised as null inside arrays, dropped from objects
        return;
      default:
        break;
    }
    if (value === null) {
      add(4);
      return;
    }
    const object = value as object;
    if (path.length >= MAX_DEPTH) {
      throw new Stop(draft('too-large', `${joinPath('', path)} is nested more than ${MAX_DEPTH} levels deep; the limit is ${MAX_DEPTH}`));
    }
    if (ancestors.has(object)) throw new Stop(draft('malformed', `${joinPath('', path)} refers back to an enclosing object (a cycle), which is not JSON`));
    if (ArrayBuffer.isView(object)) throw new Stop(draft('malformed', `${joinPath('', path)} is binary data, not JSON`));
    const toJson = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') {
      // Dates and similar: serialise through toJSON, as JSON.stringify will.
      ancestors.add(object);
      walk((toJson as (key: string) => unknown).call(object, ''), path, inArray);
      ancestors.delete(object);
      return;
    }
    ancestors.add(object);
    if (Array.isArray(object)) {
      add(2);
      const length = object.length;
      for (let i = 0; i < length; i++) {
        add(1);
        walk(object[i], [...path, i], true);
      }
    } else {
      add(2);
      for (const key of Object.keys(object)) {
        let child: unknown;
        try {
          child = (object as Record<string, unknown>)[key];
        } catch (err) {
          throw new Stop(draft('malformed', `${joinPath('', [...path, key])} could not be read: ${errorMessage(err)}`));
        }
        if (child === undefined || typeof child === 'function' || typeof child === 'symbol') continue;
        add(key.length + 4);
        walk(child, [...path, key], false);
      }
    }
    ancestors.delete(object);
  };
  walk(root, [], false);
}

function draft(code: RejectionDraft['code'], reason: string): RejectionDraft {
  return { code, reason };
}

function fail(code: RejectionDraft['code'], reason: string): Snapshot {
  return { ok: false, rejection: draft(code, reason) };
}

function tooLargeDraft(bytes: number | undefined, maxBytes: number): RejectionDraft {
  const size = bytes === undefined ? `more than ${maxBytes} bytes` : `${bytes} bytes`;
  return draft('too-large', `the event is ${size} of JSON; the limit is ${maxBytes} bytes`);
}

function tooLarge(bytes: number | undefined, maxBytes: number): Snapshot {
  return { ok: false, rejection: tooLargeDraft(bytes, maxBytes) };
}

/** The message of an error, without ever throwing (an error's own getters may throw). */
export function errorMessage(err: unknown): string {
  try {
    if (err instanceof Error) return truncate(String(err.message), 200) || err.name;
    return truncate(String(err), 200);
  } catch {
    return 'unknown error';
  }
}
