import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { captureIo, countEvents, SCENARIO_DIR } from './helpers';
import { runTriageCommand } from '../../src/cli';
import { TriageResultSchema, type TriageResult } from '../../src/runtime/model';
import { FIXTURES_DIR } from '../support/fixtures';

async function triage(args: string[], stdin?: string): Promise<{ code: number; result: TriageResult; err: string }> {
  const io = captureIo({ stdin });
  const code = await runTriageCommand([...args, '--format', 'json'], io);
  expect(io.err()).toBe('');
  return { code, result: TriageResultSchema.parse(JSON.parse(io.out())), err: io.err() };
}

/** The invariants every run must keep, whatever the input. */
function expectConsistent(result: TriageResult, events: number) {
  const { stats } = result;
  expect(stats).toEqual({
    events,
    signals: result.signals.length,
    incidents: result.incidents.length,
    suppressed: result.suppressed.length,
    rejected: result.rejected.length,
  });
  // Every event either became at least one signal or was rejected.
  expect(stats.signals).toBeGreaterThanOrEqual(stats.events - stats.rejected);
  // Everything triage reports points at a signal of this run.
  const ids = new Set(result.signals.map((s) => s.id));
  for (const i of result.incidents) for (const id of i.signalIds) expect(ids).toContain(id);
  for (const s of result.suppressed) expect(ids).toContain(s.signalId);
  const incidentIds = new Set(result.incidents.map((i) => i.id));
  for (const s of result.suppressed) if (s.incidentId) expect(incidentIds).toContain(s.incidentId);
  // Every rejection says where and why.
  for (const r of result.rejected) {
    expect(r.input).toMatch(/#\d+$/);
    expect(r.reason.length).toBeGreaterThan(0);
  }
}

describe('cdk-aiops triage on the shipped scenario', () => {
  let result: TriageResult;
  let code: number;
  beforeAll(async () => {
    ({ code, result } = await triage([SCENARIO_DIR]));
  });

  test('runs, and the JSON has the documented shape and consistent stats', () => {
    expect(code).toBe(0);
    expect(Object.keys(result)).toEqual(['signals', 'incidents', 'suppressed', 'rejected', 'stats']);
    expectConsistent(result, countEvents(SCENARIO_DIR));
    for (const i of result.incidents) {
      expect(i).toEqual(expect.objectContaining({
        id: expect.any(String),
        title: expect.any(String),
        priority: expect.stringMatching(/^P[1-4]$/),
        status: expect.any(String),
        signalIds: expect.any(Array),
        services: expect.any(Array),
        resources: expect.any(Array),
        openedAt: expect.any(String),
      }));
    }
  });

  test('rejects exactly the event that lost its detail, naming the input and the field', () => {
    expect(result.rejected).toEqual([
      expect.objectContaining({ input: `${path.join(SCENARIO_DIR, '03-alarm-storm.jsonl')}#9`, code: 'malformed', reason: expect.stringMatching(/detail/) }),
    ]);
  });

  test('the alarm storm does not page once per alarm', () => {
    const alarms = new Set(result.signals.filter((s) => s.state === 'firing' && s.source === 'cloudwatch-alarm').map((s) => s.fingerprint));
    expect(alarms.size).toBeGreaterThanOrEqual(28);
    // Even without topology hints (default rules), at most one incident per four firing signals.
    const firing = result.signals.filter((s) => s.state === 'firing');
    expect(result.incidents.length).toBeGreaterThanOrEqual(1);
    expect(result.incidents.length * 4).toBeLessThanOrEqual(firing.length);
    expect(result.incidents.length).toBeLessThan(alarms.size / 2);
  });

  test('duplicate deliveries (same event id) are suppressed as duplicates', () => {
    const seen = new Set<string>();
    const redelivered = result.signals.filter((s) => (seen.has(s.id) ? true : (seen.add(s.id), false)));
    expect(redelivered.length).toBeGreaterThanOrEqual(8);
    expect(result.suppressed.filter((s) => s.reason === 'duplicate').length).toBeGreaterThanOrEqual(redelivered.length);
  });

  test('signals are listed in time order', () => {
    const times = result.signals.map((s) => Date.parse(s.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  test('is deterministic: the same input gives the same output', async () => {
    const again = await triage([SCENARIO_DIR]);
    expect(again.result).toEqual(result);
  });

  test('the table names every incident, the sources, the suppressions and the rejection', async () => {
    const io = captureIo();
    expect(await runTriageCommand([SCENARIO_DIR, '--format', 'table'], io)).toBe(0);
    const table = io.out();
    expect(table).toMatch(new RegExp(`^${result.stats.events} events -> ${result.stats.signals} signals -> ${result.stats.incidents} incidents? `));
    for (const heading of ['Signals by source', 'Incidents', 'Suppressed by reason', 'Rejected']) expect(table).toContain(`\n${heading}\n`);
    for (const i of result.incidents) {
      expect(table).toContain(i.id);
      expect(table).toContain(i.title.slice(0, 40));
    }
    for (const source of new Set(result.signals.map((s) => s.source))) expect(table).toContain(source);
    for (const reason of new Set(result.suppressed.map((s) => s.reason))) expect(table).toContain(reason);
    expect(table).toContain('03-alarm-storm.jsonl#9');
  });
});

describe('cdk-aiops triage on the real AWS events in ../shared/fixtures', () => {
  const dir = path.join(FIXTURES_DIR, 'events');

  test('reads every fixture, normalises or rejects each with a reason, and keeps the stats consistent', async () => {
    const { code, result } = await triage([dir]);
    expect(code).toBe(0);
    expectConsistent(result, countEvents(dir));
    expect(result.signals.length).toBeGreaterThan(0);
    for (const r of result.rejected) expect(r.input!.startsWith(dir)).toBe(true);
  });
});

describe('cdk-aiops triage inputs', () => {
  const event = {
    'version': '0',
    'id': '7d1e3f52-0b9a-4c6d-8e2f-1a3b5c7d9e0f',
    'detail-type': 'Synthetics Canary TestRun Failure',
    'source': 'aws.synthetics',
    'account': '444455556666',
    'time': '2025-06-12T14:04:12Z',
    'region': 'eu-west-1',
    'resources': [],
    'detail': {
      'account-id': '444455556666',
      'canary-id': '5e8a7c2d-41b9-4f06-9d3e-7a1c0b2f4e68',
      'canary-name': 'checkout-purchase',
      'canary-run-id': '0f4b8c1e-2d3a-4e5f-9a6b-7c8d9e0f1a2b',
      'test-run-status': 'FAILED',
      'state-reason': 'timeout',
      'canary-run-timeline': { started: 1749737041, completed: 1749737050 },
      'message': 'Test run result is generated successfully',
    },
  };

  test('- reads standard input, labelled -#index', async () => {
    const { code, result } = await triage(['-'], `${JSON.stringify(event)}\n{"truncated": `);
    expect(code).toBe(0);
    expect(result.stats.events).toBe(2);
    expect(result.signals).toHaveLength(1);
    expect(result.rejected).toEqual([expect.objectContaining({ input: '-#1', code: 'malformed' })]);
  });

  test('with no path, piped standard input is read', async () => {
    const { result } = await triage([], JSON.stringify([event]));
    expect(result.stats).toMatchObject({ events: 1, signals: 1 });
  });

  test('with no path and a terminal on stdin, it is a usage error instead of a hang', async () => {
    const io = captureIo({ tty: true });
    expect(await runTriageCommand([], io)).toBe(2);
    expect(io.err()).toMatch(/no input: give one or more paths, or - to read standard input/);
  });
});

describe('cdk-aiops triage usage errors exit 2 with the usage on stderr', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'triage-cli-'));
    writeFileSync(path.join(dir, 'not-json.json'), '{ "groupingWindowSeconds": ');
    writeFileSync(path.join(dir, 'invalid.json'), JSON.stringify({ groupingWindowSeconds: -5 }));
    writeFileSync(path.join(dir, 'unknown-key.json'), JSON.stringify({ noSuchRule: true }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['an unknown flag', () => [SCENARIO_DIR, '--bogus'], /Unknown option '--bogus'/],
    ['a bad --format', () => [SCENARIO_DIR, '--format', 'xml'], /--format must be one of json, table, got 'xml'/],
    ['--format without a value', () => [SCENARIO_DIR, '--format'], /argument missing/],
    ['a missing path', () => [SCENARIO_DIR, 'no/such/dir'], /no\/such\/dir: no such file or directory/],
    ['a missing rules file', () => [SCENARIO_DIR, '--rules', path.join(dir, 'absent.json')], /cannot read rules file .*absent\.json: no such file/],
    ['a rules file that is not JSON', () => [SCENARIO_DIR, '--rules', path.join(dir, 'not-json.json')], /rules file .*not-json\.json is not valid JSON: unexpected end of input \(truncated\?\) at line 1, column 28/],
    ['a rules file with an invalid value', () => [SCENARIO_DIR, '--rules', path.join(dir, 'invalid.json')], /rules file .*invalid\.json is invalid: .*groupingWindowSeconds/],
    ['a rules file with an unknown key', () => [SCENARIO_DIR, '--rules', path.join(dir, 'unknown-key.json')], /rules file .*unknown-key\.json is invalid: .*noSuchRule/],
  ])('%s', async (_, args, message) => {
    const io = captureIo();
    expect(await runTriageCommand(args(), io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(message);
    expect(io.err()).toContain('Usage: cdk-aiops triage [paths... | -] [--format json|table] [--rules file]');
  });

  test('a valid rules file is applied (a storm threshold of 2 turns the storm into a storm incident)', async () => {
    const rules = path.join(dir, 'valid.json');
    writeFileSync(rules, JSON.stringify({ storm: { maxSignals: 2 } }));
    const io = captureIo();
    expect(await runTriageCommand([SCENARIO_DIR, '--rules', rules, '--format', 'json'], io)).toBe(0);
    const result = TriageResultSchema.parse(JSON.parse(io.out()));
    expect(result.incidents.some((i) => i.storm)).toBe(true);
  });

  test('--help prints the usage on stdout and exits 0', async () => {
    const io = captureIo();
    expect(await runTriageCommand(['--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: cdk-aiops triage');
    expect(io.err()).toBe('');
  });
});
