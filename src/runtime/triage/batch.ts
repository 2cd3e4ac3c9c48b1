/**
 * The triage handler's batch logic, over narrow ports so tests inject clients and stores.
 * Runtime world: imports the runtime and the shared names, never aws-cdk-lib.
 */
import { TriageMetric } from '../../contract/metrics';
import type { Incident, Rejection, Signal } from '../model';
import { DEFAULT_MAX_BYTES, normaliseEvent } from '../normalise';
import type { IncidentEvent, TriageOutcome } from './triage';
import type { Log } from '../ports/observability';

/** One SQS record, as much of it as triage reads. */
export interface IngestRecord {
  readonly messageId: string;
  readonly body: string;
}

/** Triages one signal (the runtime `Triage` over a store). */
export interface SignalTriage {
  process(signal: Signal): Promise<TriageOutcome>;
}

/** Publishes incident events on the hub bus. Throws when any of them could not be published. */
export interface IncidentPublisher {
  publish(events: readonly IncidentEvent[]): Promise<void>;
}

/** Where a rejected event goes, with its reason (the dead-letter queue). Throws when it could not be kept. */
export interface RejectionSink {
  reject(record: IngestRecord, rejection: Rejection): Promise<void>;
}

/** Structured log (Powertools Logger in Lambda). */
export type TriageLog = Log;

/** Counters (Powertools Metrics, EMF, in Lambda), named by `TriageMetric`. */
export interface TriageCounters {
  count(metric: (typeof TriageMetric)[keyof typeof TriageMetric], value: number): void;
}

export interface TriageBatchDeps {
  readonly triage: SignalTriage;
  readonly publisher: IncidentPublisher;
  readonly rejections: RejectionSink;
  readonly log: TriageLog;
  readonly counters: TriageCounters;
  /**
   * Largest event accepted, in bytes of UTF-8 JSON.
   * @default DEFAULT_MAX_BYTES (256 KiB, EventBridge's own limit)
   */
  readonly maxEventBytes?: number;
}

/** What the Lambda returns for an SQS batch with `ReportBatchItemFailures`. */
export interface BatchResult {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

/** What happened to one record. */
export type RecordResult =
  | { readonly status: 'triaged'; readonly signals: number; readonly published: number }
  | { readonly status: 'rejected'; readonly rejection: Rejection }
  | { readonly status: 'ignored'; readonly rejection: Rejection }
  | { readonly status: 'failed'; readonly error: string };

/**
 * Process an SQS batch: each record independently, in order. A record that is triaged, rejected (and
 * dead-lettered with its reason) or ignored counts as processed; only a record that hit an unexpected error
 * (store, publish, dead-letter write) is reported in `batchItemFailures`, so SQS redelivers that one alone.
 */
export async function processBatch(
  records: readonly IngestRecord[],
  deps: TriageBatchDeps,
): Promise<BatchResult & { readonly results: RecordResult[] }> {
  const results: RecordResult[] = [];
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    const result = await processRecord(record, deps);
    results.push(result);
    if (result.status === 'failed') batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  deps.counters.count(TriageMetric.EVENTS_RECEIVED, records.length);
  deps.log.info('batch triaged', {
    records: results.length,
    triaged: results.filter((r) => r.status === 'triaged').length,
    rejected: results.filter((r) => r.status === 'rejected').length,
    ignored: results.filter((r) => r.status === 'ignored').length,
    failed: batchItemFailures.length,
  });
  return { batchItemFailures, results };
}

async function processRecord(record: IngestRecord, deps: TriageBatchDeps): Promise<RecordResult> {
  const { log, counters } = deps;
  try {
    const parsed = parseEventBridgeBody(record, deps.maxEventBytes ?? DEFAULT_MAX_BYTES);
    const outcome = parsed.ok
      ? normaliseEvent(parsed.event, { input: record.messageId, maxBytes: deps.maxEventBytes ?? DEFAULT_MAX_BYTES })
      : { ok: false as const, rejection: parsed.rejection };

    if (!outcome.ok) {
      const rejection = outcome.rejection;
      if (rejection.code === 'ignored') {
        counters.count(TriageMetric.EVENTS_IGNORED, 1);
        log.debug('event ignored', { messageId: record.messageId, rejection });
        return { status: 'ignored', rejection };
      }
      await deps.rejections.reject(record, rejection);
      counters.count(TriageMetric.EVENTS_REJECTED, 1);
      log.warn('event rejected to the dead-letter queue', { messageId: record.messageId, rejection });
      return { status: 'rejected', rejection };
    }

    let published = 0;
    for (const signal of outcome.signals) {
      const result = await deps.triage.process(signal);
      countOutcome(result, counters);
      // Publish per signal, right after its commit: a failure fails the record before the next signal is triaged.
      if (result.published.length > 0) await deps.publisher.publish(result.published);
      published += result.published.length;
      log.debug('signal triaged', {
        messageId: record.messageId,
        signalId: signal.id,
        action: result.action,
        suppression: result.suppression,
        incidentId: result.incident?.id,
      });
    }
    counters.count(TriageMetric.SIGNALS, outcome.signals.length);
    return { status: 'triaged', signals: outcome.signals.length, published };
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    log.error('record failed; SQS will redeliver it', { messageId: record.messageId, error });
    return { status: 'failed', error };
  }
}

function countOutcome(outcome: TriageOutcome, counters: TriageCounters): void {
  for (const event of outcome.published) {
    if (event.type === 'opened') counters.count(TriageMetric.INCIDENTS_OPENED, 1);
    if (event.type === 'resolved') counters.count(TriageMetric.INCIDENTS_RESOLVED, 1);
  }
  if (outcome.suppression !== undefined) counters.count(TriageMetric.SIGNALS_SUPPRESSED, 1);
}

type Parsed =
  | { readonly ok: true; readonly event: Record<string, unknown> }
  | { readonly ok: false; readonly rejection: Rejection };

/**
 * The body of an ingest record is the EventBridge event the rule delivered. Bounded before parsing:
 * a body larger than `maxBytes` is rejected without reading it.
 */
export function parseEventBridgeBody(record: IngestRecord, maxBytes: number): Parsed {
  const input = record.messageId;
  const body = record.body;
  // Every UTF-16 unit is at least one UTF-8 byte: a string longer than the limit is over it, without encoding it.
  const bytes = body.length > maxBytes ? undefined : Buffer.byteLength(body, 'utf8');
  if (bytes === undefined || bytes > maxBytes) {
    return reject('too-large', `the SQS message body is ${bytes ?? `more than ${maxBytes}`} bytes; events up to ${maxBytes} bytes are accepted`, input);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return reject('malformed', `the SQS message body is not JSON (${(e as Error).message}); expected the EventBridge event the hub rule delivered`, input);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return reject('malformed', `the SQS message body must be an EventBridge event object; got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`, input);
  }
  const event = value as Record<string, unknown>;
  if (typeof event.source !== 'string' || typeof event['detail-type'] !== 'string' || !('detail' in event)) {
    return reject('malformed', 'the SQS message body is not an EventBridge event: expected string "source" and "detail-type" and a "detail"', input);
  }
  return { ok: true, event };
}

function reject(code: Rejection['code'], reason: string, input: string): Parsed {
  return { ok: false, rejection: { code, reason, input } };
}

/** The `detail` of an incident event: the incident, trimmed (oldest timeline entries, then oldest signal ids) to fit `maxBytes`. */
export function incidentDetail(incident: Incident, maxBytes: number): string {
  let detail = JSON.stringify(incident);
  if (Buffer.byteLength(detail, 'utf8') <= maxBytes) return detail;
  let timeline = incident.timeline;
  let signalIds = incident.signalIds;
  while (Buffer.byteLength(detail, 'utf8') > maxBytes && (timeline.length > 0 || signalIds.length > 0)) {
    // Halve what is left, oldest first: O(log n) serialisations.
    if (timeline.length > 0) timeline = timeline.slice(Math.ceil(timeline.length / 2));
    else signalIds = signalIds.slice(Math.ceil(signalIds.length / 2));
    detail = JSON.stringify({ ...incident, timeline, signalIds });
  }
  return detail;
}
