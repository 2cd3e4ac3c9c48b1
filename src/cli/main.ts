// The `cdk-aiops` bin (bin/cdk-aiops requires the bundle of this file). Everything else is in ./cli.
import { runCli } from './cli';
import { processIo } from './io';

// `cdk-aiops triage ... | head`: the reader went away, which is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

void runCli(process.argv.slice(2), processIo()).then((code) => {
  // exitCode, not exit(): let piped stdout drain first.
  process.exitCode = code;
});
