import { BuiltinRunbookId } from '../../contract/runbooks';
import type { ResourceRef, Signal, SignalKind } from '../model';
import { fillFromResource, validateRunbookParameters, type ParameterValue } from '../runbooks';
import type { Finding } from './finding';
import { incidentResources, type ReasoningInput } from './input';
import type { Reasoner } from './reasoner';

/** Wildcard resource type for rules that match any resource. */
export const ANY_RESOURCE_TYPE = '*';

const ALARM_KINDS: SignalKind[] = ['metric-alarm', 'metric-math-alarm', 'anomaly-alarm', 'composite-alarm'];

/**
 * One row of the deterministic reasoner's rule table. Plain data: a firing signal of one of `signalKinds` on a
 * resource of one of `resourceTypes` (whose metric matches `metricPattern`, and label `label.key` matches
 * `label.pattern`, when set), in an incident that also has a signal of each `requiresContext` kind, proposes
 * `runbookId` with its `fromResource` parameters filled from that resource and the others from signal labels.
 */
export interface ReasoningRule {
  readonly id: string;
  readonly description: string;
  /** CloudFormation types of the signal's resource, or `*`. */
  readonly resourceTypes: readonly string[];
  readonly signalKinds: readonly SignalKind[];
  /** Case-insensitive regular expression over the signal's metric name (label `metricName`/`metric`, else its title). */
  readonly metricPattern?: string;
  /** Case-insensitive regular expression over one label of the signal (for example the Kubernetes event `reason`). */
  readonly label?: { readonly key: string; readonly pattern: string };
  /** Signal kinds that must also be present in the incident (for example `deployment`). */
  readonly requiresContext?: readonly SignalKind[];
  /** Runbook to propose; none means a finding without a runbook. Skipped (no runbook) when not a candidate. */
  readonly runbookId?: string;
  /** Parameters taken from signal labels: parameter name → label keys to try, in order. */
  readonly parameterLabels?: Readonly<Record<string, readonly string[]>>;
  /** Modest by design: a rule is a guess a human can check. */
  readonly confidence: number;
  /** The cause. `{resource}`, `{metric}` and `{service}` are replaced. */
  readonly cause: string;
}

/**
 * The default rule table, first match wins. Runbook ids are the built-in ones; `k8s-rollout-restart` is not built in
 * (the Kubernetes runner registers it) and is proposed only when the registry offers it.
 */
export const DEFAULT_REASONING_RULES: readonly ReasoningRule[] = [
  {
    id: 'ec2-cpu-or-status-check',
    description: 'EC2 instance CPU or status-check alarm: restart the instance.',
    resourceTypes: ['AWS::EC2::Instance'],
    signalKinds: ALARM_KINDS,
    metricPattern: 'CPUUtilization|StatusCheckFailed',
    runbookId: BuiltinRunbookId.RESTART_EC2_INSTANCE,
    confidence: 0.5,
    cause: 'EC2 instance {resource} is in alarm on {metric}; a hung or overloaded instance usually recovers after a restart.',
  },
  {
    id: 'asg-launch-failure',
    description: 'Auto Scaling launch failure: scale the group out again.',
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    signalKinds: ['scaling-activity'],
    runbookId: BuiltinRunbookId.SCALE_OUT_ASG,
    confidence: 0.35,
    cause: 'Auto Scaling group {resource} failed to launch capacity; scaling out retries the launch, which may land in another Availability Zone.',
  },
  {
    id: 'asg-capacity',
    description: 'Auto Scaling group load or capacity alarm: scale out.',
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    signalKinds: ALARM_KINDS,
    metricPattern: 'CPUUtilization|GroupInServiceInstances|GroupDesiredCapacity|RequestCount|NetworkIn|NetworkOut',
    runbookId: BuiltinRunbookId.SCALE_OUT_ASG,
    confidence: 0.45,
    cause: 'Auto Scaling group {resource} is short of capacity ({metric}); more instances should absorb the load.',
  },
  {
    id: 'rds-cpu-or-connections',
    description: 'RDS CPU or connection alarm: reboot the DB instance (medium risk: connections drop).',
    resourceTypes: ['AWS::RDS::DBInstance'],
    signalKinds: ALARM_KINDS,
    metricPattern: 'CPUUtilization|DatabaseConnections',
    runbookId: BuiltinRunbookId.REBOOT_RDS_INSTANCE,
    confidence: 0.35,
    cause: 'RDS instance {resource} is in alarm on {metric}; a reboot clears runaway sessions, but look for the query or client behind it.',
  },
  {
    id: 'lambda-errors-after-deployment',
    description: 'Lambda errors with a deployment in the incident: shift the alias back.',
    resourceTypes: ['AWS::Lambda::Function'],
    signalKinds: ALARM_KINDS,
    metricPattern: 'Errors',
    requiresContext: ['deployment'],
    runbookId: BuiltinRunbookId.LAMBDA_ALIAS_ROLLBACK,
    parameterLabels: {
      AliasName: ['alias', 'aliasName', 'AliasName'],
      LambdaVersion: ['previousVersion', 'rollbackVersion', 'fromVersion', 'PreviousVersion'],
    },
    confidence: 0.55,
    cause: 'Lambda function {resource} started failing ({metric}) after a deployment; shifting the alias back to the previous version undoes it.',
  },
  {
    id: 'lambda-errors',
    description: 'Lambda errors without a deployment: no runbook.',
    resourceTypes: ['AWS::Lambda::Function'],
    signalKinds: ALARM_KINDS,
    metricPattern: 'Errors|Throttles',
    confidence: 0.3,
    cause: 'Lambda function {resource} is in alarm on {metric} with no deployment in the incident; look at its logs and dependencies.',
  },
  {
    id: 'k8s-crash-loop',
    description: 'Kubernetes crash loop: rollout restart (kubectl runbook, when registered).',
    resourceTypes: ['Kubernetes::Pod', 'Kubernetes::Deployment'],
    signalKinds: ['pod-event'],
    label: { key: 'reason', pattern: 'CrashLoopBackOff|BackOff' },
    runbookId: 'k8s-rollout-restart',
    confidence: 0.4,
    cause: 'Kubernetes workload {resource} is crash-looping; a rollout restart helps only if the cause is transient, otherwise undo the rollout.',
  },
  {
    id: 'canary-or-slo-only',
    description: 'Only a canary or SLO signal: summarise, no runbook.',
    resourceTypes: [ANY_RESOURCE_TYPE],
    signalKinds: ['canary-run', 'canary-status', 'slo-budget'],
    confidence: 0.3,
    cause: 'Users are affected ({metric} on {service}) but no resource-level alarm points at a cause; a human needs to locate it.',
  },
];

const NO_RULE_CONFIDENCE = 0.15;

function metricOf(signal: Signal): string {
  const labels = signal.labels ?? {};
  return labels.metricName ?? labels.metric ?? labels.MetricName ?? signal.title;
}

function matches(rule: ReasoningRule, signal: Signal, kinds: ReadonlySet<SignalKind>): boolean {
  if (signal.state !== 'firing') return false;
  if (!rule.signalKinds.includes(signal.kind)) return false;
  if (!rule.resourceTypes.includes(ANY_RESOURCE_TYPE) && !rule.resourceTypes.includes(signal.resource.type)) return false;
  if (rule.metricPattern && !new RegExp(rule.metricPattern, 'i').test(metricOf(signal))) return false;
  if (rule.label) {
    const value = signal.labels?.[rule.label.key];
    if (value === undefined || !new RegExp(rule.label.pattern, 'i').test(value)) return false;
  }
  return (rule.requiresContext ?? []).every((k) => kinds.has(k));
}

function fromLabels(rule: ReasoningRule, signals: readonly Signal[]): Record<string, ParameterValue> {
  const out: Record<string, ParameterValue> = {};
  for (const [param, keys] of Object.entries(rule.parameterLabels ?? {})) {
    for (const signal of signals) {
      const value = keys.map((k) => signal.labels?.[k]).find((v) => v !== undefined);
      if (value !== undefined) {
        out[param] = value;
        break;
      }
    }
  }
  return out;
}

function render(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function evidenceFor(input: ReasoningInput, resource?: ResourceRef): string[] {
  const all = input.telemetry.results.flatMap((r) => r.evidence);
  const related = resource
    ? all.filter((e) => e.ref.includes(resource.id) || Object.values(e.facts ?? {}).some((v) => v === resource.id))
    : [];
  return (related.length > 0 ? related : all).slice(0, 5).map((e) => e.ref);
}

/**
 * Rule-based reasoner: the fallback when the model is disabled, over budget, unavailable or wrong, and the
 * reasoner of choice where no model may be used. Never throws; never proposes a runbook that is not a candidate or
 * whose parameters fail validation.
 */
export class DeterministicReasoner implements Reasoner {
  public readonly name = 'deterministic' as const;
  private readonly rules: readonly ReasoningRule[];

  constructor(options: { rules?: readonly ReasoningRule[] } = {}) {
    this.rules = options.rules ?? DEFAULT_REASONING_RULES;
  }

  public async propose(input: ReasoningInput): Promise<Finding> {
    return this.reason(input);
  }

  /** The same as propose, synchronously. */
  public reason(input: ReasoningInput): Finding {
    const kinds = new Set(input.signals.map((s) => s.kind));
    const service = input.incident.services[0] ?? 'the service';
    for (const rule of this.rules) {
      const signal = input.signals.find((s) => matches(rule, s, kinds));
      if (!signal) continue;
      const values = { resource: signal.resource.id, metric: metricOf(signal), service: signal.service ?? service };
      const finding: Finding = {
        cause: render(rule.cause, values).slice(0, 500),
        evidence: evidenceFor(input, signal.resource),
        confidence: rule.confidence,
        reasoner: 'deterministic',
      };
      if (!rule.runbookId) return finding;
      const candidate = input.candidates.find((c) => c.id === rule.runbookId);
      if (!candidate) {
        return { ...finding, discarded: [`rule ${rule.id}: runbook ${rule.runbookId} is not a candidate for this incident`] };
      }
      const params = fillFromResource(candidate, signal.resource, fromLabels(rule, input.signals));
      const checked = validateRunbookParameters(candidate, params, { resources: incidentResources(input) });
      if (!checked.ok) return { ...finding, discarded: [`rule ${rule.id}: runbook ${candidate.id} dropped: ${checked.reason}`] };
      return { ...finding, runbook: { id: candidate.id, parameters: checked.params } };
    }
    const firing = input.signals.filter((s) => s.state === 'firing');
    const summary = [...new Set(firing.map((s) => `${s.kind} on ${s.resource.type} ${s.resource.id}`))].slice(0, 3).join('; ');
    return {
      cause: `No rule matched ${firing.length} firing signal${firing.length === 1 ? '' : 's'}${summary ? ` (${summary})` : ''}; a human needs to look.`.slice(0, 500),
      evidence: evidenceFor(input),
      confidence: NO_RULE_CONFIDENCE,
      reasoner: 'deterministic',
    };
  }
}
