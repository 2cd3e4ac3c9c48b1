/** The Telemetry agent's step: what the telemetry Lambda and `runInvestigation` call. */
import type { Incident, Signal } from '../model';
import { signalsOf } from './steps';
import { collectTelemetry, type CollectOptions } from '../telemetry/collect';
import type { Collectors } from '../telemetry/ports';
import type { TelemetryBundle } from '../telemetry/types';

// ---------------------------------------------------------------- telemetry

export interface TelemetryStepOptions extends Omit<CollectOptions, 'now'> {
  readonly collectors: Partial<Collectors>;
  readonly now: Date;
}

/** Telemetry for an incident, within the token budget. Never throws (collectors report their failures). */
export async function gatherTelemetry(
  incident: Incident,
  options: TelemetryStepOptions,
  signals: readonly Signal[] = signalsOf(incident),
): Promise<TelemetryBundle> {
  const { collectors, ...collect } = options;
  return collectTelemetry({ incident, signals }, collectors, collect);
}

