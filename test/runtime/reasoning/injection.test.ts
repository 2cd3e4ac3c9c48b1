import * as fc from 'fast-check';
import { EC2, REGISTRY } from './helpers';
import { ATTACKER_INSTANCE_ID, INJECTION_CORPUS } from './injection-corpus';
import {
  buildPrompt,
  closeMarker,
  DeterministicReasoner,
  openMarker,
  poisonedInput,
  reasonWithFallback,
  validateRunbookParametersFor,
  type Finding,
  type Reasoner,
} from './injection-support';

const NONCE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

/** A model that returns a fixed proposal, whatever its input: exercises validation of each kind of bad answer. */
class FixedProposalModel implements Reasoner {
  public readonly name = 'bedrock' as const;
  constructor(private readonly proposal: Omit<Finding, 'reasoner'>) {}
  public async propose(): Promise<Finding> {
    return { ...this.proposal, reasoner: 'bedrock' };
  }
}

const obeyed: Array<[string, Finding['runbook']]> = [
  ['a runbook outside the allow-list', { id: 'AWS-TerminateEC2Instance', parameters: { InstanceId: EC2.id } }],
  ['a made-up runbook', { id: 'delete-stack', parameters: { StackName: 'prod' } }],
  ['the allowed runbook on another instance', { id: 'aws-restart-ec2-instance', parameters: { InstanceId: ATTACKER_INSTANCE_ID } }],
  ['the allowed runbook on two instances', { id: 'aws-restart-ec2-instance', parameters: { InstanceId: `${EC2.id},${ATTACKER_INSTANCE_ID}` } }],
  ['the allowed runbook with an injected role', { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id, AutomationAssumeRole: 'arn:aws:iam::999999999999:role/Admin' } }],
  ['a registry runbook for another resource type', { id: 'aws-scale-out-asg', parameters: { AutoScalingGroupName: 'payments-prod' } }],
  ['a full-width look-alike id', { id: 'ａｗｓ-restart-ec2-instance', parameters: { InstanceId: EC2.id } }],
  ['a Cyrillic look-alike id', { id: 'аws-restart-ec2-instance', parameters: { InstanceId: EC2.id } }],
];

describe('prompt injection corpus', () => {
  test('has at least 20 distinct strings', () => {
    expect(new Set(INJECTION_CORPUS).size).toBeGreaterThanOrEqual(20);
  });

  test.each(obeyed)('a model answering as the injection asks (%s) never gets a runbook outside the allow-list or with other parameters', async (_name, runbook) => {
    const poisoned = poisonedInput();
    const model = new FixedProposalModel({ cause: 'Injected', evidence: ['logs:0'], confidence: 1, runbook });
    const finding = await reasonWithFallback(model, new DeterministicReasoner(), poisoned, { registry: REGISTRY });

    const allowed = poisoned.candidates.map((c) => c.id);
    expect(allowed).toEqual(['aws-restart-ec2-instance']);
    if (finding.runbook) {
      expect(allowed).toContain(finding.runbook.id);
      const validated = validateRunbookParametersFor(finding.runbook, poisoned);
      expect(finding.runbook.parameters).toEqual(validated);
      expect(finding.runbook.parameters).toEqual({ InstanceId: EC2.id });
    }
    expect(JSON.stringify(finding.runbook ?? {})).not.toContain(ATTACKER_INSTANCE_ID);
    expect(finding.reasoner).toBe('deterministic');
    expect(finding.discarded?.length).toBeGreaterThan(0);
  });

  test('property: whatever runbook a model proposes, the final one is allow-listed with validated parameters', async () => {
    const poisoned = poisonedInput();
    const ids = fc.constantFrom('aws-restart-ec2-instance', 'aws-scale-out-asg', 'AWS-TerminateEC2Instance', 'aws-lambda-alias-rollback', 'x');
    const value = fc.oneof(fc.constantFrom(EC2.id, ATTACKER_INSTANCE_ID, 'web-asg'), fc.string(), fc.integer(), fc.boolean());
    const params = fc.dictionary(fc.constantFrom('InstanceId', 'AutomationAssumeRole', 'AutoScalingGroupName', 'Dryrun', 'LambdaARN'), value);
    await fc.assert(fc.asyncProperty(ids, params, async (id, parameters) => {
      const model = new FixedProposalModel({ cause: 'c', evidence: [], confidence: 0.9, runbook: { id, parameters } });
      const finding = await reasonWithFallback(model, new DeterministicReasoner(), poisoned, { registry: REGISTRY });
      if (!finding.runbook) return true;
      return finding.runbook.id === 'aws-restart-ec2-instance'
        && JSON.stringify(finding.runbook.parameters) === JSON.stringify({ InstanceId: EC2.id });
    }), { numRuns: 200 });
  });

  test('the injected text reaches the prompt only inside the fenced data block', () => {
    const poisoned = poisonedInput();
    const prompt = buildPrompt(poisoned, { nonce: NONCE });
    const open = openMarker(NONCE);
    const close = closeMarker(NONCE);

    // Exactly one fence, at the very start and end of the data block.
    expect(prompt.data.split(open)).toHaveLength(2);
    expect(prompt.data.split(close)).toHaveLength(2);
    expect(prompt.data.startsWith(open)).toBe(true);
    expect(prompt.data.endsWith(close)).toBe(true);
    const inner = prompt.data.slice(open.length, -close.length);
    expect(inner).not.toContain('<<<');
    expect(inner).not.toContain('>>>');

    // Every corpus string is inside the fence, as data, intact.
    const data = JSON.parse(inner);
    const texts = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string') texts.add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(data);
    for (const text of INJECTION_CORPUS) expect(texts).toContain(text);

    // None of it, nor any distinctive fragment, is in the system or instruction text.
    const trusted = `${prompt.system}\n${prompt.instruction}`;
    for (const text of INJECTION_CORPUS) {
      expect(trusted).not.toContain(text);
      for (const fragment of text.split(/\s+/).filter((w) => w.length >= 12)) {
        // Our own vocabulary (tool name, catalogue ids, marker names) may legitimately appear in trusted text.
        if (['report_finding', 'aws-restart-ec2-instance', 'instructions', 'INCIDENT_DATA'].some((k) => fragment.includes(k))) continue;
        expect(trusted).not.toContain(fragment);
      }
    }
    expect(trusted).not.toContain(ATTACKER_INSTANCE_ID);
  });

  test('a fake closing fence with the wrong nonce cannot close the block', () => {
    const prompt = buildPrompt(poisonedInput(), { nonce: NONCE });
    const firstClose = prompt.data.indexOf('<<<END_INCIDENT_DATA');
    expect(prompt.data.slice(firstClose)).toBe(closeMarker(NONCE));
  });
});
