import type { Severity, Signal, SignalKind, SignalSource, SignalState } from '../../../src/runtime/model';

/** Base time of synthetic signals: 2025-01-01T00:00:00Z. */
export const T0 = Date.parse('2025-01-01T00:00:00.000Z');

export interface SignalSpec {
  readonly id?: string;
  /** Seconds after T0. @default 0 */
  readonly at?: number;
  readonly source?: SignalSource;
  readonly kind?: SignalKind;
  readonly severity?: Severity;
  readonly state?: SignalState;
  /** `null` for a signal without a service. @default 'checkout' */
  readonly service?: string | null;
  /** Resource id. @default 'i-1' */
  readonly resource?: string;
  readonly resourceType?: string;
  readonly account?: string;
  readonly region?: string;
  /** @default `${kind}:${resource}` */
  readonly fingerprint?: string;
  readonly title?: string;
}

let counter = 0;

/** A synthetic Signal (the triage core's own input type). Unspecified ids are unique per call. */
export function signal(spec: SignalSpec = {}): Signal {
  const kind = spec.kind ?? 'metric-alarm';
  const resource = spec.resource ?? 'i-1';
  const state = spec.state ?? 'firing';
  const id = spec.id ?? `sig-${++counter}`;
  return {
    id,
    source: spec.source ?? defaultSource(kind),
    kind,
    severity: spec.severity ?? (state === 'info' ? 'info' : 'high'),
    state,
    resource: {
      type: spec.resourceType ?? 'AWS::EC2::Instance',
      id: resource,
      account: spec.account ?? '123456789012',
      region: spec.region ?? 'eu-west-1',
    },
    ...(spec.service === null ? {} : { service: spec.service ?? 'checkout' }),
    fingerprint: spec.fingerprint ?? `${kind}:${resource}`,
    time: new Date(T0 + (spec.at ?? 0) * 1000).toISOString(),
    title: spec.title ?? `${kind} on ${resource} ${state}`,
    raw: { source: 'test', bytes: 0, excerpt: '{}' },
  };
}

/** The same signal re-stated: a resolution (or another state) of `s`'s fingerprint at `at` seconds. */
export function transition(s: Signal, state: SignalState, at: number, id?: string): Signal {
  return { ...s, id: id ?? `${s.id}-${state}-${at}`, state, time: new Date(T0 + at * 1000).toISOString() };
}

function defaultSource(kind: SignalKind): SignalSource {
  switch (kind) {
    case 'canary-run': case 'canary-status': return 'synthetics';
    case 'slo-budget': return 'application-signals';
    case 'insight': case 'insight-anomaly': case 'insight-recommendation': return 'devops-guru';
    case 'health-event': return 'health';
    case 'pod-event': return 'kubernetes';
    case 'deployment': return 'codedeploy';
    case 'automation': return 'ssm';
    default: return 'cloudwatch-alarm';
  }
}
