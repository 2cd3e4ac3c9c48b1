import type { EventInput } from '../../runtime/io';
import { triageSignals } from '../../runtime/local';
import type { Rejection, Signal, TriageResult } from '../../runtime/model';
import { normaliseEvent } from '../../runtime/normalise';
import type { Topology } from '../../runtime/topology';
import { type LearnedCorrelation, type TriageRules } from '../../runtime/triage';

export interface TriageEventsOptions {
  /** Resolved triage rules. @default - the library defaults */
  readonly rules?: TriageRules;
  /** Learned correlation triage reads and learns into. @default - none */
  readonly learning?: LearnedCorrelation;
  /** Owners and the service graph (`--inventory`, `--service-graph`). @default - triage's own default (Topology.EMPTY) */
  readonly topology?: Topology;
}

/**
 * The local triage pipeline: normalise each input, triage the signals, and assemble the result
 * `cdk-aiops triage --format json` prints. The same normaliser and triage core the Lambda handler runs.
 *
 * Signals are triaged in time order (stable for equal times): files are read in name order, but the bus
 * delivers in time order, and a replay should look like what the bus would have delivered.
 */
export async function triageEvents(inputs: readonly EventInput[], options: TriageEventsOptions = {}): Promise<TriageResult> {
  const signals: Signal[] = [];
  const rejected: Rejection[] = [];
  for (const item of inputs) {
    if (!item.ok) {
      rejected.push(orderRejection(item.rejection, item.input));
      continue;
    }
    const outcome = normaliseEvent(item.event, { input: item.input });
    if (outcome.ok) signals.push(...outcome.signals);
    else rejected.push(orderRejection(outcome.rejection, item.input));
  }

  const ordered = signals
    .map((signal, index) => ({ signal, index, at: Date.parse(signal.time) }))
    .sort((a, b) => (a.at - b.at) || (a.index - b.index))
    .map(({ signal }) => signal);

  const { incidents, suppressed } = await triageSignals(ordered, {
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.learning ? { learning: options.learning } : {}),
    ...(options.topology ? { topology: options.topology } : {}),
  });

  return {
    signals: ordered,
    incidents,
    suppressed,
    rejected,
    stats: {
      events: inputs.length,
      signals: ordered.length,
      incidents: incidents.length,
      suppressed: suppressed.length,
      rejected: rejected.length,
    },
  };
}

/** `input` first so a reader scanning the output sees where before why; the label is always set. */
function orderRejection(rejection: Rejection, input: string): Rejection {
  const { input: own, reason, code, ...rest } = rejection;
  return { input: own ?? input, reason, code, ...rest };
}
