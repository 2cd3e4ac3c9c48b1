import { promises as fs } from 'fs';
import { parseArgs } from 'node:util';
import { InputPathError, readEventInputs } from '../../runtime/io';
import { diagnoseInput, isRejection, type DiagnosisOutcome } from '../../runtime/kubernetes';
import { readAll, type CliIo } from '../io';
import { ExitCode, inputPaths, oneOf, UsageError, usageErrorFromParseArgs } from '../usage';
import { formatDiagnosisTable } from './format-table';

export const DIAGNOSE_SUMMARY = 'Diagnose Kubernetes pods from a bundle of Pod, Events and logs, deterministically';

export const DIAGNOSE_USAGE = `Usage: cdk-aiops diagnose BUNDLE.json | DIR | - [--format json|table]

${DIAGNOSE_SUMMARY}, with the
analyzers the EKS watcher and the reasoner's fallback use. Nothing is sent anywhere.

A bundle is one JSON object:
  {"pod": <core/v1 Pod>, "events": [<core/v1 Event>...],
   "logs": {"<container>": "<text>"}, "previousLogs": {"<container>": "<text>"},
   "owner": <batch/v1 Job...>, "node": <core/v1 Node>,
   "metrics": {"<container>": {"cfsPeriods": N, "cfsThrottledPeriods": N, "cpuMillicores": N}}}
Only "pod" is required; a plain string is accepted for the logs of a single-container pod.

Arguments:
  BUNDLE.json          one bundle (or a JSON array of bundles, or JSON Lines)
  DIR                  every .json/.jsonl file under it, recursively, in sorted order
  -                    standard input; with no path, standard input is read when piped

Options:
  -f, --format <fmt>   json (default): the diagnosis {pod, category, evidence, summary,
                       suggestedRunbook?}; an array for a directory or several bundles
                       table: one block per pod for people
  -h, --help           show this help

A bundle that is not valid is reported as {"rejected": true, "source", "reason"} in its place;
the other bundles are still diagnosed.

Exit status: 0 when the bundles were read (rejected ones included, counted on stderr),
2 on a usage error (a path that does not exist included).
`;

const FORMATS = ['json', 'table'] as const;
type Format = typeof FORMATS[number];

interface DiagnoseArgs {
  readonly paths: string[];
  readonly format: Format;
}

/**
 * `cdk-aiops diagnose`: read bundles → validate → diagnose → print.
 * One file holding one bundle prints one object; anything else (a directory, an array, several paths) an array.
 */
export async function runDiagnoseCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed: DiagnoseArgs | 'help';
  try {
    parsed = parseDiagnoseArgs(args, io);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e.message);
    throw e;
  }
  if (parsed === 'help') {
    io.stdout.write(DIAGNOSE_USAGE);
    return ExitCode.OK;
  }

  let inputs;
  let stdinText: Uint8Array | undefined;
  try {
    inputs = await readEventInputs(parsed.paths, {
      readStdin: io.stdin ? async () => (stdinText = await readAll(io.stdin!)) : undefined,
      onWarning: (message) => io.stderr.write(`cdk-aiops diagnose: warning: ${message}\n`),
    });
  } catch (e) {
    if (e instanceof InputPathError) return usageError(io, e.message);
    throw e;
  }

  const outcomes: DiagnosisOutcome[] = inputs.map((input) => (input.ok
    ? diagnoseInput(input.event, input.input)
    : { rejected: true as const, source: input.input, reason: input.rejection.reason }));
  const single = outcomes.length === 1 && parsed.paths.length === 1 && await holdsOneDocument(parsed.paths[0], stdinText);
  const body = parsed.format === 'table'
    ? formatDiagnosisTable(outcomes)
    : JSON.stringify(single ? outcomes[0] : outcomes, null, 2) + '\n';
  io.stdout.write(body);
  const rejected = outcomes.filter(isRejection).length;
  if (rejected > 0) io.stderr.write(`cdk-aiops diagnose: ${rejected} of ${outcomes.length} bundle${outcomes.length === 1 ? '' : 's'} rejected (see "reason")\n`);
  return ExitCode.OK;
}

/**
 * True when the one path is a file (or stdin) that is not a JSON array: it held one bundle (or one unreadable
 * document), so the output is one object. A directory or an array prints an array, even of one.
 */
async function holdsOneDocument(p: string, stdinText: Uint8Array | undefined): Promise<boolean> {
  let text: string;
  if (p === '-') {
    text = Buffer.from(stdinText ?? []).toString('utf8');
  } else {
    if (!(await fs.stat(p)).isFile()) return false;
    text = await fs.readFile(p, 'utf8');
  }
  try {
    return !Array.isArray(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch {
    return true;
  }
}

function parseDiagnoseArgs(args: readonly string[], io: CliIo): DiagnoseArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        format: { type: 'string', short: 'f' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw usageErrorFromParseArgs(e);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  return { paths: inputPaths(positionals, io.stdin), format: oneOf('format', values.format, FORMATS, 'json') };
}

function usageError(io: CliIo, message: string): number {
  io.stderr.write(`cdk-aiops diagnose: ${message}\n\n${DIAGNOSE_USAGE}`);
  return ExitCode.USAGE;
}
