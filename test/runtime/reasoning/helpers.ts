import type { Incident, ResourceRef, Signal, SignalKind } from '../../../src/runtime/model';
import type { KnowledgeSnippet, ReasoningInput } from '../../../src/runtime/reasoning';
import { BUILTIN_RUNBOOKS, RunbookRegistry } from '../../../src/runtime/runbooks';
import type { Evidence, TelemetryBundle } from '../../../src/runtime/telemetry/types';

export const NOW = '2026-03-10T02:00:00.000Z';

export const EC2: ResourceRef = {
  type: 'AWS::EC2::Instance',
  id: 'i-0123456789abcdef0',
  arn: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0',
  region: 'eu-west-1',
  account: '111122223333',
};
export const OTHER_EC2_ID = 'i-0fedcba9876543210';
export const ASG: ResourceRef = { type: 'AWS::AutoScaling::AutoScalingGroup', id: 'web-asg', region: 'eu-west-1' };
export const RDS: ResourceRef = { type: 'AWS::RDS::DBInstance', id: 'orders-db', region: 'eu-west-1' };
export const LAMBDA: ResourceRef = {
  type: 'AWS::Lambda::Function',
  id: 'checkout',
  arn: 'arn:aws:lambda:eu-west-1:111122223333:function:checkout',
  region: 'eu-west-1',
};
export const POD: ResourceRef = { type: 'Kubernetes::Pod', id: 'shop/cart-7d9f-abcde' };
export const CANARY: ResourceRef = { type: 'AWS::Synthetics::Canary', id: 'checkout-canary' };

let counter = 0;

export function signal(overrides: Partial<Signal> & { resource: ResourceRef; kind: SignalKind }): Signal {
  counter += 1;
  return {
    id: `sig-${counter}`,
    source: 'cloudwatch-alarm',
    severity: 'high',
    state: 'firing',
    fingerprint: `fp-${counter}`,
    time: NOW,
    title: `alarm ${counter}`,
    raw: { source: 'aws.cloudwatch', bytes: 10, excerpt: '{}' },
    ...overrides,
  };
}

export function alarm(resource: ResourceRef, metricName: string, overrides: Partial<Signal> = {}): Signal {
  return signal({ resource, kind: 'metric-alarm', title: `${metricName} high on ${resource.id}`, labels: { metricName }, ...overrides });
}

export function incident(signals: readonly Signal[], overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    key: 'svc:web',
    title: 'web is unhealthy',
    priority: 'P2',
    status: 'open',
    severity: 'high',
    storm: false,
    signalIds: signals.map((s) => s.id),
    firing: signals.map((s) => s.fingerprint),
    services: ['web'],
    resources: signals.map((s) => s.resource.arn ?? `${s.resource.type}/${s.resource.id}`),
    sources: [...new Set(signals.map((s) => s.source))],
    suppressedCount: 0,
    openedAt: NOW,
    updatedAt: NOW,
    timeline: [],
    version: 1,
    ...overrides,
  };
}

export function bundle(evidence: Evidence[] = [], overrides: Partial<TelemetryBundle> = {}): TelemetryBundle {
  return {
    incidentId: 'inc-1',
    window: { start: '2026-03-10T01:00:00.000Z', end: NOW },
    results: [
      { collector: 'metrics', status: 'ok', evidence: evidence.filter((e) => e.ref.startsWith('metrics:')), truncated: false },
      { collector: 'logs', status: 'ok', evidence: evidence.filter((e) => !e.ref.startsWith('metrics:')), truncated: false },
    ],
    tokenEstimate: 100,
    tokenBudget: 4000,
    ...overrides,
  };
}

export const REGISTRY = new RunbookRegistry(BUILTIN_RUNBOOKS);

export function input(
  signals: readonly Signal[],
  options: { evidence?: Evidence[]; registry?: RunbookRegistry; knowledge?: KnowledgeSnippet[]; telemetry?: TelemetryBundle } = {},
): ReasoningInput {
  const registry = options.registry ?? REGISTRY;
  return {
    incident: incident(signals),
    signals,
    telemetry: options.telemetry ?? bundle(options.evidence ?? [
      { ref: `metrics:CPUUtilization:${EC2.id}`, summary: 'CPU at 99% for 15 minutes', facts: { max: 99.2, instance: EC2.id } },
      { ref: 'logs:1', summary: 'OOM killer invoked' },
    ]),
    candidates: registry.candidatesFor(signals.map((s) => s.resource.type)),
    knowledge: options.knowledge ?? [],
  };
}
