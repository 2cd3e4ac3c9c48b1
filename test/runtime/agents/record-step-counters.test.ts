import { AgentMetric } from '../../../src/contract/metrics';
import { recordInvestigation } from '../../../src/runtime/agents/record-step';
import type { RecordStepInput } from '../../../src/runtime/agents/steps';
import { SILENT_LOG } from '../../../src/runtime/ports/observability';
import { DeterministicReasoner, reasonWithFallback, ReasonerUnavailableError, type Reasoner } from '../../../src/runtime/reasoning';
import { alarm, EC2, input, REGISTRY } from '../reasoning/helpers';

/** A model that always fails the same way. */
function failingModel(error: Error): Reasoner {
  return { name: 'bedrock', propose: async () => { throw error; } };
}

/** What the record step counts for one investigation whose model failed with `error`. */
async function countersAfter(error: Error): Promise<Record<string, number>> {
  const reasoningInput = input([alarm(EC2, 'CPUUtilization')]);
  const finding = await reasonWithFallback(failingModel(error), new DeterministicReasoner(), reasoningInput, { registry: REGISTRY });
  const counted: Record<string, number> = {};
  const event: RecordStepInput = {
    incident: { id: reasoningInput.incident.id, title: 't', priority: 'P2', services: [] },
    runId: 'run-1',
    reasoning: { finding },
    decision: { outcome: 'APPROVE', reasons: ['r'], policies: [], inputs: {} },
  };
  await recordInvestigation(event, {
    // The incident is gone (expired): the counters are still counted, once.
    store: { getIncident: async () => undefined, updateIncident: async () => { throw new Error('not called'); } },
    ledger: { recordRun: async () => true },
    publisher: { publish: async () => undefined },
    counters: { count: (metric, value, dimensions) => { if (!dimensions) counted[metric] = (counted[metric] ?? 0) + value; } },
    log: SILENT_LOG,
    now: new Date('2026-03-10T02:05:00Z'),
  });
  return counted;
}

describe('record step: Bedrock throttles (the KPI dashboard alarms on them)', () => {
  test('GIVEN a throttled model call WHEN the investigation is recorded THEN one throttle and one fallback are counted', async () => {
    const counted = await countersAfter(new ReasonerUnavailableError('ThrottlingException', 'slow down'));
    expect(counted[AgentMetric.REASONING_THROTTLES]).toBe(1);
    expect(counted[AgentMetric.REASONING_FALLBACKS]).toBe(1);
  });

  test('GIVEN the model unavailable for another reason THEN a fallback but no throttle is counted (0, so the metric has data)', async () => {
    const counted = await countersAfter(new ReasonerUnavailableError('ServiceUnavailableException', 'later'));
    expect(counted[AgentMetric.REASONING_THROTTLES]).toBe(0);
    expect(counted[AgentMetric.REASONING_FALLBACKS]).toBe(1);
  });
});
