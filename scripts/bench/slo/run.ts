/**
 * `npm run bench:slo`: the burn-rate alarms of ServiceLevelObjective simulated minute by minute over traffic profiles
 * (see simulate.ts for how CloudWatch's evaluation is modelled). Prints, per profile, the detection time of the first
 * page and ticket, false pages per simulated 30 days and the reset time, then PASS/FAIL lines for the two promises
 * of issue 17. Figures only: nothing here is timed.
 *
 *   npm run bench:slo
 *   npm run --silent bench:slo -- --json
 *   npm run bench:slo -- --seed 7 --lag 2 --rpm 600
 */
import { profiles, WARMUP_MINUTES } from './profiles';
import { simulate, windowAlarms, type CompositeOutcome, type SimulationResult } from './simulate';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

const seed = flag('seed', 1);
const lag = flag('lag', 1);
const rpm = flag('rpm', 6000);
const json = process.argv.includes('--json');
const WINDOW_DAYS = 30;

function run(targetPercent: number, minimumRequests?: false): SimulationResult[] {
  const options = { targetPercent, windowDays: WINDOW_DAYS, ingestionLagMinutes: lag, seed, minimumRequests, warmupMinutes: WARMUP_MINUTES };
  return profiles(targetPercent, rpm).map((p) => simulate(p, options));
}

function minutes(m: number | undefined): string {
  if (m === undefined) return '-';
  if (m < 120) return `${m} min`;
  if (m < 48 * 60) return `${(m / 60).toFixed(1)} h`;
  return `${(m / 1440).toFixed(1)} d`;
}

function perMonth(outcome: CompositeOutcome, evaluated: number): string {
  return (outcome.falseAlarms * (WINDOW_DAYS * 1440) / evaluated).toFixed(1);
}

function table(title: string, results: SimulationResult[]): string {
  const header = ['profile', 'first page', 'first ticket', 'false pages / 30 d', 'false tickets / 30 d', 'page reset', 'budget spent'];
  const rows = results.map((r) => [
    r.profile, minutes(r.page.detectionMinutes), minutes(r.ticket.detectionMinutes),
    perMonth(r.page, r.evaluatedMinutes), perMonth(r.ticket, r.evaluatedMinutes), minutes(r.page.resetMinutes), `${(r.budgetSpent * 100).toFixed(1)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [`### ${title}`, '', line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line), ''].join('\n');
}

const main = run(99.9);
const unguarded = run(99.9, false);
const others = [99, 99.99].map((target) => ({ target, results: run(target) }));
const find = (results: SimulationResult[], name: string) => results.find((r) => r.profile === name)!;

const outage = find(main, 'step: full outage');
const steadyProfiles = main.filter((r) => r.profile.startsWith('steady'));
const checks = [
  {
    ok: outage.page.detectionMinutes !== undefined && outage.page.detectionMinutes <= 5,
    text: `full outage at 99.9 % pages within 5 minutes (paged after ${minutes(outage.page.detectionMinutes)})`,
  },
  {
    ok: steadyProfiles.every((r) => r.page.alarms === 0),
    text: `steady error rate within budget never pages (${steadyProfiles.map((r) => `${r.profile}: ${r.page.alarms} pages`).join(', ')})`,
  },
  {
    ok: find(main, 'quiet service').page.alarms === 0,
    text: `a quiet service does not page on one error (${find(main, 'quiet service').page.alarms} pages with the guard, `
      + `${find(unguarded, 'quiet service').page.alarms} without)`,
  },
];

if (json) {
  process.stdout.write(`${JSON.stringify({ seed, lagMinutes: lag, requestsPerMinute: rpm, windowDays: WINDOW_DAYS, target999: main, unguarded999: unguarded, others, checks }, null, 2)}\n`);
} else {
  const alarms = windowAlarms({ targetPercent: 99.9, windowDays: WINDOW_DAYS });
  const out = [
    `SLO burn-rate simulation: ${WINDOW_DAYS}-day window, ${rpm} requests/minute, ingestion lag ${lag} min, seed ${seed}`,
    'Evaluated every minute, one datapoint per window alarm (period = window), 1 of 1 to alarm, missing data not breaching.',
    `Window alarms at 99.9 %: ${alarms.map((a) => `${a.row} ${a.minutes} min >= ${a.threshold} (min ${a.guard} req)`).join('; ')}`,
    '',
    table('99.9 %, default minimum-traffic guard', main),
    table('99.9 %, no minimum-traffic guard', unguarded),
    ...others.map(({ target, results }) => table(`${target} %, default guard`, results)),
    ...checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'} ${c.text}`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
if (checks.some((c) => !c.ok)) process.exitCode = 1;
