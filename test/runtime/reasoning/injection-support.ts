import { REGISTRY } from './helpers';
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
