import { FeedbackActionId } from '../../../src/runtime/comms/feedback-message';
import { parseFeedbackClick, SlackFeedbackActions, StoredLearnedCorrelation } from '../../../src/runtime/learning';
import { InMemoryLearningStore, InMemoryIncidentStore, InMemoryRecentThreads } from '../../../src/runtime/local';
import type { Incident } from '../../../src/runtime/model';
import { blockActionsPayload, incident } from '../approval/fixtures';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const APPROVER = 'U0APPROVER';
const CONTEXT = { allowList: [APPROVER], teamId: 'T9TK3CUKW', now: NOW };

function open(id: string, fp: string): Incident {
  return incident({ id, status: 'open', firing: [fp], lastSignalAt: '2026-03-10T11:55:00.000Z', version: 1 });
}

function mergeClick(source: string, target: string, userId = APPROVER) {
  return blockActionsPayload({ actionId: `${FeedbackActionId.MERGE_INTO_PREFIX}0`, value: JSON.stringify({ source, target }), userId });
}

async function setup() {
  const store = new InMemoryIncidentStore();
  const learningStore = new InMemoryLearningStore();
  const learning = new StoredLearnedCorrelation(learningStore);
  const recent = new InMemoryRecentThreads();
  await store.createIncident(open('inc-a', 'fp-a'));
  await store.createIncident(open('inc-b', 'fp-b'));
  return { store, learningStore, learning, recent };
}

describe('parseFeedbackClick', () => {
  test('reads our four actions and refuses bad values', () => {
    expect(parseFeedbackClick(blockActionsPayload({ actionId: FeedbackActionId.MERGE_MENU, value: 'inc-a' }))?.click).toEqual({ kind: 'merge-menu', incidentId: 'inc-a' });
    expect(parseFeedbackClick(blockActionsPayload({ actionId: FeedbackActionId.SPLIT_MENU, value: 'inc-a' }))?.channel).toBe('CBR2V3XEX');
    expect(parseFeedbackClick(mergeClick('inc-a', 'inc-b'))?.click).toEqual({ kind: 'merge', source: 'inc-a', target: 'inc-b' });
    expect(parseFeedbackClick(blockActionsPayload({ actionId: `${FeedbackActionId.SPLIT_OUT_PREFIX}1`, value: '{"incident":"inc-a","fingerprint":"fp"}' }))?.click)
      .toEqual({ kind: 'split', incidentId: 'inc-a', fingerprint: 'fp' });
    expect(parseFeedbackClick(mergeClick('inc-a', 'inc-a'))).toBeUndefined();
    expect(parseFeedbackClick(blockActionsPayload({ actionId: FeedbackActionId.MERGE_MENU, value: 'no spaces <allowed>' }))).toBeUndefined();
    expect(parseFeedbackClick(blockActionsPayload({ actionId: `${FeedbackActionId.MERGE_INTO_PREFIX}0`, value: 'not json' }))).toBeUndefined();
    expect(parseFeedbackClick(blockActionsPayload({ actionId: 'cdk-aiops.approve', value: 'x'.repeat(43) }))).toBeUndefined();
  });
});

describe('SlackFeedbackActions', () => {
  test('accepts only payloads with one of its actions', () => {
    const handler = new SlackFeedbackActions({ incidents: new InMemoryIncidentStore(), recent: new InMemoryRecentThreads() });
    expect(handler.accepts(mergeClick('inc-a', 'inc-b'))).toBe(true);
    expect(handler.accepts(blockActionsPayload({ actionId: 'cdk-aiops.approve', value: 'x' }))).toBe(false);
    expect(handler.accepts(null)).toBe(false);
  });

  test('GIVEN the source write loses a race after the target landed WHEN retried THEN the target is not merged twice', async () => {
    const { store, learning, learningStore, recent } = await setup();
    let failSource = true;
    const racing = {
      getIncident: (id: string) => store.getIncident(id),
      updateIncident: async (i: Incident, v: number) => {
        if (i.id === 'inc-a' && failSource) {
          failSource = false;
          return false;
        }
        return store.updateIncident(i, v);
      },
    };
    const handler = new SlackFeedbackActions({ incidents: racing, recent, learning });
    const response = await handler.handle(mergeClick('inc-a', 'inc-b'), CONTEXT);
    expect(response).toMatchObject({ statusCode: 200, outcome: 'merged', incidentId: 'inc-a' });
    const target = (await store.getIncident('inc-b'))!;
    expect(target.version).toBe(2);
    expect(target.timeline.filter((e) => e.type === 'merged')).toHaveLength(1);
    expect((await store.getIncident('inc-a'))!.mergedInto).toBe('inc-b');
    expect((await learningStore.get('fp-a'))!.version).toBe(1);
  });

  test.each([
    ['another workspace', { ...CONTEXT, teamId: 'T0OTHER' }, mergeClick('inc-a', 'inc-b'), 403, 'not-allowed'],
    ['an unknown incident', CONTEXT, mergeClick('inc-gone', 'inc-b'), 410, 'unknown-incident'],
    ['a malformed value', CONTEXT, blockActionsPayload({ actionId: `${FeedbackActionId.MERGE_INTO_PREFIX}0`, value: '{}' }), 400, 'malformed'],
  ])('GIVEN %s THEN it is refused and nothing changes', async (_what, context, payload, statusCode, outcome) => {
    const { store, recent } = await setup();
    const response = await new SlackFeedbackActions({ incidents: store, recent }).handle(payload, context);
    expect(response).toMatchObject({ statusCode, outcome });
    expect((await store.getIncident('inc-a'))!.version).toBe(1);
    expect((await store.getIncident('inc-b'))!.version).toBe(1);
  });

  test('GIVEN a resolved target THEN the merge is refused (409)', async () => {
    const { store, recent } = await setup();
    await store.updateIncident({ ...(await store.getIncident('inc-b'))!, status: 'resolved', version: 2 }, 1);
    const response = await new SlackFeedbackActions({ incidents: store, recent }).handle(mergeClick('inc-a', 'inc-b'), CONTEXT);
    expect(response).toMatchObject({ statusCode: 409, outcome: 'not-open' });
    expect((await store.getIncident('inc-a'))!.status).toBe('open');
  });

  test('GIVEN recent threads on the channel WHEN the merge menu opens THEN it lists the open ones of the last hour', async () => {
    const { store, recent } = await setup();
    await recent.add('CBR2V3XEX', 'inc-b', NOW.getTime() - 60_000);
    await recent.add('CBR2V3XEX', 'inc-old', NOW.getTime() - 2 * 3_600_000);
    await recent.add('C0OTHER', 'inc-elsewhere', NOW.getTime());
    const response = await new SlackFeedbackActions({ incidents: store, recent })
      .handle(blockActionsPayload({ actionId: FeedbackActionId.MERGE_MENU, value: 'inc-a', userId: APPROVER }), CONTEXT);
    expect(response.outcome).toBe('feedback-menu');
    const values = JSON.parse(response.body).blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements.map((e: any) => JSON.parse(e.value)));
    expect(values).toEqual([{ source: 'inc-a', target: 'inc-b' }]);
  });
});
