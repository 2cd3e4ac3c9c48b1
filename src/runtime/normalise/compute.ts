import * as z from 'zod';
import type { ResourceRef, Severity, SignalState } from '../model';
import { changeContext, changeOutcome, lastSegment } from './change-events';
import { buildOne, cleanText, fingerprintOf, firstText, looseString, parseWith, type Envelope, type Outcome } from './common';
import { namedResource, parseArn, resourceFromArn } from '../model/aws-resources';

/*
 * Fleet events: ECS container instances and tasks, EC2 Auto Scaling activities. Context by default (see change-events.ts).
 */

const ContainerInstanceSchema = z.object({
  containerInstanceArn: z.string().min(1),
  clusterArn: looseString,
  ec2InstanceId: looseString,
  status: z.string().min(1),
  statusReason: looseString,
  agentConnected: z.boolean().optional().catch(undefined),
});

/**
 * Normalises `ECS Container Instance State Change` (kind `container-instance`): an ACTIVE instance whose agent
 * is disconnected (`agentConnected: false`) → `firing` `low` (no task can be placed there); anything else
 * (ACTIVE, DRAINING, DEREGISTERING, INACTIVE) → `info`.
 * Resource `AWS::ECS::ContainerInstance`. Fingerprint `ecs-container-instance:<account>:<region>:<cluster>:<instance id>`.
 */
export function normaliseEcsContainerInstance(payload: unknown, env: Envelope): Outcome {
  const what = 'ECS Container Instance State Change';
  const parsed = parseWith(ContainerInstanceSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what);
  if (!ctx.ok) return ctx.outcome;
  const cluster = d.clusterArn ? lastSegment(d.clusterArn) : undefined;
  const resource = withContext(resourceFromArn(d.containerInstanceArn), 'AWS::ECS::ContainerInstance', lastSegment(d.containerInstanceArn), ctx);
  const disconnected = d.agentConnected === false && d.status.toUpperCase() === 'ACTIVE';
  const outcome: { state: SignalState; severity: Severity } = disconnected ? { state: 'firing', severity: 'low' } : { state: 'info', severity: 'info' };
  return buildOne({
    source: 'ecs',
    kind: 'container-instance',
    ...outcome,
    resource,
    fingerprint: fingerprintOf('ecs-container-instance', ctx.account, ctx.region, cluster, resource.id),
    time: ctx.time,
    title: `ECS container instance ${resource.id}${cluster ? ` in ${cluster}` : ''} is ${d.status}${disconnected ? ' with its agent disconnected' : ''}`,
    description: cleanText(d.statusReason),
    status: `${d.status}${d.agentConnected === false ? ':disconnected' : ''}`,
    labels: { cluster, ec2InstanceId: d.ec2InstanceId, status: d.status, agentConnected: d.agentConnected },
  }, env);
}

const TaskSchema = z.object({
  taskArn: z.string().min(1),
  clusterArn: looseString,
  lastStatus: z.string().min(1),
  desiredStatus: looseString,
  stopCode: looseString,
  stoppedReason: looseString,
  group: looseString,
  taskDefinitionArn: looseString,
  containers: z.array(z.object({
    name: looseString,
    exitCode: z.number().nullish().catch(undefined),
    reason: looseString,
  }).catch({})).optional().catch(undefined),
});

/**
 * Normalises `ECS Task State Change` (kind `ecs-task`). A STOPPED task fires `medium` when it failed:
 * stopCode TaskFailedToStart, an essential container exiting non-zero, or a container reason naming OutOfMemory.
 * Tasks stopped by the scheduler or a user, and every other status, are `info`.
 * Resource: the task (`AWS::ECS::Task`). Service: the ECS service from `group` (`service:<name>`).
 * Fingerprint `ecs-task:<account>:<region>:<cluster>:<group or task definition family>`, so failing tasks of one
 * service group together.
 */
export function normaliseEcsTask(payload: unknown, env: Envelope): Outcome {
  const what = 'ECS Task State Change';
  const parsed = parseWith(TaskSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what);
  if (!ctx.ok) return ctx.outcome;
  const cluster = d.clusterArn ? lastSegment(d.clusterArn) : undefined;
  const resource = withContext(resourceFromArn(d.taskArn), 'AWS::ECS::Task', lastSegment(d.taskArn), ctx);
  const containers = d.containers ?? [];
  const badExit = containers.find((c) => typeof c.exitCode === 'number' && c.exitCode !== 0);
  const oom = containers.find((c) => /OutOfMemory/i.test(c.reason ?? ''));
  const failed = d.lastStatus.toUpperCase() === 'STOPPED'
    && (d.stopCode === 'TaskFailedToStart' || Boolean(oom) || (d.stopCode === 'EssentialContainerExited' && Boolean(badExit)));
  const service = d.group?.startsWith('service:') ? d.group.slice('service:'.length) : undefined;
  const family = d.taskDefinitionArn ? lastSegment(d.taskDefinitionArn.replace(/:\d+$/, '')) : undefined;
  return buildOne({
    source: 'ecs',
    kind: 'ecs-task',
    ...(failed ? { state: 'firing' as const, severity: 'medium' as const } : { state: 'info' as const, severity: 'info' as const }),
    resource,
    service: service || undefined,
    fingerprint: fingerprintOf('ecs-task', ctx.account, ctx.region, cluster, d.group ?? family),
    time: ctx.time,
    title: `ECS task ${resource.id}${service ? ` of ${service}` : ''} is ${d.lastStatus}${d.stopCode ? ` (${d.stopCode})` : ''}`,
    description: [cleanText(d.stoppedReason), oom?.reason ?? badExit?.reason].filter(Boolean).join('; ') || undefined,
    status: `${d.lastStatus}${d.stopCode ? `:${d.stopCode}` : ''}`,
    labels: {
      cluster,
      group: d.group,
      taskDefinition: family,
      desiredStatus: d.desiredStatus,
      stopCode: d.stopCode,
      exitCode: badExit?.exitCode ?? undefined,
      container: (oom ?? badExit)?.name,
    },
  }, env);
}

const ScalingSchema = z.object({
  AutoScalingGroupName: z.string().min(1),
  StatusCode: looseString,
  ActivityId: looseString,
  EC2InstanceId: looseString,
  Cause: looseString,
  StatusMessage: looseString,
  StartTime: looseString,
  EndTime: looseString,
  Details: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

/**
 * Normalises EC2 Auto Scaling `EC2 Instance Launch/Terminate Successful/Unsuccessful` (kind `scaling-activity`):
 * Launch Unsuccessful → `firing` `medium` (the group cannot reach its capacity); Terminate Unsuccessful → `firing`
 * `low`; successful activities → `info`. Resource `AWS::AutoScaling::AutoScalingGroup` (ARN from the event resources
 * when one is an ARN). Fingerprint `autoscaling:<account>:<region>:<group>:<launch|terminate>`.
 */
export function normaliseAutoScaling(payload: unknown, env: Envelope): Outcome {
  const what = env.detailType ?? 'Auto Scaling event';
  const parsed = parseWith(ScalingSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what, d.EndTime, d.StartTime);
  if (!ctx.ok) return ctx.outcome;
  const launch = /Launch/.test(env.detailType ?? '');
  const unsuccessful = /Unsuccessful/.test(env.detailType ?? '');
  const status = `${launch ? 'LAUNCH' : 'TERMINATE'}_${unsuccessful ? 'UNSUCCESSFUL' : 'SUCCESSFUL'}`;
  const groupArn = env.resources?.map((r) => parseArn(r)).find((a) => a?.service === 'autoscaling');
  const resource = {
    ...namedResource('AWS::AutoScaling::AutoScalingGroup', d.AutoScalingGroupName, ctx.region, ctx.account),
    ...(groupArn ? { arn: groupArn.arn } : {}),
  };
  const zone = firstText(d.Details?.['Availability Zone']);
  return buildOne({
    source: 'autoscaling',
    kind: 'scaling-activity',
    ...changeOutcome(status, { LAUNCH_UNSUCCESSFUL: 'medium', TERMINATE_UNSUCCESSFUL: 'low' }),
    resource,
    fingerprint: fingerprintOf('autoscaling', ctx.account, ctx.region, d.AutoScalingGroupName, launch ? 'launch' : 'terminate'),
    time: ctx.time,
    title: `Auto Scaling ${d.AutoScalingGroupName}: ${launch ? 'launch' : 'terminate'} ${unsuccessful ? 'failed' : 'succeeded'}${d.EC2InstanceId ? ` for ${d.EC2InstanceId}` : ''}`,
    description: [cleanText(d.StatusMessage), cleanText(d.Cause)].filter(Boolean).join('\n\n') || undefined,
    status,
    labels: { activityId: d.ActivityId, ec2InstanceId: d.EC2InstanceId, statusCode: d.StatusCode, availabilityZone: zone },
  }, env);
}

function withContext(fromArn: ResourceRef | undefined, type: string, id: string, ctx: { region?: string; account?: string }): ResourceRef {
  const base = fromArn ?? { type, id };
  const region = base.region ?? ctx.region;
  const account = base.account ?? ctx.account;
  return { ...base, ...(region ? { region } : {}), ...(account ? { account } : {}) };
}
