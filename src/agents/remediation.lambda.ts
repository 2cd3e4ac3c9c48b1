/**
 * Remediation agent: one step of the remediation loop per invocation, so that the state machine waits in Wait
 * states, never in Lambda. `action: 'plan'` validates the finding's runbook against the incident and plans it (and
 * its rollback); `action: 'step'` starts, polls or verifies once, as `decideNext` says. Every step's timeline entries
 * go onto the incident; the state (plain JSON) goes back to the state machine with what to do next and after how long.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ApplicationSignalsClient } from '@aws-sdk/client-application-signals';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SyntheticsClient } from '@aws-sdk/client-synthetics';
import { z } from 'zod';
import { AGENT_SERVICE_NAME, AgentEnv } from './constants';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { awsRecoveryVerifier, awsRunbookRunner } from '../adapters/remediation';
import { readRunbookRegistry } from '../runtime/agents/config';
import { signalsOf, StepIncidentSchema } from '../runtime/agents/steps';
import { approvalTimelineEntry } from '../runtime/approval/timeline';
import type { TimelineEntry } from '../runtime/model';
import { FindingSchema } from '../runtime/reasoning/finding';
import {
  decideNext, IncidentStoreTimelineSink, planRemediation, pollOnce, startRunbook, verifyOnce,
  type RecoveryVerifier, type RemediationState, type RunbookRunner, type StepResult, type TimelineSink,
} from '../runtime/remediation';
import type { RunbookRegistry } from '../runtime/runbooks';

const logger = new Logger({ serviceName: AGENT_SERVICE_NAME });

/** The finding proposes no runbook, or one that is not registered: there is nothing to run (the failure path reports it). */
export class NoRunbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoRunbookError';
  }
}

const ApprovalSchema = z.object({
  approved: z.literal(true),
  approvedBy: z.object({ id: z.string().min(1), name: z.string() }),
  approvedAt: z.string(),
}).loose();

const PlanInputSchema = z.object({
  action: z.literal('plan'),
  runId: z.string().min(1),
  incident: StepIncidentSchema,
  finding: FindingSchema.pick({ runbook: true }).loose(),
  /** The approval task's output when a human approved; `{ automatic: true }` when the decision was AUTO. */
  approval: z.union([ApprovalSchema, z.object({ automatic: z.literal(true) })]).nullish(),
});

const StepInputSchema = z.object({
  action: z.literal('step'),
  incident: StepIncidentSchema,
  remediation: z.object({
    state: z.object({ incidentId: z.string(), phase: z.enum(['start', 'poll', 'verify', 'done']) }).loose(),
  }).loose(),
});

export const RemediationInputSchema = z.discriminatedUnion('action', [PlanInputSchema, StepInputSchema]);
export type RemediationLambdaInput = z.input<typeof RemediationInputSchema>;

/** What the state machine reads: the state, and the next action with its wait. */
export interface RemediationLambdaOutput {
  readonly state: RemediationState;
  readonly next: {
    readonly action: 'start' | 'poll' | 'verify' | 'done';
    readonly waitSeconds: number;
    readonly outcome?: string;
    readonly escalate?: boolean;
  };
}

export interface RemediationDependencies {
  readonly registry: RunbookRegistry;
  readonly runner: RunbookRunner;
  readonly verifier: RecoveryVerifier;
  readonly sink: TimelineSink;
  readonly maxRunSeconds?: number;
}

/** The remediation function's environment (set by the AgentSuite). Throws naming the variable. */
export function readRemediationConfig(env: Readonly<Record<string, string | undefined>>) {
  const tableName = env[AgentEnv.TABLE_NAME];
  if (!tableName) throw new Error(`agent handler: missing environment variable ${AgentEnv.TABLE_NAME}`);
  const text = env[AgentEnv.REMEDIATION_MAX_RUN_SECONDS];
  const maxRunSeconds = text ? Number(text) : undefined;
  if (maxRunSeconds !== undefined && !(Number.isInteger(maxRunSeconds) && maxRunSeconds > 0)) {
    throw new Error(`agent handler: ${AgentEnv.REMEDIATION_MAX_RUN_SECONDS} must be a positive whole number, got '${text}'`);
  }
  return { tableName, maxRunSeconds, automationRoleArn: env[AgentEnv.AUTOMATION_ROLE_ARN] || undefined };
}

function coldStart(): RemediationDependencies {
  const config = readRemediationConfig(process.env);
  return {
    registry: readRunbookRegistry(process.env),
    runner: awsRunbookRunner(
      { ssm: new SSMClient({}), lambda: new LambdaClient({}), codebuild: new CodeBuildClient({}) },
      { automationAssumeRole: config.automationRoleArn },
    ),
    verifier: awsRecoveryVerifier({
      cloudwatch: new CloudWatchClient({}),
      synthetics: new SyntheticsClient({}),
      applicationSignals: new ApplicationSignalsClient({}),
    }),
    sink: new IncidentStoreTimelineSink(new DynamoDbIncidentStore({ client: new DynamoDBClient({}), tableName: config.tableName })),
    maxRunSeconds: config.maxRunSeconds,
  };
}
let cold: RemediationDependencies | undefined;

export async function handler(event: unknown): Promise<RemediationLambdaOutput> {
  cold ??= coldStart();
  return remediationStep(event, cold, new Date());
}

/** The handler's work, with its dependencies and clock passed in (tests). */
export async function remediationStep(event: unknown, deps: RemediationDependencies, now: Date): Promise<RemediationLambdaOutput> {
  const input = RemediationInputSchema.parse(event);
  const incident = input.incident;
  const signals = signalsOf(incident);
  let result: StepResult;
  const extra: TimelineEntry[] = [];
  if (input.action === 'plan') {
    const proposed = input.finding.runbook;
    if (!proposed) throw new NoRunbookError('the finding proposes no runbook: nothing to remediate with');
    const spec = deps.registry.get(proposed.id);
    if (!spec) throw new NoRunbookError(`the finding proposes runbook ${proposed.id}, which is not registered`);
    if (input.approval && 'approvedBy' in input.approval) {
      extra.push(approvalTimelineEntry({
        approvalId: input.runId,
        runbookId: spec.id,
        decision: { outcome: 'approved', by: input.approval.approvedBy, at: input.approval.approvedAt },
      }));
    }
    result = planRemediation(
      { incident, signals, finding: { runbook: proposed } as never, spec, params: proposed.parameters },
      now,
      { maxRunSeconds: deps.maxRunSeconds },
      deps.registry,
    );
  } else {
    const state = input.remediation.state as unknown as RemediationState;
    const next = decideNext(state, now);
    result = next.action === 'start' ? await startRunbook(state, deps.runner, now)
      : next.action === 'poll' ? await pollOnce(state, deps.runner, now)
        : next.action === 'verify' ? await verifyOnce(state, deps.verifier, incident, signals, now)
          : { state, entries: [] };
  }
  const entries = [...extra, ...result.entries];
  if (entries.length > 0) {
    try {
      await deps.sink.append(incident.id, entries);
    } catch (error) {
      // The state keeps every entry; RecordOutcome writes them again (idempotently) at the end.
      logger.warn('could not write remediation entries on the timeline', { incidentId: incident.id, error: error as Error });
    }
  }
  const next = decideNext(result.state, now);
  logger.info('remediation step', { incidentId: incident.id, phase: result.state.phase, purpose: result.state.purpose, next: next.action });
  return {
    state: result.state,
    next: next.action === 'done'
      ? { action: 'done', waitSeconds: 0, outcome: next.result.outcome, escalate: next.result.escalate }
      : { action: next.action, waitSeconds: next.waitSeconds },
  };
}
