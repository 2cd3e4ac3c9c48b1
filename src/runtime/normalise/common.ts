import { createHash } from 'crypto';
import * as z from 'zod';
import { cleanHints, type DraftHints } from './hints';
import { truncate } from './text';
import {
  RAW_EXCERPT_MAX_CHARS,
  SignalSchema,
  type NormaliseOutcome,
  type RejectionCode,
  type ResourceRef,
  type Severity,
  type Signal,
  type SignalKind,
  type SignalSource,
  type SignalState,
} from '../model';

export { firstTime, toIsoTime } from './time';
export { truncate } from './text';
export { cleanHints, type DraftHints } from './hints';

/** Longest title a signal carries (the model's limit). */
export const TITLE_MAX_CHARS = 512;
/** Longest description a signal carries (the model's limit). */
export const DESCRIPTION_MAX_CHARS = 4096;
/** Longest label value kept; longer values are truncated, never rejected. */
export const LABEL_VALUE_MAX_CHARS = 256;
/** Most labels kept on one signal. */
export const MAX_LABELS = 32;
/** Longest resource id, service or fingerprint part kept. */
export const IDENTIFIER_MAX_CHARS = 1024;

/**
 * Where a payload sat and what its envelope said about it. Built by the envelope readers
 * (`envelope.ts`), read by every source normaliser.
 */
export interface Envelope {
  /** `RawRef.source`: the EventBridge source, or `sns`, `lambda-alarm-action`, `kubernetes`, `api`. */
  readonly rawSource: string;
  /** EventBridge detail-type, or the equivalent the envelope implies (DevOps Guru `messageType`...). */
  readonly detailType?: string;
  /** EventBridge event id, SNS message id or Kubernetes uid. */
  readonly eventId?: string;
  /** Envelope time, as written (not yet validated). */
  readonly time?: unknown;
  /** Envelope account and region, as written (not yet validated). */
  readonly account?: unknown;
  readonly region?: unknown;
  /** EventBridge `resources`, when they were strings. */
  readonly resources?: readonly string[];
  /** Where the payload sits in the input, to name fields in reasons (`detail`, `Records[0].Sns.Message`). */
  readonly path: string;
  /** Size in bytes of the whole input and a bounded JSON excerpt of the unit being normalised. */
  readonly bytes: number;
  readonly excerpt: string;
}

/** What a source normaliser knows about one signal before ids, truncation and the raw reference are added. */
export interface SignalDraft {
  readonly source: SignalSource;
  readonly kind: SignalKind;
  readonly severity: Severity;
  readonly state: SignalState;
  readonly resource: ResourceRef;
  readonly service?: string;
  /** Environment the source states (tags, Application Signals `Environment`); blank values are dropped. */
  readonly environment?: string;
  /** Owner hints, in order of trust; {@link buildSignal} drops blanks and duplicates and keeps OWNER_HINTS_MAX per list. */
  readonly hints?: DraftHints;
  readonly fingerprint: string;
  /** ISO-8601 time, from {@link toIsoTime}. */
  readonly time: string;
  readonly title: string;
  readonly description?: string;
  /** The source's own status word (`FAILED`, `ALARM`...): part of the id, so two statuses never share one. */
  readonly status: string;
  /** Extra identity for the id when one input yields several signals about the same resource. */
  readonly discriminator?: string;
  readonly labels?: Readonly<Record<string, string | number | boolean | undefined | null>>;
}

/** A rejection before the caller's `input` label is added. */
export interface RejectionDraft {
  readonly code: RejectionCode;
  readonly reason: string;
  readonly eventSource?: string;
  readonly detailType?: string;
}

export type Outcome =
  | { readonly ok: true; readonly signals: Signal[] }
  | { readonly ok: false; readonly rejection: RejectionDraft };

/** An outcome with signals. */
export function accept(signals: Signal[]): Outcome {
  return { ok: true, signals };
}

/** A rejection for the payload described by `env` (its source and detail-type are copied). */
export function reject(code: RejectionCode, reason: string, env?: Pick<Envelope, 'rawSource' | 'detailType'>): Outcome {
  return {
    ok: false,
    rejection: {
      code,
      reason: truncate(reason, 2000) || code,
      eventSource: env ? truncate(env.rawSource, 256) : undefined,
      detailType: env?.detailType !== undefined ? truncate(env.detailType, 256) : undefined,
    },
  };
}

/** Adds the caller's input label to an outcome. Never throws. */
export function finishOutcome(outcome: Outcome, input: string | undefined): NormaliseOutcome {
  if (outcome.ok) return outcome;
  const r = outcome.rejection;
  return {
    ok: false,
    rejection: {
      code: r.code,
      reason: r.reason,
      ...(input !== undefined ? { input } : {}),
      ...(r.eventSource !== undefined ? { eventSource: r.eventSource } : {}),
      ...(r.detailType !== undefined ? { detailType: r.detailType } : {}),
    },
  };
}

/** First 24 hex characters (96 bits) of the SHA-256 of the parts, joined unambiguously. */
export function stableHash(parts: readonly (string | undefined)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part === undefined ? '\u0000' : `${part.length}:${part}`);
    hash.update('\u0001');
  }
  return hash.digest('hex').slice(0, 24);
}

/** Whitespace collapsed and trimmed; undefined for anything that is not a non-blank string. */
export function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.length > 20_000 ? value.slice(0, 20_000) : value;
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean === '' ? undefined : clean;
}

/** The first argument that is a non-blank string (trimmed). */
export function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
  undefined: 'missing',
};

/** `"FOO"`, `42`, `an object`, `an array of 3`: a short description of a value for reasons. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(truncate(value, 80));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Joins a path prefix and zod path segments: `detail` + `['state','value']` → `detail.state.value`. */
export function joinPath(prefix: string, segments: readonly PropertyKey[]): string {
  let out = prefix;
  for (const segment of segments) {
    if (typeof segment === 'number') {out += `[${segment}]`;} else {
      const key = String(segment);
      const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(truncate(key, 40));
      out += out === '' ? safe : `.${safe}`;
    }
  }
  return out === '' ? 'the input' : out;
}

/**
 * One readable sentence from zod issues: the first issue (the others counted), naming the field and the value,
 * for example `detail.state.value must be one of ALARM, OK, INSUFFICIENT_DATA; got "FOO"`.
 */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], prefix: string): string {
  if (issues.length === 0) return `${prefix || 'the input'} is not valid`;
  const first = formatIssue(issues[0], prefix);
  return issues.length > 1 ? `${first} (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : first;
}

function formatIssue(issue: z.core.$ZodIssue, prefix: string): string {
  const where = joinPath(prefix, issue.path);
  const hasInput = 'input' in issue && issue.input !== undefined;
  const got = hasInput ? `; got ${describeValue(issue.input)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      if (!hasInput) return `${where} is required`;
      return `${where} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}${got}`;
    case 'invalid_value':
      if (issue.values.length === 1) return `${where} must be ${describeValue(issue.values[0])}${got}`;
      return `${where} must be one of ${issue.values.map((v) => String(v)).join(', ')}${got}`;
    case 'too_small':
      if (issue.origin === 'string') return `${where} must not be empty${got}`;
      if (issue.origin === 'array') return `${where} must have at least ${String(issue.minimum)} item(s)${got}`;
      return `${where} is too small${got}`;
    case 'too_big':
      return `${where} is too big${got}`;
    case 'invalid_union':
      return `${where} has an unexpected shape${got}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/**
 * Parses with a zod schema, turning failure into a `malformed` rejection that names
 * the event type, the field and the value at fault.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  env: Envelope,
  what: string,
): { ok: true; data: z.infer<S> } | { ok: false; outcome: Outcome } {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, outcome: reject('malformed', `${what}: ${formatZodIssues(result.error.issues, env.path)}`, env) };
}

function cleanLabels(labels: SignalDraft['labels']): Record<string, string> | undefined {
  if (!labels) return undefined;
  const out: Record<string, string> = {};
  let count = 0;
  for (const [key, value] of Object.entries(labels)) {
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : String(value);
    if (text === '') continue;
    out[truncate(key, 64)] = truncate(text, LABEL_VALUE_MAX_CHARS);
    if (++count >= MAX_LABELS) break;
  }
  return count === 0 ? undefined : out;
}

function cleanResource(resource: ResourceRef): ResourceRef {
  return {
    type: truncate(resource.type, 256),
    id: truncate(resource.id, IDENTIFIER_MAX_CHARS),
    ...(resource.arn ? { arn: truncate(resource.arn, 2048) } : {}),
    ...(resource.region ? { region: resource.region } : {}),
    ...(resource.account ? { account: resource.account } : {}),
  };
}

/**
 * Finishes a draft into a Signal: stable id, truncated title/description/labels, the raw reference,
 * and a final `SignalSchema` check so nothing invalid ever leaves the normaliser.
 *
 * The id is a SHA-256 (truncated to 96 bits) of the source, the envelope event id, the time, the resource,
 * the state and the source's own status word: the same input always yields the same id, so a duplicate
 * delivery of one event is recognised, while two different transitions never share one.
 */
export function buildSignal(draft: SignalDraft, env: Envelope): { ok: true; signal: Signal } | { ok: false; outcome: Outcome } {
  const resource = cleanResource(draft.resource);
  const id = stableHash([
    draft.source,
    draft.kind,
    env.eventId,
    draft.time,
    resource.type,
    resource.id,
    draft.state,
    draft.status,
    draft.discriminator,
  ]);
  const title = truncate(cleanText(draft.title) ?? `${draft.source} ${draft.kind}`, TITLE_MAX_CHARS);
  const description = draft.description !== undefined ? cleanDescription(draft.description) : undefined;
  const labels = cleanLabels(draft.labels);
  const environment = cleanText(draft.environment);
  const hints = cleanHints(draft.hints, resource.arn);
  const candidate: Signal = {
    id,
    source: draft.source,
    kind: draft.kind,
    severity: draft.severity,
    state: draft.state,
    resource,
    ...(draft.service ? { service: truncate(draft.service, 256) } : {}),
    ...(environment ? { environment: truncate(environment, 256) } : {}),
    ...(hints ? { hints } : {}),
    fingerprint: truncate(draft.fingerprint, IDENTIFIER_MAX_CHARS),
    time: draft.time,
    title,
    ...(description ? { description } : {}),
    ...(labels ? { labels } : {}),
    raw: {
      ...(env.eventId !== undefined ? { eventId: truncate(env.eventId, 256) } : {}),
      source: truncate(env.rawSource, 256),
      ...(env.detailType !== undefined ? { detailType: truncate(env.detailType, 256) } : {}),
      bytes: env.bytes,
      excerpt: truncate(env.excerpt, RAW_EXCERPT_MAX_CHARS),
    },
  };
  const checked = SignalSchema.safeParse(candidate, { reportInput: true });
  if (checked.success) return { ok: true, signal: checked.data };
  return {
    ok: false,
    outcome: reject('malformed', `the event could not be turned into a valid signal: ${formatZodIssues(checked.error.issues, 'signal')}`, env),
  };
}

function cleanDescription(value: string): string | undefined {
  const text = value.length > DESCRIPTION_MAX_CHARS * 2 ? value.slice(0, DESCRIPTION_MAX_CHARS * 2) : value;
  const trimmed = text.trim();
  return trimmed === '' ? undefined : truncate(trimmed, DESCRIPTION_MAX_CHARS);
}

/** Builds every draft; the first one that fails rejects the whole input (all or nothing). */
export function buildAll(drafts: readonly SignalDraft[], env: Envelope): Outcome {
  const signals: Signal[] = [];
  for (const draft of drafts) {
    const built = buildSignal(draft, env);
    if (!built.ok) return built.outcome;
    signals.push(built.signal);
  }
  return accept(signals);
}

/** Builds one draft into an outcome. */
export function buildOne(draft: SignalDraft, env: Envelope): Outcome {
  return buildAll([draft], env);
}

/** `a:b:c` with blank parts written as `-`, for fingerprints. */
export function fingerprintOf(...parts: (string | undefined)[]): string {
  return parts.map((p) => (p === undefined || p === '' ? '-' : p)).join(':');
}

/** True for a plain (non-array) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `severity` when the rank is a known severity, for maps from source vocabularies. */
export function severityFrom(map: Readonly<Record<string, Severity>>, key: string | undefined, fallback: Severity): Severity {
  if (key === undefined) return fallback;
  return map[key.toLowerCase()] ?? fallback;
}

/** An optional string that is dropped (not rejected) when it has the wrong type: for decoration, never for identity. */
export const looseString = z.string().optional().catch(undefined);
/** An optional number that is dropped when it has the wrong type. */
export const looseNumber = z.number().optional().catch(undefined);
