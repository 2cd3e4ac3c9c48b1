/**
 * `npm run demo`: synthesise the example app, then replay the shipped scenario (and, when present,
 * the real AWS events in ../shared/fixtures/events) through the bundled `cdk-aiops triage` CLI,
 * and the whole incident loop through `cdk-aiops replay`.
 * Needs nothing but this repository; `../shared` is optional.
 */
import { spawnSync } from 'child_process';
import { existsSync, writeFileSync } from 'fs';
import * as path from 'path';
import { buildExampleApp } from './app';
import { duration, type ReplayedIncident, type ReplayResult } from '../src/cli';
import { TriageEnv } from '../src/contract';
import type { TriageResult } from '../src/runtime/model';
import { describeEvidence } from '../src/runtime/triage/incident-ops';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'cdk-aiops');
const CLI_BUNDLE = path.join(ROOT, 'assets', 'cli', 'main', 'index.js');
export const SCENARIO_DIR = path.join('examples', 'scenarios', 'checkout-deploy-storm');
/** The scenario account's inventory (GetResources pages) and X-Ray service graph, as the CLI reads them. */
export const SCENARIO_TOPOLOGY_ARGS = [
  '--inventory', path.join('examples', 'topology', 'checkout-deploy-storm', 'inventory.json'),
  '--service-graph', path.join('examples', 'topology', 'checkout-deploy-storm', 'service-graph.json'),
];
/** A low-risk incident in staging: the path the default policies let an agent take alone. */
export const STAGING_SCENARIO_DIR = path.join('examples', 'scenarios', 'staging-cpu');
const FIXTURE_EVENTS_DIR = path.join('..', 'shared', 'fixtures', 'events');
/** Most rows printed per list, so the demo stays on one screen. */
const MAX_ROWS = 6;

/** Counts of each CloudFormation resource type in a template, most frequent first. */
export function resourceTypeCounts(template: { Resources?: Record<string, { Type: string }> }): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const { Type } of Object.values(template.Resources ?? {})) counts.set(Type, (counts.get(Type) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * The triage rules JSON the hub's triage function runs with (its `AIOPS_TRIAGE_RULES` environment variable),
 * read from a synthesised template, so a local replay applies exactly the rules the deployed hub would.
 */
export function hubTriageRules(template: { Resources?: Record<string, { Type: string; Properties?: any }> }): string | undefined {
  for (const { Type, Properties } of Object.values(template.Resources ?? {})) {
    const rules = Type === 'AWS::Lambda::Function' ? Properties?.Environment?.Variables?.[TriageEnv.RULES_JSON] : undefined;
    if (typeof rules === 'string') return rules;
  }
  return undefined;
}

/**
 * A few lines on what triage made of a replay: events and signals per source, incidents,
 * how much noise was suppressed (1 − incidents / firing signals) and why, and the rejections.
 */
export function summariseTriage(result: TriageResult, inputRoot = ''): string[] {
  const { stats } = result;
  const lines: string[] = [];
  const perSource = countBy(result.signals.map((s) => s.source)).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(`${stats.events} events -> ${stats.signals} signals${perSource ? ` (${perSource})` : ''}`);

  lines.push(`${plural(stats.incidents, 'incident')}:`);
  const incidents = [...result.incidents].sort((a, b) => a.priority.localeCompare(b.priority) || a.openedAt.localeCompare(b.openedAt));
  for (const i of incidents.slice(0, MAX_ROWS)) {
    lines.push(`  ${i.priority} ${i.status.padEnd(8)} ${clip(i.title, 70)} [${plural(i.signalIds.length, 'signal')}${i.services.length ? `; ${i.services.join(', ')}` : ''}]`);
  }
  if (incidents.length > MAX_ROWS) lines.push(`  ... and ${incidents.length - MAX_ROWS} more`);

  const firing = result.signals.filter((s) => s.state === 'firing').length;
  const noise = firing === 0 ? 0 : Math.max(0, 1 - stats.incidents / firing);
  const reasons = countBy(result.suppressed.map((s) => s.reason)).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(`noise suppressed: ${(noise * 100).toFixed(0)}% (${stats.incidents} incidents for ${firing} firing signals); `
    + `${stats.suppressed} signals suppressed${reasons ? ` (${reasons})` : ''}`);

  const codes = countBy(result.rejected.map((r) => r.code)).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(`${stats.rejected} rejected${codes ? ` (${codes}):` : ''}`);
  for (const r of result.rejected.slice(0, MAX_ROWS)) {
    const input = r.input && inputRoot ? path.relative(inputRoot, r.input) : r.input;
    lines.push(`  ${input}: ${clip(r.reason, 100)}`);
  }
  if (result.rejected.length > MAX_ROWS) lines.push(`  ... and ${result.rejected.length - MAX_ROWS} more`);
  return lines;
}

/**
 * A few lines on what the replayed loop did: per incident (those with a runbook first, then the most urgent) the
 * decision, the runbook, how it ended, the simulated time to recovery and who handled it; then the automation rate,
 * the median simulated MTTR and the approvals.
 */
export function summariseReplay(result: ReplayResult): string[] {
  const lines: string[] = [];
  const ordered = result.incidents
    .map((i, n) => ({ i, n }))
    .sort((a, b) => Number(!a.i.finding?.runbook) - Number(!b.i.finding?.runbook) || a.i.priority.localeCompare(b.i.priority) || a.n - b.n)
    .map(({ i }) => i);
  for (const i of ordered.slice(0, MAX_ROWS)) {
    const runbook = i.finding?.runbook?.id ?? 'no runbook';
    lines.push(`${i.priority} ${(i.decision?.outcome ?? 'FAILED').padEnd(7)} ${runbook.padEnd(24)} ${replayOutcome(i)} | ${clip(i.title, 44)}`);
  }
  const rest = ordered.slice(MAX_ROWS);
  if (rest.length > 0) {
    const why = countBy(rest.map((i) => (i.handledBy === 'human' ? i.humanReason ?? 'escalated' : `handled by ${i.handledBy}`)))
      .map(([k, n]) => `${k} ${n}`).join(', ');
    lines.push(`... and ${rest.length} more (${why})`);
  }
  const { stats } = result;
  lines.push(`automation rate ${percent(stats.automationRate.all)} (${stats.autoRemediated} of ${plural(stats.incidents, 'incident')} remediated without a human), `
    + `median simulated MTTR ${stats.medianMttrSeconds === null ? '-' : duration(stats.medianMttrSeconds)}, `
    + `approvals ${stats.approvals} approved / ${stats.denied} denied / ${stats.approvalTimeouts} timed out`);
  return lines;
}

/** How one replayed incident ended: who handled it, and the simulated MTTR. */
function replayOutcome(i: ReplayedIncident): string {
  const mttr = i.mttrSeconds === null ? 'unresolved' : `MTTR ${duration(i.mttrSeconds)}`;
  switch (i.handledBy) {
    case 'agent': return `${i.decision?.outcome === 'AUTO' ? 'auto-remediated' : 'approved, runbook ran'}, ${mttr}`;
    case 'none': return `resolved on its own, ${mttr}`;
    case 'human': return `human (${clip(i.humanReason ?? 'escalated', 40)}), ${mttr}`;
  }
}

/** Runs the shipped artefact, `node bin/cdk-aiops triage <dir> [args] --format json`, from the repository root. */
export function triageWithBin(dir: string, args: readonly string[] = []): TriageResult {
  return runBin('triage', dir, args) as TriageResult;
}

/** Runs the shipped artefact, `node bin/cdk-aiops replay <dir> [args] --format json`, from the repository root. */
export function replayWithBin(dir: string, args: readonly string[] = []): ReplayResult {
  return runBin('replay', dir, args) as ReplayResult;
}

function runBin(command: string, dir: string, args: readonly string[]): unknown {
  const run = spawnSync(process.execPath, [BIN, command, dir, ...args, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) {
    throw new Error(`cdk-aiops ${command} ${dir} exited with ${run.status ?? run.signal}: ${run.stderr}`);
  }
  return JSON.parse(run.stdout);
}

function ensureCliBundle(): void {
  if (existsSync(CLI_BUNDLE)) return;
  console.log('(bundling the CLI first: npx projen bundle:cli/main)');
  const run = spawnSync('npx', ['projen', 'bundle:cli/main'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('bundling the CLI failed');
}

function main(): void {
  const started = Date.now();

  const outdir = path.join(ROOT, 'examples', 'cdk.out');
  const { app, stack } = buildExampleApp({ outdir });
  const template = app.synth().getStackByName(stack.stackName).template;
  const types = resourceTypeCounts(template);
  const total = types.reduce((n, [, c]) => n + c, 0);
  console.log(`1. Synthesised examples/app.ts: stack ${stack.stackName}, ${total} resources (template in ${path.relative(ROOT, outdir)})`);
  for (const [type, count] of types) console.log(`   ${String(count).padStart(3)}  ${type}`);

  // Replay with the rules the synthesised hub's triage function would run with.
  const rules = hubTriageRules(template);
  if (rules === undefined) throw new Error(`no ${TriageEnv.RULES_JSON} on any function of ${stack.stackName}`);
  const rulesFile = path.join(outdir, 'triage-rules.json');
  writeFileSync(rulesFile, rules);
  const rulesArg = path.relative(ROOT, rulesFile);

  ensureCliBundle();
  console.log('');
  console.log(`2. Replayed the scenario with the hub's rules and the account's topology: cdk-aiops triage ${SCENARIO_DIR} --rules ${rulesArg} ${SCENARIO_TOPOLOGY_ARGS.join(' ')}`);
  const bare = triageWithBin(SCENARIO_DIR, ['--rules', rulesArg]);
  const owned = triageWithBin(SCENARIO_DIR, ['--rules', rulesArg, ...SCENARIO_TOPOLOGY_ARGS]);
  console.log(`   without the inventory and graph: ${plural(bare.incidents.length, 'incident')}; with them: ${plural(owned.incidents.length, 'incident')}`);
  for (const line of summariseTriage(owned, SCENARIO_DIR)) console.log(`   ${line}`);
  for (const incident of owned.incidents) {
    for (const e of incident.correlation ?? []) console.log(`   merged into ${incident.title}: ${e.service ?? '-'} by ${describeEvidence(e)}`);
  }

  const fixtures = existsSync(path.join(ROOT, FIXTURE_EVENTS_DIR));
  console.log('');
  if (fixtures) {
    console.log(`3. Replayed the real AWS events: cdk-aiops triage ${FIXTURE_EVENTS_DIR}`);
    for (const line of summariseTriage(triageWithBin(FIXTURE_EVENTS_DIR), FIXTURE_EVENTS_DIR)) console.log(`   ${line}`);
  } else {
    console.log(`3. Skipped the real AWS events: ${FIXTURE_EVENTS_DIR} is not beside this repository.`);
  }

  console.log('');
  console.log('4. Replayed the whole loop (deterministic reasoner, default Cedar policies, dry-run runbooks, approver answers in 4 min)');
  console.log(`   cdk-aiops replay ${SCENARIO_DIR} --rules ${rulesArg} ${SCENARIO_TOPOLOGY_ARGS.join(' ')}`);
  for (const line of summariseReplay(replayWithBin(SCENARIO_DIR, ['--rules', rulesArg, ...SCENARIO_TOPOLOGY_ARGS]))) console.log(`     ${line}`);
  console.log(`   cdk-aiops replay ${STAGING_SCENARIO_DIR}`);
  for (const line of summariseReplay(replayWithBin(STAGING_SCENARIO_DIR))) console.log(`     ${line}`);
  if (fixtures) {
    console.log(`   cdk-aiops replay ${FIXTURE_EVENTS_DIR}`);
    for (const line of summariseReplay(replayWithBin(FIXTURE_EVENTS_DIR))) console.log(`     ${line}`);
  }

  console.log('');
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

function countBy(values: readonly string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(`demo failed: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
