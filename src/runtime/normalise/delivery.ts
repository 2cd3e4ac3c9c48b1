import * as z from 'zod';
import type { ResourceRef, Severity } from '../model';
import { changeContext, changeOutcome } from './change-events';
import { buildOne, fingerprintOf, looseNumber, looseString, parseWith, type Envelope, type Outcome } from './common';
import { namedResource, parseArn } from '../model/aws-resources';

/*
 * Delivery pipeline events: CodeBuild, CodeDeploy, CodePipeline. Context by default (see change-events.ts).
 */

const BuildSchema = z.object({
  'project-name': z.string().min(1),
  'build-id': looseString,
  'build-status': looseString,
  'current-phase': looseString,
  'completed-phase': looseString,
  'completed-phase-status': looseString,
  'additional-information': z.object({
    'initiator': looseString,
    'build-number': looseNumber,
    'source-version': looseString,
  }).optional().catch(undefined),
});

/** A failed build blocks a change but does not hurt what runs: `low`. */
const BUILD_FAILURES: Readonly<Record<string, Severity>> = { FAILED: 'low', FAULT: 'low', TIMED_OUT: 'low' };

/**
 * Normalises `CodeBuild Build State Change` and `CodeBuild Build Phase Change` (kind `build`).
 * State change: FAILED / FAULT / TIMED_OUT → `firing` `low`; IN_PROGRESS, SUCCEEDED, STOPPED → `info`.
 * Phase change: always `info` (the state change carries the build's outcome).
 * Resource `AWS::CodeBuild::Project`. Fingerprint `codebuild:<account>:<region>:<project>`.
 */
export function normaliseCodeBuild(payload: unknown, env: Envelope): Outcome {
  const what = env.detailType ?? 'CodeBuild event';
  const parsed = parseWith(BuildSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what);
  if (!ctx.ok) return ctx.outcome;
  const phase = env.detailType === 'CodeBuild Build Phase Change';
  const status = phase
    ? `${d['completed-phase'] ?? 'PHASE'}:${d['completed-phase-status'] ?? 'UNKNOWN'}`
    : d['build-status'] ?? 'UNKNOWN';
  const info = d['additional-information'];
  return buildOne({
    source: 'codebuild',
    kind: 'build',
    ...(phase ? changeOutcome(status, {}) : changeOutcome(status, BUILD_FAILURES)),
    resource: namedResource('AWS::CodeBuild::Project', d['project-name'], ctx.region, ctx.account),
    fingerprint: fingerprintOf('codebuild', ctx.account, ctx.region, d['project-name']),
    time: ctx.time,
    title: phase
      ? `CodeBuild ${d['project-name']} phase ${d['completed-phase'] ?? '?'} ${d['completed-phase-status'] ?? ''}`.trim()
      : `CodeBuild ${d['project-name']} build ${status}`,
    status,
    labels: {
      buildId: d['build-id'],
      buildStatus: d['build-status'],
      currentPhase: d['current-phase'],
      completedPhase: d['completed-phase'],
      completedPhaseStatus: d['completed-phase-status'],
      initiator: info?.initiator,
      buildNumber: info?.['build-number'],
      sourceVersion: info?.['source-version'],
    },
  }, env);
}

const DeploymentSchema = z.object({
  application: z.string().min(1),
  deploymentGroup: z.string().min(1),
  deploymentId: looseString,
  state: z.string().min(1),
  instanceGroupId: looseString,
});

/** A failed deployment may have left a fleet half-updated: `medium`. */
const DEPLOYMENT_FAILURES: Readonly<Record<string, Severity>> = { FAILURE: 'medium' };

/**
 * Normalises `CodeDeploy Deployment State-change Notification` (kind `deployment`):
 * FAILURE → `firing` `medium`; START, SUCCESS, STOP, READY → `info` (a deployment is prime incident context).
 * Resource `AWS::CodeDeploy::DeploymentGroup` `<application>/<group>` (ARN from the event resources).
 * Service: the CodeDeploy application. Fingerprint `codedeploy:<account>:<region>:<application>:<group>`.
 */
export function normaliseCodeDeploy(payload: unknown, env: Envelope): Outcome {
  const what = env.detailType ?? 'CodeDeploy event';
  const parsed = parseWith(DeploymentSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what);
  if (!ctx.ok) return ctx.outcome;
  const groupArn = env.resources?.map((r) => parseArn(r)).find((a) => a?.service === 'codedeploy' && a.resource.startsWith('deploymentgroup:'));
  const resource: ResourceRef = {
    type: 'AWS::CodeDeploy::DeploymentGroup',
    id: `${d.application}/${d.deploymentGroup}`,
    ...(groupArn ? { arn: groupArn.arn } : {}),
    ...(ctx.region ? { region: ctx.region } : {}),
    ...(ctx.account ? { account: ctx.account } : {}),
  };
  return buildOne({
    source: 'codedeploy',
    kind: 'deployment',
    ...changeOutcome(d.state, DEPLOYMENT_FAILURES),
    resource,
    service: d.application,
    fingerprint: fingerprintOf('codedeploy', ctx.account, ctx.region, d.application, d.deploymentGroup),
    time: ctx.time,
    title: `CodeDeploy ${d.application}/${d.deploymentGroup} deployment ${d.deploymentId ?? ''} ${d.state}`.replace(/\s+/g, ' '),
    status: d.state,
    labels: { deploymentId: d.deploymentId, application: d.application, deploymentGroup: d.deploymentGroup, state: d.state },
  }, env);
}

const PipelineSchema = z.object({
  'pipeline': z.string().min(1),
  'state': z.string().min(1),
  'execution-id': looseString,
  'version': looseNumber,
});

/** A failed pipeline execution blocks a release, nothing running breaks: `low`. */
const PIPELINE_FAILURES: Readonly<Record<string, Severity>> = { FAILED: 'low' };

/**
 * Normalises `CodePipeline Pipeline Execution State Change` (kind `pipeline`): FAILED → `firing` `low`;
 * STARTED, SUCCEEDED, RESUMED, CANCELED, SUPERSEDED, STOPPED... → `info`.
 * Resource `AWS::CodePipeline::Pipeline`. Fingerprint `codepipeline:<account>:<region>:<pipeline>`.
 */
export function normaliseCodePipeline(payload: unknown, env: Envelope): Outcome {
  const what = env.detailType ?? 'CodePipeline event';
  const parsed = parseWith(PipelineSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what);
  if (!ctx.ok) return ctx.outcome;
  return buildOne({
    source: 'codepipeline',
    kind: 'pipeline',
    ...changeOutcome(d.state, PIPELINE_FAILURES),
    resource: namedResource('AWS::CodePipeline::Pipeline', d.pipeline, ctx.region, ctx.account),
    fingerprint: fingerprintOf('codepipeline', ctx.account, ctx.region, d.pipeline),
    time: ctx.time,
    title: `CodePipeline ${d.pipeline} execution ${d.state}`,
    status: d.state,
    labels: { executionId: d['execution-id'], pipelineVersion: d.version, state: d.state },
  }, env);
}
