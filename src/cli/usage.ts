import { promises as fs } from 'fs';
import { readAll, type CliIo } from './io';
import { readEventInputs, type EventInput } from '../runtime/io';

/** A mistake in how the CLI was called: printed with the usage text, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit statuses of every command. */
export const ExitCode = {
  OK: 0,
  /** A bug: an error the command did not expect. */
  INTERNAL: 1,
  USAGE: 2,
  /** The output could not be written (a closed pipe or stdout): the results never reached their reader. */
  OUTPUT: 3,
} as const;

/**
 * Turns a `node:util` parseArgs error (unknown option, missing value...) into a {@link UsageError};
 * parseArgs' advice on `--` is dropped, the usage text says enough.
 */
export function usageErrorFromParseArgs(error: unknown): UsageError {
  return new UsageError(String((error as Error).message).replace(/\. To specify a positional argument.*$/s, ''));
}

/** The value of an enumerated flag (`--format`, `--approver`...), its default when absent, or a usage error listing the choices. */
export function oneOf<T extends string>(flag: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  const chosen = value ?? fallback;
  if (!(choices as readonly string[]).includes(chosen)) {
    throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got '${chosen}'`);
  }
  return chosen as T;
}

/** The input paths of a command: the positionals, or `-` (standard input) when none are given and stdin is piped. */
export function inputPaths(positionals: readonly string[], stdin: { readonly isTTY?: boolean } | undefined): string[] {
  if (positionals.length > 0) return [...positionals];
  if (!stdin || stdin.isTTY) throw new UsageError('no input: give one or more paths, or - to read standard input');
  return ['-'];
}

/** The text of a file named on the command line; an unreadable file is a usage error naming it and what it was for. */
export async function readArgumentFile(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} file ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message}`);
  }
}

/**
 * The events of a command's input paths (files, directories, `-` for stdin), with a warning on stderr for a path that
 * holds nothing to read, so an empty directory is never a silent success.
 *
 * @throws InputPathError when a path does not exist.
 */
export async function readCommandInputs(command: string, paths: readonly string[], io: CliIo): Promise<EventInput[]> {
  return readEventInputs(paths, {
    readStdin: io.stdin ? () => readAll(io.stdin!) : undefined,
    onWarning: (message) => io.stderr.write(`cdk-aiops ${command}: warning: ${message}\n`),
  });
}
