/**
 * `npm run bench:diagnose`: the pod diagnosis over the shipped bundles (examples/kubernetes/pod-bundles, real objects,
 * see its SOURCES.md), against the ground truth beside them. Prints per-category accuracy and evidence hits (the
 * share of the strings the source says the evidence must quote: the error log line, the image, the insufficient
 * resource), then the same with parts of each bundle withheld, to show what each input carries.
 *
 *   npm run bench:diagnose [-- --json]
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { POD_DIAGNOSIS_CATEGORIES } from '../../../src/contract/kubernetes';
import { diagnoseInput, isRejection } from '../../../src/runtime/kubernetes';

const DIR = path.resolve(__dirname, '..', '..', '..', 'examples', 'kubernetes', 'pod-bundles');
const EXPECTED: Record<string, { category: string; evidence: string[] }> = JSON.parse(
  readFileSync(path.join(DIR, '..', 'pod-bundles.expected.json'), 'utf8'),
);
delete (EXPECTED as Record<string, unknown>)['//'];

interface Row { file: string; expected: string; got: string; hits: number; quotes: number; assembled: boolean }

/** Ways of withholding part of each bundle. */
const VARIANTS: Record<string, (b: any) => any> = {
  'full bundle': (b) => b,
  'without logs': ({ logs: _l, previousLogs: _p, ...rest }) => rest,
  'without events': ({ events: _e, ...rest }) => rest,
  'pod only': (b) => ({ pod: b.pod }),
};

function run(variant: (b: any) => any): Row[] {
  return readdirSync(DIR).filter((f) => f.endsWith('.json')).sort().map((file) => {
    const bundle = variant(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')));
    const out = diagnoseInput(bundle, file);
    const expected = EXPECTED[file];
    if (!expected) throw new Error(`${file}: no ground truth in pod-bundles.expected.json`);
    const evidence = isRejection(out) ? [] : out.evidence;
    return {
      file,
      expected: expected.category,
      got: isRejection(out) ? `rejected: ${out.reason}` : out.category,
      hits: expected.evidence.filter((q) => evidence.some((line) => line.includes(q))).length,
      quotes: expected.evidence.length,
      assembled: file.startsWith('assembled-'),
    };
  });
}

const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(0)} %`);

function table(rows: Row[]): string[] {
  const lines = ['| category | bundles | correct | accuracy | evidence hits |', '|---|---|---|---|---|'];
  for (const category of POD_DIAGNOSIS_CATEGORIES) {
    const mine = rows.filter((r) => r.expected === category);
    if (mine.length === 0) continue;
    const correct = mine.filter((r) => r.got === r.expected).length;
    const hits = mine.reduce((s, r) => s + r.hits, 0);
    const quotes = mine.reduce((s, r) => s + r.quotes, 0);
    const assembled = mine.filter((r) => r.assembled).length;
    lines.push(`| ${category}${assembled ? ` (${assembled} assembled)` : ''} | ${mine.length} | ${correct} | ${pct(correct, mine.length)} | ${hits}/${quotes} (${pct(hits, quotes)}) |`);
  }
  const correct = rows.filter((r) => r.got === r.expected).length;
  const hits = rows.reduce((s, r) => s + r.hits, 0);
  const quotes = rows.reduce((s, r) => s + r.quotes, 0);
  lines.push(`| **all** | ${rows.length} | ${correct} | ${pct(correct, rows.length)} | ${hits}/${quotes} (${pct(hits, quotes)}) |`);
  return lines;
}

const json = process.argv.includes('--json');
const results = Object.fromEntries(Object.entries(VARIANTS).map(([name, v]) => [name, run(v)]));
if (json) {
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
} else {
  const full = results['full bundle'];
  const out = [`Pod diagnosis over ${full.length} bundles (${full.filter((r) => r.assembled).length} assembled from real parts)`, '', ...table(full)];
  const wrong = full.filter((r) => r.got !== r.expected);
  out.push('', wrong.length === 0 ? 'Misdiagnosed: none' : 'Misdiagnosed:', ...wrong.map((r) => `  ${r.file}: expected ${r.expected}, got ${r.got}`));
  const missed = full.filter((r) => r.hits < r.quotes);
  out.push(missed.length === 0 ? 'Evidence missing a quote: none' : 'Evidence missing a quote:', ...missed.map((r) => `  ${r.file}: ${r.hits}/${r.quotes}`));
  out.push('', 'With parts of each bundle withheld (what each input carries):', '', '| bundle given | accuracy | evidence hits |', '|---|---|---|');
  for (const [name, rows] of Object.entries(results)) {
    const correct = rows.filter((r) => r.got === r.expected).length;
    const hits = rows.reduce((s, r) => s + r.hits, 0);
    const quotes = rows.reduce((s, r) => s + r.quotes, 0);
    out.push(`| ${name} | ${correct}/${rows.length} (${pct(correct, rows.length)}) | ${hits}/${quotes} (${pct(hits, quotes)}) |`);
  }
  for (const [name, rows] of Object.entries(results).slice(1)) {
    const lost = rows.filter((r) => r.got !== r.expected);
    if (lost.length) out.push('', `${name}, misdiagnosed:`, ...lost.map((r) => `  ${r.file}: expected ${r.expected}, got ${r.got}`));
  }
  process.stdout.write(out.join('\n') + '\n');
}
