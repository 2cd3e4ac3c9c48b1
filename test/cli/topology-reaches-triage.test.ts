import { triageEvents } from '../../src/cli';
import { Topology } from '../../src/runtime/topology';
import type { TriageOptions } from '../../src/runtime/triage';
import { loadFixture } from '../support/fixtures';

/** Every Triage the CLI builds records its options (a subclass: the behaviour is the real one). */
const mockOptions: Array<TriageOptions | undefined> = [];
jest.mock('../../src/runtime/triage/triage', () => {
  const actual = jest.requireActual('../../src/runtime/triage/triage');
  class RecordingTriage extends actual.Triage {
    constructor(store: unknown, options?: TriageOptions) {
      super(store, options);
      mockOptions.push(options);
    }
  }
  return { ...actual, Triage: RecordingTriage };
});

test('GIVEN a Topology WHEN triageEvents THEN the Triage that triages the signals is built with it', async () => {
  const topology = Topology.fromSnapshot({ version: 1, generatedAt: new Date(0).toISOString(), resources: [], edges: [{ from: 'a', to: 'b', source: 'declared' }] });
  const event = loadFixture('events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json');
  const result = await triageEvents([{ ok: true, input: 'e#0', event }], { topology });
  expect(result.stats.signals).toBeGreaterThan(0);
  expect(mockOptions).toHaveLength(1);
  expect(mockOptions[0]?.topology).toBe(topology);

  await triageEvents([{ ok: true, input: 'e#0', event }]);
  expect(mockOptions).toHaveLength(2);
  expect(mockOptions[1]?.topology).toBeUndefined();
});
