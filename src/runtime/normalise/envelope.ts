import * as z from 'zod';
import { RAW_EXCERPT_MAX_CHARS } from '../model';
import { firstText, isRecord, looseString, reject, truncate, type Envelope, type Outcome } from './common';
import { parseEmbeddedJson } from './size';
import { parseArn } from '../model/aws-resources';

/*
 * Envelope readers: they find the payload inside an EventBridge event, a PutEvents request entry,
 * a Lambda SNS event or an SNS notification body, and say where it sat (for reasons) and what the
 * envelope knew (event id, time, account, region). They never interpret the payload itself.
 */

/** An EventBridge event as delivered to a target. */
export const EventBridgeSchema = z.object({
  'source': z.string().min(1),
  'detail-type': z.string().min(1),
  'detail': z.unknown().optional(),
  'id': looseString,
  'time': looseString,
  'account': looseString,
  'region': looseString,
  'resources': z.array(z.unknown()).optional().catch(undefined),
});

/** One PutEvents request entry (`Source`, `DetailType`, `Detail` as a JSON string). */
export const PutEventsEntrySchema = z.object({
  Source: z.string().min(1),
  DetailType: z.string().min(1),
  Detail: z.string(),
  Time: z.unknown().optional(),
  Resources: z.array(z.unknown()).optional().catch(undefined),
});

/** True when the value has the keys of an EventBridge event. */
export function looksLikeEventBridge(value: Record<string, unknown>): boolean {
  return 'detail-type' in value && 'source' in value;
}

/** True when the value has the keys of a PutEvents request entry. */
export function looksLikePutEventsEntry(value: Record<string, unknown>): boolean {
  return 'DetailType' in value && 'Source' in value && 'Detail' in value;
}

/** An excerpt of a unit's JSON, bounded to what a RawRef keeps. */
export function excerptOf(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return truncate(typeof text === 'string' ? text : String(value), RAW_EXCERPT_MAX_CHARS);
  } catch {
    return '';
  }
}

function stringResources(list: readonly unknown[] | undefined): string[] | undefined {
  if (!list) return undefined;
  const out = list.filter((r): r is string => typeof r === 'string').slice(0, 100);
  return out.length > 0 ? out : undefined;
}

/** An EventBridge-style payload with its envelope, or the rejection that stopped the reading. */
export type Unwrapped =
  | { readonly ok: true; readonly env: Envelope; readonly detailType: string; readonly source: string; readonly detail: unknown }
  | { readonly ok: false; readonly outcome: Outcome };

/** Reads an EventBridge event: the envelope, and `detail` as the payload. */
export function readEventBridge(value: unknown, base: Envelope): Unwrapped {
  const parsed = EventBridgeSchema.safeParse(value);
  if (!parsed.success) {
    const v = isRecord(value) ? value : {};
    return {
      ok: false,
      outcome: reject('malformed', `EventBridge event: ${prefixed(base.path, 'source')} and ${prefixed(base.path, 'detail-type')} must be non-empty strings; got ${typeof v.source === 'string' ? JSON.stringify(truncate(v.source, 60)) : typeof v.source} and ${typeof v['detail-type'] === 'string' ? JSON.stringify(truncate(v['detail-type'], 60)) : typeof v['detail-type']}`),
    };
  }
  const e = parsed.data;
  return {
    ok: true,
    source: e.source,
    detailType: e['detail-type'],
    detail: e.detail,
    env: {
      ...base,
      rawSource: e.source,
      detailType: e['detail-type'],
      eventId: e.id ?? base.eventId,
      time: e.time ?? base.time,
      account: e.account ?? base.account,
      region: e.region ?? base.region,
      resources: stringResources(e.resources),
      path: prefixed(base.path, 'detail'),
    },
  };
}

/** Reads a PutEvents request entry: `Detail` (a JSON string) is parsed as the payload. */
export function readPutEventsEntry(value: unknown, base: Envelope): Unwrapped {
  const parsed = PutEventsEntrySchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, outcome: reject('malformed', `PutEvents entry: ${prefixed(base.path, 'Source')}, ${prefixed(base.path, 'DetailType')} and ${prefixed(base.path, 'Detail')} must be strings`) };
  }
  const e = parsed.data;
  const detailPath = prefixed(base.path, 'Detail');
  const env: Envelope = {
    ...base,
    rawSource: e.Source,
    detailType: e.DetailType,
    time: e.Time ?? base.time,
    resources: stringResources(e.Resources),
    path: detailPath,
  };
  const detail = parseEmbeddedJson(e.Detail, detailPath);
  if (!detail.ok) return { ok: false, outcome: reject(detail.code, `PutEvents entry: ${detail.reason}`, env) };
  return { ok: true, source: e.Source, detailType: e.DetailType, detail: detail.value, env };
}

const SnsNotificationSchema = z.object({
  Type: looseString,
  MessageId: looseString,
  TopicArn: looseString,
  Timestamp: looseString,
  Subject: looseString,
  Message: z.unknown().optional(),
});

/** True for an SNS notification body (`Type: Notification` with a `Message`). */
export function looksLikeSnsNotification(value: Record<string, unknown>): boolean {
  return value.Type === 'Notification' && 'Message' in value;
}

/**
 * Reads an SNS notification (`Records[i].Sns` of a Lambda SNS event, or a bare notification body):
 * the message (a JSON string, or an object as the AWS Config guide prints it) becomes the payload.
 */
export function readSnsNotification(value: unknown, base: Envelope): { ok: true; env: Envelope; message: unknown } | { ok: false; outcome: Outcome } {
  const parsed = SnsNotificationSchema.safeParse(value);
  const messagePath = prefixed(base.path, 'Message');
  if (!parsed.success) return { ok: false, outcome: reject('malformed', `SNS notification: ${base.path || 'the input'} must be an object with a Message`) };
  const n = parsed.data;
  const topic = parseArn(n.TopicArn);
  const env: Envelope = {
    ...base,
    rawSource: 'sns',
    detailType: undefined,
    eventId: firstText(n.MessageId) ?? base.eventId,
    time: n.Timestamp ?? base.time,
    account: base.account ?? topic?.account,
    region: base.region ?? topic?.region,
    path: messagePath,
  };
  if (typeof n.Message === 'string') {
    const message = parseEmbeddedJson(n.Message, messagePath);
    if (!message.ok) {
      const code = message.code === 'too-large' ? 'too-large' : 'unsupported';
      return { ok: false, outcome: reject(code, `SNS notification: ${message.reason} (plain-text SNS messages are not supported)`, env) };
    }
    return { ok: true, env, message: message.value };
  }
  if (isRecord(n.Message)) return { ok: true, env, message: n.Message };
  return { ok: false, outcome: reject('malformed', `SNS notification: ${messagePath} must be a JSON string or an object; got ${n.Message === null ? 'null' : typeof n.Message}`, env) };
}

function prefixed(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
