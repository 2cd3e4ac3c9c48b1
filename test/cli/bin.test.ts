import { spawn, spawnSync } from 'child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { captureIo, SCENARIO_DIR } from './helpers';
import { runReplayCommand, runTriageCommand } from '../../src/cli';
import { FIXTURES_DIR } from '../support/fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLE = path.join(ROOT, 'assets', 'cli', 'main', 'index.js');
const PACKAGE_VERSION: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

/** The shipped artefact, as a user runs it: `node bin/cdk-aiops ...`. */
function bin(args: string[], input?: string) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk-aiops'), ...args], { cwd: ROOT, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
}

describe('the bundled bin/cdk-aiops', () => {
  beforeAll(() => {
    // `projen test` bundles before jest; a bare `npx jest` may not have, so build it here rather than skip.
    if (!existsSync(BUNDLE)) {
      const build = spawnSync('npx', ['projen', 'bundle:cli/main'], { cwd: ROOT, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`bundling the CLI failed: ${build.stderr}`);
    }
  }, 120_000);

  test('prints the same triage JSON as the library function', async () => {
    const run = bin(['triage', SCENARIO_DIR, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const io = captureIo();
    await runTriageCommand([SCENARIO_DIR, '--format', 'json'], io);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(io.out()));
  });

  test('replays the loop with Cedar\'s WebAssembly found beside the bundle, as the library function does', async () => {
    for (const dir of [SCENARIO_DIR, path.join(FIXTURES_DIR, 'events')]) {
      const run = bin(['replay', dir, '--format', 'json']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const io = captureIo();
      await runReplayCommand([dir, '--format', 'json'], io);
      const replayed = JSON.parse(run.stdout);
      expect(replayed).toEqual(JSON.parse(io.out()));
      // Decided by the policies, not failed: every incident carries a Cedar decision with reasons.
      expect(replayed.incidents.length).toBeGreaterThan(0);
      for (const i of replayed.incidents) expect(i.decision.reasons.length).toBeGreaterThan(0);
    }
    expect(existsSync(path.join(path.dirname(BUNDLE), 'cedar_wasm_bg.wasm'))).toBe(true);
  });

  test('replay exits 2 on a usage error', () => {
    const bad = bin(['replay', SCENARIO_DIR, '--approver', 'maybe']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Usage: cdk-aiops replay');
  });

  test('reads standard input', () => {
    const run = bin(['triage', '-', '--format', 'json'], '{"not":"an event"}\n');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).stats).toEqual({ events: 1, signals: 0, incidents: 0, suppressed: 0, rejected: 1 });
  });

  test('exits 2 on a usage error and 0 on --version', () => {
    const bad = bin(['triage', '--bogus']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Usage: cdk-aiops triage');
    const version = bin(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(`${PACKAGE_VERSION}\n`);
  });

  test('a reader that went away (| head) is an output failure: status 3 and the reason on stderr, never 0', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'cdk-aiops'), 'triage', SCENARIO_DIR, '--format', 'json'], { cwd: ROOT });
    child.stdout.destroy(); // closed before the first write, so the write fails whatever the machine's speed
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('cdk-aiops: cannot write the output: EPIPE\n');
    expect(status).toBe(3);
  });

  test('a stdout that cannot be written (opened read-only) exits 3, not 0', () => {
    const readOnly = openSync('/dev/null', 'r');
    try {
      const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk-aiops'), 'triage', SCENARIO_DIR], {
        cwd: ROOT, encoding: 'utf8', stdio: ['ignore', readOnly, 'pipe'],
      });
      expect(run.stderr).toMatch(/^cdk-aiops: cannot write the output: E[A-Z]+\n$/);
      expect(run.status).toBe(3);
    } finally {
      closeSync(readOnly);
    }
  });

  test('an empty directory is a warning on stderr', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdk-aiops-empty-'));
    try {
      const run = bin(['triage', dir, '--format', 'json']);
      expect(run.stderr).toBe(`cdk-aiops triage: warning: ${dir}: no .json, .jsonl, .ndjson file in this directory; nothing read\n`);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
