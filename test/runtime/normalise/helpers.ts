import { RejectionSchema, SignalSchema, type NormaliseOutcome, type Rejection, type Signal } from '../../../src/runtime/model';
import { normaliseEvent, type NormaliseOptions } from '../../../src/runtime/normalise';
import { loadFixture } from '../../support/fixtures';

/** Normalises and checks the outcome against the model schemas, whatever it is. */
export function normalise(input: unknown, options?: NormaliseOptions): NormaliseOutcome {
  const outcome = normaliseEvent(input, options);
  if (outcome.ok) {
    for (const signal of outcome.signals) SignalSchema.parse(signal);
  } else {
    RejectionSchema.parse(outcome.rejection);
  }
  return outcome;
}

/** The signals of an input that must normalise; fails the test with the rejection otherwise. */
export function signalsOf(input: unknown, options?: NormaliseOptions): Signal[] {
  const outcome = normalise(input, options);
  if (!outcome.ok) throw new Error(`expected signals, got ${outcome.rejection.code}: ${outcome.rejection.reason}`);
  return outcome.signals;
}

/** The only signal of an input that must give exactly one. */
export function oneSignal(input: unknown, options?: NormaliseOptions): Signal {
  const signals = signalsOf(input, options);
  if (signals.length !== 1) throw new Error(`expected one signal, got ${signals.length}`);
  return signals[0];
}

/** The rejection of an input that must be rejected; fails the test with the signals otherwise. */
export function rejectionOf(input: unknown, options?: NormaliseOptions): Rejection {
  const outcome = normalise(input, options);
  if (outcome.ok) throw new Error(`expected a rejection, got ${outcome.signals.length} signal(s)`);
  return outcome.rejection;
}

/** The signal of one fixture (`events/...`); for PutEvents entry files, of entry `index`. */
export function fixtureSignal(relative: string, index = 0): Signal {
  const value = loadFixture(relative);
  return oneSignal(Array.isArray(value) ? value[index] : value, { input: relative });
}

/** A deep copy of a fixture, to change in a test without touching the file. */
export function fixtureCopy(relative: string): any {
  return structuredClone(loadFixture(relative));
}
