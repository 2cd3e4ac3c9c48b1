import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { captureIo } from './helpers';
import { runReplayCommand, type ReplayResult } from '../../src/cli';
import { FIXTURES_DIR } from '../support/fixtures';

const ALARM = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'events', 'cloudwatch', 'alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json'), 'utf8'));

/** The real alarm state change, renamed and re-timed: `name` going to `state` at `time`. */
function alarmEvent(name: string, state: 'ALARM' | 'OK', time: Date, n: number): unknown {
  const previous = state === 'ALARM' ? 'OK' : 'ALARM';
  return {
    ...ALARM,
    id: `learning-${n}`,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    resources: [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`],
    detail: {
      ...ALARM.detail,
      alarmName: name,
      previousState: { ...ALARM.detail.previousState, value: previous },
      state: { ...ALARM.detail.state, value: state, timestamp: time.toISOString().replace('Z', '+0000') },
    },
  };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cdk-aiops-learning-'));
  // Three times, six hours apart: CPU and its partner alarm fire together on one instance, then both recover.
  const events: unknown[] = [];
  let n = 0;
  for (let round = 0; round < 3; round++) {
    const t0 = Date.parse('2026-03-01T00:00:00Z') + round * 6 * 3_600_000;
    events.push(alarmEvent('ServerCpuTooHigh', 'ALARM', new Date(t0), ++n));
    events.push(alarmEvent('ServerCpuSteal', 'ALARM', new Date(t0 + 30_000), ++n));
    events.push(alarmEvent('ServerCpuTooHigh', 'OK', new Date(t0 + 600_000), ++n));
    events.push(alarmEvent('ServerCpuSteal', 'OK', new Date(t0 + 630_000), ++n));
  }
  writeFileSync(path.join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<string> {
  const io = captureIo();
  expect(await runReplayCommand(args, io)).toBe(0);
  expect(io.err()).toBe('');
  return io.out();
}

describe('cdk-aiops replay --learning', () => {
  test('GIVEN two alarms that fired and recovered together three times THEN the learned section shows the pair, used by triage', async () => {
    const result = JSON.parse(await run([dir, '--learning', '--format', 'json'])) as ReplayResult;
    expect(result.learned).toHaveLength(1);
    const [pair] = result.learned!;
    expect([pair.fingerprint, pair.partner].every((f) => /ServerCpu(TooHigh|Steal)/.test(f))).toBe(true);
    expect(pair).toMatchObject({ support: 3, used: true });
    expect(pair.confidence).toBeCloseTo(1);

    const table = await run([dir, '--learning', '--format', 'table']);
    expect(table).toMatch(/Learned correlation/);
    expect(table).toMatch(/1\.00 {2}.*ServerCpu.* <-> .*ServerCpu.* {2}\(3, used\)/);
  });

  test('GIVEN no --learning THEN there is no learned section', async () => {
    const result = JSON.parse(await run([dir, '--format', 'json'])) as ReplayResult;
    expect(result.learned).toBeUndefined();
    expect(await run([dir, '--format', 'table'])).not.toMatch(/Learned correlation/);
  });
});
