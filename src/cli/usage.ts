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
} as const;

/**
 * Turns a `node:util` parseArgs error (unknown option, missing value...) into a {@link UsageError};
 * parseArgs' advice on `--` is dropped, the usage text says enough.
 */
export function usageErrorFromParseArgs(error: unknown): UsageError {
  return new UsageError(String((error as Error).message).replace(/\. To specify a positional argument.*$/s, ''));
}
