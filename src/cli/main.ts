// The `cdk-aiops` bin (bin/cdk-aiops requires the bundle of this file). Everything else is in ./cli.
import { runCli } from './cli';
import { processIo } from './io';
import { ExitCode } from './usage';

// Output that cannot be written (`| head` closed the pipe: EPIPE; stdout closed or read-only: EBADF) is never a
// success: a script must be able to tell that the results did not reach their reader.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  try {
    process.stderr.write(`cdk-aiops: cannot write the output: ${error.code ?? error.message}\n`);
  } finally {
    process.exit(ExitCode.OUTPUT);
  }
});

void runCli(process.argv.slice(2), processIo()).then((code) => {
  // exitCode, not exit(): let piped stdout drain first.
  process.exitCode = code;
});
