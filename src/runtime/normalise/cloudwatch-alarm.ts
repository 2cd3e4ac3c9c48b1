import * as z from 'zod';
import type { ResourceRef, Severity, SignalKind, SignalState } from '../model';
import {
  buildOne, cleanText, fingerprintOf, firstTime, isRecord, looseString, parseWith, reject,
  type Envelope, type Outcome,
} from './common';
import { firstAccount, firstRegion, serviceFromDimensions } from './resource';
import { parseSloAlarmName } from '../../contract/burn-rate';
import { namedResource, parseArn, partitionOf, resourceFromDimensions, type MetricDims } from '../model/aws-resources';

/*
 * CloudWatch alarms, in the three shapes AWS delivers the same transition:
 * - EventBridge `CloudWatch Alarm State Change` (`detail`),
 * - the SNS alarm notification (`AlarmName`, `NewStateValue`, `Trigger`...), bare or inside a Lambda SNS event,
 * - the Lambda alarm action payload (`source: 'aws.cloudwatch'`, `alarmArn`, `alarmData`).
 * All three become one AlarmTransition, then one Signal, so the same alarm gets the same fingerprint in every shape.
 */

const STATE_VALUES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
const StateValue = z.enum(STATE_VALUES);
type StateValue = z.infer<typeof StateValue>;

const DimensionMap = z.record(z.string(), z.unknown()).optional().catch(undefined);

const MetricSchema = z.object({
  id: looseString,
  expression: looseString,
  label: looseString,
  metricStat: z.object({
    metric: z.object({
      namespace: looseString,
      name: looseString,
      dimensions: DimensionMap,
    }).optional().catch(undefined),
    stat: looseString,
  }).optional().catch(undefined),
}).catch({});

const StateSchema = z.object({
  value: StateValue,
  reason: looseString,
  reasonData: looseString,
  timestamp: looseString,
  actionsSuppressedBy: looseString,
});

/** `detail` of `CloudWatch Alarm State Change`, and `alarmData` of the Lambda alarm action. */
const AlarmDetailSchema = z.object({
  alarmName: z.string().min(1),
  state: StateSchema,
  previousState: z.object({ value: looseString }).optional().catch(undefined),
  configuration: z.object({
    description: looseString,
    alarmRule: looseString,
    metrics: z.array(MetricSchema).optional().catch(undefined),
  }).optional().catch(undefined),
});

const LambdaActionSchema = z.object({
  alarmArn: z.string().min(1),
  accountId: looseString,
  region: looseString,
  time: looseString,
  alarmData: AlarmDetailSchema,
});

const SnsDimensions = z.array(z.object({ name: z.string(), value: z.string() }).catch({ name: '', value: '' })).optional().catch(undefined);

/** The JSON message CloudWatch publishes to SNS. */
const SnsAlarmSchema = z.object({
  AlarmName: z.string().min(1),
  AlarmDescription: looseString,
  AWSAccountId: looseString,
  NewStateValue: StateValue,
  NewStateReason: looseString,
  StateChangeTime: looseString,
  Region: looseString,
  AlarmArn: looseString,
  OldStateValue: looseString,
  AlarmRule: looseString,
  Trigger: z.object({
    MetricName: looseString,
    Namespace: looseString,
    Dimensions: SnsDimensions,
    ThresholdMetricId: looseString,
    Metrics: z.array(z.object({
      Expression: looseString,
      MetricStat: z.object({
        Metric: z.object({ Namespace: looseString, MetricName: looseString, Dimensions: SnsDimensions }).optional().catch(undefined),
      }).optional().catch(undefined),
    }).catch({})).optional().catch(undefined),
  }).optional().catch(undefined),
});

interface AlarmTransition {
  readonly alarmName: string;
  readonly alarmArn?: string;
  readonly description?: string;
  readonly state: StateValue;
  readonly previousState?: string;
  readonly reason?: string;
  readonly reasonData?: string;
  readonly time?: string;
  readonly account?: string;
  readonly region?: string;
  readonly alarmRule?: string;
  readonly anomalyBand: boolean;
  readonly hasExpression: boolean;
  readonly metrics: readonly (MetricDims & { readonly name?: string })[];
  readonly actionsSuppressedBy?: string;
}

const WHAT = 'CloudWatch Alarm State Change';

/** Normalises the `detail` of an EventBridge `CloudWatch Alarm State Change` event. */
export function normaliseAlarmStateChange(detail: unknown, env: Envelope): Outcome {
  const parsed = parseWith(AlarmDetailSchema, detail, env, WHAT);
  if (!parsed.ok) return parsed.outcome;
  const arn = env.resources?.find((r) => r.includes(':alarm:'));
  return toSignal(fromDetail(parsed.data, arn, env.account, env.region, env.time), env);
}

/** Normalises the payload a CloudWatch alarm sends when its action invokes a Lambda function directly. */
export function normaliseAlarmLambdaAction(payload: unknown, env: Envelope): Outcome {
  const parsed = parseWith(LambdaActionSchema, payload, { ...env, path: env.path }, 'CloudWatch alarm Lambda action');
  if (!parsed.ok) return parsed.outcome;
  const p = parsed.data;
  return toSignal(fromDetail(p.alarmData, p.alarmArn, p.accountId, p.region, p.time), env);
}

/** Normalises the JSON message CloudWatch publishes to an SNS topic. */
export function normaliseAlarmSnsMessage(message: unknown, env: Envelope): Outcome {
  const parsed = parseWith(SnsAlarmSchema, message, env, 'CloudWatch alarm SNS notification');
  if (!parsed.ok) return parsed.outcome;
  const m = parsed.data;
  const trigger = m.Trigger;
  const metrics: (MetricDims & { name?: string })[] = [];
  if (trigger?.MetricName || trigger?.Dimensions) {
    metrics.push({ namespace: trigger.Namespace, name: trigger.MetricName, dimensions: dimsFromList(trigger.Dimensions) });
  }
  for (const metric of trigger?.Metrics ?? []) {
    const inner = metric.MetricStat?.Metric;
    if (inner) metrics.push({ namespace: inner.Namespace, name: inner.MetricName, dimensions: dimsFromList(inner.Dimensions) });
  }
  const arn = parseArn(m.AlarmArn);
  return toSignal({
    alarmName: m.AlarmName,
    alarmArn: m.AlarmArn,
    description: m.AlarmDescription,
    state: m.NewStateValue,
    previousState: m.OldStateValue,
    reason: m.NewStateReason,
    time: firstTime(m.StateChangeTime, env.time),
    account: firstAccount(m.AWSAccountId, arn?.account, env.account),
    region: firstRegion(m.Region, arn?.region, env.region),
    alarmRule: m.AlarmRule,
    anomalyBand: Boolean(trigger?.ThresholdMetricId) || (trigger?.Metrics ?? []).some((x) => /ANOMALY_DETECTION_BAND/i.test(x.Expression ?? '')),
    hasExpression: (trigger?.Metrics ?? []).some((x) => Boolean(x.Expression)),
    metrics,
  }, env);
}

function fromDetail(
  d: z.infer<typeof AlarmDetailSchema>, alarmArn: string | undefined, account: unknown, region: unknown, envTime: unknown,
): AlarmTransition {
  const arn = parseArn(alarmArn);
  const configured = d.configuration?.metrics ?? [];
  const metrics = configured
    .filter((m) => m.metricStat?.metric)
    .map((m) => ({
      namespace: m.metricStat?.metric?.namespace,
      name: m.metricStat?.metric?.name,
      dimensions: dimsFromRecord(m.metricStat?.metric?.dimensions),
    }));
  return {
    alarmName: d.alarmName,
    alarmArn,
    description: d.configuration?.description,
    state: d.state.value,
    previousState: d.previousState?.value,
    reason: d.state.reason,
    reasonData: d.state.reasonData,
    time: firstTime(d.state.timestamp, envTime),
    account: firstAccount(account, arn?.account),
    region: firstRegion(region, arn?.region),
    alarmRule: d.configuration?.alarmRule,
    anomalyBand: configured.some((m) => /ANOMALY_DETECTION_BAND/i.test(m.expression ?? '')),
    hasExpression: configured.some((m) => Boolean(m.expression)),
    metrics,
    actionsSuppressedBy: d.state.actionsSuppressedBy,
  };
}

function dimsFromRecord(record: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) if (typeof value === 'string' && value !== '') out[key] = value;
  return out;
}

function dimsFromList(list: readonly { name: string; value: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of list ?? []) if (name !== '' && value !== '') out[name] = value;
  return out;
}

function kindOf(t: AlarmTransition): SignalKind {
  if (t.alarmRule) return 'composite-alarm';
  if (t.anomalyBand) return 'anomaly-alarm';
  if (t.hasExpression) return 'metric-math-alarm';
  return 'metric-alarm';
}

/**
 * Severity from a naming convention, checked on the alarm name then the description:
 * - in the name, tokens `critical`/`crit`, `sev0`/`sev1`, `p0`/`p1` → critical; `sev2`/`p2` → high;
 *   `sev3`/`p3`/`warning`/`warn` → medium; `sev4`/`sev5`/`p4`/`p5` → low (tokens split on punctuation and camelCase);
 * - in the description only explicit markers count: `sevN`/`PN` tokens, `severity: <level>` or `[critical]`,
 *   so prose such as "when memory is low" does not change the severity.
 * Undefined when there is no marker; the caller then uses `high` for ALARM.
 */
export function severityFromConvention(name: string, description?: string): Severity | undefined {
  return fromTokens(name, true) ?? (description ? fromTokens(description, false) : undefined);
}

const LEVEL_WORDS: Readonly<Record<string, Severity>> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'info' };

function fromTokens(text: string, isName: boolean): Severity | undefined {
  const sample = text.slice(0, 1000);
  const explicit = /severity\s*[:=]\s*(critical|high|medium|low|info)\b/i.exec(sample) ?? /\[(critical|high|medium|low)\]/i.exec(sample);
  if (explicit) return LEVEL_WORDS[explicit[1].toLowerCase()];
  const tokens = sample.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  for (let i = 0; i < tokens.length; i++) {
    const token = /^(sev|severity)$/.test(tokens[i]) && /^\d$/.test(tokens[i + 1] ?? '') ? `sev${tokens[i + 1]}` : tokens[i];
    const level = /^(sev|p)([0-5])$/.exec(token);
    if (level) return (['critical', 'critical', 'high', 'medium', 'low', 'low'] as const)[Number(level[2])];
    if (isName && (token === 'critical' || token === 'crit')) return 'critical';
    if (isName && (token === 'warning' || token === 'warn')) return 'medium';
  }
  return undefined;
}

/** A logical service from the alarm name convention `<service>/<alarm>` or `[<service>] <alarm>`. */
function serviceFromAlarmName(name: string): string | undefined {
  const bracket = /^\[([^\]\s]{1,64})\]/.exec(name);
  if (bracket) return bracket[1];
  const slash = /^([A-Za-z0-9_.-]{1,64})\//.exec(name);
  return slash ? slash[1] : undefined;
}

/** The ARNs of a composite alarm's triggering alarms, from its `state.reasonData` (`{"triggeringAlarms":[{"arn"...}]}`). */
function triggeringAlarmArns(reasonData: string | undefined): string[] {
  if (!reasonData || reasonData.length > 20_000 || !reasonData.includes('triggeringAlarms')) return [];
  try {
    const data: unknown = JSON.parse(reasonData);
    if (!isRecord(data) || !Array.isArray(data.triggeringAlarms)) return [];
    return data.triggeringAlarms
      .map((a: unknown) => (isRecord(a) && typeof a.arn === 'string' ? a.arn : undefined))
      .filter((arn): arn is string => parseArn(arn) !== undefined);
  } catch {
    return [];
  }
}

function triggeringAlarms(arns: readonly string[]): string | undefined {
  const names = arns.map((arn) => arn.split(':alarm:').pop()).filter((n): n is string => Boolean(n));
  return names.length > 0 ? names.join(',') : undefined;
}

/** Longest alarm rule read for child alarms (CloudWatch allows 10 240 characters). */
const ALARM_RULE_MAX_CHARS = 10_240;

/**
 * The ARNs of the alarms a composite alarm's rule names (`ALARM(name)`, `OK("name")`, `ALARM(arn:...)`): names are
 * made into ARNs in the composite's own region and account, where CloudWatch looks them up.
 */
function ruleAlarmArns(rule: string | undefined, region: string | undefined, account: string | undefined): string[] {
  if (!rule || rule.length > ALARM_RULE_MAX_CHARS) return [];
  const out: string[] = [];
  for (const match of rule.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*("?)([^")]{1,255})\1\s*\)/g)) {
    const name = match[2].trim();
    if (parseArn(name)) out.push(name);
    else if (region && account && name !== '') out.push(`arn:${partitionOf(region)}:cloudwatch:${region}:${account}:alarm:${name}`);
  }
  return out;
}

/**
 * One alarm transition to a Signal.
 *
 * - state: ALARM → `firing`; OK → `resolved`; INSUFFICIENT_DATA → `info` with severity `info`:
 *   missing data is context (it never pages), and a transition ALARM → INSUFFICIENT_DATA does NOT resolve
 *   the incident (the alarm has not seen the metric recover); the previous state is kept in `labels.previousState`.
 * - severity: the name/description convention ({@link severityFromConvention}), else `high`;
 *   `resolved` keeps the severity the alarm fires with, so triage can pair them.
 * - resource: the alarmed metric's resource from its dimensions (first metric that has one; composite alarms
 *   have no metrics), else the alarm itself (`AWS::CloudWatch::Alarm`, with its ARN).
 * - service: dimensions (`Service`, `ServiceName`, `FunctionName`, `ApiName`), else the alarm name convention
 *   `<service>/<alarm>` or `[<service>] <alarm>`. Alarm events carry no tags.
 * - SLO burn-rate alarms (`<service>/slo:<name>:page|ticket`, the ServiceLevelObjective construct's composites): kind
 *   `slo-budget` (an inhibition parent, like an Application Signals budget report) on that service, `high` for a
 *   page and `medium` for a ticket, labels `sloName` and `burnRate`; their window alarms (`...:page-1h-long`) are
 *   `ignored`, the composite being the signal.
 * - hints.arns: the alarm's own ARN (the event's `resources`, `alarmArn` or `AlarmArn`; made from its name, region and
 *   account when none is given), so its tags can name the owner beside the metric's resource; for a composite alarm,
 *   the triggering alarms of `state.reasonData`, then every alarm its rule names. Alarm events carry no tags.
 * - fingerprint: `cloudwatch-alarm:<account>:<region>:<alarmName>`, the same in all three shapes.
 * - time: the state timestamp (the transition itself), else the envelope time.
 */
function toSignal(t: AlarmTransition, env: Envelope): Outcome {
  if (!t.time) return reject('malformed', `${WHAT}: no usable time (state timestamp and envelope time are missing or not dates)`, env);
  const slo = parseSloAlarmName(t.alarmName);
  if (slo && !slo.composite) {
    return reject('ignored', `${WHAT} of ${JSON.stringify(t.alarmName)}: one window of an SLO burn-rate alarm; its page or ticket composite is the signal`, env);
  }
  const kind = slo ? 'slo-budget' : kindOf(t);
  let resource: ResourceRef | undefined;
  let service: string | undefined;
  for (const metric of t.metrics) {
    resource ??= resourceFromDimensions(metric, t.region, t.account);
    service ??= serviceFromDimensions(metric.dimensions);
  }
  resource ??= alarmResource(t);
  service = slo?.service ?? service ?? serviceFromAlarmName(t.alarmName);
  // An SLO composite: a page is `high` (as a breached Application Signals budget), a ticket `medium`.
  const convention = slo ? (slo.suffix === 'page' ? 'high' : 'medium') : severityFromConvention(t.alarmName, t.description);
  const state: SignalState = t.state === 'ALARM' ? 'firing' : t.state === 'OK' ? 'resolved' : 'info';
  const severity: Severity = state === 'info' ? 'info' : convention ?? 'high';
  const onWhat = resource.type === 'AWS::CloudWatch::Alarm' ? '' : ` on ${resource.id}`;
  const firstMetric = t.metrics[0];
  const triggering = triggeringAlarmArns(t.reasonData);
  const ownArn = parseArn(t.alarmArn)?.arn ?? alarmResource(t).arn;
  return buildOne({
    source: 'cloudwatch-alarm',
    kind,
    severity,
    state,
    resource,
    service,
    fingerprint: fingerprintOf('cloudwatch-alarm', t.account, t.region, t.alarmName),
    time: t.time,
    title: `${t.alarmName} is ${t.state}${onWhat}`,
    description: [cleanText(t.reason), cleanText(t.description)].filter(Boolean).join('\n\n') || undefined,
    status: t.state,
    hints: { arns: [ownArn, ...triggering, ...ruleAlarmArns(t.alarmRule, t.region, t.account)] },
    labels: {
      alarmName: t.alarmName,
      alarmArn: t.alarmArn,
      alarmState: t.state,
      previousState: t.previousState,
      namespace: firstMetric?.namespace,
      metricName: firstMetric?.name,
      alarmRule: t.alarmRule,
      triggeringAlarms: triggeringAlarms(triggering),
      actionsSuppressedBy: t.actionsSuppressedBy,
      ...(slo ? { sloName: slo.sloName, burnRate: slo.suffix } : {}),
    },
  }, env);
}

function alarmResource(t: AlarmTransition): ResourceRef {
  const arn = parseArn(t.alarmArn);
  if (arn && arn.service === 'cloudwatch') {
    return { type: 'AWS::CloudWatch::Alarm', id: t.alarmName, arn: arn.arn, ...regionAccount(t) };
  }
  const built = namedResource('AWS::CloudWatch::Alarm', t.alarmName, t.region, t.account);
  const synthesized = t.region && t.account ? `arn:aws:cloudwatch:${t.region}:${t.account}:alarm:${t.alarmName}` : undefined;
  return { ...built, ...(synthesized ? { arn: synthesized } : {}) };
}

function regionAccount(t: AlarmTransition): { region?: string; account?: string } {
  return { ...(t.region ? { region: t.region } : {}), ...(t.account ? { account: t.account } : {}) };
}

/** Alarm configuration changes (create/update/delete) are deliberately not signals. */
export function ignoreAlarmConfigurationChange(detail: unknown, env: Envelope): Outcome {
  const name = isRecord(detail) && typeof detail.alarmName === 'string' ? ` of ${JSON.stringify(detail.alarmName.slice(0, 255))}` : '';
  const operation = isRecord(detail) && typeof detail.operation === 'string' ? ` (${detail.operation.slice(0, 20)})` : '';
  return reject('ignored', `CloudWatch Alarm Configuration Change${name}${operation}: a configuration change of an alarm is not an observation of the system`, env);
}
