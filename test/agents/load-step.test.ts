import { IncidentNotFoundError, IncidentResolvedError, loadIncidentForRun } from '../../src/runtime/agents/load-step';
import { InMemoryIncidentStore } from '../../src/runtime/local';
import { alarm, EC2, incident } from '../runtime/reasoning/helpers';

const RUN = 'arn:aws:states:eu-west-1:111111111111:execution:agents:run-1';
const trigger = (incidentId: unknown, detailType = 'Incident Opened') => ({ runId: RUN, trigger: { eventId: 'evt-1', detailType, time: '2026-03-10T02:00:00Z', incidentId } });

async function storeWith(...incidents: ReturnType<typeof incident>[]) {
  const store = new InMemoryIncidentStore();
  for (const i of incidents) await store.createIncident(i);
  return store;
}

describe('loadIncidentForRun: the incident comes from the table, never from the event', () => {
  test('GIVEN a stored incident THEN it is returned as stored, without its timeline', async () => {
    const stored = incident([alarm(EC2, 'CPUUtilization')], { title: 'stored title' });
    const out = await loadIncidentForRun(trigger('inc-1'), { store: await storeWith({ ...stored, timeline: [{ at: stored.openedAt, type: 'opened', actor: 'triage', message: 'opened' }] }) });
    expect(out).toEqual({ ...stored, timeline: [] });
  });

  test('GIVEN no such incident THEN IncidentNotFoundError', async () => {
    await expect(loadIncidentForRun(trigger('inc-forged'), { store: await storeWith() })).rejects.toThrow(IncidentNotFoundError);
  });

  test('GIVEN a resolved incident THEN IncidentResolvedError', async () => {
    const resolved = incident([], { status: 'resolved', resolvedAt: '2026-03-10T03:00:00.000Z', firing: [] });
    await expect(loadIncidentForRun(trigger('inc-1', 'Incident Escalated'), { store: await storeWith(resolved) })).rejects.toThrow(IncidentResolvedError);
  });

  test.each([
    ['no incident id', trigger(undefined)],
    ['an id that is not a string', trigger(42)],
    ['a detail-type that starts nothing', trigger('inc-1', 'Incident Decision')],
    ['a field the state machine never sends', { ...trigger('inc-1'), incident: { id: 'inc-1' } }],
  ])('GIVEN a trigger with %s THEN the input is refused before any read', async (_, input) => {
    const store = await storeWith(incident([]));
    const get = jest.spyOn(store, 'getIncident');
    await expect(loadIncidentForRun(input, { store })).rejects.toThrow();
    expect(get).not.toHaveBeenCalled();
  });
});
