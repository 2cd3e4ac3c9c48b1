import { NOW } from './fixtures';
import { approvalTimeoutOutcome, decideApproval } from '../../../src/runtime/approval';

const user = { id: 'U0APPROVE', name: 'Ada' };
const base = { user, allowList: ['U0APPROVE'], now: NOW, expiresAt: '2026-03-10T13:00:00.000Z' };

describe('decideApproval', () => {
  test('GIVEN approve by a listed approver in time THEN success with who and when', () => {
    expect(decideApproval({ ...base, action: 'approve' })).toEqual({
      kind: 'success',
      output: { approved: true, approvedBy: user, approvedAt: NOW.toISOString() },
    });
  });

  test('GIVEN deny THEN failure Denied naming who', () => {
    expect(decideApproval({ ...base, action: 'deny' })).toEqual({ kind: 'failure', error: 'Denied', cause: `denied by Ada (U0APPROVE) at ${NOW.toISOString()}` });
  });

  test.each(['approve', 'deny'] as const)('GIVEN %s by someone not listed THEN refused, even when expired', (action) => {
    expect(decideApproval({ ...base, action, user: { id: 'U0OTHER', name: 'Mallory' } })).toMatchObject({ kind: 'refused', reason: 'not-allowed' });
    expect(decideApproval({ ...base, action, user: { id: 'U0OTHER', name: 'Mallory' }, expiresAt: '2020-01-01T00:00:00Z' }).kind).toBe('refused');
  });

  test('GIVEN an empty allow-list THEN refused', () => {
    expect(decideApproval({ ...base, action: 'approve', allowList: [] }).kind).toBe('refused');
  });

  test.each([
    ['at the expiry', '2026-03-10T12:00:00.000Z'],
    ['after the expiry', '2026-03-10T11:00:00.000Z'],
    ['with an unreadable expiry', 'never'],
  ])('GIVEN approve %s THEN failure ApprovalExpired, never success', (_label, expiresAt) => {
    expect(decideApproval({ ...base, action: 'approve', expiresAt })).toMatchObject({ kind: 'failure', error: 'ApprovalExpired' });
  });
});

describe('approvalTimeoutOutcome', () => {
  test('a timeout escalates and never approves', () => {
    const outcome = approvalTimeoutOutcome();
    expect(outcome).toMatchObject({ approved: false, next: 'escalate' });
    expect(outcome.errors).toEqual(['States.Timeout', 'ApprovalExpired']);
  });
});
