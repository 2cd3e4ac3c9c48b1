import * as fc from 'fast-check';
import { blockActionsPayload, formBody } from './fixtures';
import { ApprovalActionId, parseApprovalAction, parseInteractionBody } from '../../../src/runtime/approval';

const ID = 'appr_0123456789abcdef';

describe('parseInteractionBody', () => {
  test('GIVEN the form body Slack sends THEN the payload JSON', () => {
    const payload = blockActionsPayload({ actionId: ApprovalActionId.APPROVE, value: ID });
    expect(parseInteractionBody(formBody(payload))).toEqual({ ok: true, payload });
  });

  test.each([
    ['no payload field', 'token=abc', 'not-form'],
    ['a JSON body', '{"payload":{}}', 'not-form'],
    ['bad JSON', 'payload=%7B', 'not-json'],
    ['2 MB', `payload=${'a'.repeat(2 * 1024 * 1024)}`, 'too-large'],
  ])('GIVEN %s THEN %s', (_label, body, code) => {
    expect(parseInteractionBody(body)).toMatchObject({ ok: false, error: { code } });
  });
});

describe('parseApprovalAction', () => {
  test("GIVEN Slack's documented block_actions shape with our approve button THEN the approval, the user and the response URL", () => {
    expect(parseApprovalAction(blockActionsPayload({ actionId: ApprovalActionId.APPROVE, value: ID }))).toEqual({
      ok: true,
      value: {
        approvalId: ID,
        action: 'approve',
        user: { id: 'UA8RXUSPL', name: 'jtorrance' },
        teamId: 'T9TK3CUKW',
        responseUrl: 'https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209',
        message: { channel: 'CBR2V3XEX', ts: '1548261231.000200' },
      },
    });
  });

  test('GIVEN deny THEN deny', () => {
    expect(parseApprovalAction(blockActionsPayload({ actionId: ApprovalActionId.DENY, value: ID }))).toMatchObject({ ok: true, value: { action: 'deny' } });
  });

  test('GIVEN a user with only a username THEN the name falls back to it', () => {
    const p = blockActionsPayload({ actionId: ApprovalActionId.APPROVE, value: ID });
    (p.user as Record<string, unknown>).name = undefined;
    (p.user as Record<string, unknown>).username = 'roadrunner';
    expect(parseApprovalAction(p)).toMatchObject({ ok: true, value: { user: { id: 'UA8RXUSPL', name: 'roadrunner' } } });
  });

  test.each([
    ['a view_submission', { type: 'view_submission' }, 'unsupported-type'],
    ['no type', { user: { id: 'U1' } }, 'invalid'],
    ['no user', { ...blockActionsPayload({ actionId: ApprovalActionId.APPROVE, value: ID }), user: undefined }, 'invalid'],
    ['a user id that is not a Slack id', blockActionsPayload({ actionId: ApprovalActionId.APPROVE, value: ID, userId: '<!channel>' }), 'invalid'],
    ['no actions', { ...blockActionsPayload({ actionId: ApprovalActionId.APPROVE, value: ID }), actions: [] }, 'invalid'],
    ['another app\'s button', blockActionsPayload({ actionId: 'approve', value: ID }), 'no-approval-action'],
    ['a value that is not an approval id', blockActionsPayload({ actionId: ApprovalActionId.APPROVE, value: 'x y' }), 'invalid'],
    ['null', null, 'invalid'],
    ['a string', 'block_actions', 'invalid'],
  ])('GIVEN %s THEN %s', (_label, payload, code) => {
    expect(parseApprovalAction(payload)).toMatchObject({ ok: false, error: { code } });
  });

  test('property: arbitrary JSON never throws', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(typeof parseApprovalAction(v).ok).toBe('boolean');
    }), { numRuns: 300 });
  });
});
