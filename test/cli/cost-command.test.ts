import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { captureIo } from './helpers';
import { buildExampleApp } from '../../examples/app';
import { buildFullLoopApp } from '../../examples/full-loop';
import { runCli, runCostCommand, type CostCommandResult } from '../../src/cli';

const ROOT = path.resolve(__dirname, '..', '..');

/** Synthesises an app under the test's own temp dir (jest gives the run its own TMPDIR) and returns the assembly's. */
function synth(build: (outdir: string) => App): string {
  return build(mkdtempSync(path.join(tmpdir(), 'cost-cdk-out-'))).synth().directory;
}

async function cost(args: string[]) {
  const io = captureIo({ tty: true });
  const status = await runCostCommand(args, io);
  return { status, out: io.out(), err: io.err() };
}

const BUNDLE = path.join(ROOT, 'assets', 'cli', 'main', 'index.js');

describe('cdk-aiops cost', () => {
  beforeAll(() => {
    // As test/cli/bin.test.ts: a bare `npx jest` may not have bundled the CLI; build it rather than skip.
    if (!existsSync(BUNDLE)) {
      const build = spawnSync('npx', ['projen', 'bundle:cli/main'], { cwd: ROOT, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`bundling the CLI failed: ${build.stderr}`);
    }
  }, 120_000);
  const example = synth((outdir) => buildExampleApp({ outdir }).app);
  // The full loop's App takes no outdir: the CDK picks a temp directory.
  const fullLoop = synth(() => buildFullLoopApp().app);

  test('prices the example app: the hub\'s key, alarms, queue pollers, table and logs, and an incident without a model', async () => {
    const { status, out, err } = await cost([example]);
    expect(err).toBe('');
    expect(status).toBe(0);
    const report: CostCommandResult = JSON.parse(out);
    expect(report.assembly.templates).toEqual([{ stack: 'AiopsExample', file: 'AiopsExample.template.json' }]);
    expect(report.notPriced).toEqual([]);
    const key = report.stacks[0].resources.find((r) => r.type === 'AWS::KMS::Key');
    expect(key).toMatchObject({ usdPerMonth: 1, prices: ['KMS_KEY'] });
    const sum = report.stacks[0].resources.reduce((s, r) => s + (r.usdPerMonth ?? 0), 0);
    expect(report.idleUsdPerMonth).toBeCloseTo(sum, 6);
    expect(report.perIncident.items.map((i) => i.item)).not.toContain('Bedrock tokens');
    expect(report.prices).toMatchObject({ region: 'us-east-1', checked: '2026-12-04' });
    // The entries used, with where and when they were read.
    expect(report.priceTable.KMS_KEY).toEqual({ service: 'AWS KMS', what: expect.any(String), unit: 'key-month', usd: 1, source: 'https://aws.amazon.com/kms/pricing/', checked: '2026-12-04' });
    expect(report.priceTable.SYNTHETICS_RUN).toBeUndefined();
  });

  test('prices the full loop\'s incident: the configured model\'s tokens and the workflow\'s transitions; --model reprices', async () => {
    const base: CostCommandResult = JSON.parse((await cost([fullLoop, '--incidents-per-month', '10'])).out);
    const tokens = base.perIncident.items.find((i) => i.item === 'Bedrock tokens')!;
    expect(tokens.basis).toContain('global.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(tokens.source).toEqual({ url: 'https://aws.amazon.com/bedrock/pricing/', checked: '2026-12-04' });
    const workflow = base.perIncident.items.find((i) => i.item.startsWith('Step Functions'))!;
    expect(workflow.basis).toMatch(/^\d+ transitions on the longest path/);
    expect(base.monthly).toEqual({ incidentsPerMonth: 10, usd: expect.closeTo(base.idleUsdPerMonth + 10 * base.perIncident.usd, 6) });

    const sonnet: CostCommandResult = JSON.parse((await cost([fullLoop, '--model', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0'])).out);
    const sonnetTokens = sonnet.perIncident.items.find((i) => i.item === 'Bedrock tokens')!;
    expect(sonnetTokens.usd!).toBeCloseTo(tokens.usd! * 3, 6);
    expect(sonnet.idleUsdPerMonth).toBe(base.idleUsdPerMonth);
  });

  test('the table prints the idle month, each stack, what is not priced, the incident items and the assumptions', async () => {
    const { status, out } = await cost([fullLoop, '--format', 'table']);
    expect(status).toBe(0);
    expect(out).toMatch(/^Idle monthly cost of .+: \$\d+\.\d\d \(no incident; a month is 30 days \(720 hours\)\)\n/);
    expect(out).toContain('Stack AiopsFullLoop: $');
    expect(out).toContain('AWS::IAM::Role ×');
    expect(out).toContain('Not priced (not counted in the totals)\n  (none)');
    expect(out).toMatch(/Per incident: \$[\d.]+\n/);
    expect(out).toContain('Bedrock tokens');
    expect(out).toContain('incident: tokens the model writes a call (the reasoner\'s maxTokens): 1024');
  });

  test('reads nested stacks, and lists a type it does not know as not priced, never as $0', async () => {
    const dir = synth((outdir) => {
      const app = new App({ outdir });
      const stack = new Stack(app, 'Parent');
      const nested = new NestedStack(stack, 'Child');
      new kms.Key(nested, 'Key');
      // A real type the table does not price (a hosted zone is $0.50 a month): it must not count as $0.
      new CfnResource(stack, 'Mystery', { type: 'AWS::Route53::HostedZone', properties: { Name: 'example.com' } });
      return app;
    });
    const report: CostCommandResult = JSON.parse((await cost([dir])).out);
    expect(report.stacks.map((s) => s.stackName)).toEqual(['Parent', expect.stringMatching(/^Parent\/Child/)]);
    expect(report.stacks[1].idleUsdPerMonth).toBe(1);
    expect(report.notPriced).toEqual([expect.objectContaining({ stack: 'Parent', logicalId: 'Mystery', type: 'AWS::Route53::HostedZone', priced: false })]);
    expect(report.idleUsdPerMonth).toBe(1);
  });

  test('without a manifest, reads every *.template.json of the directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cost-templates-'));
    writeFileSync(path.join(dir, 'Keys.template.json'), JSON.stringify({ Resources: { A: { Type: 'AWS::KMS::Key' }, B: { Type: 'AWS::KMS::Key' } } }));
    const report: CostCommandResult = JSON.parse((await cost([dir])).out);
    expect(report.idleUsdPerMonth).toBe(2);
  });

  test.each([
    [[], /no CDK_OUT_DIR/],
    [['/no/such/cdk.out'], /no such directory/],
    [[path.join(ROOT, 'package.json')], /is not a directory/],
    [['EMPTY'], /holds no stack template/],
    [['BAD_MANIFEST'], /manifest\.json is not valid JSON/],
    [['EXAMPLE', 'EXAMPLE'], /one CDK_OUT_DIR only/],
    [['EXAMPLE', '--format', 'csv'], /--format must be one of json, table/],
    [['EXAMPLE', '--incidents-per-month=-1'], /--incidents-per-month must be/],
    [['EXAMPLE', '--incidents-per-month', 'many'], /--incidents-per-month must be/],
    [['EXAMPLE', '--model', 'meta.llama3-70b-instruct-v1:0'], /not in the Bedrock price table/],
    [['EXAMPLE', '--bogus'], /Unknown option '--bogus'/],
  ])('%j is a usage error: exit 2 with the usage text', async (args, message) => {
    const empty = mkdtempSync(path.join(tmpdir(), 'cost-empty-'));
    const bad = mkdtempSync(path.join(tmpdir(), 'cost-bad-'));
    writeFileSync(path.join(bad, 'manifest.json'), '{ not json');
    const resolved = args.map((a) => ({ EMPTY: empty, BAD_MANIFEST: bad, EXAMPLE: example } as Record<string, string>)[a] ?? a);
    const { status, out, err } = await cost(resolved);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toContain('Usage: cdk-aiops cost CDK_OUT_DIR');
  });

  test('is a command of the CLI, with its own --help', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/\n {2}cost {3,}Estimate what a synthesised app costs/);
    const help = await cost(['--help']);
    expect(help.status).toBe(0);
    expect(help.out).toContain('--incidents-per-month');
  });

  test('the bundled bin/cdk-aiops prints the same estimate', async () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk-aiops'), 'cost', fullLoop], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse((await cost([fullLoop])).out));
  });
});
