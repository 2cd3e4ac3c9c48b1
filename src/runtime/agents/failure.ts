import { AGENT_STEPS, StepErrorSchema, type AgentFailureDetail, type AgentStep } from './steps';
import { ERROR_TEXT_MAX_CHARS } from './timeline';

/**
 * What failed, from the execution state a Catch handed over: the first step whose result is missing from the state
 * (steps write `telemetry`, `knowledge`, `reasoning`, `decision`, `record` in order), the error name and the cause.
 * A Lambda error's cause is its JSON `{ errorType, errorMessage, trace }`: the message is kept, the trace dropped.
 */
export function describeFailure(state: Readonly<Record<string, unknown>>, runId: string): AgentFailureDetail {
  const incident = state.incident as { id?: unknown } | undefined;
  const incidentId = typeof incident?.id === 'string' && incident.id ? incident.id : undefined;
  const failedStep: AgentStep = AGENT_STEPS.find((step) => state[step] === undefined) ?? 'unknown';
  const parsed = StepErrorSchema.safeParse(state.error);
  const error = (parsed.success ? parsed.data.Error : undefined) || 'UnknownError';
  const rawCause = (parsed.success ? parsed.data.Cause : undefined) ?? '';
  return {
    ...(incidentId ? { incidentId } : {}),
    runId,
    failedStep,
    error: error.slice(0, 256),
    cause: causeMessage(rawCause).slice(0, ERROR_TEXT_MAX_CHARS),
  };
}

function causeMessage(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorType?: unknown; errorMessage?: unknown };
    if (parsed && typeof parsed === 'object' && typeof parsed.errorMessage === 'string') {
      return typeof parsed.errorType === 'string' ? `${parsed.errorType}: ${parsed.errorMessage}` : parsed.errorMessage;
    }
  } catch {
    // not JSON: a States.* error's plain-text cause
  }
  return cause;
}
