import { ec2Input, REGISTRY } from './builders';
import { DryRunRunner, ScriptedVerifier, SimulatedClock } from '../../../src/runtime/local';
import { InMemoryIncidentStore } from '../../../src/runtime/local/in-memory-incident-store';
import type { Incident } from '../../../src/runtime/model';
import { IncidentStoreTimelineSink, remediate, STORE_SINK_MAX_ATTEMPTS } from '../../../src/runtime/remediation';

async function stored(incident: Incident): Promise<InMemoryIncidentStore> {
  const store = new InMemoryIncidentStore();
  expect(await store.createIncident({ ...incident, status: 'acknowledged', version: 1 })).toBe(true);
  return store;
}

describe('IncidentStoreTimelineSink', () => {
  test('GIVEN a remediation writing through the store THEN every step is on the stored incident, mitigating then mitigated, one version per write', async () => {
    const input = ec2Input();
    const store = await stored(input.incident);
    const clock = new SimulatedClock('2019-10-02T17:10:00.000Z');
    const statuses: string[] = [];
    const sink = new IncidentStoreTimelineSink({
      getIncident: (id) => store.getIncident(id),
      updateIncident: async (incident, expected) => {
        statuses.push(incident.status);
        return store.updateIncident(incident, expected);
      },
    });

    const result = await remediate(input, { clock, runner: new DryRunRunner({ clock }), verifier: new ScriptedVerifier(), sink, runbooks: REGISTRY });

    const after = (await store.getIncident(input.incident.id))!;
    expect(after.timeline).toEqual(result.steps);
    expect(statuses).toEqual(['mitigating', 'mitigating', 'mitigated']);
    expect(after).toMatchObject({ status: 'mitigated', version: 4, updatedAt: result.endedAt });
  });

  test('GIVEN the same entries appended twice (a retried step) THEN written once', async () => {
    const input = ec2Input();
    const store = await stored(input.incident);
    const sink = new IncidentStoreTimelineSink(store);
    const entry = { at: '2019-10-02T17:10:00.000Z', type: 'runbook-started', message: 'runbook x started' };
    await sink.append(input.incident.id, [entry]);
    await sink.append(input.incident.id, [entry]);
    expect((await store.getIncident(input.incident.id))!).toMatchObject({ timeline: [entry], version: 2 });
  });

  test('GIVEN a conflicting writer THEN re-read and retried; GIVEN endless conflicts THEN it gives up with an error', async () => {
    const input = ec2Input();
    const store = await stored(input.incident);
    let conflicts = 2;
    const flaky = {
      getIncident: (id: string) => store.getIncident(id),
      updateIncident: async (incident: Incident, expected: number) => (conflicts-- > 0 ? false : store.updateIncident(incident, expected)),
    };
    const entry = { at: '2019-10-02T17:10:00.000Z', type: 'runbook-started', message: 'm' };
    await new IncidentStoreTimelineSink(flaky).append(input.incident.id, [entry]);
    expect((await store.getIncident(input.incident.id))!.timeline).toEqual([entry]);

    conflicts = Infinity;
    await expect(new IncidentStoreTimelineSink(flaky).append(input.incident.id, [{ ...entry, message: 'n' }]))
      .rejects.toThrow(`timeline not written after ${STORE_SINK_MAX_ATTEMPTS} conflicting updates`);
    await expect(new IncidentStoreTimelineSink(store).append('nope', [entry])).rejects.toThrow('incident nope does not exist');
  });
});
