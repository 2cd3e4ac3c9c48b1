import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../examples/app';
import { hubTriageRules, summariseTriage, SCENARIO_DIR, SCENARIO_TOPOLOGY_ARGS } from '../../examples/demo';
import { runTriageCommand } from '../../src/cli';
import { AIOPS_EVENT_SOURCE, DetailType, KUBERNETES_EVENT_SOURCE } from '../../src/hub/constants';
import { TriageResultSchema, type TriageResult } from '../../src/runtime/model';
import { captureIo } from '../cli/helpers';

interface Envelope {
  'version': string;
  'id': string;
  'detail-type': string;
  'source': string;
  'account': string;
  'time': string;
  'region': string;
  'resources': string[];
  'detail': any;
}

/** Every event of the scenario, by file, without the code under test. */
function scenarioEvents(): Array<{ file: string; event: Envelope }> {
  const out: Array<{ file: string; event: Envelope }> = [];
  for (const file of readdirSync(SCENARIO_DIR).sort()) {
    const text = readFileSync(path.join(SCENARIO_DIR, file), 'utf8');
    if (file.endsWith('.jsonl')) {
      for (const line of text.split('\n').filter((l) => l.trim())) out.push({ file, event: JSON.parse(line) });
    } else if (file.endsWith('.json')) {
      const value = JSON.parse(text);
      for (const event of Array.isArray(value) ? value : [value]) out.push({ file, event });
    }
  }
  return out;
}

describe('the checkout-deploy-storm scenario', () => {
  const events = scenarioEvents();

  test('every event is a complete EventBridge envelope in one account and region', () => {
    expect(events.length).toBeGreaterThan(60);
    for (const { event } of events) {
      expect(Object.keys(event).sort()).toEqual(['account', 'detail', 'detail-type', 'id', 'region', 'resources', 'source', 'time', 'version']);
      expect(event).toMatchObject({ version: '0', account: '444455556666', region: 'eu-west-1' });
    }
  });

  test('tells its story within about twenty minutes, deployment first', () => {
    const times = events.map(({ event }) => Date.parse(event.time));
    const start = Math.min(...times);
    expect((Math.max(...times) - start) / 60_000).toBeLessThanOrEqual(20);
    const first = events.find(({ event }) => Date.parse(event.time) === start)!.event;
    expect(first).toMatchObject({ source: 'aws.codedeploy', detail: { state: 'START', application: 'checkout' } });
  });

  test('has an alarm storm of dozens of ALARMs across checkout and payments, some delivered twice', () => {
    const alarms = events.filter(({ event }) => event.source === 'aws.cloudwatch' && event.detail?.state?.value === 'ALARM' && event.detail.alarmName.match(/^(checkout|payments)\//));
    expect(alarms.length).toBeGreaterThanOrEqual(24);
    const byId = new Map<string, string[]>();
    for (const { event } of alarms) byId.set(event.id, [...byId.get(event.id) ?? [], JSON.stringify(event)]);
    const redelivered = [...byId.values()].filter((copies) => copies.length > 1);
    expect(redelivered.length).toBeGreaterThanOrEqual(5);
    // A redelivery is the same event, byte for byte.
    for (const copies of redelivered) expect(new Set(copies).size).toBe(1);
  });

  test('a flapping catalog alarm alternates ALARM and OK', () => {
    const states = events.filter(({ event }) => event.detail?.alarmName === 'catalog/alb-TargetResponseTime-p99').map(({ event }) => event.detail.state.value);
    expect(states.length).toBeGreaterThanOrEqual(6);
    states.forEach((s, i) => expect(s).toBe(i % 2 === 0 ? 'ALARM' : 'OK'));
  });

  test('cdk-aiops envelopes use the names the hub routes on', () => {
    const ours = events.filter(({ event }) => event.source.startsWith('cdk-aiops'));
    expect(ours.map(({ event }) => `${event.source}|${event['detail-type']}`)).toEqual(expect.arrayContaining([
      `${AIOPS_EVENT_SOURCE}|${DetailType.SLO_BUDGET_REPORT}`,
      `${KUBERNETES_EVENT_SOURCE}|${DetailType.KUBERNETES_EVENT}`,
    ]));
    for (const { event } of ours) {
      expect([AIOPS_EVENT_SOURCE, KUBERNETES_EVENT_SOURCE]).toContain(event.source);
      expect(Object.values(DetailType)).toContain(event['detail-type']);
    }
    const slo = ours.find(({ event }) => event['detail-type'] === DetailType.SLO_BUDGET_REPORT)!.event;
    expect(slo.detail.Reports.filter((r: any) => r.BudgetStatus === 'BREACHED')).toHaveLength(1);
  });

  test('holds exactly one malformed event', () => {
    expect(events.filter(({ event }) => event.detail === null)).toHaveLength(1);
  });

  test('the demo summary of its triage fits a screen and says what was suppressed and rejected', async () => {
    const io = captureIo();
    expect(await runTriageCommand([SCENARIO_DIR, '--format', 'json'], io)).toBe(0);
    const result = TriageResultSchema.parse(JSON.parse(io.out()));
    const lines = summariseTriage(result, SCENARIO_DIR);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines[0]).toMatch(new RegExp(`^${result.stats.events} events -> ${result.stats.signals} signals \\(cloudwatch-alarm \\d+, `));
    expect(lines.join('\n')).toMatch(/noise suppressed: \d+% \(\d+ incidents for \d+ firing signals\)/);
    expect(lines).toContain('1 rejected (malformed 1):');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}03-alarm-storm\.jsonl#9: .*detail/));
  });
});

describe('the scenario replayed with the rules of the example hub and the account\'s inventory and service graph', () => {
  let result: TriageResult;
  let bare: TriageResult;
  let rules: string | undefined;
  beforeAll(async () => {
    const { app, stack } = buildExampleApp();
    rules = hubTriageRules(app.synth().getStackByName(stack.stackName).template);
    const dir = mkdtempSync(path.join(tmpdir(), 'hub-rules-'));
    try {
      const file = path.join(dir, 'rules.json');
      writeFileSync(file, rules ?? '');
      const io = captureIo();
      expect(await runTriageCommand([SCENARIO_DIR, '--rules', file, ...SCENARIO_TOPOLOGY_ARGS, '--format', 'json'], io)).toBe(0);
      result = TriageResultSchema.parse(JSON.parse(io.out()));
      const without = captureIo();
      expect(await runTriageCommand([SCENARIO_DIR, '--rules', file, '--format', 'json'], without)).toBe(0);
      bare = TriageResultSchema.parse(JSON.parse(without.out()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the hub hands its triage function the declared edge of the example', () => {
    expect(JSON.parse(rules!)).toEqual({ topology: { checkout: ['payments'] } });
  });

  test('checkout, its functions and its dependency payments page once, as one P1 incident, its root checkout\'s own table', () => {
    const checkout = result.incidents.filter((i) => i.services.some((s) => /^(checkout|payments)/.test(s)));
    expect(checkout).toHaveLength(1);
    expect(checkout[0].priority).toBe('P1');
    // owners from tags: function names are not services
    expect(checkout[0].services).toEqual(['checkout', 'payments']);
    expect(checkout[0].root).toMatchObject({ service: 'checkout', resourceType: 'AWS::DynamoDB::Table' });
    // payments joined along the X-Ray edge, and says so
    expect(checkout[0].correlation).toEqual([expect.objectContaining({ rule: 'late-root', service: 'payments', path: ['payments', 'checkout'], edgeSource: 'xray' })]);
  });

  test('without the inventory and graph, the same events open more incidents (function names taken as services)', () => {
    expect(result.incidents).toHaveLength(2);
    expect(bare.incidents.length).toBeGreaterThan(result.incidents.length);
    expect(bare.incidents.flatMap((i) => i.services)).toEqual(expect.arrayContaining(['checkout-api', 'payments-authorize']));
  });

  test('the unrelated catalog problems never join checkout', () => {
    for (const i of result.incidents) {
      if (i.services.includes('catalog')) expect(i.services).toEqual(['catalog']);
    }
    expect(result.incidents.some((i) => i.services.includes('catalog') && i.status === 'open')).toBe(true);
  });

  test('more than nine in ten firing signals do not page', () => {
    const firing = result.signals.filter((s) => s.state === 'firing').length;
    expect(result.incidents.length * 10).toBeLessThan(firing);
  });

  test('the flapping catalog alarm is held as flapping once recognised', () => {
    const flapping = result.suppressed.filter((s) => s.reason === 'flapping').map((s) => result.signals.find((x) => x.id === s.signalId)!);
    expect(flapping.length).toBeGreaterThan(0);
    for (const signal of flapping) expect(signal.labels?.alarmName ?? signal.title).toMatch(/catalog\/alb-TargetResponseTime-p99/);
  });
});
