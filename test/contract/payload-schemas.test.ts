import type { z } from 'zod';
import type * as W from '../../src/contract/workflow';
import type { ApprovalRequestInputSchema } from '../../src/runtime/agents/approval-step';
import type { NotifyInputSchema } from '../../src/runtime/agents/notify-step';
import type { OutcomeInputSchema } from '../../src/runtime/agents/outcome';
import type { RemediationInputSchema } from '../../src/runtime/agents/remediation-step';
import type {
  FailureStepInputSchema, ReasonStepInputSchema, RecordStepInputSchema, RiskStepInputSchema, TelemetryStepInputSchema,
} from '../../src/runtime/agents/steps';

/**
 * The state machine builds each task's payload from a contract interface (`payloadOf<T>` in src/agents/agent-tasks.ts)
 * and the handler parses it with a zod schema: the two must name the same fields. `SameKeys` is `true` only when they
 * do, so a field added to one and not the other fails `tsc -p tsconfig.dev.json` (the first step of `npm test`).
 */
type SameKeys<Payload, Schema> = [Exclude<keyof Payload, keyof Schema>, Exclude<keyof Schema, keyof Payload>] extends [never, never]
  ? true
  : { readonly onlyInThePayload: Exclude<keyof Payload, keyof Schema>; readonly onlyInTheSchema: Exclude<keyof Schema, keyof Payload> };
type In<S extends z.ZodType> = z.input<S>;
type Variant<S extends z.ZodType, A extends string> = Extract<In<S>, { action: A }>;

const checks: Record<string, true> = {
  telemetry: true satisfies SameKeys<W.TelemetryTaskInput, In<typeof TelemetryStepInputSchema>>,
  reason: true satisfies SameKeys<W.ReasonTaskInput, In<typeof ReasonStepInputSchema>>,
  risk: true satisfies SameKeys<W.RiskTaskInput, In<typeof RiskStepInputSchema>>,
  record: true satisfies SameKeys<W.RecordTaskInput, In<typeof RecordStepInputSchema>>,
  failure: true satisfies SameKeys<W.FailureTaskInput, In<typeof FailureStepInputSchema>>,
  notify: true satisfies SameKeys<W.NotifyTaskInput, In<typeof NotifyInputSchema>>,
  approvalRequest: true satisfies SameKeys<W.ApprovalRequestTaskInput, In<typeof ApprovalRequestInputSchema>>,
  plan: true satisfies SameKeys<W.PlanRemediationTaskInput, Variant<typeof RemediationInputSchema, 'plan'>>,
  step: true satisfies SameKeys<W.RemediationStepTaskInput, Variant<typeof RemediationInputSchema, 'step'>>,
  remediated: true satisfies SameKeys<W.RemediatedOutcomeTaskInput, Variant<typeof OutcomeInputSchema, 'remediated'>>,
  denied: true satisfies SameKeys<W.DeniedOutcomeTaskInput, Variant<typeof OutcomeInputSchema, 'denied'>>,
  expired: true satisfies SameKeys<W.ExpiredOutcomeTaskInput, Variant<typeof OutcomeInputSchema, 'expired'>>,
  noApprover: true satisfies SameKeys<W.NoApproverOutcomeTaskInput, Variant<typeof OutcomeInputSchema, 'no-approver'>>,
};

test('every task payload of the workflow names the fields its handler\'s schema parses (checked by the compiler)', () => {
  expect(Object.keys(checks)).toHaveLength(13);
});
