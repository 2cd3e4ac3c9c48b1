import { COST_SUMMARY, runCostCommand } from './cost/command';
import { DIAGNOSE_SUMMARY, runDiagnoseCommand } from './diagnose/command';
import { type CliIo } from './io';
import { REPLAY_SUMMARY, runReplayCommand } from './replay/command';
import { runTriageCommand, TRIAGE_SUMMARY } from './triage/command';
import { ExitCode } from './usage';
import { packageVersion } from './version';

/** A subcommand: `run` gets the arguments after its name and returns the exit status. */
export interface CliCommand {
  /** One line for the top-level help; the command's own `--help` says the rest. */
  readonly summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Every subcommand, by name. Adding one is one entry here. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  triage: {
    summary: TRIAGE_SUMMARY,
    run: runTriageCommand,
  },
  replay: {
    summary: REPLAY_SUMMARY,
    run: runReplayCommand,
  },
  cost: {
    summary: COST_SUMMARY,
    run: runCostCommand,
  },
  diagnose: {
    summary: DIAGNOSE_SUMMARY,
    run: runDiagnoseCommand,
  },
};

/** The top-level usage text, listing the commands. */
export function mainUsage(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const commands = names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`).join('\n');
  return `Usage: cdk-aiops <command> [options]

Commands:
${commands}

Options:
  -h, --help     show this help; 'cdk-aiops <command> --help' shows a command's options
  -v, --version  print the version

Exit status: 0 on success, 2 on a usage error, 3 when the output cannot be written, 1 on an unexpected error.
`;
}

/**
 * The `cdk-aiops` entry point, without the process: dispatches `argv` (without `node` and the script)
 * to a command and returns the exit status. Unexpected errors are reported, never thrown.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(mainUsage());
    return ExitCode.USAGE;
  }
  if (first === '-h' || first === '--help') {
    io.stdout.write(mainUsage());
    return ExitCode.OK;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${packageVersion()}\n`);
    return ExitCode.OK;
  }
  if (first === 'help') {
    return rest.length === 0 ? runCli(['--help'], io) : runCli([rest[0], '--help'], io);
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) {
    io.stderr.write(`cdk-aiops: unknown ${first.startsWith('-') ? 'option' : 'command'} '${first}'\n\n${mainUsage()}`);
    return ExitCode.USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    io.stderr.write(`cdk-aiops ${first}: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return ExitCode.INTERNAL;
  }
}
