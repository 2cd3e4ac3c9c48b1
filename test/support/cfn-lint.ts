import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { App } from 'aws-cdk-lib';

const ROOT = path.resolve(__dirname, '..', '..');
/** Installed by `npm test` (the python-tools task, pinned in scripts/python-tools.txt). */
export const CFN_LINT = path.join(ROOT, '.venv-tools', 'bin', 'cfn-lint');

/** One cfn-lint match, as its JSON output reports it. */
export interface CfnLintMatch {
  readonly file: string;
  readonly rule: string;
  readonly level: string;
  readonly message: string;
  readonly resource?: string;
}

interface RawMatch {
  readonly Filename: string;
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location?: { readonly Path?: unknown[] };
}

/**
 * Runs AWS's CloudFormation linter over every stack template of the given apps (synthesised here) and returns its
 * matches. Installs the pinned cfn-lint first when it is missing (a bare `npx jest` after a fresh clone).
 */
export function cfnLintApps(apps: Record<string, App>): CfnLintMatch[] {
  if (!existsSync(CFN_LINT)) {
    const install = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-python-tools.sh')], { cwd: ROOT, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`installing cfn-lint failed: ${install.stderr}`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'cdk-aiops-cfn-lint-'));
  try {
    const files: string[] = [];
    for (const [name, app] of Object.entries(apps)) {
      for (const stack of app.synth().stacks) {
        const file = path.join(dir, `${name}-${stack.stackName}.json`);
        writeFileSync(file, JSON.stringify(stack.template));
        files.push(file);
      }
    }
    const run = spawnSync(CFN_LINT, ['--format', 'json', '--', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw run.error;
    if (run.stdout.trim() === '') {
      if (run.status !== 0) throw new Error(`cfn-lint failed (${run.status}): ${run.stderr}`);
      return [];
    }
    return (JSON.parse(run.stdout) as RawMatch[]).map((m) => ({
      file: path.basename(m.Filename),
      rule: m.Rule.Id,
      level: m.Level,
      message: m.Message,
      resource: m.Location?.Path?.[0] === 'Resources' ? String(m.Location.Path[1]) : undefined,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
