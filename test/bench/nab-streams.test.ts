import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { materialise } from '../../scripts/bench/generator';
import { nabAvailable, nabStream } from '../../scripts/bench/nab-streams';
import { normaliseEvent } from '../../src/runtime/normalise';

/** A tiny NAB-shaped folder: one series, flat at 1 with two spikes, one of them inside a labelled window. */
function tinyNab(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nab-'));
  mkdirSync(path.join(dir, 'labels'));
  mkdirSync(path.join(dir, 'data', 'realAWSCloudwatch'), { recursive: true });
  const start = Date.UTC(2014, 1, 14, 0, 0);
  const rows = ['timestamp,value'];
  for (let i = 0; i < 400; i++) {
    const spike = (i >= 100 && i < 106) || (i >= 300 && i < 306);
    const t = new Date(start + i * 300_000).toISOString().slice(0, 19).replace('T', ' ');
    rows.push(`${t},${spike ? 90 : 1 + (i % 3) * 0.01}`);
  }
  writeFileSync(path.join(dir, 'data', 'realAWSCloudwatch', 'ec2_cpu_utilization_abc123.csv'), rows.join('\n'));
  const windowStart = new Date(start + 290 * 300_000).toISOString().replace('T', ' ').replace('Z', '');
  const windowEnd = new Date(start + 320 * 300_000).toISOString().replace('T', ' ').replace('Z', '');
  writeFileSync(path.join(dir, 'labels', 'combined_windows.json'), JSON.stringify({
    'realAWSCloudwatch/ec2_cpu_utilization_abc123.csv': [[windowStart, windowEnd]],
    'realAWSCloudwatch/missing_series.csv': [[windowStart, windowEnd]],
  }));
  return dir;
}

describe('nabStream', () => {
  let dir: string;
  beforeAll(() => {
    dir = tinyNab();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('absent data: undefined, never an error', () => {
    expect(nabAvailable(path.join(dir, 'nope'))).toBe(false);
    expect(nabStream('static', 1, path.join(dir, 'nope'))).toBeUndefined();
  });

  const noise = 'noise:nab:ec2_cpu_utilization_abc123:1';
  const incident = 'nab:ec2_cpu_utilization_abc123#0';
  test.each([
    // static: both spikes cross mean + 3σ of the first 15 %; only the second is inside the window.
    ['static' as const, ['ALARM', 'OK', 'ALARM', 'OK'], [noise, noise, incident, incident]],
    // band: the first spike comes before a day of history exists, so only the second can breach the band.
    ['band' as const, ['ALARM', 'OK'], [incident, incident]],
  ])('%s: alarms inside the labelled window belong to its incident, others are noise', (detector, transitions, truth) => {
    const s = nabStream(detector, 1, dir)!;
    expect(s.series).toBe(1);
    expect(s.windows).toBe(1);
    expect(s.windowsWithoutAlarm).toBe(0);
    expect(s.events.map((e) => (e.type === 'alarm' ? e.to : e.type))).toEqual(transitions);
    expect(s.truth).toEqual(truth);
  });

  test('its events are CloudWatch Alarm State Changes that normaliseEvent accepts', () => {
    const s = nabStream('static', 1, dir)!;
    for (const e of s.events) {
      const payload = materialise(e);
      expect(payload['detail-type']).toBe('CloudWatch Alarm State Change');
      expect(normaliseEvent(payload).ok).toBe(true);
    }
  });
});
