import { createHmac } from 'crypto';
import type { Incident } from '../../../src/runtime/model';
import type { Finding } from '../../../src/runtime/reasoning/finding';

/** The signing secret of Slack's documented verification example (api.slack.com/authentication/verifying-requests-from-slack). */
export const SLACK_DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const SLACK_DOC_TIMESTAMP = '1531420618';
export const SLACK_DOC_BODY = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V'
  + '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text='
  + '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN'
  + '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
export const SLACK_DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/**
 * A block_actions payload shaped like Slack's documented example (api.slack.com/reference/interaction-payloads/
 * block-actions: team, user, api_app_id, token, container, trigger_id, channel, message, response_url, actions), with
 * the clicked button one of ours.
 */
export function blockActionsPayload(opts: {
  actionId: string;
  value: string;
  userId?: string;
  userName?: string;
  teamId?: string;
  responseUrl?: string;
}): Record<string, unknown> {
  const team = opts.teamId ?? 'T9TK3CUKW';
  return {
    type: 'block_actions',
    team: { id: team, domain: 'example' },
    user: { id: opts.userId ?? 'UA8RXUSPL', username: opts.userName ?? 'jtorrance', name: opts.userName ?? 'jtorrance', team_id: team },
    api_app_id: 'AABA1ABCD',
    token: '9s8d9as89d8as9d8as989',
    container: { type: 'message', message_ts: '1548261231.000200', channel_id: 'CBR2V3XEX', is_ephemeral: false },
    trigger_id: '12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3',
    channel: { id: 'CBR2V3XEX', name: 'review-updates' },
    message: {
      bot_id: 'BAH5CA16Z',
      type: 'message',
      text: "This content can't be displayed.",
      user: 'UAJ2RU415',
      ts: '1548261231.000200',
      blocks: [{ type: 'actions', block_id: 'cdk-aiops.approval', elements: [] }],
    },
    response_url: opts.responseUrl ?? 'https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209',
    actions: [{
      action_id: opts.actionId,
      block_id: 'cdk-aiops.approval',
      text: { type: 'plain_text', text: 'Approve', emoji: true },
      value: opts.value,
      style: 'primary',
      type: 'button',
      action_ts: '1548426417.840180',
    }],
  };
}

/** The body Slack POSTs: form-encoded, one `payload` field with the JSON. */
export function formBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Sign like Slack does, independently of the code under test. */
export function sign(secret: string, timestamp: string | number, body: string | Buffer): string {
  return `v0=${createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), Buffer.isBuffer(body) ? body : Buffer.from(body)])).digest('hex')}`;
}

export function signedHeaders(secret: string, timestamp: number, body: string): Record<string, string> {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': sign(secret, timestamp, body),
  };
}

export const NOW = new Date('2026-03-10T12:00:00.000Z');
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-2026-03-10-checkout',
    key: 'service:checkout',
    title: 'checkout: 5xx rate above 5%',
    priority: 'P1',
    status: 'acknowledged',
    severity: 'critical',
    storm: false,
    signalIds: ['s1', 's2'],
    firing: ['fp1'],
    services: ['checkout'],
    resources: ['arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout'],
    sources: ['cloudwatch-alarm'],
    suppressedCount: 0,
    openedAt: '2026-03-10T11:50:00.000Z',
    updatedAt: '2026-03-10T11:55:00.000Z',
    timeline: [{ at: '2026-03-10T11:50:00.000Z', type: 'opened', message: 'Opened', actor: 'triage' }],
    signalCount: 2,
    version: 3,
    ...overrides,
  };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    cause: 'The 14:02 deployment of checkout exhausts the database connection pool',
    evidence: ['metrics:5xx:checkout', 'logs:3'],
    confidence: 0.82,
    runbook: { id: 'ecs-rollback-deployment', parameters: { cluster: 'prod', service: 'checkout' } },
    reasoner: 'bedrock',
    ...overrides,
  };
}

export const DECISION = {
  outcome: 'APPROVE' as const,
  reasons: ['P1 incident in production: a human approves rollbacks', 'error budget below 10%'],
  policies: ['approval-for-any-runbook'],
};

/** A task token longer than a Slack button value may be (Step Functions allows 2,048 characters). */
export const LONG_TASK_TOKEN = `AQCEAAAAKgAAAAMAAAAA${'x'.repeat(2020)}==`;
