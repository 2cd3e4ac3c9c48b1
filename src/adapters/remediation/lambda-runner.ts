import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  RUNBOOK_STATES,
  UnsupportedRunbookKindError,
  type RunbookRunContext,
  type RunbookRunner,
  type RunbookStart,
  type RunbookState,
  type RunbookStatus,
} from '../../runtime/remediation/ports';
import type { ParameterValue, RunbookSpec } from '../../runtime/runbooks';

/** Longest part of a function's error payload kept in a detail. */
const ERROR_DETAIL_MAX_CHARS = 500;

const EXECUTION_ID = /^lambda:([a-z-]+):(.*)$/;

function errorDetail(functionError: string, payload: Uint8Array | undefined): string {
  const text = payload ? Buffer.from(payload).toString('utf8') : '';
  try {
    const parsed = JSON.parse(text) as { errorType?: unknown; errorMessage?: unknown };
    const type = typeof parsed.errorType === 'string' ? parsed.errorType : undefined;
    const message = typeof parsed.errorMessage === 'string' ? parsed.errorMessage : undefined;
    if (type || message) return `${functionError}: ${[type, message].filter(Boolean).join(': ')}`.slice(0, ERROR_DETAIL_MAX_CHARS);
  } catch {
    // not JSON: keep the text
  }
  return `${functionError}${text ? `: ${text}` : ''}`.slice(0, ERROR_DETAIL_MAX_CHARS);
}

/**
 * Runs `lambda` runbooks by invoking the function (`target`, a function name or ARN, qualified or not) synchronously
 * (`RequestResponse`) with the parameters as its event. The function signals failure by throwing: a `FunctionError`
 * (`Unhandled`, `Handled`) or a non-2xx status is a failed run. The run is over when `start` returns, so the
 * execution id carries the final state and `status` reads it back without a call.
 *
 * The caller must be allowed to wait for the function: a runbook function may run up to its own timeout, which must
 * be shorter than the invoking Lambda's.
 *
 * IAM: `lambda:InvokeFunction` on the function ARNs.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export class LambdaRunner implements RunbookRunner {
  constructor(private readonly client: LambdaClient) {}

  public async start(spec: RunbookSpec, params: Readonly<Record<string, ParameterValue>>, ctx: RunbookRunContext): Promise<RunbookStart> {
    if (spec.kind !== 'lambda') throw new UnsupportedRunbookKindError(spec.kind, `LambdaRunner runs lambda runbooks, not ${spec.kind}`);
    const out = await this.client.send(new InvokeCommand({
      FunctionName: spec.target,
      InvocationType: 'RequestResponse',
      Payload: Buffer.from(JSON.stringify(params), 'utf8'),
    }));
    const requestId = out.$metadata?.requestId ?? ctx.requestKey;
    const version = out.ExecutedVersion ? ` (version ${out.ExecutedVersion})` : '';
    if (out.FunctionError) {
      return { executionId: `lambda:failed:${requestId}`, state: 'failed', detail: errorDetail(out.FunctionError, out.Payload) };
    }
    if (out.StatusCode !== undefined && (out.StatusCode < 200 || out.StatusCode > 299)) {
      return { executionId: `lambda:failed:${requestId}`, state: 'failed', detail: `Invoke returned status ${out.StatusCode}` };
    }
    return { executionId: `lambda:succeeded:${requestId}`, state: 'succeeded', detail: `invoked ${spec.target}${version}` };
  }

  public async status(_spec: RunbookSpec, executionId: string): Promise<RunbookStatus> {
    const match = EXECUTION_ID.exec(executionId);
    const state = match?.[1] as RunbookState | undefined;
    if (!match || !state || !(RUNBOOK_STATES as readonly string[]).includes(state)) throw new Error(`not a LambdaRunner execution id: ${executionId}`);
    return { state };
  }
}
