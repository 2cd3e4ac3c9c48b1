/**
 * The Slack interactivity endpoint, as a pure function of the HTTP request and its ports: verify the signature,
 * parse the click, look the request up, check the approver, record the decision exactly once, resume the
 * Step Functions wait, and answer Slack. The Lambda handler only maps its event to `SlackCallbackRequest`, builds the
 * adapters and returns the response.
 *
 * | case | status | task callback |
 * |---|---|---|
 * | missing, malformed, forged, stale or replayed signature | 401 | none |
 * | a click on another of our buttons (`actions`: the merge and split feedback) | what its handler answers | none |
 * | not a block_actions click on our buttons | 400 | none |
 * | unknown approval id (never stored, or forgotten by TTL) | 410 | none |
 * | clicker not on the allow-list (or another workspace) | 403 | none |
 * | already decided (double click, second approver) | 200, says who decided | none |
 * | clicked after expiry | 410 | SendTaskFailure `ApprovalExpired`, once |
 * | approve | 200, message replaced | SendTaskSuccess, once |
 * | deny | 200, message replaced | SendTaskFailure `Denied`, once |
 * | the wait is over already (timed out) | 410 | the one attempt, answered TaskTimedOut |
 * | Step Functions unreachable / throttled | 503, decision released so the person can click again | attempted |
 */
import { parseApprovalAction, parseInteractionBody, type ParsedApprovalAction } from './action';
import { decideApproval } from './decide';
import { buildDecidedMessage } from './message';
import type { Approver, ApprovalDecisionRecord, ApprovalOutcome, ApprovalRecord, ApprovalStore, ReplayCache, TaskCallback, TaskCallbackResult } from './ports';
import { verifySlackRequest, type RequestHeaders, type SlackVerificationFailure } from './slack-signature';
import { ApprovalError, ApprovalOutcomeValue as Outcome } from '../../contract/decisions';
import type { SecretReader } from '../comms/ports';
import { readSlackSecretField } from '../comms/secrets';
import type { SlackBlock } from '../comms/slack-text';
import { SILENT_LOG, type Log } from '../ports/observability';

export interface SlackCallbackRequest {
  readonly headers: RequestHeaders;
  readonly body?: string | null;
  /** API Gateway and function URLs base64-encode bodies they deem binary. */
  readonly isBase64Encoded?: boolean;
}

/** What Slack accepts at a `response_url`. */
export interface SlackResponseMessage {
  readonly replace_original?: boolean;
  readonly response_type?: 'ephemeral' | 'in_channel';
  readonly text: string;
  readonly blocks?: readonly SlackBlock[];
}

/** Posts to an interaction's `response_url` (replace the request once decided, tell a refused clicker why). */
export interface SlackResponder {
  respond(responseUrl: string, message: SlackResponseMessage): Promise<void>;
}

/** What another kind of click (the learning feedback buttons) is handled with: the checks already made and the ports. */
export interface SlackActionContext {
  readonly allowList: readonly string[];
  readonly teamId?: string;
  readonly now: Date;
  readonly responder?: SlackResponder;
}

/**
 * Clicks on our other buttons, verified like approvals (signature, timestamp, replay) before they are handed over;
 * the handler checks the clicker against the same allow-list and workspace.
 */
export interface SlackActionHandler {
  /** Whether the payload holds one of its actions. */
  accepts(payload: unknown): boolean;
  handle(payload: unknown, context: SlackActionContext): Promise<SlackCallbackResponse>;
}

export interface SlackCallbackDeps {
  readonly signingSecret: string;
  readonly replayCache: ReplayCache;
  /** Slack user ids that may decide. Empty: nobody (fail closed). */
  readonly allowList: readonly string[];
  readonly approvals: ApprovalStore;
  readonly callback: TaskCallback;
  readonly now: Date;
  /** @default 300 */
  readonly toleranceSeconds?: number;
  /** When set, clicks from another Slack workspace are refused (403). */
  readonly teamId?: string;
  /** Best effort: failures to respond never change the outcome. */
  readonly responder?: SlackResponder;
  /** Handlers of other buttons (the merge and split feedback), asked before the approval buttons. @default - none */
  readonly actions?: readonly SlackActionHandler[];
}

export type SlackCallbackOutcome =
  | 'approved' | 'denied' | 'expired' | 'already-decided' | 'task-gone' | 'callback-error'
  | 'not-allowed' | 'unknown-approval' | 'malformed' | 'secret-unavailable' | SlackVerificationFailure
  // the feedback buttons: a menu shown, a merge or split done, or refused because an incident is gone or closed
  | 'feedback-menu' | 'merged' | 'split' | 'unknown-incident' | 'not-open';

export interface SlackCallbackResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** For the handler's log line and metrics. Never contains the token or the secret. */
  readonly outcome: SlackCallbackOutcome;
  /** The approval concerned, once known. */
  readonly approvalId?: string;
  readonly incidentId?: string;
  /** Who clicked, once known. */
  readonly user?: Approver;
  /** Error name of a failed task callback. */
  readonly error?: string;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

function text(statusCode: number, outcome: SlackCallbackOutcome, body: string, extra: Partial<SlackCallbackResponse> = {}): SlackCallbackResponse {
  return { statusCode, headers: TEXT, body, outcome, ...extra };
}

function decodeBody(request: SlackCallbackRequest): Buffer {
  const body = request.body ?? '';
  return request.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

async function respondQuietly(deps: SlackCallbackDeps, url: string | undefined, message: SlackResponseMessage): Promise<void> {
  if (!url || !deps.responder) return;
  try {
    await deps.responder.respond(url, message);
  } catch {
    // Best effort: the decision stands whether or not Slack's message could be replaced.
  }
}

function decidedBody(record: ApprovalRecord, decision: ApprovalDecisionRecord): { body: string; message: SlackResponseMessage } {
  const m = buildDecidedMessage({
    incidentId: record.incidentId,
    runbookId: record.runbookId,
    outcome: decision.outcome,
    by: decision.by,
    at: decision.at,
  });
  const message: SlackResponseMessage = { replace_original: true, text: m.text, blocks: m.blocks };
  return { body: JSON.stringify(message), message };
}

/** Handle one Slack interaction request. Never throws for anything a request can contain; port errors propagate. */
export async function handleSlackCallback(request: SlackCallbackRequest, deps: SlackCallbackDeps): Promise<SlackCallbackResponse> {
  const raw = decodeBody(request);
  const verified = await verifySlackRequest({
    headers: request.headers,
    rawBody: raw,
    signingSecret: deps.signingSecret,
    now: deps.now,
    toleranceSeconds: deps.toleranceSeconds,
    replayCache: deps.replayCache,
  });
  if (!verified.ok) return text(401, verified.reason, 'invalid request signature');

  const form = parseInteractionBody(raw.toString('utf8'));
  if (!form.ok) return text(400, 'malformed', form.error.message);
  const other = deps.actions?.find((h) => h.accepts(form.payload));
  if (other) return other.handle(form.payload, { allowList: deps.allowList, teamId: deps.teamId, now: deps.now, responder: deps.responder });
  const parsed = parseApprovalAction(form.payload);
  if (!parsed.ok) return text(400, 'malformed', parsed.error.message);
  const click: ParsedApprovalAction = parsed.value;
  const ids = { approvalId: click.approvalId, user: click.user };

  const record = await deps.approvals.get(click.approvalId);
  if (!record) return text(410, 'unknown-approval', 'this approval request is no longer pending', ids);
  const known = { ...ids, incidentId: record.incidentId };

  if (deps.teamId && click.teamId !== deps.teamId) {
    return text(403, 'not-allowed', 'this workspace may not decide this request', known);
  }
  if (record.decision) {
    const { body } = decidedBody(record, record.decision);
    return { statusCode: 200, headers: JSON_TYPE, body, outcome: 'already-decided', ...known };
  }

  const verdict = decideApproval({ action: click.action, user: click.user, allowList: deps.allowList, now: deps.now, expiresAt: record.expiresAt });
  if (verdict.kind === 'refused') {
    await respondQuietly(deps, click.responseUrl, {
      response_type: 'ephemeral',
      replace_original: false,
      text: 'You are not on the approvers list for this runbook: your click changed nothing.',
    });
    return text(403, 'not-allowed', 'you may not decide this request', known);
  }

  const outcome: ApprovalOutcome = verdict.kind === 'success' ? Outcome.APPROVED : verdict.error === ApprovalError.DENIED ? Outcome.DENIED : Outcome.EXPIRED;
  const decision: ApprovalDecisionRecord = { outcome, by: { id: click.user.id, name: click.user.name }, at: deps.now.toISOString() };
  if (!await deps.approvals.claimDecision(record.approvalId, decision)) {
    // Someone else's click won the conditional write between our read and now.
    const winner = (await deps.approvals.get(record.approvalId))?.decision ?? decision;
    const { body } = decidedBody(record, winner);
    return { statusCode: 200, headers: JSON_TYPE, body, outcome: 'already-decided', ...known };
  }

  let result: TaskCallbackResult;
  try {
    if (verdict.kind === 'success') {
      const refs = { approvalId: record.approvalId, incidentId: record.incidentId, ...(record.runbookId ? { runbookId: record.runbookId } : {}) };
      const output = { ...verdict.output, ...refs };
      result = await deps.callback.succeed(record.taskToken, output);
    } else {
      result = await deps.callback.fail(record.taskToken, verdict.error, verdict.cause);
    }
  } catch (e) {
    await deps.approvals.releaseDecision(record.approvalId, decision);
    return text(503, 'callback-error', 'could not resume the workflow; please click again', { ...known, error: (e as Error)?.name ?? 'Error' });
  }

  const { body, message } = decidedBody(record, decision);
  await respondQuietly(deps, click.responseUrl, message);
  if (!result.delivered) {
    return text(410, 'task-gone', 'this approval request is no longer waiting (it timed out and was escalated)', { ...known, error: result.reason });
  }
  if (outcome === Outcome.EXPIRED) return text(410, 'expired', 'this approval request expired; the incident is escalated', known);
  return { statusCode: 200, headers: JSON_TYPE, body, outcome, ...known };
}

export interface SlackEndpointDeps extends Omit<SlackCallbackDeps, 'signingSecret'> {
  /** Where the Slack app's secret (`signingSecret`) is read. */
  readonly secrets: SecretReader;
  readonly secretArn: string;
  readonly log?: Log;
}

/**
 * The endpoint as the Lambda runs it: the signing secret first (503 when it cannot be read; the log names the secret
 * and the problem, never a value), then `handleSlackCallback`, then one log line without the token or the secret.
 */
export async function answerSlackCallback(request: SlackCallbackRequest, deps: SlackEndpointDeps): Promise<SlackCallbackResponse> {
  const { secrets, secretArn, log = SILENT_LOG, ...rest } = deps;
  let signingSecret: string;
  try {
    signingSecret = await readSlackSecretField(secrets, secretArn, 'signingSecret');
  } catch (e) {
    log.error('cannot read the Slack signing secret', { error: (e as Error).message });
    return text(503, 'secret-unavailable', 'temporarily unavailable');
  }
  const response = await handleSlackCallback(request, { ...rest, signingSecret });
  log.info('slack callback', {
    outcome: response.outcome,
    statusCode: response.statusCode,
    approvalId: response.approvalId,
    incidentId: response.incidentId,
    userId: response.user?.id,
    error: response.error,
  });
  return response;
}
