import * as z from 'zod';
import type { Severity } from '../model';
import { changeContext, changeOutcome, lastSegment } from './change-events';
import { buildOne, cleanText, fingerprintOf, looseString, parseWith, type Envelope, type Outcome } from './common';
import { resourceFromArn } from '../model/aws-resources';

const ExecutionSchema = z.object({
  executionArn: z.string().min(1),
  stateMachineArn: z.string().min(1),
  name: looseString,
  status: z.string().min(1),
  startDate: z.unknown().optional(),
  stopDate: z.unknown().optional(),
  error: looseString,
  cause: looseString,
});

/**
 * FAILED and TIMED_OUT executions are workflow failures: `medium`. ABORTED is not a failure by itself
 * (StopExecution, by an operator or a parent workflow), so it stays `info`, like RUNNING, SUCCEEDED and PENDING_REDRIVE.
 */
const EXECUTION_FAILURES: Readonly<Record<string, Severity>> = { FAILED: 'medium', TIMED_OUT: 'medium' };

/**
 * Normalises `Step Functions Execution Status Change` (kind `workflow`), with the rule above.
 * Resource: the state machine (`AWS::StepFunctions::StateMachine`, from `stateMachineArn`).
 * Fingerprint `stepfunctions:<account>:<region>:<state machine name>`, so repeated failures of one workflow group.
 */
export function normaliseStepFunctions(payload: unknown, env: Envelope): Outcome {
  const what = 'Step Functions Execution Status Change';
  const parsed = parseWith(ExecutionSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const ctx = changeContext(env, what, d.stopDate, d.startDate);
  if (!ctx.ok) return ctx.outcome;
  const fromArn = resourceFromArn(d.stateMachineArn);
  const machine = fromArn?.id ?? lastSegment(d.stateMachineArn);
  const region = fromArn?.region ?? ctx.region;
  const account = fromArn?.account ?? ctx.account;
  const resource = {
    ...(fromArn ?? { type: 'AWS::StepFunctions::StateMachine', id: machine }),
    ...(region ? { region } : {}),
    ...(account ? { account } : {}),
  };
  const execution = d.name ?? lastSegment(d.executionArn);
  return buildOne({
    source: 'stepfunctions',
    kind: 'workflow',
    ...changeOutcome(d.status, EXECUTION_FAILURES),
    resource,
    fingerprint: fingerprintOf('stepfunctions', account, region, machine),
    time: ctx.time,
    title: `Step Functions ${machine} execution ${execution} ${d.status}`,
    description: [cleanText(d.error), cleanText(d.cause)].filter(Boolean).join(': ') || undefined,
    status: d.status,
    labels: { executionArn: d.executionArn, executionName: execution, status: d.status, error: d.error },
  }, env);
}
