import * as path from 'path';
import { BedrockRuntimeClient, ConverseCommand, ThrottlingException } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { BedrockReasoner } from '../../src/adapters/bedrock';
import { triageEvents } from '../../src/cli/triage/pipeline';
import { NO_KNOWLEDGE, runInvestigation } from '../../src/runtime/agents';
import { readEventInputs } from '../../src/runtime/io';
import { DryRunRunner, localSignalCollectors } from '../../src/runtime/local';
import { simulateIncidentLoop, neverAnswers } from '../../src/runtime/loop';
import { BUILTIN_RUNBOOKS, RunbookRegistry } from '../../src/runtime/runbooks';

/**
 * Fault test of the whole loop: Bedrock throttles every call, yet a low-risk incident is still fixed without a
 * human. The events are the shipped staging scenario (a CPU alarm on a staging EC2 instance); the investigation
 * is the agents' own `runInvestigation` with the real BedrockReasoner over a mocked Bedrock Runtime client; the
 * remediation runs on the simulated clock with a dry-run runner. The approver never answers, so the incident
 * can only be resolved by the agent.
 */
describe('GIVEN Bedrock is unavailable', () => {
  const bedrock = mockClient(BedrockRuntimeClient);
  beforeEach(() => {
    bedrock.reset();
    bedrock.on(ConverseCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
  });

  /** The staging scenario through the whole loop, with the real BedrockReasoner (throttled) and `runner`. */
  async function runLoop(runner?: Parameters<typeof simulateIncidentLoop>[1]['runner']) {
    const inputs = await readEventInputs([path.join(__dirname, '..', '..', 'examples', 'scenarios', 'staging-cpu')]);
    const triage = await triageEvents(inputs);
    expect(triage.incidents).toHaveLength(1);
    const [incident] = triage.incidents;
    const signals = triage.signals.filter((s) => incident.signalIds.includes(s.id));
    const registry = new RunbookRegistry([...BUILTIN_RUNBOOKS]);
    const primary = new BedrockReasoner({ client: new BedrockRuntimeClient({ region: 'eu-central-1' }) });
    const findings: { reasoner: string; fallbackReason?: string }[] = [];
    const result = await simulateIncidentLoop([{ incident, signals }], {
      runbooks: registry,
      approver: neverAnswers(),
      ...(runner ? { runner } : {}),
      investigate: async (inc, sigs) => {
        const now = new Date(inc.openedAt);
        const out = await runInvestigation({ incident: inc, signals: sigs, knowledge: NO_KNOWLEDGE }, {
          telemetry: { collectors: localSignalCollectors(triage.signals, { now }) },
          reasoning: { primary },
          risk: {},
          registry,
          now,
        });
        findings.push(out.reasoning.finding);
        return { finding: out.reasoning.finding, decision: out.decision };
      },
    });
    return { result, findings };
  }

  test('WHEN the loop runs THEN the deterministic fallback proposes the runbook and the agent resolves the incident', async () => {
    const { result, findings } = await runLoop();

    // Bedrock was asked, and failed.
    expect(bedrock.commandCalls(ConverseCommand).length).toBeGreaterThanOrEqual(1);
    expect(findings[0].reasoner).toBe('deterministic');
    expect(findings[0].fallbackReason).toMatch(/Throttling/);
    // The fallback's finding went through the same risk policies and the runbook ran and was verified.
    const [handled] = result.incidents;
    expect(handled.decision?.outcome).toBe('AUTO');
    expect(handled.remediation?.runbookId).toBe('aws-restart-ec2-instance');
    expect(handled.remediation?.outcome).toBe('resolved');
    expect(handled.handledBy).toBe('agent');
    expect(handled.mttrSeconds).toBeGreaterThan(0);
    expect(result.stats.autoRemediated).toBe(1);
  });

  test.each([
    ['the runbook fails', { state: 'failed' as const, detail: 'Step restart failed' }],
    ['the runbook cannot start', { startError: 'AccessDenied: not authorised' }],
  ])('WHEN %s THEN the incident is escalated to a human, never counted as resolved', async (_, outcome) => {
    let runs: DryRunRunner | undefined;
    const { result, findings } = await runLoop((clock) => (runs = new DryRunRunner({ clock, outcomes: { 'aws-restart-ec2-instance': outcome } })));

    expect(findings[0].reasoner).toBe('deterministic');
    const [handled] = result.incidents;
    expect(handled.decision?.outcome).toBe('AUTO');
    // The runner was really asked to run the runbook, and it did not work.
    expect(runs!.runs.map((r) => r.runbookId)).toContain('aws-restart-ec2-instance');
    expect(handled.remediation?.runbookId).toBe('aws-restart-ec2-instance');
    // The restart has no rollback: the remediation failed, and a human has it.
    expect(handled.remediation?.outcome).toBe('failed');
    expect(handled.handledBy).toBe('human');
    expect(handled.mttrSeconds).toBeNull();
    expect(handled.timeline.map((e) => e.type)).toContain('escalated-to-human');
    expect(handled.timeline.map((e) => e.type)).not.toContain('resolved');
    expect(result.stats.autoRemediated).toBe(0);
  });
});
