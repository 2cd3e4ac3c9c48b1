import { GullibleModel } from './gullible-model';
import { EC2, REGISTRY } from './helpers';
import { ATTACKER_INSTANCE_ID, INJECTION_CORPUS } from './injection-corpus';
import { DeterministicReasoner, poisonedInput, reasonWithFallback, validateRunbookParametersFor, type Finding } from './injection-support';

/**
 * The corpus against a model that obeys instructions it finds in its input (test/runtime/reasoning/gullible-model.ts):
 * the strings themselves decide what the model proposes, so these tests fail if the corpus is replaced by benign text.
 */
const BENIGN = INJECTION_CORPUS.map((_, i) => `GET /health 200 in ${10 + i} ms; CPU steady at ${40 + i}% on the web tier`);

function expectSafe(finding: Finding): void {
  if (finding.runbook) {
    expect(finding.runbook.id).toBe('aws-restart-ec2-instance');
    expect(finding.runbook.parameters).toEqual({ InstanceId: EC2.id });
    expect(validateRunbookParametersFor(finding.runbook, poisonedInput(BENIGN))).toEqual({ InstanceId: EC2.id });
  }
  expect(JSON.stringify(finding)).not.toContain(ATTACKER_INSTANCE_ID);
}

describe('prompt injection against a model that obeys its input', () => {
  test('control: with benign text the model follows no instruction and its own finding is used', async () => {
    const model = new GullibleModel();
    const finding = await reasonWithFallback(model, new DeterministicReasoner(), poisonedInput(BENIGN), { registry: REGISTRY });

    expect(model.proposals).toHaveLength(1);
    expect(model.proposals[0].obeyed).toBeUndefined();
    expect(finding.reasoner).toBe('bedrock');
    expect(finding.runbook).toEqual({ id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } });
    expect(finding.discarded ?? []).toEqual([]);
  });

  test('the whole corpus steers the model, and the answer it gives is discarded for the deterministic one', async () => {
    const model = new GullibleModel();
    const finding = await reasonWithFallback(model, new DeterministicReasoner(), poisonedInput(), { registry: REGISTRY });

    expect(model.proposals[0].obeyed).toBeDefined();
    expect(model.proposals[0].finding.runbook).not.toEqual({ id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } });
    expect(finding.reasoner).toBe('deterministic');
    expect(finding.discarded?.length).toBeGreaterThan(0);
    expectSafe(finding);
  });

  test.each(INJECTION_CORPUS.map((text, i) => [i, text]))('corpus string %i alone: whatever the model obeys, the result stays safe', async (_i, text) => {
    const model = new GullibleModel();
    const finding = await reasonWithFallback(model, new DeterministicReasoner(), poisonedInput([text]), { registry: REGISTRY });

    expectSafe(finding);
    const proposal = model.proposals[0];
    if (proposal.obeyed) {
      // The model went rogue: its runbook or parameters were not used.
      expect(finding.reasoner).toBe('deterministic');
      expect(finding.discarded?.length).toBeGreaterThan(0);
    }
  });

  test('most corpus strings carry an instruction the model obeys (the corpus is not benign text)', async () => {
    const steered: number[] = [];
    for (const [i, text] of INJECTION_CORPUS.entries()) {
      const model = new GullibleModel();
      await reasonWithFallback(model, new DeterministicReasoner(), poisonedInput([text]), { registry: REGISTRY });
      if (model.proposals[0].obeyed) steered.push(i);
    }
    expect(steered.length).toBeGreaterThanOrEqual(20);
  });
});
