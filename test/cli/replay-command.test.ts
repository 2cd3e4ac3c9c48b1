import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { captureIo, SCENARIO_DIR } from './helpers';
import { runCli, runReplayCommand, runTriageCommand, type ReplayedIncident, type ReplayResult } from '../../src/cli';
import type { TriageResult } from '../../src/runtime/model';
import { FIXTURES_DIR } from '../support/fixtures';

const FIXTURE_EVENTS = path.join(FIXTURES_DIR, 'events');

async function replay(args: string[]): Promise<ReplayResult> {
  const io = captureIo();
  const code = await runReplayCommand([...args, '--format', 'json'], io);
  expect(io.err()).toBe('');
  expect(code).toBe(0);
  return JSON.parse(io.out()) as ReplayResult;
}

async function triage(dir: string): Promise<TriageResult> {
  const io = captureIo();
  expect(await runTriageCommand([dir, '--format', 'json'], io)).toBe(0);
  return JSON.parse(io.out()) as TriageResult;
}

const entriesOf = (i: ReplayedIncident, type: string) => i.timeline.filter((e) => e.type === type);

/** What every replay must keep, whatever the input and the approver. */
function expectConsistent(result: ReplayResult, triaged: TriageResult) {
  expect(Object.keys(result)).toEqual(['incidents', 'rejected', 'stats']);
  expect(result.rejected).toEqual(triaged.rejected);
  expect(result.incidents.map((i) => i.id)).toEqual(triaged.incidents.map((i) => i.id));
  for (const i of result.incidents) {
    expect(Object.keys(i)).toEqual(['id', 'title', 'priority', 'finding', 'decision', 'remediation', 'timeline', 'mttrSeconds', 'handledBy', 'humanReason', 'telemetry']);
    expect(i.finding).toEqual(expect.objectContaining({ cause: expect.any(String), confidence: expect.any(Number), reasoner: 'deterministic' }));
    expect(i.finding!.cause.length).toBeGreaterThan(0);
    expect(['AUTO', 'APPROVE', 'DENY']).toContain(i.decision!.outcome);
    expect(i.decision!.reasons.length).toBeGreaterThan(0);
    for (const reason of i.decision!.reasons) expect(reason.length).toBeGreaterThan(0);
    // Resolved ones have an MTTR; an agent only ever hands back resolved incidents; a human always has a reason.
    if (i.timeline.some((e) => e.type === 'resolved')) expect(i.mttrSeconds).toEqual(expect.any(Number));
    if (i.mttrSeconds !== null) expect(i.mttrSeconds).toBeGreaterThanOrEqual(0);
    if (i.handledBy === 'agent') {
      expect(i.remediation).toMatchObject({ outcome: 'resolved', runbookId: i.finding!.runbook!.id });
      expect(i.mttrSeconds).toBeGreaterThan(0);
    }
    if (i.handledBy === 'human') expect(i.humanReason).toEqual(expect.any(String));
    else expect(i.humanReason).toBeNull();
  }
  const { stats } = result;
  const auto = result.incidents.filter((i) => i.handledBy === 'agent' && i.decision!.outcome === 'AUTO').length;
  expect(stats.incidents).toBe(result.incidents.length);
  expect(stats.autoRemediated).toBe(auto);
  expect(stats.automationRate.all).toBe(stats.incidents === 0 ? 0 : auto / stats.incidents);
  expect(stats.approvals).toBe(result.incidents.filter((i) => entriesOf(i, 'approval').some((e) => e.data?.outcome === 'approved')).length);
  expect(stats.approvalTimeouts).toBe(result.incidents.filter((i) => entriesOf(i, 'approval-timed-out').length > 0).length);
  const mttrs = result.incidents.map((i) => i.mttrSeconds).filter((m): m is number => m !== null).sort((a, b) => a - b);
  if (mttrs.length === 0) expect(stats.medianMttrSeconds).toBeNull();
  else expect(stats.medianMttrSeconds).toBeGreaterThanOrEqual(mttrs[0]);
}

/**
 * Decisions the default policies must give here: no collector runs locally, so no SLO error budget is ever known,
 * and these environments are production or unknown (treated as production): nothing may run without a human.
 */
function expectDefaultPolicyDecisions(result: ReplayResult) {
  for (const i of result.incidents) {
    if (!i.finding!.runbook) {
      expect(i.decision!.outcome).toBe('APPROVE');
      expect(i.decision!.reasons.join('; ')).toMatch(/no runbook proposed/);
      expect(i.handledBy === 'human' || i.handledBy === 'none').toBe(true);
    } else {
      expect(i.decision!.outcome).not.toBe('AUTO');
      expect(i.decision!.reasons.join('; ')).toMatch(/no SLO error budget is known/);
    }
  }
}

describe('cdk-aiops replay on the shipped scenario', () => {
  let result: ReplayResult;
  let triaged: TriageResult;
  beforeAll(async () => {
    [result, triaged] = await Promise.all([replay([SCENARIO_DIR]), triage(SCENARIO_DIR)]);
  });

  test('replays every incident triage opened, with a finding, a decision with reasons, and consistent stats', () => {
    expect(result.incidents.length).toBeGreaterThan(0);
    expectConsistent(result, triaged);
  });

  test('decides as the default policies say', () => {
    expectDefaultPolicyDecisions(result);
    // The P1 (the checkout storm) is never remediated without a human.
    const p1 = result.incidents.filter((i) => i.priority === 'P1');
    expect(p1.length).toBeGreaterThan(0);
    for (const i of p1) expect(i.handledBy).not.toBe('agent');
  });

  test('the timeline records the investigation on the simulated clock, from the incident opening', () => {
    for (const i of result.incidents) {
      const opened = Date.parse(i.timeline[0].at);
      const [finding] = entriesOf(i, 'finding');
      const [decision] = entriesOf(i, 'decision');
      expect(Date.parse(finding.at) - opened).toBe(60_000);
      expect(decision.data).toMatchObject({ outcome: i.decision!.outcome, reasons: i.decision!.reasons });
    }
  });

  test('is deterministic: the same input gives the same output', async () => {
    expect(await replay([SCENARIO_DIR])).toEqual(result);
  });

  test('the table shows each incident with its decision and reasons, and the summary', async () => {
    const io = captureIo();
    expect(await runReplayCommand([SCENARIO_DIR, '--format', 'table'], io)).toBe(0);
    const table = io.out();
    for (const i of result.incidents) {
      expect(table).toContain(i.id);
      for (const reason of i.decision!.reasons) expect(table).toContain(reason.slice(0, 60));
    }
    expect(table).toMatch(/Summary\n {2}incidents +\d+\n {2}auto-remediated +\d+ \(\d+%/);
    expect(table).toContain('median MTTR');
    expect(table).toContain('Why a human was needed');
  });
});

describe('cdk-aiops replay on the real AWS events in ../shared/fixtures', () => {
  let approved: ReplayResult;
  let triaged: TriageResult;
  beforeAll(async () => {
    [approved, triaged] = await Promise.all([replay([FIXTURE_EVENTS]), triage(FIXTURE_EVENTS)]);
  });

  const proposing = (r: ReplayResult) => r.incidents.filter((i) => i.finding!.runbook && i.decision!.outcome === 'APPROVE');

  test('every incident has a finding and a decision with reasons, consistent with the default policies', () => {
    expectConsistent(approved, triaged);
    expectDefaultPolicyDecisions(approved);
    // The fixtures hold EC2 and Auto Scaling alarms the deterministic reasoner has runbooks for.
    expect(proposing(approved).map((i) => i.finding!.runbook!.id).sort()).toEqual(['aws-restart-ec2-instance', 'aws-scale-out-asg']);
  });

  test('by default the simulated human approves after 4 minutes and the dry run resolves the incident', () => {
    for (const i of proposing(approved)) {
      const [requested] = entriesOf(i, 'approval-requested');
      const [answer] = entriesOf(i, 'approval');
      expect(answer.data).toMatchObject({ outcome: 'approved' });
      expect(Date.parse(answer.at) - Date.parse(requested.at)).toBe(4 * 60_000);
      expect(i.handledBy).toBe('agent');
      expect(i.mttrSeconds).toBeGreaterThan(4 * 60);
    }
    expect(approved.stats.approvals).toBe(proposing(approved).length);
  });

  test('--approver deny: nothing proposed runs, each denial is why a human has it', async () => {
    const denied = await replay([FIXTURE_EVENTS, '--approver', 'deny']);
    expectConsistent(denied, triaged);
    expect(denied.stats.approvals).toBe(0);
    expect(denied.stats.denied).toBe(proposing(approved).length);
    for (const i of proposing(denied)) {
      expect(i.handledBy).toBe('human');
      expect(i.remediation).toBeNull();
      expect(i.humanReason).toMatch(/denied/);
    }
  });

  test('--approver timeout: a timeout never approves', async () => {
    const timedOut = await replay([FIXTURE_EVENTS, '--approver', 'timeout']);
    expectConsistent(timedOut, triaged);
    expect(timedOut.stats.approvals).toBe(0);
    expect(timedOut.stats.approvalTimeouts).toBe(proposing(approved).length);
    for (const i of timedOut.incidents) {
      expect(entriesOf(i, 'approval').filter((e) => e.data?.outcome === 'approved')).toEqual([]);
      expect(entriesOf(i, 'runbook-started')).toEqual([]);
    }
    for (const i of proposing(timedOut)) {
      expect(i.handledBy).toBe('human');
      expect(i.humanReason).toMatch(/timed out after 30 min/);
    }
  });

  test('--format json lists the rejected inputs, with their input and reason, as triage --format json does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'replay-rejected-'));
    try {
      writeFileSync(path.join(dir, 'broken.json'), '{ not json');
      writeFileSync(path.join(dir, 'unknown.json'), JSON.stringify({ 'source': 'com.example', 'detail-type': 'Nope', 'detail': {} }));
      const [result, triagedHere] = await Promise.all([replay([dir]), triage(dir)]);
      expect(result.rejected).toHaveLength(2);
      expect(result.rejected).toEqual(triagedHere.rejected);
      expect(result.rejected.map((r) => path.basename(r.input ?? ''))).toEqual(['broken.json#0', 'unknown.json#0']);
      for (const r of result.rejected) expect(r.reason.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--policies adds to the defaults: permitting the EC2 restart makes it automatic', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'replay-policies-'));
    try {
      const file = path.join(dir, 'ec2.cedar');
      writeFileSync(file, `@id("auto-restart-ec2")
@reason("restarting an instance is safe in this account")
permit (principal, action == Aiops::Action::"AutoRemediate", resource == Aiops::Runbook::"aws-restart-ec2-instance");
`);
      const result = await replay([FIXTURE_EVENTS, '--policies', file]);
      expectConsistent(result, triaged);
      const restarted = result.incidents.filter((i) => i.finding!.runbook?.id === 'aws-restart-ec2-instance');
      expect(restarted.length).toBeGreaterThan(0);
      for (const i of restarted) {
        expect(i.decision).toMatchObject({ outcome: 'AUTO', policies: ['auto-restart-ec2'] });
        expect(i.decision!.reasons).toEqual(['restarting an instance is safe in this account']);
        expect(i.handledBy).toBe('agent');
        expect(entriesOf(i, 'approval-requested')).toEqual([]);
      }
      expect(result.stats.autoRemediated).toBe(restarted.length);
      expect(result.stats.automationRate.all).toBeCloseTo(restarted.length / result.incidents.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cdk-aiops replay usage errors exit 2 with the usage on stderr', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'replay-usage-'));
    writeFileSync(path.join(dir, 'bad.cedar'), 'permit (principal, action == Aiops::Action::"Nope", resource);');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['an unknown approver', () => [SCENARIO_DIR, '--approver', 'maybe'], /--approver must be one of approve, deny, timeout, got 'maybe'/],
    ['an unknown format', () => [SCENARIO_DIR, '--format', 'xml'], /--format must be one of json, table/],
    ['an unknown option', () => [SCENARIO_DIR, '--bogus'], /Unknown option '--bogus'/],
    ['a missing policies file', () => [SCENARIO_DIR, '--policies', path.join(dir, 'none.cedar')], /cannot read policies file .*none\.cedar: no such file/],
    ['policies that do not validate', () => [SCENARIO_DIR, '--policies', path.join(dir, 'bad.cedar')], /policies file .*bad\.cedar is invalid/],
    ['a missing rules file', () => [SCENARIO_DIR, '--rules', path.join(dir, 'none.json')], /cannot read rules file/],
    ['a path that does not exist', () => [path.join(dir, 'nowhere')], /nowhere/],
  ])('%s', async (_name, args, message) => {
    const io = captureIo();
    expect(await runReplayCommand(args(), io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err()).toContain('Usage: cdk-aiops replay');
    expect(io.out()).toBe('');
  });

  test('no path and a terminal on stdin', async () => {
    const io = captureIo({ tty: true });
    expect(await runReplayCommand([], io)).toBe(2);
    expect(io.err()).toMatch(/no input/);
  });

  test('is in the command table and its --help', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/\n {2}replay {2}/);
    const help = captureIo();
    expect(await runCli(['help', 'replay'], help)).toBe(0);
    expect(help.out()).toMatch(/^Usage: cdk-aiops replay/);
    expect(help.out()).toContain('--approver');
  });
});

describe('replay with telemetry from recorded signals', () => {
  const STAGING = path.join(__dirname, '..', '..', 'examples', 'scenarios', 'staging-cpu');

  test('the staging CPU incident is remediated alone: AUTO, a runbook, an MTTR, the SLO budget from its report', async () => {
    const result = await replay([STAGING]);
    expect(result.incidents).toHaveLength(1);
    const [i] = result.incidents;
    expect(i.decision!.outcome).toBe('AUTO');
    expect(i.finding!.runbook!.id).toBe('aws-restart-ec2-instance');
    expect(i.handledBy).toBe('agent');
    expect(i.mttrSeconds).toEqual(expect.any(Number));
    expect(i.telemetry).toMatchObject({ source: 'signals', fromSignals: ['devops-guru', 'slo', 'config'], errorBudgetRemaining: 0.6 });
    expect(result.stats.automationRate.all).toBeGreaterThan(0);
    const io = captureIo();
    expect(await runReplayCommand([STAGING, '--format', 'table'], io)).toBe(0);
    expect(io.out()).toContain('telemetry: from recorded signals: devops-guru nothing recorded, slo 60% error budget left');
  });

  test('--telemetry none: no collector is configured, and the fixtures without SLO data still ask for approval with their reasons', async () => {
    const none = await replay([STAGING, '--telemetry', 'none']);
    expect(none.incidents[0].telemetry).toMatchObject({ source: 'none', fromSignals: [], errorBudgetRemaining: null });
    expect(none.incidents[0].decision!.outcome).toBe('AUTO');
    const fixtures = await replay([FIXTURE_EVENTS]);
    for (const i of fixtures.incidents.filter((x) => x.telemetry?.errorBudgetRemaining === null && x.finding?.runbook)) {
      expect(i.decision!.outcome).toBe('APPROVE');
      expect(i.decision!.reasons.join('\n')).toMatch(/no SLO error budget is known/);
    }
    const io = captureIo();
    expect(await runReplayCommand([STAGING, '--telemetry', 'sometimes'], io)).toBe(2);
    expect(io.err()).toContain("--telemetry must be one of signals, none, got 'sometimes'");
  });
});
