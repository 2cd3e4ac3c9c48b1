import { DECISION, finding, incident, LONG_TASK_TOKEN, NOW } from './fixtures';
import { approvalIdFor, approvalTimelineEntry, requestApproval } from '../../../src/runtime/approval';
import { actorKind, type NotificationMessage, type Notifier, type ThreadRef } from '../../../src/runtime/comms';
import { InMemoryApprovalStore } from '../../../src/runtime/local';

class RecordingNotifier implements Notifier {
  readonly posts: Array<{ thread: ThreadRef; message: NotificationMessage }> = [];
  async post(thread: ThreadRef, message: NotificationMessage) {
    this.posts.push({ thread, message });
    return { channel: thread.channel, ts: `1700000000.00010${this.posts.length}` };
  }
  async update() { /* not used */ }
}

describe('requestApproval', () => {
  test('GIVEN an APPROVE decision THEN the token is stored under the id and the request is posted in the thread with the id only', async () => {
    const approvals = new InMemoryApprovalStore();
    const notifier = new RecordingNotifier();
    const result = await requestApproval(
      { incident: incident(), finding: finding(), decision: DECISION, taskToken: LONG_TASK_TOKEN, thread: { channel: 'C1', threadTs: '1699999999.000100' } },
      { approvals, notifier, now: NOW, ttlSeconds: 1800 },
    );
    expect(result).toEqual({ approvalId: approvalIdFor(LONG_TASK_TOKEN), expiresAt: '2026-03-10T12:30:00.000Z', message: { channel: 'C1', ts: '1700000000.000101' }, posted: true });
    expect(await approvals.get(result.approvalId)).toMatchObject({
      taskToken: LONG_TASK_TOKEN, incidentId: 'inc-2026-03-10-checkout', runbookId: 'ecs-rollback-deployment', message: { channel: 'C1', ts: '1700000000.000101' },
    });
    expect(notifier.posts[0].thread).toEqual({ channel: 'C1', threadTs: '1699999999.000100' });
    expect(JSON.stringify(notifier.posts)).not.toContain(LONG_TASK_TOKEN.slice(0, 30));
  });

  test('GIVEN the step retried with the same token THEN it is not posted twice', async () => {
    const approvals = new InMemoryApprovalStore();
    const notifier = new RecordingNotifier();
    const input = { incident: incident(), finding: finding(), decision: DECISION, taskToken: LONG_TASK_TOKEN, thread: { channel: 'C1' } };
    await requestApproval(input, { approvals, notifier, now: NOW });
    const again = await requestApproval(input, { approvals, notifier, now: new Date(NOW.getTime() + 5000) });
    expect(again.posted).toBe(false);
    expect(again.expiresAt).toBe('2026-03-10T13:00:00.000Z');
    expect(notifier.posts).toHaveLength(1);
  });

  test('GIVEN a decision that is not APPROVE THEN it refuses', async () => {
    await expect(requestApproval(
      { incident: incident(), finding: finding(), decision: { ...DECISION, outcome: 'AUTO' }, taskToken: 't'.repeat(20), thread: { channel: 'C1' } },
      { approvals: new InMemoryApprovalStore(), notifier: new RecordingNotifier(), now: NOW },
    )).rejects.toThrow(/not APPROVE/);
  });
});

describe('approvalTimelineEntry', () => {
  test('records the human as the actor', () => {
    const entry = approvalTimelineEntry({ approvalId: 'a'.repeat(10), runbookId: 'r1', decision: { outcome: 'approved', by: { id: 'U1ABC', name: 'Ada' }, at: NOW.toISOString() } });
    expect(entry).toMatchObject({ type: 'approval', actor: 'slack:U1ABC', message: 'approved runbook r1: Ada', data: { actorType: 'human', actorName: 'Ada' } });
    expect(actorKind(entry)).toBe('human');
  });
});
