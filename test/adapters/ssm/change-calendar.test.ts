import { GetCalendarStateCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ChangeCalendarReader } from '../../../src/adapters/ssm';

const ssm = mockClient(SSMClient);

beforeEach(() => ssm.reset());

describe('ChangeCalendarReader', () => {
  const reader = () => new ChangeCalendarReader({ client: new SSMClient({}) });

  test('GIVEN an open calendar WHEN read at a time THEN OPEN, asked with that time', async () => {
    ssm.on(GetCalendarStateCommand).resolves({ State: 'OPEN', AtTime: '2026-03-10T02:00:00Z', NextTransitionTime: '2026-03-13T18:00:00Z' });
    await expect(reader().stateAt(['change-freeze'], '2026-03-10T02:00:00Z')).resolves.toBe('OPEN');
    expect(ssm).toHaveReceivedCommandWith(GetCalendarStateCommand, { CalendarNames: ['change-freeze'], AtTime: '2026-03-10T02:00:00Z' });
  });

  test('GIVEN a closed calendar THEN CLOSED', async () => {
    ssm.on(GetCalendarStateCommand).resolves({ State: 'CLOSED' });
    await expect(reader().stateAt(['a', 'b'])).resolves.toBe('CLOSED');
    expect(ssm).toHaveReceivedCommandWith(GetCalendarStateCommand, { CalendarNames: ['a', 'b'] });
  });

  test('GIVEN no calendars THEN undefined without calling SSM', async () => {
    await expect(reader().stateAt([])).resolves.toBeUndefined();
    expect(ssm).toHaveReceivedCommandTimes(GetCalendarStateCommand, 0);
  });

  test('GIVEN an error or an odd state THEN it throws (never assumes open)', async () => {
    ssm.on(GetCalendarStateCommand).rejectsOnce(new Error('AccessDenied')).resolves({});
    await expect(reader().stateAt(['x'])).rejects.toThrow(/AccessDenied/);
    await expect(reader().stateAt(['x'])).rejects.toThrow(/unexpected state/);
  });
});
