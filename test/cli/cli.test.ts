import { readFileSync } from 'fs';
import * as path from 'path';
import { captureIo, SCENARIO_DIR } from './helpers';
import { COMMANDS, runCli } from '../../src/cli';

const PACKAGE_VERSION: string = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;

describe('cdk-aiops', () => {
  test('--help lists every command and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: cdk-aiops <command> \[options\]/);
    for (const name of Object.keys(COMMANDS)) expect(io.out()).toContain(`  ${name}  `);
  });

  test('--version prints the package version', async () => {
    const io = captureIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.out()).toBe(`${PACKAGE_VERSION}\n`);
  });

  test('help <command> prints that command\'s usage', async () => {
    const io = captureIo();
    expect(await runCli(['help', 'triage'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: cdk-aiops triage/);
  });

  test.each([
    [[], /^Usage: cdk-aiops <command>/],
    [['frobnicate'], /^cdk-aiops: unknown command 'frobnicate'\n\nUsage: cdk-aiops <command>/],
    [['--frobnicate'], /^cdk-aiops: unknown option '--frobnicate'/],
  ])('%j is a usage error: exit 2, usage on stderr', async (argv, message) => {
    const io = captureIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(message);
  });

  test('dispatches to the command with the remaining arguments', async () => {
    const io = captureIo();
    expect(await runCli(['triage', SCENARIO_DIR, '--format', 'table'], io)).toBe(0);
    expect(io.out()).toContain('Incidents');
  });

  test('an unexpected error in a command is reported with exit 1, never thrown', async () => {
    const io = captureIo();
    const broken = { write: () => { throw new Error('disk full'); } };
    expect(await runCli(['triage', SCENARIO_DIR], { ...io, stdout: broken })).toBe(1);
    expect(io.err()).toMatch(/^cdk-aiops triage: unexpected error: Error: disk full/);
  });
});
