/** Plain-data builders for the remediation tests: an EC2 incident, its finding, and a registry with a rollback pair. */
import type { Incident, Signal } from '../../../src/runtime/model';
import type { Finding } from '../../../src/runtime/reasoning/finding';
import type { RemediationInput } from '../../../src/runtime/remediation';
import { BUILTIN_RUNBOOKS, BuiltinRunbookId, RunbookRegistry, type ParameterValue, type RunbookSpec } from '../../../src/runtime/runbooks';
import { ec2CpuAlarmSignal, incident } from '../../support/telemetry-builders';

/** A runbook with a declared rollback, and the rollback (its own verify wait is shorter). */
export const REGISTRY = new RunbookRegistry([
  ...BUILTIN_RUNBOOKS,
  {
    id: 'resize-web',
    title: 'Move the instance to a larger type',
    kind: 'ssm-automation',
    target: 'AWS-ResizeInstance',
    riskClass: 'low',
    resourceTypes: ['AWS::EC2::Instance'],
    parameters: {
      InstanceId: { type: 'string', required: true, fromResource: 'id' },
      InstanceType: { type: 'string', required: true, enum: ['t3.large', 't3.xlarge'] },
    },
    rollback: 'resize-web-back',
    verify: { check: 'alarms-ok', waitSeconds: 300 },
  },
  {
    id: 'resize-web-back',
    title: 'Move the instance back to its type',
    kind: 'ssm-automation',
    target: 'AWS-ResizeInstance',
    riskClass: 'low',
    resourceTypes: ['AWS::EC2::Instance'],
    parameters: {
      InstanceId: { type: 'string', required: true, fromResource: 'id' },
      TargetType: { type: 'string', default: 't3.medium' },
    },
    verify: { check: 'alarms-ok', waitSeconds: 120 },
  },
]);

export function spec(id: string): RunbookSpec {
  const s = REGISTRY.get(id);
  if (!s) throw new Error(`no runbook ${id}`);
  return s;
}

/** The real EC2 CPU alarm (events/cloudwatch fixture) as the incident's one signal. */
export function ec2Incident(overrides: Partial<Incident> = {}): { incident: Incident; signals: Signal[] } {
  const signals = [ec2CpuAlarmSignal()];
  return { incident: incident(signals, overrides), signals };
}

export function finding(runbookId: string | undefined, parameters: Record<string, ParameterValue> = {}): Finding {
  return {
    cause: 'CPU saturation on the web instance',
    evidence: [],
    confidence: 0.8,
    reasoner: 'deterministic',
    ...(runbookId ? { runbook: { id: runbookId, parameters } } : {}),
  };
}

/** A remediation input for `runbookId` on the EC2 incident, parameters pointing at its instance. */
export function ec2Input(runbookId: string = BuiltinRunbookId.RESTART_EC2_INSTANCE, extra: Record<string, ParameterValue> = {}): RemediationInput {
  const { incident: inc, signals } = ec2Incident();
  const params = { InstanceId: signals[0].resource.id, ...extra };
  return { incident: inc, signals, finding: finding(runbookId, params), spec: spec(runbookId), params };
}
