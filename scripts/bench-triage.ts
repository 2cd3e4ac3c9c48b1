/**
 * `npm run bench:triage [-- --json] [--sizes 1000,10000,100000] [--alerts 10000] [--seed 1] [--skip-alertmanager]
 *   [--resolved 100000]`
 *
 * Side-by-side triage benchmark: cdk-aiops (normaliseEvent + Triage over InMemoryIncidentStore, in process) against
 * Prometheus Alertmanager (Debian's prometheus-alertmanager, installed with apt-get when missing), on the same seeded
 * alert storms and on alert streams made from the NAB real CloudWatch series. Prints figures; asserts nothing.
 * See docs/benchmarks.md for the method and the last recorded run; scripts/bench/report.ts documents the JSON keys.
 */
import { execFileSync, spawn } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureAlertmanager } from './bench/alertmanager';
import { STORM_SCENARIOS } from './bench/generator';
import { nabAvailable, NAB_DIR, type NabStream } from './bench/nab-streams';
import {
  memoryTable, round, scalingTable, scenarioReport, scenarioTables, targetsTable,
  type ScalingRow, type ScenarioReport, type Target,
} from './bench/report';
import { AmRun, amIngest, FLUSH_MARGIN_MS, type AmScenarioResult } from './bench/run-alertmanager';
import { buildStream, runCdkAiops, runResolvedSequence, type CdkScenarioResult, type Job, type ResolvedSequenceResult } from './bench/run-cdk';

const RESULT_MARK = 'BENCH_RESULT ';
const REPO_ROOT = path.resolve(__dirname, '..');

interface Args {
  readonly json: boolean;
  readonly sizes: number[];
  readonly alerts: number;
  readonly seed: number;
  readonly skipAlertmanager: boolean;
  readonly resolved: number;
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
  const known = new Set(['--json', '--sizes', '--alerts', '--seed', '--skip-alertmanager', '--resolved', '--child']);
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown flag ${a}; flags: ${[...known].filter((k) => k !== '--child').join(' ')}`);
  const sizes = (value('--sizes') ?? '1000,10000,100000').split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--sizes must be positive integers, got ${value('--sizes')}`);
  const child = value('--child');
  return {
    json: argv.includes('--json'),
    sizes,
    alerts: int('--alerts', 10_000),
    seed: int('--seed', 1),
    skipAlertmanager: argv.includes('--skip-alertmanager'),
    resolved: int('--resolved', 100_000),
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
    if (warm) await runCdkAiops({ ...warm, events: warm.events.slice(0, 2000), truth: warm.truth.slice(0, 2000) });
    result = await runCdkAiops(stream);
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
    + 'InMemoryIncidentStore with DEFAULT_TRIAGE_RULES (timed). Each stream runs in a fresh child process (node --expose-gc), after a '
    + '2,000-event warm-up on another seed; peak RSS is that process\'s maxRSS (it includes the stream held in memory). '
    + 'Pages = incidents opened (escalations are reported apart).',
  alertmanager: 'Alertmanager receives the same events as alerts built from the same normalised signals (labels alertname = alarm name '
    + 'or signal kind, service, resource, severity), route group_by [alertname, service], default group_wait 30s / group_interval 5m, '
    + 'webhook receiver on loopback. Time mapping: each stream is fed at once, as fast as the API takes it (batches of 500, 4 requests in '
    + 'flight): first every firing transition (startsAt = now), then after group_wait + 5 s every resolution (endsAt = now). Pages = firing '
    + 'webhook notifications received before the resolutions. In real time Alertmanager would send at least one notification per group '
    + 'that fires, and more as groups change or re-fire, so its page count is a LOWER BOUND; its one-group-per-(alertname, service) '
    + 'grouping over the whole stream makes its precision pessimistic and its recall optimistic.',
  ground_truth: 'Every generated alert carries its ground-truth incident id in a parallel array never given to triage; noise (false '
    + 'alarms) have ids of their own that count neither as incidents nor as pairs. Precision/recall are pairwise over all alerts '
    + '(alerts in no incident are singletons). An incident is missed when no page covers any of its alerts.',
};

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
    amVersion = ensureAlertmanager(log);
  } else {
    skipped.push('Alertmanager (--skip-alertmanager)');
  }
  const info = machine(amVersion);
  log(`bench:triage seed ${args.seed}, ${args.alerts.toLocaleString('en-US')} alerts per synthetic scenario, on ${info.nproc} × ${info.cpu}, Node ${info.node}`);

  const scenarioNames = [...Object.keys(STORM_SCENARIOS)];
  if (nabAvailable()) scenarioNames.push('nab-static', 'nab-band');
  else skipped.push(`NAB real-data streams: ${NAB_DIR} is absent`);

  // 1. cdk-aiops, one fresh process per stream.
  const cdk = new Map<string, CdkScenarioResult>();
  for (const name of scenarioNames) {
    log(`cdk-aiops: ${name} ...`);
    cdk.set(name, await inChild<CdkScenarioResult>({ kind: 'scenario', scenario: name, alerts: args.alerts, seed: args.seed }));
  }
  log(`cdk-aiops: ${args.resolved.toLocaleString('en-US')} sequential incidents that open and resolve ...`);
  const marks = [10_000, 50_000, 100_000].filter((m) => m <= args.resolved);
  const memoryFlat = await inChild<ResolvedSequenceResult>({
    kind: 'resolved-sequence',
    incidents: args.resolved,
    checkpoints: [1_000, ...marks, args.resolved].filter((m, i, all) => all.indexOf(m) === i),
    seed: args.seed,
  });
  const scalingCdk: CdkScenarioResult[] = [];
  for (const size of args.sizes) {
    log(`cdk-aiops: scaling, mixed × ${size.toLocaleString('en-US')} ...`);
    scalingCdk.push(await inChild<CdkScenarioResult>({ kind: 'scenario', scenario: 'mixed', alerts: size, seed: args.seed }));
  }

  // 2. Alertmanager: feed every stream back to back (each feed is seconds, so no flush overlaps another feed), then wait once.
  const am = new Map<string, AmScenarioResult>();
  const amScaling = new Map<number, { ingestAlertsPerS: number; peakRssMb: number }>();
  if (!args.skipAlertmanager) {
    const runs: [string, AmRun][] = [];
    try {
      for (const name of scenarioNames) {
        log(`Alertmanager: feeding ${name} ...`);
        runs.push([name, await AmRun.start(buildStream(name, args.alerts, args.seed)!)]);
      }
      log(`Alertmanager: waiting group_wait (30 s) + ${FLUSH_MARGIN_MS / 1000} s for the first notifications ...`);
      for (const [name, run] of runs) am.set(name, await run.finish());
    } finally {
      for (const [, run] of runs) await run.am.stop();
    }
    for (const size of args.sizes) {
      log(`Alertmanager: scaling ingest, mixed × ${size.toLocaleString('en-US')} ...`);
      amScaling.set(size, await amIngest(buildStream('mixed', size, args.seed)!));
    }
  }

  // 3. Report.
  const scenarios: ScenarioReport[] = scenarioNames.map((name) => {
    const stream = name.startsWith('nab-') ? undefined : STORM_SCENARIOS[name];
    const extra = name.startsWith('nab-') ? nabExtra(name, args.seed) : undefined;
    const description = stream?.description ?? String(extra?.description ?? name);
    return scenarioReport(name, description, cdk.get(name)!, am.get(name), extra);
  });
  const scaling: ScalingRow[] = args.sizes.map((size, i) => ({
    alerts: scalingCdk[i].alerts,
    throughput_signals_per_s: round(scalingCdk[i].throughputSignalsPerS, 0),
    peak_rss_mb: round(scalingCdk[i].peakRssMb, 1),
    heap_before_mb: round(scalingCdk[i].heapBeforeMb, 2),
    heap_after_gc_mb: round(scalingCdk[i].heapAfterMb, 2),
    ingest_alerts_per_s_alertmanager: amScaling.has(size) ? round(amScaling.get(size)!.ingestAlertsPerS, 0) : null,
    peak_rss_mb_alertmanager: amScaling.has(size) ? round(amScaling.get(size)!.peakRssMb, 1) : null,
  }));
  const targets = evaluateTargets(scenarios, scaling, memoryFlat);
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
    skipped,
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  // The same figures as JSON, beside the text (/.bench is git-ignored).
  const saved = path.join(REPO_ROOT, '.bench', 'bench-triage.json');
  mkdirSync(path.dirname(saved), { recursive: true });
  writeFileSync(saved, `${JSON.stringify(report, null, 2)}\n`);
  const out = [
    '',
    `## Scenarios (${args.alerts.toLocaleString('en-US')} alerts per synthetic scenario, seed ${args.seed})`,
    '',
    scenarioTables(scenarios),
    '',
    'cdk-aiops signals/s is normalise + triage on one thread; Alertmanager\'s figure is the alerts/s its v2 API accepted.',
    'Alertmanager pages are measured and a lower bound (fed at once: one notification per (alertname, service) group);',
    '"model" is Alertmanager\'s dispatcher rules (group_wait, group_interval, repeat_interval) replayed over the stream\'s own',
    'timeline, for scale only: it is not a measurement (re-notifications after repeat_interval are not counted in it).',
    'Targets are judged on the measured lower bound.',
    '',
    '## Scaling (mixed scenario; each cdk-aiops size in a fresh process)',
    '',
    scalingTable(scaling),
    '',
    `## Memory against resolved incidents (${args.resolved.toLocaleString('en-US')} sequential incidents, heap after forced GC${memoryFlat.gcExposed ? '' : ' NOT available'})`,
    '',
    memoryTable(memoryFlat),
    '',
    `(${memoryFlat.signals.toLocaleString('en-US')} signals at ${Math.round(memoryFlat.throughputSignalsPerS).toLocaleString('en-US')} signals/s, peak RSS ${round(memoryFlat.peakRssMb, 1)} MB)`,
    '',
    '## Targets',
    '',
    targetsTable(targets),
    '',
    `Machine: ${info.nproc} × ${info.cpu}, ${info.memory_gb} GiB, Node ${info.node}, ${info.alertmanager ?? 'Alertmanager not run'}; `
      + `load average at start ${info.load_average_at_start.join(' / ')}. Run took ${report.duration_s} s.`,
    ...(skipped.length ? ['', `Skipped: ${skipped.join('; ')}`] : []),
    '',
    `JSON of this run: ${path.relative(process.cwd(), saved)}`,
  ];
  log(out.join('\n'));
}

function nabExtra(name: string, seed: number): Record<string, unknown> {
  const s = buildStream(name, 0, seed) as NabStream;
  return {
    description: s.description,
    series: s.series,
    labelled_windows: s.windows,
    windows_without_any_alarm: s.windowsWithoutAlarm,
    note: 'windows_without_any_alarm are detector misses, outside both triage systems; incidents_missed counts only windows that raised alarms',
  };
}

function evaluateTargets(scenarios: readonly ScenarioReport[], scaling: readonly ScalingRow[], memory: ResolvedSequenceResult): Target[] {
  const out: Target[] = [];
  const best = scaling.length ? scaling[scaling.length - 1] : undefined;
  const minThroughput = Math.min(...scenarios.filter((s) => s.alerts >= 1000).map((s) => s.throughput_signals_per_s));
  out.push({
    target: '≥ 50,000 signals/s on one core',
    measured: `${Math.round(minThroughput).toLocaleString('en-US')}–${Math.round(Math.max(...scenarios.map((s) => s.throughput_signals_per_s))).toLocaleString('en-US')} signals/s across scenarios`
      + (best ? `; ${best.throughput_signals_per_s.toLocaleString('en-US')} at ${best.alerts.toLocaleString('en-US')} alerts` : ''),
    met: minThroughput >= 50_000,
  });
  const minNoise = Math.min(...scenarios.map((s) => s.noise_reduction));
  out.push({
    target: '≥ 95 % noise reduction',
    measured: scenarios.map((s) => `${s.scenario} ${(s.noise_reduction * 100).toFixed(1)} %`).join(', '),
    met: minNoise >= 0.95,
  });
  const missed = scenarios.reduce((n, s) => n + s.incidents_missed, 0);
  const incidents = scenarios.reduce((n, s) => n + s.ground_truth_incidents, 0);
  out.push({
    target: '100 % incident recall (no ground-truth incident without a page)',
    measured: `${incidents - missed} / ${incidents} incidents paged (${missed} missed)`,
    met: missed === 0,
  });
  const cascade = scenarios.find((s) => s.scenario === 'cascading-storm');
  if (cascade?.page_ratio !== null && cascade?.page_ratio !== undefined) {
    out.push({
      target: '≥ 10× fewer pages than Alertmanager on the cascading storm',
      measured: `${cascade.pages_cdk_aiops} vs ≥ ${cascade.pages_alertmanager} (${cascade.page_ratio}×)`,
      met: cascade.page_ratio >= 10,
    });
  }
  const heaps = memory.checkpoints.filter((c) => c.resolved >= 10_000);
  if (heaps.length >= 2) {
    const first = heaps[0].heapMb;
    const last = heaps[heaps.length - 1].heapMb;
    out.push({
      target: 'memory flat in the number of resolved incidents',
      measured: heaps.map((c) => `${c.resolved.toLocaleString('en-US')}: ${c.heapMb.toFixed(2)} MB`).join(', '),
      met: last <= first * 1.1 + 1,
    });
  }
  return out;
}

main().catch((err) => {
  process.stderr.write(`bench:triage failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
