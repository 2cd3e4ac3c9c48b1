import { alarm, EC2, input, OTHER_EC2_ID, REGISTRY } from './helpers';
import {
  DeterministicReasoner,
  InMemoryTokenLedger,
  InvalidModelOutputError,
  reasonWithFallback,
  ReasonerUnavailableError,
  type Finding,
  type ProposeOptions,
  type Reasoner,
  type ReasoningInput,
} from '../../../src/runtime/reasoning';

const ec2Input = input([alarm(EC2, 'CPUUtilization')]);
const deterministic = new DeterministicReasoner();
const NOW = new Date('2026-03-10T02:00:00Z');

class FakeModel implements Reasoner {
  public readonly name = 'bedrock' as const;
  public calls = 0;
  public signal?: AbortSignal;
  constructor(private readonly answer: (input: ReasoningInput, signal?: AbortSignal) => Promise<Finding>, private readonly estimate = 500) {}
  public async propose(i: ReasoningInput, options: ProposeOptions = {}): Promise<Finding> {
    this.calls += 1;
    this.signal = options.abortSignal;
    return this.answer(i, options.abortSignal);
  }
  public estimateTokens(): number {
    return this.estimate;
  }
}

const modelFinding: Finding = {
  cause: 'A runaway process saturates the CPU',
  evidence: ['logs:1'],
  confidence: 0.8,
  runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } },
  reasoner: 'bedrock',
  usage: { inputTokens: 400, outputTokens: 60 },
};

describe('reasonWithFallback', () => {
  test('uses the model finding when it is valid, and records its tokens', async () => {
    const ledger = new InMemoryTokenLedger();
    const model = new FakeModel(async () => modelFinding);
    const finding = await reasonWithFallback(model, deterministic, ec2Input, {
      registry: REGISTRY,
      budget: { ledger, limits: { perIncidentTokens: 10_000, monthlyTokens: 100_000 }, now: NOW },
    });
    expect(finding).toEqual(modelFinding);
    expect(finding.fallbackReason).toBeUndefined();
    expect(await ledger.getIncidentUsage('inc-1')).toBe(460);
    expect(await ledger.getMonthlyUsage('2026-03')).toBe(460);
  });

  test('disabled → deterministic, model never asked', async () => {
    const model = new FakeModel(async () => modelFinding);
    const finding = await reasonWithFallback(model, deterministic, ec2Input, { registry: REGISTRY, disabled: true });
    expect(model.calls).toBe(0);
    expect(finding.reasoner).toBe('deterministic');
    expect(finding.fallbackReason).toBe('disabled: model reasoning is switched off');
    expect(finding.runbook).toEqual({ id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } });
  });

  test('over budget → deterministic, model never asked', async () => {
    const ledger = new InMemoryTokenLedger();
    await ledger.add('2026-03', 9_800, 'inc-1');
    const model = new FakeModel(async () => modelFinding, 500);
    const finding = await reasonWithFallback(model, deterministic, ec2Input, {
      registry: REGISTRY,
      budget: { ledger, limits: { perIncidentTokens: 10_000, monthlyTokens: 100_000 }, now: NOW },
    });
    expect(model.calls).toBe(0);
    expect(finding.reasoner).toBe('deterministic');
    expect(finding.fallbackReason).toMatch(/^budget: per-incident token budget: 9800 used, 500 more needed/);
  });

  test('throttled → deterministic', async () => {
    const model = new FakeModel(async () => {
      throw new ReasonerUnavailableError('ThrottlingException', 'slow down');
    });
    const finding = await reasonWithFallback(model, deterministic, ec2Input, { registry: REGISTRY });
    expect(finding.reasoner).toBe('deterministic');
    expect(finding.fallbackReason).toBe('unavailable: ThrottlingException');
  });

  test('any other error → deterministic, named but not echoed', async () => {
    const model = new FakeModel(async () => {
      throw new TypeError('secret detail');
    });
    const finding = await reasonWithFallback(model, deterministic, ec2Input, { registry: REGISTRY });
    expect(finding.fallbackReason).toBe('error: TypeError');
  });

  test('slow → deterministic after the timeout, and the call is aborted', async () => {
    const model = new FakeModel((_i, signal) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(modelFinding), 2000);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    }));
    const started = Date.now();
    const finding = await reasonWithFallback(model, deterministic, ec2Input, { registry: REGISTRY, timeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(finding.reasoner).toBe('deterministic');
    expect(finding.fallbackReason).toBe('timeout: no answer within 50 ms');
    expect(model.signal?.aborted).toBe(true);
  });

  test('invalid model output → deterministic, and the wasted tokens are still recorded', async () => {
    const ledger = new InMemoryTokenLedger();
    const model = new FakeModel(async () => {
      throw new InvalidModelOutputError('the model did not call report_finding', { inputTokens: 300, outputTokens: 20 });
    });
    const finding = await reasonWithFallback(model, deterministic, ec2Input, {
      registry: REGISTRY,
      budget: { ledger, limits: { perIncidentTokens: 10_000, monthlyTokens: 100_000 }, now: NOW },
    });
    expect(finding.fallbackReason).toBe('invalid output: the model did not call report_finding');
    expect(await ledger.getIncidentUsage('inc-1')).toBe(320);
  });

  test('a finding that fails the schema → deterministic, reasons kept', async () => {
    const model = new FakeModel(async () => ({ ...modelFinding, confidence: 7 }));
    const finding = await reasonWithFallback(model, deterministic, ec2Input, { registry: REGISTRY });
    expect(finding.reasoner).toBe('deterministic');
    expect(finding.fallbackReason).toBe('invalid finding: failed the finding schema');
    expect(finding.discarded?.[0]).toMatch(/^schema: confidence/);
  });

  test('a runbook aimed at another instance → deterministic runbook for the right one, reason kept', async () => {
    const model = new FakeModel(async () => ({ ...modelFinding, runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: OTHER_EC2_ID } } }));
    const finding = await reasonWithFallback(model, deterministic, ec2Input, { registry: REGISTRY });
    expect(finding.reasoner).toBe('deterministic');
    expect(finding.fallbackReason).toMatch(/^rejected proposal/);
    expect(finding.discarded?.[0]).toMatch(/does not point at a resource of this incident/);
    expect(finding.runbook).toEqual({ id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } });
  });

  test('unknown evidence refs alone do not trigger the fallback', async () => {
    const model = new FakeModel(async () => ({ ...modelFinding, evidence: ['logs:1', 'logs:404'] }));
    const finding = await reasonWithFallback(model, deterministic, ec2Input, { registry: REGISTRY });
    expect(finding.reasoner).toBe('bedrock');
    expect(finding.evidence).toEqual(['logs:1']);
    expect(finding.discarded).toEqual(['evidence ref "logs:404" is not in the telemetry bundle']);
  });
});
