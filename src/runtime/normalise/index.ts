import { DetailType, INGEST_DETAIL_TYPES, KUBERNETES_EVENT_SOURCE, UNROUTED_DETAIL_TYPES } from '../../contract/events';
import type { NormaliseOutcome } from '../model';
import { normaliseSloBudgetReport } from './application-signals';
import { ignoreAlarmConfigurationChange, normaliseAlarmLambdaAction, normaliseAlarmSnsMessage, normaliseAlarmStateChange } from './cloudwatch-alarm';
import { accept, describeValue, finishOutcome, isRecord, reject, truncate, type Envelope, type Outcome } from './common';
import { normaliseEcsContainerInstance, normaliseEcsTask, normaliseAutoScaling } from './compute';
import {
  CONFIG_DETAIL_TYPES, ignoreConfigRuleInvocation, isConfigMessage, isConfigRuleInvocation,
  normaliseComplianceChange, normaliseConfigurationItemChange,
} from './config';
import { normaliseCodeBuild, normaliseCodeDeploy, normaliseCodePipeline } from './delivery';
import { DEVOPS_GURU_DETAIL_TYPES, isDevOpsGuruMessage, normaliseDevOpsGuru } from './devops-guru';
import {
  excerptOf, looksLikeEventBridge, looksLikePutEventsEntry, looksLikeSnsNotification,
  readEventBridge, readPutEventsEntry, readSnsNotification,
} from './envelope';
import { normaliseHealth } from './health';
import { isKubernetesEvent, normaliseKubernetesEvent } from './kubernetes';
import { DEFAULT_MAX_BYTES, errorMessage, snapshot } from './size';
import { normaliseSsmAutomation, normaliseSsmCommand, normaliseSsmCompliance, normaliseSsmMaintenanceWindow, SsmDetailType } from './ssm';
import { normaliseStepFunctions } from './stepfunctions';
import { normaliseSynthetics } from './synthetics';

export { DEFAULT_MAX_BYTES } from './size';
export { severityFromConvention } from './cloudwatch-alarm';
export { ownerName, workloadOf } from './kubernetes';

/** Options of {@link normaliseEvent}. */
export interface NormaliseOptions {
  /** Where the input came from (`file#index`, SQS message id...), copied into rejections. */
  readonly input?: string;
  /**
   * Largest input accepted, in bytes of UTF-8 JSON; larger inputs are rejected as `too-large`.
   * @default 262144 (256 KiB, EventBridge's own limit)
   */
  readonly maxBytes?: number;
}

/** EventBridge source of Kubernetes Events forwarded by the EKS event exporter. */
export { KUBERNETES_EVENT_SOURCE };

type Normaliser = (payload: unknown, env: Envelope) => Outcome;

/** The normaliser of each supported detail-type. */
const NORMALISERS: Readonly<Record<string, Normaliser>> = {
  'CloudWatch Alarm State Change': normaliseAlarmStateChange,
  'CloudWatch Alarm Configuration Change': ignoreAlarmConfigurationChange,
  ...Object.fromEntries(Object.values(DEVOPS_GURU_DETAIL_TYPES).map((t) => [t, normaliseDevOpsGuru])),
  'Synthetics Canary TestRun Failure': normaliseSynthetics,
  'Synthetics Canary TestRun Successful': normaliseSynthetics,
  'Synthetics Canary Status Change': normaliseSynthetics,
  'Config Rules Compliance Change': normaliseComplianceChange,
  'Configuration Item Change Notification': normaliseConfigurationItemChange,
  'AWS Health Event': normaliseHealth,
  [SsmDetailType.AUTOMATION_EXECUTION]: normaliseSsmAutomation,
  [SsmDetailType.AUTOMATION_STEP]: normaliseSsmAutomation,
  [SsmDetailType.COMMAND]: normaliseSsmCommand,
  [SsmDetailType.COMMAND_INVOCATION]: normaliseSsmCommand,
  [SsmDetailType.MAINTENANCE_WINDOW_EXECUTION]: normaliseSsmMaintenanceWindow,
  [SsmDetailType.MAINTENANCE_WINDOW_TASK_EXECUTION]: normaliseSsmMaintenanceWindow,
  [SsmDetailType.CONFIGURATION_COMPLIANCE]: normaliseSsmCompliance,
  'Step Functions Execution Status Change': normaliseStepFunctions,
  'CodeBuild Build State Change': normaliseCodeBuild,
  'CodeBuild Build Phase Change': normaliseCodeBuild,
  'CodeDeploy Deployment State-change Notification': normaliseCodeDeploy,
  'CodePipeline Pipeline Execution State Change': normaliseCodePipeline,
  'ECS Container Instance State Change': normaliseEcsContainerInstance,
  'ECS Task State Change': normaliseEcsTask,
  'EC2 Instance Launch Successful': normaliseAutoScaling,
  'EC2 Instance Launch Unsuccessful': normaliseAutoScaling,
  'EC2 Instance Terminate Successful': normaliseAutoScaling,
  'EC2 Instance Terminate Unsuccessful': normaliseAutoScaling,
  [DetailType.KUBERNETES_EVENT]: normaliseKubernetesEvent,
  [DetailType.SLO_BUDGET_REPORT]: normaliseSloBudgetReport,
};

/**
 * The source each supported detail-type must come from (the contract's routed and unrouted tables, which the hub's
 * rules are made from), and its normaliser. A detail-type on one side only fails at load, naming it.
 */
const ROUTES: Readonly<Record<string, { readonly source: string; readonly normalise: Normaliser }>> = (() => {
  const routes: Record<string, { source: string; normalise: Normaliser }> = {};
  for (const table of [INGEST_DETAIL_TYPES, UNROUTED_DETAIL_TYPES]) {
    for (const [source, detailTypes] of Object.entries(table)) {
      for (const detailType of detailTypes) {
        const normalise = NORMALISERS[detailType];
        if (!normalise) throw new Error(`normalise: the contract names '${detailType}' (${source}) but no normaliser handles it`);
        routes[detailType] = { source, normalise };
      }
    }
  }
  const unrouted = Object.keys(NORMALISERS).filter((t) => !routes[t]);
  if (unrouted.length > 0) throw new Error(`normalise: no source in the contract for ${unrouted.join(', ')}`);
  return routes;
})();

/** The detail-types {@link normaliseEvent} handles, sorted. */
export const SUPPORTED_DETAIL_TYPES: readonly string[] = Object.keys(ROUTES).sort();

/** Envelopes nest at most this deep (an EventBridge event in an SNS message in a Lambda SNS event is 2). */
const MAX_ENVELOPE_DEPTH = 3;

/**
 * Normalises one input into signals, or says why not. Pure and total: it NEVER throws, whatever the input
 * (null, numbers, strings, arrays, cyclic or huge objects, getters that throw); anything it does not understand
 * becomes a typed rejection naming the field or value at fault.
 *
 * Accepted shapes (see the source files for each mapping):
 * - an EventBridge event, dispatched on `detail-type` (the source must be the AWS service that sends it, or a
 *   non-`aws.` source re-publishing it, as the aws-health-tools mocks and the cdk-aiops forwarders do);
 * - a PutEvents request entry (`Source`, `DetailType`, `Detail` as a JSON string);
 * - a Lambda SNS event (`Records[].Sns`): one outcome for all records, all or nothing (the first record that is
 *   rejected, other than `ignored`, rejects the input, so a batch is never half-processed silently);
 * - an SNS notification body (`Type: Notification`), the message being a JSON string or an object;
 * - bare SNS messages: a CloudWatch alarm notification, a DevOps Guru notification (`messageType`), an AWS Config
 *   notification (`messageType`);
 * - the CloudWatch alarm Lambda action payload (`source: aws.cloudwatch`, `alarmArn`, `alarmData`);
 * - a Kubernetes `core/v1` Event;
 * - an Application Signals `BatchGetServiceLevelObjectiveBudgetReport` response (`Reports`);
 * - a JSON string of any of these.
 * An array is not accepted: the caller passes each entry separately.
 *
 * The input is bounded first (`maxBytes`, default 256 KiB; nesting at most 64 levels), before any other work.
 */
export function normaliseEvent(input: unknown, options?: NormaliseOptions): NormaliseOutcome {
  let label: string | undefined;
  try {
    label = readLabel(options);
    const maxBytes = readMaxBytes(options);
    const snap = snapshot(input, maxBytes);
    if (!snap.ok) return finishOutcome({ ok: false, rejection: snap.rejection }, label);
    const base: Envelope = { rawSource: 'unknown', path: '', bytes: snap.bytes, excerpt: truncate(snap.text, 2048) };
    return finishOutcome(classify(snap.value, base, 0), label);
  } catch (err) {
    // Last line of defence: every known path returns a rejection on its own, so reaching here is a bug of ours. The
    // input is still dead-lettered (never lost), under its own code so that tests and the fuzz count it as a crash.
    return finishOutcome(reject('internal', `cdk-aiops could not normalise this input (a bug): ${errorMessage(err)}`), label);
  }
}

function readLabel(options: NormaliseOptions | undefined): string | undefined {
  const value: unknown = options?.input;
  return typeof value === 'string' && value !== '' ? truncate(value, 1024) : undefined;
}

function readMaxBytes(options: NormaliseOptions | undefined): number {
  const value: unknown = options?.maxBytes;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : DEFAULT_MAX_BYTES;
}

/** Recognises the shape of one value and hands it to the right reader or normaliser. */
function classify(value: unknown, base: Envelope, depth: number): Outcome {
  const where = base.path === '' ? 'the input' : base.path;
  if (depth > MAX_ENVELOPE_DEPTH) return reject('unsupported', `${where}: envelopes nested more than ${MAX_ENVELOPE_DEPTH} deep`, base);
  if (Array.isArray(value)) {
    return reject('malformed', `${where} is an array of ${value.length}; expected one event object (pass each entry separately)`);
  }
  if (!isRecord(value)) return reject('malformed', `${where} must be an event object; got ${describeValue(value)}`);

  if (Array.isArray(value.Records)) return classifySnsRecords(value.Records, base, depth);
  if (looksLikeSnsNotification(value)) {
    const read = readSnsNotification(value, base);
    return read.ok ? classify(read.message, read.env, depth + 1) : read.outcome;
  }
  if (looksLikeEventBridge(value)) {
    const read = readEventBridge(value, base);
    return read.ok ? route(read.source, read.detailType, read.detail, read.env) : read.outcome;
  }
  if (looksLikePutEventsEntry(value)) {
    const read = readPutEventsEntry(value, base);
    return read.ok ? route(read.source, read.detailType, read.detail, read.env) : read.outcome;
  }
  if (value.source === 'aws.cloudwatch' && 'alarmData' in value) {
    return normaliseAlarmLambdaAction(value, { ...base, rawSource: 'lambda-alarm-action', detailType: 'CloudWatch Alarm State Change' });
  }
  if (isKubernetesEvent(value)) {
    return normaliseKubernetesEvent(value, { ...base, rawSource: 'kubernetes', detailType: DetailType.KUBERNETES_EVENT });
  }
  if ('Reports' in value) return normaliseSloBudgetReport(value, { ...base, rawSource: 'api', detailType: DetailType.SLO_BUDGET_REPORT });
  if (isDevOpsGuruMessage(value)) return bareDevOpsGuru(value, base);
  if (isConfigMessage(value)) return bareConfig(value, base);
  if ('AlarmName' in value && 'NewStateValue' in value) {
    return normaliseAlarmSnsMessage(value, { ...base, rawSource: base.rawSource === 'unknown' ? 'sns' : base.rawSource, detailType: 'CloudWatch Alarm State Change' });
  }
  if (isConfigRuleInvocation(value)) return ignoreConfigRuleInvocation(value);
  const keys = Object.keys(value).slice(0, 8).map((k) => JSON.stringify(truncate(k, 40))).join(', ');
  return reject('unsupported', `${where} is not a recognised event: expected an EventBridge event (source, detail-type, detail), an SNS notification, `
    + `a CloudWatch alarm action, a Kubernetes Event or an SLO budget report; got an object with keys ${keys || '(none)'}`);
}

/** Dispatches an EventBridge event (or PutEvents entry) on its detail-type, checking its source. */
function route(source: string, detailType: string, detail: unknown, env: Envelope): Outcome {
  const entry = Object.prototype.hasOwnProperty.call(ROUTES, detailType) ? ROUTES[detailType] : undefined;
  if (!entry) {
    return reject('unsupported', `no normaliser for source ${JSON.stringify(truncate(source, 100))} with detail-type ${JSON.stringify(truncate(detailType, 100))}`, env);
  }
  // Another AWS service never sends this detail-type; a non-`aws.` source is a re-published or mock copy.
  if (source !== entry.source && source.startsWith('aws.')) {
    return reject('unsupported', `detail-type ${JSON.stringify(detailType)} is expected from source ${JSON.stringify(entry.source)}, not ${JSON.stringify(truncate(source, 100))}`, env);
  }
  if (detail === null || detail === undefined) {
    return reject('malformed', `${detailType}: ${env.path} must be an object; got ${describeValue(detail)}`, env);
  }
  return entry.normalise(detail, env);
}

function bareDevOpsGuru(value: Record<string, unknown>, base: Envelope): Outcome {
  const messageType = String(value.messageType);
  const detailType = Object.prototype.hasOwnProperty.call(DEVOPS_GURU_DETAIL_TYPES, messageType) ? DEVOPS_GURU_DETAIL_TYPES[messageType] : undefined;
  const env: Envelope = { ...base, rawSource: base.rawSource === 'unknown' ? 'sns' : base.rawSource, detailType: detailType ?? messageType };
  if (!detailType) {
    return reject('unsupported', `DevOps Guru notification messageType ${describeValue(messageType)} is not one of ${Object.keys(DEVOPS_GURU_DETAIL_TYPES).join(', ')}`, env);
  }
  return normaliseDevOpsGuru(value, env);
}

function bareConfig(value: Record<string, unknown>, base: Envelope): Outcome {
  const messageType = String(value.messageType);
  const detailType = Object.prototype.hasOwnProperty.call(CONFIG_DETAIL_TYPES, messageType) ? CONFIG_DETAIL_TYPES[messageType] : undefined;
  const env: Envelope = { ...base, rawSource: base.rawSource === 'unknown' ? 'sns' : base.rawSource, detailType: detailType ?? messageType };
  if (!detailType) {
    return reject('ignored', `AWS Config notification ${describeValue(messageType)} is a delivery or status notice, not an observation (handled: ${Object.keys(CONFIG_DETAIL_TYPES).join(', ')})`, env);
  }
  return detailType === CONFIG_DETAIL_TYPES.ComplianceChangeNotification
    ? normaliseComplianceChange(value, env)
    : normaliseConfigurationItemChange(value, env);
}

/** A Lambda SNS event: every record is normalised; all or nothing (see normaliseEvent). */
function classifySnsRecords(records: unknown[], base: Envelope, depth: number): Outcome {
  if (records.length === 0) return reject('malformed', 'Records is empty: no SNS record to normalise');
  const signals = [];
  let ignored: Outcome | undefined;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const path = `Records[${i}]`;
    if (!isRecord(record) || !isRecord(record.Sns)) {
      const source = isRecord(record) && typeof record.eventSource === 'string' ? ` (eventSource ${JSON.stringify(truncate(record.eventSource, 40))})` : '';
      return reject('unsupported', `${path} is not an SNS record${source}; only Lambda SNS events are read from Records`);
    }
    const read = readSnsNotification(record.Sns, { ...base, path: `${path}.Sns`, excerpt: excerptOf(record) });
    const outcome = read.ok ? classify(read.message, read.env, depth + 1) : read.outcome;
    if (outcome.ok) signals.push(...outcome.signals);
    else if (outcome.rejection.code === 'ignored') ignored ??= outcome;
    else return outcome;
  }
  return signals.length === 0 && ignored ? ignored : accept(signals);
}
