import { alarm, EC2, input as reasoningInput, REGISTRY } from './helpers';
import { INJECTION_CORPUS } from './injection-corpus';
import type { Signal } from '../../../src/runtime/model';
import { incidentResources, type Finding, type ReasoningInput } from '../../../src/runtime/reasoning';
import { validateRunbookParameters } from '../../../src/runtime/runbooks';

export * from '../../../src/runtime/reasoning';

/** What validateRunbookParameters makes of a runbook's parameters for an input (throws when they fail). */
export function validateRunbookParametersFor(runbook: NonNullable<Finding['runbook']>, input: ReasoningInput): Record<string, unknown> {
  const spec = REGISTRY.get(runbook.id);
  if (!spec) throw new Error(`${runbook.id} is not in the registry`);
  const result = validateRunbookParameters(spec, runbook.parameters, { resources: incidentResources(input) });
  if (!result.ok) throw new Error(result.reason);
  return result.params;
}

/**
 * An EC2 incident whose alarm descriptions, tags (labels), titles, log lines and knowledge all carry `texts` (the
 * injection corpus by default; benign text for the control).
 */
export function poisonedInput(texts: readonly string[] = INJECTION_CORPUS): ReasoningInput {
  const signals: Signal[] = texts.map((text, i) => alarm(EC2, 'CPUUtilization', {
    title: `CPU high ${i}: ${text}`.slice(0, 512),
    description: text,
    labels: { 'metricName': 'CPUUtilization', 'Name': text, 'aws:cloudformation:stack-name': text },
  }));
  return reasoningInput(signals, {
    evidence: [
      { ref: `metrics:CPUUtilization:${EC2.id}`, summary: 'CPU at 99%', facts: { instance: EC2.id } },
      ...texts.map((text, i) => ({ ref: `logs:${i}`, summary: text, facts: { message: text } })),
    ],
    knowledge: texts.slice(0, 5).map((text, i) => ({ id: `pm-${i}`, title: text, text })),
  });
}
