import * as path from 'path';
import { replayWithBin, summariseReplay, SCENARIO_DIR } from '../../examples/demo';
import { runReplayCommand, type ReplayResult } from '../../src/cli';
import { captureIo } from '../cli/helpers';
import { FIXTURES_DIR } from '../support/fixtures';

async function replay(dir: string): Promise<ReplayResult> {
  const io = captureIo();
  expect(await runReplayCommand([dir, '--format', 'json'], io)).toBe(0);
  return JSON.parse(io.out()) as ReplayResult;
}

describe('the demo\'s "Replayed the whole loop" section', () => {
  test('names, per incident, the decision, the runbook, how it ended, the simulated MTTR and who handled it; then the totals', async () => {
    const result = await replay(path.join(FIXTURES_DIR, 'events'));
    const lines = summariseReplay(result);
    // Six incidents, the rest counted with why, and the summary line.
    expect(lines).toHaveLength(6 + 2);
    expect(lines[0]).toMatch(/^P2 APPROVE aws-restart-ec2-instance +approved, runbook ran, MTTR 6m45s \| ServerCpuTooHigh/);
    expect(lines[1]).toMatch(/^P3 APPROVE aws-scale-out-asg +approved, runbook ran, MTTR \d+m\d\ds \| Auto Scaling/);
    expect(lines[2]).toMatch(/^P1 APPROVE no runbook +human \(no runbook proposed\), unresolved \| AWS Health/);
    expect(lines[6]).toBe(`... and ${result.incidents.length - 6} more (no runbook proposed ${result.incidents.length - 6})`);
    expect(lines[7]).toBe(`automation rate 0% (0 of ${result.incidents.length} incidents remediated without a human), `
      + 'median simulated MTTR 6m45s, approvals 2 approved / 0 denied / 0 timed out');
  });

  test('reads what the bundled bin prints', async () => {
    expect(replayWithBin(SCENARIO_DIR)).toEqual(await replay(SCENARIO_DIR));
  });
});
