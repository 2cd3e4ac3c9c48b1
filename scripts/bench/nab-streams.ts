/**
 * Alert streams from real data: the NAB (Numenta Anomaly Benchmark) real CloudWatch and known-cause series in
 * ../shared/fixtures/datasets/nab, read in place (never copied into the repository). Each series gets a CloudWatch
 * alarm evaluated the way CloudWatch does (M of N datapoints), and every state change becomes a
 * `CloudWatch Alarm State Change` event.
 *
 * Detectors (both fitted only on the series' first 15 %, NAB's probationary period, or on past data):
 * - `static`: ALARM when the value is above mean + 3σ of the probationary period;
 * - `band`: ALARM when the value is outside mean ± 3σ of the trailing day (288 points), like an anomaly band.
 *
 * Ground truth: one incident per labelled anomaly window per series (labels/combined_windows.json). An alarm episode
 * (ALARM and the OK that ends it) that starts inside a window belongs to that window's incident; one that starts
 * outside every window is a false alarm (`noise:`).
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type { AlarmStateValue } from './envelopes';
import type { AlarmDef, AlertStream, EventSpec } from './generator';
import { Rng } from './rng';

export const NAB_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures', 'datasets', 'nab');

export type NabDetector = 'static' | 'band';

/** Datapoints that must breach out of the last N for ALARM (CloudWatch's "M out of N"). */
const M = 3;
const N = 5;
const PROBATION = 0.15;
const BAND_WINDOW = 288;
const SIGMAS = 3;

export interface NabStream extends AlertStream {
  readonly series: number;
  readonly windows: number;
  /** Labelled windows in which the detector raised no alarm at all (a detector miss, the same for every triage). */
  readonly windowsWithoutAlarm: number;
}

export function nabAvailable(dir = NAB_DIR): boolean {
  return existsSync(path.join(dir, 'labels', 'combined_windows.json'));
}

function parseTime(s: string): number {
  // "2014-02-14 14:30:00" or "2014-02-26 13:45:00.000000", UTC
  return Date.parse(`${s.trim().slice(0, 19).replace(' ', 'T')}Z`);
}

function readSeries(file: string): { t: number[]; v: number[] } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const comma = line.indexOf(',');
    t.push(parseTime(line.slice(0, comma)));
    v.push(Number(line.slice(comma + 1)));
  }
  return { t, v };
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Which datapoints breach, per detector. */
function breaches(v: readonly number[], detector: NabDetector): { breach: boolean[]; threshold: number } {
  const breach = new Array<boolean>(v.length).fill(false);
  if (detector === 'static') {
    const { mean, std } = meanStd(v.slice(0, Math.max(10, Math.floor(v.length * PROBATION))));
    const threshold = mean + SIGMAS * Math.max(std, 1e-9);
    for (let i = 0; i < v.length; i++) breach[i] = v[i] > threshold;
    return { breach, threshold };
  }
  // Trailing mean ± 3σ over the previous BAND_WINDOW points (running sums).
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < v.length; i++) {
    if (i >= BAND_WINDOW) {
      const mean = sum / BAND_WINDOW;
      const std = Math.sqrt(Math.max(0, sumSq / BAND_WINDOW - mean * mean));
      breach[i] = Math.abs(v[i] - mean) > SIGMAS * Math.max(std, 1e-9);
      sum -= v[i - BAND_WINDOW];
      sumSq -= v[i - BAND_WINDOW] ** 2;
    }
    sum += v[i];
    sumSq += v[i] ** 2;
  }
  return { breach, threshold: NaN };
}

function metricFor(key: string, stem: string): AlarmDef['metric'] {
  const hex = /_([0-9a-f]{6})$/.exec(stem)?.[1];
  if (key.startsWith('realAWSCloudwatch/') && hex) {
    const name = stem.includes('disk_write_bytes') ? 'DiskWriteBytes' : 'CPUUtilization';
    return { namespace: 'AWS/EC2', name, dimensions: { InstanceId: `i-0000000000${hex}` }, stat: 'Average', period: 300 };
  }
  return { namespace: 'NAB/RealKnownCause', name: stem, dimensions: { Series: stem }, stat: 'Average', period: 300 };
}

/**
 * One stream over every labelled series, in time order. Undefined when the data are absent.
 * `seed` only draws event ids.
 */
export function nabStream(detector: NabDetector, seed: number, dir = NAB_DIR): NabStream | undefined {
  if (!nabAvailable(dir)) return undefined;
  const rng = new Rng(seed);
  const windowsByKey = JSON.parse(readFileSync(path.join(dir, 'labels', 'combined_windows.json'), 'utf8')) as Record<string, [string, string][]>;
  const drafts: { spec: EventSpec; truth: string; seq: number }[] = [];
  let series = 0;
  let windows = 0;
  let windowsWithoutAlarm = 0;
  let noise = 0;
  for (const key of Object.keys(windowsByKey).sort()) {
    const file = path.join(dir, 'data', key);
    if (!existsSync(file)) continue;
    series++;
    const stem = path.basename(key, '.csv');
    const ws = windowsByKey[key].map(([a, b]) => [parseTime(a), parseTime(b)] as const);
    windows += ws.length;
    const { t, v } = readSeries(file);
    const { breach } = breaches(v, detector);
    const threshold = breaches(v, 'static').threshold; // the band alarm's events quote the static level for reference
    const metric = metricFor(key, stem);
    const alarm: AlarmDef = {
      name: `nab-${stem}-${detector}`.slice(0, 255),
      description: detector === 'static'
        ? `${stem} above mean + 3 sigma of its first 15 %`
        : `${stem} outside mean ± 3 sigma of the trailing day`,
      metric,
      threshold: Math.round(threshold * 1000) / 1000,
    };
    let state: AlarmStateValue = 'OK';
    let since = t[0];
    let truth = '';
    const alarmed = new Set<number>();
    let recent = 0;
    for (let i = 0; i < t.length; i++) {
      recent += breach[i] ? 1 : 0;
      if (i >= N && breach[i - N]) recent--;
      const next: AlarmStateValue = recent >= M ? 'ALARM' : 'OK';
      if (next === state) continue;
      const time = t[i] + 60_000; // evaluated a minute after the datapoint's period
      if (next === 'ALARM') {
        const w = ws.findIndex(([a, b]) => time >= a && time <= b);
        truth = w >= 0 ? `nab:${stem}#${w}` : `noise:nab:${stem}:${++noise}`;
        if (w >= 0) alarmed.add(w);
      }
      drafts.push({
        spec: { type: 'alarm', time, eventId: rng.uuid(), alarm, from: state, to: next, value: Math.round(v[i] * 1000) / 1000, previousTime: since },
        truth,
        seq: drafts.length,
      });
      state = next;
      since = time;
    }
    windowsWithoutAlarm += ws.length - alarmed.size;
  }
  drafts.sort((a, b) => a.spec.time - b.spec.time || a.seq - b.seq);
  return {
    name: `nab-${detector}`,
    description: `NAB real series, ${detector === 'static' ? 'static threshold (mean + 3σ of the first 15 %)' : 'band (trailing-day mean ± 3σ)'}, ${M} of ${N} datapoints`,
    seed,
    events: drafts.map((d) => d.spec),
    truth: drafts.map((d) => d.truth),
    series,
    windows,
    windowsWithoutAlarm,
  };
}
