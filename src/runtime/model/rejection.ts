import * as z from 'zod';
import type { Signal } from './signal';

/**
 * Why an input could not become a signal.
 * - `malformed`: not JSON, not an object, or a known event whose required fields are missing or of the wrong type.
 * - `unsupported`: well-formed, but a source or detail-type the library does not handle.
 * - `too-large`: bigger than the normaliser accepts.
 * - `ignored`: understood and deliberately not a signal (for example an alarm configuration change).
 * - `internal`: the normaliser itself failed on this input (a bug in cdk-aiops, never the input's fault). The input is
 *   still dead-lettered with the error, so nothing is lost, and tests and the fuzz script count it as a crash.
 */
export const REJECTION_CODES = ['malformed', 'unsupported', 'too-large', 'ignored', 'internal'] as const;
export const RejectionCodeSchema = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof RejectionCodeSchema>;

export const RejectionSchema = z.object({
  code: RejectionCodeSchema,
  /** Human-readable reason, naming the field or value at fault. */
  reason: z.string().min(1),
  /** Where the input came from (`file#index`, SQS message id...), when the caller knows. */
  input: z.string().optional(),
  /** EventBridge source / detail-type of the input, when it had them. */
  eventSource: z.string().optional(),
  detailType: z.string().optional(),
});
export type Rejection = z.infer<typeof RejectionSchema>;

/** The outcome of normalising one input: zero or more signals, or a rejection. */
export type NormaliseOutcome =
  | { readonly ok: true; readonly signals: Signal[] }
  | { readonly ok: false; readonly rejection: Rejection };

