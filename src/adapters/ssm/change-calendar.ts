import { GetCalendarStateCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { CHANGE_CALENDAR_STATES } from '../../runtime/risk';

export type ChangeCalendarState = (typeof CHANGE_CALENDAR_STATES)[number];

/**
 * Reads the state of SSM Change Calendars for the Risk agent (`RiskInput.changeCalendarState`).
 * Several calendars combine as SSM combines them: CLOSED if any is closed.
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetCalendarState.html
 */
export class ChangeCalendarReader {
  private readonly client: SSMClient;

  constructor(props: { client?: SSMClient } = {}) {
    this.client = props.client ?? new SSMClient({});
  }

  /**
   * The combined state at `at` (ISO-8601), or now. No calendars → undefined (the Risk agent treats that as open).
   * Errors propagate: a caller that cannot read the calendar must not assume it is open.
   */
  public async stateAt(calendarNames: readonly string[], at?: string): Promise<ChangeCalendarState | undefined> {
    if (calendarNames.length === 0) return undefined;
    const out = await this.client.send(new GetCalendarStateCommand({ CalendarNames: [...calendarNames], ...(at ? { AtTime: at } : {}) }));
    if (out.State === 'OPEN' || out.State === 'CLOSED') return out.State;
    throw new Error(`GetCalendarState returned an unexpected state: ${String(out.State)}`);
  }
}
