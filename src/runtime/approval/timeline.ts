import { ApprovalOutcomeValue } from '../../contract/decisions';
import { TimelineType } from '../../contract/timeline';
import { slackActor } from '../comms/actors';
import type { TimelineEntry } from '../model';
import type { ApprovalDecisionRecord } from './ports';

/** Timeline entry type of a human decision on an approval request. */
export const APPROVAL_ENTRY_TYPE = TimelineType.APPROVAL;

/**
 * The timeline entry for a decided request: the actor is the person (`slack:<id>`, `data.actorType: 'human'`), so the
 * final summary says a human did it. Written by the step after the wait, from the task output or failure cause.
 */
export function approvalTimelineEntry(input: {
  readonly approvalId: string;
  readonly runbookId?: string;
  readonly decision: ApprovalDecisionRecord;
}): TimelineEntry {
  const { decision } = input;
  const what = input.runbookId ? `runbook ${input.runbookId}` : 'the request';
  const message = decision.outcome === ApprovalOutcomeValue.EXPIRED
    ? `approval of ${what} expired (late click by ${decision.by.name})`
    : `${decision.outcome} ${what}: ${decision.by.name}`;
  return {
    at: decision.at,
    type: APPROVAL_ENTRY_TYPE,
    actor: slackActor(decision.by),
    message,
    data: {
      actorType: 'human',
      actorName: decision.by.name,
      approvalId: input.approvalId,
      outcome: decision.outcome,
      ...(input.runbookId ? { runbookId: input.runbookId } : {}),
    },
  };
}
