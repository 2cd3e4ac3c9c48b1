import type { TokenUsage } from './finding';

/**
 * The model could not be asked right now: throttled, service unavailable, model not ready, or timed out.
 * reasonWithFallback answers with the deterministic reasoner instead.
 */
export class ReasonerUnavailableError extends Error {
  /** The service's error name (ThrottlingException, ServiceUnavailableException...), or `Timeout`. */
  public readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReasonerUnavailableError';
    this.code = code;
  }
}

/** The error code of a throttled model call (Bedrock's, and most AWS services'). */
export const THROTTLING_ERROR_CODE = 'ThrottlingException';

/** How reasonWithFallback words the `fallbackReason` of a ReasonerUnavailableError. */
export function unavailableReason(code: string): string {
  return `unavailable: ${code}`;
}

/** Whether a finding's `fallbackReason` says the model was throttled (ReasonerUnavailableError with THROTTLING_ERROR_CODE). */
export function isThrottledFallback(fallbackReason: string | undefined): boolean {
  return fallbackReason === unavailableReason(THROTTLING_ERROR_CODE);
}

/** The model answered, but not with a usable `report_finding` call. Carries the tokens it cost. */
export class InvalidModelOutputError extends Error {
  public readonly usage?: TokenUsage;

  constructor(message: string, usage?: TokenUsage) {
    super(message);
    this.name = 'InvalidModelOutputError';
    this.usage = usage;
  }
}
