import * as z from 'zod';
import type { ResourceRef, SignalState } from '../model';
import {
  buildOne, cleanText, fingerprintOf, firstText, firstTime, isRecord, looseString, parseWith, reject,
  type Envelope, type Outcome,
} from './common';
import { environmentFromTags, firstAccount, firstRegion, serviceFromTags, servicesFromTags, stacksFromTags } from './resource';
import { formatResourceArn, parseArn, regionOfZone, RESOURCE_TYPES } from '../model/aws-resources';

/** EventBridge detail-types of AWS Config, by the `messageType` of its SNS notifications. */
export const CONFIG_DETAIL_TYPES: Readonly<Record<string, string>> = {
  ComplianceChangeNotification: 'Config Rules Compliance Change',
  ConfigurationItemChangeNotification: 'Configuration Item Change Notification',
};

const COMPLIANCE = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'] as const;

const ComplianceSchema = z.object({
  configRuleName: z.string().min(1),
  configRuleARN: looseString,
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  awsRegion: looseString,
  awsAccountId: looseString,
  newEvaluationResult: z.object({
    complianceType: z.enum(COMPLIANCE),
    annotation: looseString,
    resultRecordedTime: looseString,
  }),
  oldEvaluationResult: z.object({ complianceType: looseString }).optional().catch(undefined),
  notificationCreationTime: looseString,
});

const ItemSchema = z.object({
  resourceType: z.string().min(1),
  resourceId: z.string().min(1),
  resourceName: looseString,
  ARN: looseString,
  arn: looseString,
  awsRegion: looseString,
  awsAccountId: looseString,
  accountId: looseString,
  availabilityZone: looseString,
  configurationItemStatus: looseString,
  configurationItemCaptureTime: looseString,
  tags: z.record(z.string(), z.unknown()).optional().catch(undefined),
  relationships: z.array(z.object({ resourceType: looseString, resourceId: looseString, name: looseString }).catch({})).optional().catch(undefined),
});

const ItemChangeSchema = z.object({
  configurationItem: z.union([ItemSchema, z.array(ItemSchema).min(1)]),
  configurationItemDiff: z.object({
    changeType: looseString,
    changedProperties: z.record(z.string(), z.unknown()).optional().catch(undefined),
  }).nullish().catch(undefined),
  notificationCreationTime: looseString,
  NotificationCreateTime: looseString,
});

/** Severity of a non-compliant resource: drift from a rule is rarely an outage by itself. */
const NON_COMPLIANT_SEVERITY = 'medium';

/**
 * Normalises `Config Rules Compliance Change` (EventBridge `detail`, or the SNS `ComplianceChangeNotification`
 * message, which has the same fields):
 * NON_COMPLIANT → `firing`, `medium`; COMPLIANT → `resolved`; NOT_APPLICABLE and INSUFFICIENT_DATA → `info`.
 * Resource: the evaluated resource (type and id as Config gives them). Fingerprint:
 * `config:<account>:<region>:<rule>:<resourceType>:<resourceId>`. Compliance events carry no tags, so no service;
 * hints.arns holds the evaluated resource's ARN (made from its type and id in the event's region and account), whose
 * tags the owner lookup reads.
 */
export function normaliseComplianceChange(payload: unknown, env: Envelope): Outcome {
  const what = 'Config Rules Compliance Change';
  const parsed = parseWith(ComplianceSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ruleArn = parseArn(d.configRuleARN);
  const account = firstAccount(d.awsAccountId, env.account, ruleArn?.account);
  const region = firstRegion(d.awsRegion, env.region, ruleArn?.region);
  const time = firstTime(env.time, d.notificationCreationTime, d.newEvaluationResult.resultRecordedTime);
  if (!time) return reject('malformed', `${what}: no usable time (time and notificationCreationTime are missing or not dates)`, env);
  const compliance = d.newEvaluationResult.complianceType;
  const state: SignalState = compliance === 'NON_COMPLIANT' ? 'firing' : compliance === 'COMPLIANT' ? 'resolved' : 'info';
  const resource: ResourceRef = { type: d.resourceType, id: d.resourceId, ...(region ? { region } : {}), ...(account ? { account } : {}) };
  return buildOne({
    source: 'config',
    kind: 'compliance',
    severity: state === 'info' ? 'info' : NON_COMPLIANT_SEVERITY,
    state,
    resource,
    fingerprint: fingerprintOf('config', account, region, d.configRuleName, d.resourceType, d.resourceId),
    time,
    title: `${d.resourceType} ${d.resourceId} is ${compliance} with Config rule ${d.configRuleName}`,
    description: cleanText(d.newEvaluationResult.annotation),
    status: compliance,
    hints: { arns: [formatResourceArn(catalogueType(d.resourceType), d.resourceId, region, account)] },
    labels: {
      configRuleName: d.configRuleName,
      configRuleArn: d.configRuleARN,
      complianceType: compliance,
      previousComplianceType: d.oldEvaluationResult?.complianceType,
    },
  }, env);
}

/**
 * Normalises `Configuration Item Change Notification` (EventBridge `detail` or SNS message; the older format
 * with `configurationItem` as an array is read too): always `configuration-change`, `info`, severity `info`.
 * Changes are context for incidents (an EBS volume attached, a security group rule changed), never problems.
 * Resource: the configuration item (`ARN` kept only when it parses as one; region from `awsRegion`, else its
 * availability zone, else the envelope). Service: the item's tags (`service`, `app`, `application`,
 * `aws:cloudformation:stack-name`). Environment: the `environment`/`env`/`stage` tag. Hints: arns = the ARN made from
 * the type and id (unless it is the item's own); stacks = its `aws:cloudformation:stack-name` tag; services = its
 * `service`/`app`/`application` tags. Fingerprint: `config-item:<account>:<region>:<resourceType>:<resourceId>`.
 */
export function normaliseConfigurationItemChange(payload: unknown, env: Envelope): Outcome {
  const what = 'Configuration Item Change Notification';
  const parsed = parseWith(ItemChangeSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const item = Array.isArray(d.configurationItem) ? d.configurationItem[0] : d.configurationItem;
  const arn = parseArn(item.ARN ?? item.arn);
  const account = firstAccount(item.awsAccountId, item.accountId, arn?.account, env.account);
  const region = firstRegion(item.awsRegion, arn?.region, regionOfZone(item.availabilityZone), env.region);
  const time = firstTime(env.time, d.notificationCreationTime, d.NotificationCreateTime, item.configurationItemCaptureTime);
  if (!time) return reject('malformed', `${what}: no usable time (notificationCreationTime and configurationItemCaptureTime are missing or not dates)`, env);
  const changeType = firstText(d.configurationItemDiff?.changeType) ?? item.configurationItemStatus ?? 'CHANGE';
  const changed = Object.keys(d.configurationItemDiff?.changedProperties ?? {});
  const related = (item.relationships ?? [])
    .filter((r) => r.resourceId)
    .map((r) => `${r.resourceType ?? '?'} ${r.resourceId}`);
  return buildOne({
    source: 'config',
    kind: 'configuration-change',
    severity: 'info',
    state: 'info',
    resource: {
      type: item.resourceType,
      id: item.resourceId,
      ...(arn ? { arn: arn.arn } : {}),
      ...(region ? { region } : {}),
      ...(account ? { account } : {}),
    },
    service: serviceFromTags(item.tags),
    environment: environmentFromTags(item.tags),
    hints: {
      // Also when the item has an ARN: published samples carry malformed ones; an equal one is dropped as a duplicate.
      arns: [formatResourceArn(catalogueType(item.resourceType), item.resourceId, region, account)],
      stacks: stacksFromTags(item.tags),
      services: servicesFromTags(item.tags),
    },
    fingerprint: fingerprintOf('config-item', account, region, item.resourceType, item.resourceId),
    time,
    title: `${item.resourceType} ${item.resourceId} configuration ${changeType}${changed.length > 0 ? ` (${changed.length} propert${changed.length === 1 ? 'y' : 'ies'} changed)` : ''}`,
    description: changed.length > 0 ? `Changed: ${changed.join(', ')}` : undefined,
    status: changeType,
    labels: {
      changeType,
      configurationItemStatus: item.configurationItemStatus,
      resourceName: item.resourceName,
      changedProperties: changed.join(','),
      relationships: related.join(','),
    },
  }, env);
}

/** The catalogue's spelling of a Config resource type: the 2014 format wrote them in capitals (`AWS::EC2::VOLUME`). */
function catalogueType(type: string): string {
  const lower = type.toLowerCase();
  return RESOURCE_TYPES.find((t) => t.type.toLowerCase() === lower)?.type ?? type;
}

/** True for a bare AWS Config SNS message (`messageType` ComplianceChangeNotification, ConfigurationItemChangeNotification...). */
export function isConfigMessage(value: Record<string, unknown>): boolean {
  return typeof value.messageType === 'string' && /^(Configuration|Compliance|OversizedConfiguration)[A-Za-z]*$/.test(value.messageType);
}

/** True for the event AWS Config sends to a custom rule's Lambda function. */
export function isConfigRuleInvocation(value: Record<string, unknown>): boolean {
  return 'invokingEvent' in value && ('configRuleName' in value || 'configRuleArn' in value || 'resultToken' in value);
}

/**
 * The event AWS Config sends to a custom rule's Lambda function is deliberately not a signal (`ignored`):
 * it asks the rule to evaluate a resource, it does not report a change or a problem. The configuration change
 * it carries is delivered as a `Configuration Item Change Notification` (EventBridge or SNS), and the rule's
 * verdict as a `Config Rules Compliance Change`; normalising the invocation too would double-count the change.
 */
export function ignoreConfigRuleInvocation(payload: Record<string, unknown>): Outcome {
  const rule = typeof payload.configRuleName === 'string' ? ` for rule ${JSON.stringify(payload.configRuleName.slice(0, 128))}` : '';
  let messageType = '';
  if (typeof payload.invokingEvent === 'string' && payload.invokingEvent.length < 300_000) {
    const match = /"messageType"\s*:\s*"([A-Za-z]{1,64})"/.exec(payload.invokingEvent);
    if (match) messageType = ` (${match[1]})`;
  } else if (isRecord(payload.invokingEvent) && typeof payload.invokingEvent.messageType === 'string') {
    messageType = ` (${payload.invokingEvent.messageType.slice(0, 64)})`;
  }
  return reject('ignored', `AWS Config custom rule invocation${rule}${messageType}: a request to evaluate a resource, not a notification; the change arrives as a Configuration Item Change Notification and the verdict as a Config Rules Compliance Change`, { rawSource: 'aws.config', detailType: undefined });
}
