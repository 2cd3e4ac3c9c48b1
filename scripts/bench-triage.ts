/**
 * `npm run bench:triage [-- --json] [--sizes 1000,10000,100000] [--alerts 10000] [--seed 1] [--skip-alertmanager]
 *   [--resolved 100000] [--scenarios cascades,storm] [--baseline-throughput 6968]`
 *
 * Triage benchmark: cdk-aiops (normaliseEvent + Triage over InMemoryIncidentStore, in process, with and without the
 * topology built from the generated inventory and service graph) against Prometheus Alertmanager configured as a user
 * would (group_by [service] and [alertname, service], inhibition by canary/SLO/insight/Health), on generated
 * cascades, each perturbation apart, flapping, identical bursts, fleet-wide storms and the NAB real series. Prints
 * figures and PASS/FAIL target lines; asserts nothing. See docs/benchmarks.md; scripts/bench/report.ts documents the JSON.
 */
import { execFileSync, spawn } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureAlertmanager } from './bench/alertmanager';
import { isNoise } from './bench/generator';
import { nabAvailable, NAB_DIR, type NabStream } from './bench/nab-streams';
import {
  memoryTable, round, runRow, scalingTable, scenarioTable, targetLines,
  type RunRow, type ScalingRow, type ScenarioReport, type Target,
} from './bench/report';
import { amIngest, modelAlertmanager, planAlerts } from './bench/run-alertmanager';
import { buildStream, runCdkAiops, runResolvedSequence, topologyOf, type CdkScenarioResult, type Job, type ResolvedSequenceResult } from './bench/run-cdk';
import { inventoryOf, SCENARIOS, writeInventory } from './bench/scenarios';

const RESULT_MARK = 'BENCH_RESULT ';
const REPO_ROOT = path.resolve(__dirname, '..');
/** normalise + triage, mixed stream at 100k alerts, the run recorded in docs/benchmarks.md on 2026-11-29 (load ~9 on 2 cores). */
const RECORDED_THROUGHPUT = 6968;

interface Args {
  readonly json: boolean;
  readonly sizes: number[];
  readonly alerts: number;
  readonly seed: number;
  readonly skipAlertmanager: boolean;
  readonly resolved: number;
  readonly scenarios?: string[];
  readonly baselineThroughput: number;
  readonly child?: Job;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
    return v;
  };
  const int = (name: string, fallback: number) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
    return n;
  };
  const known = new Set(['--json', '--sizes', '--alerts', '--seed', '--skip-alertmanager', '--resolved', '--scenarios', '--baseline-throughput', '--child']);
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown flag ${a}; flags: ${[...known].filter((k) => k !== '--child').join(' ')}`);
  const sizes = (value('--sizes') ?? '1000,10000,100000').split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--sizes must be positive integers, got ${value('--sizes')}`);
  const scenarios = value('--scenarios')?.split(',').map((s) => s.trim());
  const all = [...Object.keys(SCENARIOS), 'nab-static', 'nab-band'];
  for (const s of scenarios ?? []) if (!all.includes(s)) throw new Error(`unknown scenario ${s}; one of ${all.join(', ')}`);
  const child = value('--child');
  return {
    json: argv.includes('--json'),
    sizes,
    alerts: int('--alerts', 10_000),
    seed: int('--seed', 1),
    skipAlertmanager: argv.includes('--skip-alertmanager'),
    resolved: int('--resolved', 100_000),
    scenarios,
    baselineThroughput: int('--baseline-throughput', RECORDED_THROUGHPUT),
    child: child ? JSON.parse(child) as Job : undefined,
  };
}

/** Child mode: run one job in this fresh process and print its result as one marked JSON line. */
async function runChild(job: Job): Promise<void> {
  let result: unknown;
  if (job.kind === 'scenario') {
    const stream = buildStream(job.scenario, job.alerts, job.seed);
    if (!stream) throw new Error(`scenario ${job.scenario} has no data here`);
    // Warm the JIT on a different seed of the same kind (its store is thrown away), as a long-running consumer would be.
    const warm = buildStream(job.scenario, Math.min(2000, job.alerts), job.seed + 1000);
    if (warm) {
      const cut = { ...warm, events: warm.events.slice(0, 2000), truth: warm.truth.slice(0, 2000) };
      await runCdkAiops(cut, job.enrichment ? topologyOf(warm) : undefined);
    }
    const topology = job.enrichment ? topologyOf(stream) : undefined;
    result = await runCdkAiops(stream, topology);
  } else {
    result = await runResolvedSequence(job.incidents, job.checkpoints, job.seed);
  }
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

/** Runs a job in a fresh Node process (`--expose-gc`, tsx loader) and returns its result. */
async function inChild<T>(job: Job): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--child', JSON.stringify(job)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || !line) reject(new Error(`child ${JSON.stringify(job)} exited with ${code}`));
      else resolve(JSON.parse(line.slice(RESULT_MARK.length)) as T);
    });
  });
}

function machine(alertmanager: string | null) {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  let nproc = os.availableParallelism();
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    // keep Node's figure
  }
  return {
    nproc,
    cpu,
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    alertmanager,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load_average_at_start: os.loadavg().map((l) => round(l, 2)),
  };
}

const METHOD = {
  cdk_aiops: 'In process, one thread: each payload is built from its spec (untimed), then normaliseEvent + Triage.process over '
    + 'InMemoryIncidentStore with DEFAULT_TRIAGE_RULES (timed), with enrichment (topology = Topology.fromSnapshot of the stream\'s '
    + 'GetResources pages and X-Ray service graph) and without. Each run in a fresh child process after a 2,000-event warm-up on '
    + 'another seed. Pages = incidents opened (escalations apart).',
  alertmanager: 'Labels from the same normalised signal and owner lookup (service from the inventory tags), alertname per alarm type; '
    + 'routes group_by [service] and [alertname, service], default group_wait 30s / group_interval 5m / repeat_interval 4h, '
    + 'resolve_timeout 5m for pod Warnings; inhibit_rules: source=~synthetics|application-signals|devops-guru|health inhibits '
    + 'source=~cloudwatch-alarm|kubernetes with equal [service]. Pages = the dispatcher model over the stream\'s own timeline '
    + '(test/bench/alertmanager-model.test.ts); the real binary, fed at once, gives ingest throughput and memory only.',
  ground_truth: 'Per event: its episode id (incident or noise episode) and whether it is on the incident\'s true root resource. Ideal = '
    + 'one page per episode (noise episodes are legitimate low-priority pages). Own page: the incident\'s first page holds no other '
    + 'episode\'s alerts. Missed: no page holds any of its alerts. Pairwise and B-cubed precision/recall over all events (unpaged '
    + 'events are singletons). Root right: the incident that holds most of its alerts names a root alert of it.',
};

interface Perf { readonly throughput: number; readonly rss: number }

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return runChild(args.child);
  const log = (line: string) => {
    if (!args.json) process.stdout.write(`${line}\n`);
    else process.stderr.write(`${line}\n`);
  };
  const started = Date.now();
  const skipped: string[] = [];
  let amVersion: string | null = null;
  if (!args.skipAlertmanager) {
    try {
      amVersion = ensureAlertmanager(log);
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      log(`ALERTMANAGER BINARY NOT AVAILABLE (${why}): its ingest figures are skipped; its pages come from the dispatcher model as always.`);
      skipped.push(`Alertmanager binary: ${why}`);
    }
  } else {
    skipped.push('Alertmanager binary (--skip-alertmanager): ingest figures only; pages come from the model');
  }
  const info = machine(amVersion);
  /** Runs the real binary; when it cannot start, says so once and goes on with the model figures alone. */
  const binary = async <T>(run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      log(`ALERTMANAGER BINARY COULD NOT RUN (${why}): its ingest figures are skipped from here on; its pages come from the model.`);
      skipped.push(`Alertmanager binary: ${why}`);
      amVersion = null;
      return undefined;
    }
  };
  log(`bench:triage seed ${args.seed}, ${args.alerts.toLocaleString('en-US')} events per generated scenario, on ${info.nproc} × ${info.cpu}, Node ${info.node}`);

  let names = [...Object.keys(SCENARIOS)].filter((n) => n !== 'mixed');
  if (nabAvailable()) names.push('nab-static', 'nab-band');
  else skipped.push(`NAB real-data streams: ${NAB_DIR} is absent`);
  if (args.scenarios) names = names.filter((n) => args.scenarios!.includes(n));

  const scenarios: ScenarioReport[] = [];
  const commands: string[] = [];
  const perf = new Map<string, Perf>();
  for (const name of names) {
    const nab = name.startsWith('nab-');
    const runs: RunRow[] = [];
    const cdkRow = (side: string, r: CdkScenarioResult) => {
      perf.set(`${name}/${side}`, { throughput: r.throughputSignalsPerS, rss: r.peakRssMb });
      return runRow(side, r.score, r.root, r.throughputSignalsPerS, { ...r, score: undefined });
    };
    if (!nab) {
      log(`cdk-aiops with enrichment: ${name} ...`);
      runs.push(cdkRow('cdk-aiops, enriched', await inChild<CdkScenarioResult>({ kind: 'scenario', scenario: name, alerts: args.alerts, seed: args.seed, enrichment: true })));
    }
    log(`cdk-aiops without enrichment: ${name} ...`);
    runs.push(cdkRow('cdk-aiops, no enrichment', await inChild<CdkScenarioResult>({ kind: 'scenario', scenario: name, alerts: args.alerts, seed: args.seed, enrichment: false })));
    const stream = buildStream(name, args.alerts, args.seed)!;
    let topology;
    if ('estate' in stream) {
      const files = inventoryOf(stream);
      topology = files.topology;
      commands.push(writeInventory(path.join(REPO_ROOT, '.bench', 'inventory'), name, files));
    }
    log(`Alertmanager (dispatcher model): ${name} ...`);
    const plan = planAlerts(stream, topology);
    for (const m of modelAlertmanager(stream, plan)) {
      runs.push(runRow(`Alertmanager by ${m.grouping}`, m.score, null, null, { repeats: m.repeats }));
    }
    let ingest: ScenarioReport['alertmanager_ingest'] = null;
    if (amVersion) {
      log(`Alertmanager binary, ingest: ${name} ...`);
      const r = await binary(() => amIngest(stream, plan));
      if (r) ingest = { ingest_alerts_per_s: r.ingestAlertsPerS, peak_rss_mb: r.peakRssMb };
    }
    const first = runs[0];
    const details = first.details as CdkScenarioResult;
    const ideal = new Set(stream.truth);
    scenarios.push({
      scenario: name,
      group: nab ? 'nab' : SCENARIOS[name].group,
      description: nab ? (stream as NabStream).description : SCENARIOS[name].description,
      alerts: details.alerts,
      ideal: ideal.size,
      incidents: [...ideal].filter((id) => !isNoise(id)).length,
      noise_episodes: [...ideal].filter(isNoise).length,
      runs,
      alertmanager_ingest: ingest,
      ...(nab ? { extra: nabExtra(stream as NabStream) } : {}),
    });
  }

  log(`cdk-aiops: ${args.resolved.toLocaleString('en-US')} sequential incidents that open and resolve ...`);
  const marks = [10_000, 50_000, 100_000].filter((m) => m <= args.resolved);
  const memoryFlat = await inChild<ResolvedSequenceResult>({
    kind: 'resolved-sequence',
    incidents: args.resolved,
    checkpoints: [1_000, ...marks, args.resolved].filter((m, i, all) => all.indexOf(m) === i),
    seed: args.seed,
  });
  const scaling: ScalingRow[] = [];
  for (const size of args.sizes) {
    log(`cdk-aiops with enrichment: scaling, mixed × ${size.toLocaleString('en-US')} ...`);
    const r = await inChild<CdkScenarioResult>({ kind: 'scenario', scenario: 'mixed', alerts: size, seed: args.seed, enrichment: true });
    const mixed = amVersion ? buildStream('mixed', size, args.seed)! : undefined;
    const am = mixed ? await binary(() => amIngest(mixed, planAlerts(mixed, topologyOf(mixed)))) : undefined;
    scaling.push({
      alerts: r.alerts,
      throughput_signals_per_s: round(r.throughputSignalsPerS, 0),
      peak_rss_mb: round(r.peakRssMb, 1),
      heap_before_mb: round(r.heapBeforeMb, 2),
      heap_after_gc_mb: round(r.heapAfterMb, 2),
      ingest_alerts_per_s_alertmanager: am ? round(am.ingestAlertsPerS, 0) : null,
      peak_rss_mb_alertmanager: am ? round(am.peakRssMb, 1) : null,
    });
  }

  const targets = evaluateTargets(scenarios, scaling, memoryFlat, args.baselineThroughput);
  const command = `npm run bench:triage${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const report = {
    command,
    date: new Date().toISOString(),
    seed: args.seed,
    duration_s: round((Date.now() - started) / 1000, 1),
    machine: info,
    method: METHOD,
    scenarios,
    scaling,
    memory_flat: memoryFlat,
    targets,
    inventory_commands: commands,
    skipped,
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const saved = path.join(REPO_ROOT, '.bench', 'bench-triage.json');
  mkdirSync(path.dirname(saved), { recursive: true });
  writeFileSync(saved, `${JSON.stringify(report, null, 2)}\n`);
  const out = [
    '',
    `## Scenarios (${args.alerts.toLocaleString('en-US')} events per generated scenario, seed ${args.seed})`,
    '',
    'pages / ideal: ideal is one page per ground-truth episode. own page: share of incidents whose first page holds no other episode.',
    'Alertmanager rows are its dispatcher rules over the stream\'s own timeline (labels from the same enrichment).',
    '',
    scenarios.map(scenarioTable).join('\n\n'),
    '',
    '## Scaling (mixed stream, with enrichment; each cdk-aiops size in a fresh process)',
    '',
    scalingTable(scaling),
    '',
    `## Memory against resolved incidents (${args.resolved.toLocaleString('en-US')} sequential incidents, heap after forced GC${memoryFlat.gcExposed ? '' : ' NOT available'})`,
    '',
    memoryTable(memoryFlat),
    '',
    '## Inventory files (GetResources pages and X-Ray GetServiceGraph, for the CLI)',
    '',
    ...commands.map((c) => `    ${c}`),
    '',
    '## Targets',
    '',
    targetLines(targets),
    '',
    `Machine: ${info.nproc} × ${info.cpu}, ${info.memory_gb} GiB, Node ${info.node}, ${info.alertmanager ?? 'Alertmanager binary not run'}; `
      + `load average at start ${info.load_average_at_start.join(' / ')}. Run took ${report.duration_s} s.`,
    ...(skipped.length ? ['', `Skipped: ${skipped.join('; ')}`] : []),
    '',
    `JSON of this run: ${path.relative(process.cwd(), saved)}`,
  ];
  log(out.join('\n'));
}

function nabExtra(s: NabStream): Record<string, unknown> {
  return { series: s.series, labelled_windows: s.windows, windows_without_any_alarm: s.windowsWithoutAlarm };
}

function evaluateTargets(
  scenarios: readonly ScenarioReport[], scaling: readonly ScalingRow[], memory: ResolvedSequenceResult, baseline: number,
): Target[] {
  const out: Target[] = [];
  const run = (s: ScenarioReport, side: string) => s.runs.find((r) => r.side === side);
  const describe = (r: RunRow) => `${r.pages} pages (${r.pages_over_ideal.toFixed(2)} × ideal), ${r.missed} missed, own page ${(r.own_page_share * 100).toFixed(1)} %, `
    + `pairwise P ${r.pairwise_precision.toFixed(2)} R ${r.pairwise_recall.toFixed(2)}`;
  const cascades = scenarios.find((s) => s.scenario === 'cascades');
  const c = cascades && run(cascades, 'cdk-aiops, enriched');
  if (cascades && c) {
    const am = run(cascades, 'Alertmanager by service')!;
    const ratio = c.pages > 0 ? am.pages / c.pages : 0;
    out.push({ target: 'cascades, enriched: pages ≤ 1.1 × ideal', measured: describe(c), met: c.pages_over_ideal <= 1.1 });
    out.push({ target: 'cascades, enriched: 0 missed', measured: `${c.missed} of ${cascades.incidents}`, met: c.missed === 0 });
    out.push({ target: 'cascades, enriched: ≥ 98 % of incidents with a page of their own', measured: `${(c.own_page_share * 100).toFixed(1)} %`, met: c.own_page_share >= 0.98 });
    out.push({ target: 'cascades, enriched: pairwise precision ≥ 0.9 and recall ≥ 0.9', measured: `P ${c.pairwise_precision.toFixed(3)}, R ${c.pairwise_recall.toFixed(3)}`, met: c.pairwise_precision >= 0.9 && c.pairwise_recall >= 0.9 });
    out.push({
      target: 'cascades, enriched: ≥ 5× fewer pages than Alertmanager by service',
      measured: `${c.pages} vs ${am.pages} (${ratio.toFixed(2)}×; one page per episode would be ${(am.pages / cascades.ideal).toFixed(2)}×)`,
      met: ratio >= 5,
    });
  }
  for (const s of scenarios.filter((x) => x.group === 'perturbation')) {
    const r = run(s, 'cdk-aiops, enriched')!;
    out.push({
      target: `${s.scenario}, enriched: 0 missed, pages ≤ 1.3 × ideal, pairwise precision ≥ 0.85`,
      measured: describe(r),
      met: r.missed === 0 && r.pages_over_ideal <= 1.3 && r.pairwise_precision >= 0.85,
    });
  }
  for (const s of scenarios.filter((x) => x.group === 'repeat')) {
    const r = run(s, 'cdk-aiops, enriched')!;
    out.push({ target: `${s.scenario}, enriched: pages ≤ 1.05 × ideal`, measured: describe(r), met: r.pages_over_ideal <= 1.05 });
  }
  for (const s of scenarios.filter((x) => x.group === 'storm')) {
    const r = run(s, 'cdk-aiops, enriched')!;
    const perStorm = s.incidents > 0 ? r.pages / s.incidents : 0;
    out.push({ target: `${s.scenario}, enriched: ≤ 5 pages per storm of 400 distinct alarms in 90 s`, measured: `${r.pages} pages for ${s.incidents} storms (${perStorm.toFixed(1)} a storm)`, met: perStorm <= 5 });
  }
  const best = scaling.length ? scaling[scaling.length - 1] : undefined;
  if (best) {
    out.push({
      target: `throughput of normalise + enrich + triage not below the recorded ${baseline.toLocaleString('en-US')} signals/s (load-dependent)`,
      measured: `${best.throughput_signals_per_s.toLocaleString('en-US')} signals/s at ${best.alerts.toLocaleString('en-US')} alerts (mixed, enriched)`,
      met: best.throughput_signals_per_s >= baseline,
    });
  }
  const heaps = memory.checkpoints.filter((x) => x.resolved >= 10_000);
  if (heaps.length >= 2) {
    const first = heaps[0].heapMb;
    const last = heaps[heaps.length - 1].heapMb;
    out.push({
      target: 'memory flat in the number of resolved incidents',
      measured: heaps.map((x) => `${x.resolved.toLocaleString('en-US')}: ${x.heapMb.toFixed(2)} MB`).join(', '),
      met: last <= first * 1.1 + 1,
    });
  }
  return out;
}

main().catch((err) => {
  process.stderr.write(`bench:triage failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
