import * as z from 'zod';
import type { Severity } from '../model';
import { changeContext, changeOutcome } from './change-events';
import { buildOne, fingerprintOf, firstText, looseString, parseWith, type Envelope, type Outcome } from './common';
import { namedResource, resourceFromArn, typeFromId } from '../model/aws-resources';

/** SSM detail-types, as EventBridge sends them. */
export const SsmDetailType = {
  AUTOMATION_EXECUTION: 'EC2 Automation Execution Status-change Notification',
  AUTOMATION_STEP: 'EC2 Automation Step Status-change Notification',
  COMMAND: 'EC2 Command Status-change Notification',
  COMMAND_INVOCATION: 'EC2 Command Invocation Status-change Notification',
  MAINTENANCE_WINDOW_EXECUTION: 'Maintenance Window Execution State-change Notification',
  MAINTENANCE_WINDOW_TASK_EXECUTION: 'Maintenance Window Task Execution State-change Notification',
  CONFIGURATION_COMPLIANCE: 'Configuration Compliance State Change',
} as const;

const AutomationSchema = z.object({
  ExecutionId: z.string().min(1),
  Definition: z.string().min(1),
  Status: z.string().min(1),
  StepName: looseString,
  Action: looseString,
  ExecutedBy: looseString,
  StartTime: looseString,
  EndTime: looseString,
});

/** A failed or timed-out automation is often a failed remediation: `medium`. Step events are always context. */
const AUTOMATION_FAILURES: Readonly<Record<string, Severity>> = { FAILED: 'medium', TIMEDOUT: 'medium' };

/**
 * Normalises SSM Automation execution and step status changes (kind `automation`).
 * Execution: Failed / TimedOut → `firing` `medium`; anything else (Success, Cancelled, InProgress...) → `info`.
 * Step: always `info` (the execution event carries the outcome; a failing step may be handled by the runbook).
 * Resource: the automation document (`AWS::SSM::Document`). Fingerprint `ssm-automation:<account>:<region>:<document>`
 * (plus `:step:<name>` for steps).
 */
export function normaliseSsmAutomation(payload: unknown, env: Envelope): Outcome {
  const what = env.detailType ?? 'SSM Automation';
  const parsed = parseWith(AutomationSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what, d.EndTime, d.StartTime);
  if (!ctx.ok) return ctx.outcome;
  const step = env.detailType === SsmDetailType.AUTOMATION_STEP;
  const outcome = step ? changeOutcome(d.Status, {}) : changeOutcome(d.Status, AUTOMATION_FAILURES);
  const definitionArn = env.resources?.find((r) => r.includes(':automation-definition/'));
  const resource = { ...namedResource('AWS::SSM::Document', d.Definition, ctx.region, ctx.account), ...(definitionArn ? { arn: definitionArn } : {}) };
  return buildOne({
    source: 'ssm',
    kind: 'automation',
    ...outcome,
    resource,
    fingerprint: fingerprintOf('ssm-automation', ctx.account, ctx.region, d.Definition, ...(step ? ['step', d.StepName] : [])),
    time: ctx.time,
    title: `SSM Automation ${d.Definition}${step && d.StepName ? ` step ${d.StepName}` : ''} ${d.Status}`,
    status: d.Status,
    labels: { executionId: d.ExecutionId, stepName: d.StepName, action: d.Action, executedBy: d.ExecutedBy, status: d.Status },
  }, env);
}

const CommandSchema = z.object({
  'command-id': z.string().min(1),
  'document-name': z.string().min(1),
  'status': z.string().min(1),
  'instance-id': looseString,
  'requested-date-time': looseString,
});

/** A failed command is usually one instance's problem: `low`. */
const COMMAND_FAILURES: Readonly<Record<string, Severity>> = { FAILED: 'low', TIMEDOUT: 'low', EXECUTIONTIMEDOUT: 'low', DELIVERYTIMEDOUT: 'low', UNDELIVERABLE: 'low' };

/**
 * Normalises Run Command status changes (kind `run-command`): Failed / TimedOut / Undeliverable → `firing` `low`,
 * anything else → `info`. Resource: the target instance (`instance-id`, or the first resource ARN), else the document.
 * Fingerprint `ssm-run-command:<account>:<region>:<document>:<resource>`.
 */
export function normaliseSsmCommand(payload: unknown, env: Envelope): Outcome {
  const what = env.detailType ?? 'SSM Run Command';
  const parsed = parseWith(CommandSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what, d['requested-date-time']);
  if (!ctx.ok) return ctx.outcome;
  const instance = firstText(d['instance-id']);
  const resource = (instance ? namedResource('AWS::EC2::Instance', instance, ctx.region, ctx.account) : undefined)
    ?? env.resources?.map((r) => resourceFromArn(r)).find(Boolean)
    ?? namedResource('AWS::SSM::Document', d['document-name'], ctx.region, ctx.account);
  return buildOne({
    source: 'ssm',
    kind: 'run-command',
    ...changeOutcome(d.status, COMMAND_FAILURES),
    resource,
    fingerprint: fingerprintOf('ssm-run-command', ctx.account, ctx.region, d['document-name'], resource.id),
    time: ctx.time,
    title: `SSM Run Command ${d['document-name']} ${d.status} on ${resource.id}`,
    status: d.status,
    labels: { commandId: d['command-id'], documentName: d['document-name'], status: d.status },
  }, env);
}

const WindowSchema = z.object({
  'window-id': z.string().min(1),
  'status': z.string().min(1),
  'window-execution-id': looseString,
  'task-execution-id': looseString,
  'start-time': looseString,
  'end-time': looseString,
});

/** A failed or timed-out maintenance window: `low` (the work it does is deferred, nothing is broken by it). */
const WINDOW_FAILURES: Readonly<Record<string, Severity>> = { FAILED: 'low', TIMED_OUT: 'low' };

/**
 * Normalises maintenance window execution / task execution state changes (kind `maintenance-window`):
 * FAILED / TIMED_OUT → `firing` `low`, anything else → `info` (a running window is valuable context).
 * Resource `AWS::SSM::MaintenanceWindow`. Fingerprint `ssm-maintenance-window:<account>:<region>:<window-id>`.
 */
export function normaliseSsmMaintenanceWindow(payload: unknown, env: Envelope): Outcome {
  const what = env.detailType ?? 'SSM Maintenance Window';
  const parsed = parseWith(WindowSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what, d['end-time'], d['start-time']);
  if (!ctx.ok) return ctx.outcome;
  return buildOne({
    source: 'ssm',
    kind: 'maintenance-window',
    ...changeOutcome(d.status, WINDOW_FAILURES),
    resource: namedResource('AWS::SSM::MaintenanceWindow', d['window-id'], ctx.region, ctx.account),
    fingerprint: fingerprintOf('ssm-maintenance-window', ctx.account, ctx.region, d['window-id']),
    time: ctx.time,
    title: `Maintenance window ${d['window-id']} ${d['task-execution-id'] ? 'task ' : ''}execution ${d.status}`,
    status: d.status,
    labels: { windowExecutionId: d['window-execution-id'], taskExecutionId: d['task-execution-id'], status: d.status },
  }, env);
}

const ComplianceSchema = z.object({
  'resource-type': looseString,
  'resource-id': z.string().min(1),
  'compliance-status': z.string().min(1),
  'compliance-type': z.string().min(1),
  'patch-baseline-id': looseString,
  'severity': looseString,
});

/**
 * Normalises `Configuration Compliance State Change` (kind `patch-compliance`, also for association compliance):
 * non_compliant → `firing`, compliant → `resolved`, other statuses → `info`. Severity `medium` when the reported
 * severity is critical or high, else `low`: a missing patch is a risk, not an outage.
 * Resource: the managed instance (`AWS::EC2::Instance` for `i-` ids, else `AWS::SSM::ManagedInstance`).
 * Fingerprint `ssm-compliance:<account>:<region>:<compliance-type>:<resource-id>`.
 */
export function normaliseSsmCompliance(payload: unknown, env: Envelope): Outcome {
  const what = SsmDetailType.CONFIGURATION_COMPLIANCE;
  const parsed = parseWith(ComplianceSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what);
  if (!ctx.ok) return ctx.outcome;
  const status = d['compliance-status'].toLowerCase().replace(/[-\s]/g, '_');
  const severity: Severity = /^(critical|high)$/i.test(d.severity ?? '') ? 'medium' : 'low';
  const state = status === 'non_compliant' ? 'firing' : status === 'compliant' ? 'resolved' : 'info';
  const id = d['resource-id'];
  return buildOne({
    source: 'ssm',
    kind: 'patch-compliance',
    severity: state === 'info' ? 'info' : severity,
    state,
    resource: namedResource(typeFromId(id) ?? 'AWS::SSM::ManagedInstance', id, ctx.region, ctx.account),
    fingerprint: fingerprintOf('ssm-compliance', ctx.account, ctx.region, d['compliance-type'], id),
    time: ctx.time,
    title: `${d['compliance-type']} compliance of ${id} is ${d['compliance-status']}${d.severity ? ` (${d.severity})` : ''}`,
    status: d['compliance-status'],
    labels: {
      complianceType: d['compliance-type'],
      complianceStatus: d['compliance-status'],
      patchBaselineId: d['patch-baseline-id'],
      reportedSeverity: d.severity,
      resourceType: d['resource-type'],
    },
  }, env);
}
