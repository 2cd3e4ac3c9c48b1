import * as path from 'path';
import { BedrockRuntimeClient, ConverseCommand, ThrottlingException } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { BedrockReasoner } from '../../src/adapters/bedrock';
import { triageEvents } from '../../src/cli/triage/pipeline';
import { NO_KNOWLEDGE, runInvestigation } from '../../src/runtime/agents';
import { readEventInputs } from '../../src/runtime/io';
import { localSignalCollectors } from '../../src/runtime/local';
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

  test('WHEN the loop runs THEN the deterministic fallback proposes the runbook and the agent resolves the incident', async () => {
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
});
