import { COMMS_THREAD_ENTRY_TYPE, commsThreadOf, threadFor, withCommsThread } from '../../../src/runtime/comms';
import { incident, NOW } from '../approval/fixtures';

describe('one Slack thread per incident', () => {
  test('GIVEN no thread THEN posts go to the channel, starting one', () => {
    expect(commsThreadOf(incident())).toBeUndefined();
    expect(threadFor(incident(), 'C1')).toEqual({ channel: 'C1' });
  });

  test('GIVEN a thread recorded THEN it is found, and later posts reply in it', () => {
    const next = withCommsThread(incident(), { channel: 'C1', threadTs: '1700000000.000100' }, NOW)!;
    expect(next.version).toBe(incident().version + 1);
    expect(next.timeline.at(-1)).toMatchObject({ type: COMMS_THREAD_ENTRY_TYPE, data: { channel: 'C1', threadTs: '1700000000.000100' } });
    expect(threadFor(next, 'C1')).toEqual({ channel: 'C1', threadTs: '1700000000.000100' });
    expect(threadFor(next, 'C2')).toEqual({ channel: 'C2' });
  });

  test('GIVEN a thread already recorded THEN recording another is a no-op, and the first wins', () => {
    const once = withCommsThread(incident(), { channel: 'C1', threadTs: '1.1' }, NOW)!;
    expect(withCommsThread(once, { channel: 'C1', threadTs: '2.2' }, NOW)).toBeUndefined();
    const raced = { ...once, timeline: [...once.timeline, { ...once.timeline.at(-1)!, data: { channel: 'C1', threadTs: '2.2' } }] };
    expect(commsThreadOf(raced)).toEqual({ channel: 'C1', threadTs: '1.1' });
  });
});
