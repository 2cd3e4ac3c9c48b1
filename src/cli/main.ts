// The `cdk-aiops` bin (bin/cdk-aiops requires the bundle of this file). Everything else is in ./cli.
import { runCli } from './cli';
import { processIo } from './io';

void runCli(process.argv.slice(2), processIo()).then((code) => {
  // exitCode, not exit(): let piped stdout drain first.
  process.exitCode = code;
});
