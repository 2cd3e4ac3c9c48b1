import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly cycle?: ReadonlyArray<{ readonly name: string }>;
}

/**
 * The import boundaries of src/ as dependency-cruiser sees them (.dependency-cruiser.cjs): no cycle between folders,
 * the contract imports nothing, the runtime is pure and imports only itself and the contract, constructs import only
 * the CDK, the contract, other constructs and plain-data permission tables.
 */
test('src/ keeps its import boundaries: no folder cycle, a pure runtime, constructs without runtime libraries', () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  expect(result.summary.totalCruised).toBeGreaterThan(200);
  const described = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(' → ')})` : ''}`);
  expect(described).toEqual([]);
}, 120_000);
