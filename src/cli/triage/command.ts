import { parseArgs } from 'node:util';
import { findJsonSyntaxError, InputPathError, lineAndColumn } from '../../runtime/io';
import type { Topology } from '../../runtime/topology';
import { resolveTriageRules, type TriageRules } from '../../runtime/triage';
import { type CliIo } from '../io';
import { loadTopologyFiles, TOPOLOGY_FLAGS_USAGE } from '../topology-files';
import { ExitCode, inputPaths, oneOf, readArgumentFile, readCommandInputs, UsageError, usageErrorFromParseArgs } from '../usage';
import { formatTriageTable } from './format-table';
import { triageEvents } from './pipeline';

export const TRIAGE_SUMMARY = 'Normalise EventBridge events and triage them into incidents, locally';

export const TRIAGE_USAGE = `Usage: cdk-aiops triage [paths... | -] [--format json|table] [--rules file]
                       [--inventory file]... [--service-graph file]...

${TRIAGE_SUMMARY}, with the same normaliser and
triage core the triage Lambda runs. Nothing is sent to AWS.

Arguments:
  paths...             JSON files (one event or an array of events), JSON Lines files
                       (.jsonl, .ndjson), or directories, read recursively in sorted order.
                       - reads standard input; with no path, standard input is read when piped.

Options:
  -f, --format <fmt>   json (default): signals, incidents, suppressed, rejected and stats
                       table: a summary for people
  -r, --rules <file>   JSON triage rules (the shape of the hub's AIOPS_TRIAGE_RULES);
                       fields left out keep their defaults
${TOPOLOGY_FLAGS_USAGE}
  -h, --help           show this help

Every event is labelled <file>#<index>. Events that cannot be read or normalised are
listed under "rejected" with the reason; they do not stop the run.

Exit status: 0 when triage ran (rejected events included), 2 on a usage error
(a malformed rules, inventory or service graph file included).
`;

const FORMATS = ['json', 'table'] as const;
type Format = typeof FORMATS[number];

/**
 * `cdk-aiops triage`: read → normalise → triage → print.
 * Returns the exit status; writes the result to `io.stdout` and usage errors to `io.stderr`.
 */
export async function runTriageCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = await parseTriageArgs(args, io);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e.message);
    throw e;
  }
  if (parsed === 'help') {
    io.stdout.write(TRIAGE_USAGE);
    return ExitCode.OK;
  }

  let inputs;
  try {
    inputs = await readCommandInputs('triage', parsed.paths, io);
  } catch (e) {
    if (e instanceof InputPathError) return usageError(io, e.message);
    throw e;
  }

  const result = await triageEvents(inputs, { rules: parsed.rules, topology: parsed.topology });
  io.stdout.write(parsed.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatTriageTable(result));
  return ExitCode.OK;
}

interface TriageArgs {
  readonly paths: string[];
  readonly format: Format;
  readonly rules?: TriageRules;
  readonly topology?: Topology;
}

async function parseTriageArgs(args: readonly string[], io: CliIo): Promise<TriageArgs | 'help'> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        'format': { type: 'string', short: 'f' },
        'rules': { type: 'string', short: 'r' },
        'inventory': { type: 'string', short: 'i', multiple: true },
        'service-graph': { type: 'string', short: 'g', multiple: true },
        'help': { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw usageErrorFromParseArgs(e);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';

  const format = oneOf('format', values.format, FORMATS, 'json');
  const paths = inputPaths(positionals, io.stdin);
  const rules = values.rules === undefined ? undefined : await loadRules(values.rules);
  const topology = await loadTopologyFiles({ inventory: values.inventory, serviceGraph: values['service-graph'] });
  return { paths, format, rules, topology };
}

/** Reads and validates a rules file; every problem is a usage error naming the file. */
export async function loadRules(file: string): Promise<TriageRules> {
  const text = await readArgumentFile(file, 'rules');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const error = findJsonSyntaxError(text);
    const at = error && lineAndColumn(text, error.offset);
    throw new UsageError(`rules file ${file} is not valid JSON${error && at ? `: ${error.message} at line ${at.line}, column ${at.column}` : ''}`);
  }
  try {
    return resolveTriageRules(json);
  } catch (e) {
    throw new UsageError(`rules file ${file} is invalid: ${(e as Error).message}`);
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr.write(`cdk-aiops triage: ${message}\n\n${TRIAGE_USAGE}`);
  return ExitCode.USAGE;
}
