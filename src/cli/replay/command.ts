import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { InputPathError } from '../../runtime/io';
import { DEFAULT_APPROVAL_TIMEOUT_MINUTES } from '../../runtime/loop';
import { PolicyError, validateRiskPolicies } from '../../runtime/risk';
import type { Topology } from '../../runtime/topology';
import type { TriageRules } from '../../runtime/triage';
import { type CliIo } from '../io';
import { loadTopologyFiles, TOPOLOGY_FLAGS_USAGE } from '../topology-files';
import { loadRules } from '../triage/command';
import { triageEvents } from '../triage/pipeline';
import { ExitCode, inputPaths, oneOf, readArgumentFile, readCommandInputs, UsageError, usageErrorFromParseArgs } from '../usage';
import { formatReplayTable } from './format-table';
import { renderReplayHtml } from './html-report';
import { APPROVER_ANSWER_MINUTES, APPROVERS, replayLearning, replayTriage, TELEMETRY_SOURCES, type ApproverChoice, type TelemetrySource } from './pipeline';

export const REPLAY_SUMMARY = 'Triage events, then replay the whole incident loop on a simulated clock, locally';

export const REPLAY_USAGE = `Usage: cdk-aiops replay [paths... | -] [--format json|table] [--rules file]
                       [--approver approve|deny|timeout] [--policies file.cedar]
                       [--telemetry signals|none] [--html file.html] [--learning]
                       [--inventory file]... [--service-graph file]...

${REPLAY_SUMMARY}:
triage (as 'cdk-aiops triage'), then for each incident the agents' investigation in process
(telemetry from the recorded events only, the deterministic reasoner, never a model; the
Cedar risk policies), the approval, a dry-run remediation and its verification. Nothing is
sent to AWS and nothing runs: every runbook succeeds and every incident recovers on the
first check. Times are simulated from each incident's opening.

Arguments:
  paths...             JSON files (one event or an array of events), JSON Lines files
                       (.jsonl, .ndjson), or directories, read recursively in sorted order.
                       - reads standard input; with no path, standard input is read when piped.

Options:
  -f, --format <fmt>   json (default): per incident finding, decision, timeline, MTTR; stats
                       table: a summary for people
  -r, --rules <file>   JSON triage rules (the shape of the hub's AIOPS_TRIAGE_RULES)
  -a, --approver <a>   how the simulated on-call engineer answers approval requests:
                       approve (default) or deny after ${APPROVER_ANSWER_MINUTES} min, or timeout (never answers;
                       the request expires after ${DEFAULT_APPROVAL_TIMEOUT_MINUTES} min and the incident is escalated)
  -p, --policies <f>   Cedar policies added to the default risk policies
  -t, --telemetry <s>  signals (default): the SLO, Config and DevOps Guru collectors answer from
                       the recorded events seen by each incident's opening (SLO budget reports,
                       Config evaluations, insights); metrics, logs and traces stay not configured.
                       none: every collector is not configured (no error budget is ever known)
  -l, --learning       learned correlation: triage learns from the incidents it resolves (in memory)
                       and uses it; prints the learned pairs with their confidence
  --html <file>        also write a self-contained HTML report (KPIs, a time-to-recovery chart,
                       each incident's timeline; no script, nothing fetched) to <file>
${TOPOLOGY_FLAGS_USAGE}
  -h, --help           show this help

Exit status: 0 when the replay ran (rejected events included), 2 on a usage error
(a malformed rules, policies, inventory or service graph file included),
3 when the --html file could not be written.
`;

const FORMATS = ['json', 'table'] as const;
type Format = typeof FORMATS[number];

interface ReplayArgs {
  readonly paths: string[];
  readonly format: Format;
  readonly rules?: TriageRules;
  readonly approver: ApproverChoice;
  readonly policies?: string;
  readonly telemetry: TelemetrySource;
  readonly learning: boolean;
  readonly html?: string;
  readonly topology?: Topology;
}

/**
 * `cdk-aiops replay`: read → normalise → triage → investigate → decide → approve → remediate → verify → print.
 * Returns the exit status; writes the result to `io.stdout` and usage errors to `io.stderr`.
 */
export async function runReplayCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = await parseReplayArgs(args, io);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e.message);
    throw e;
  }
  if (parsed === 'help') {
    io.stdout.write(REPLAY_USAGE);
    return ExitCode.OK;
  }

  let inputs;
  try {
    inputs = await readCommandInputs('replay', parsed.paths, io);
  } catch (e) {
    if (e instanceof InputPathError) return usageError(io, e.message);
    throw e;
  }

  const learning = parsed.learning ? replayLearning() : undefined;
  const triage = await triageEvents(inputs, { rules: parsed.rules, topology: parsed.topology, ...(learning ? { learning: learning.learning } : {}) });
  const result = await replayTriage(triage, { approver: parsed.approver, extraPolicies: parsed.policies, telemetry: parsed.telemetry, learning });
  if (parsed.html !== undefined) {
    try {
      await fs.writeFile(parsed.html, renderReplayHtml(result), 'utf8');
    } catch (e) {
      io.stderr.write(`cdk-aiops replay: cannot write --html file ${parsed.html}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return ExitCode.OUTPUT;
    }
  }
  io.stdout.write(parsed.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatReplayTable(result, triage));
  return ExitCode.OK;
}

async function parseReplayArgs(args: readonly string[], io: CliIo): Promise<ReplayArgs | 'help'> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        'format': { type: 'string', short: 'f' },
        'rules': { type: 'string', short: 'r' },
        'approver': { type: 'string', short: 'a' },
        'policies': { type: 'string', short: 'p' },
        'telemetry': { type: 'string', short: 't' },
        'learning': { type: 'boolean', short: 'l' },
        'html': { type: 'string' },
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
  const approver = oneOf<ApproverChoice>('approver', values.approver, APPROVERS, 'approve');
  const telemetry = oneOf<TelemetrySource>('telemetry', values.telemetry, TELEMETRY_SOURCES, 'signals');
  const paths = inputPaths(positionals, io.stdin);
  const rules = values.rules === undefined ? undefined : await loadRules(values.rules);
  const policies = values.policies === undefined ? undefined : await loadPolicies(values.policies);
  if (values.html === '') throw new UsageError('--html needs a file name');
  const topology = await loadTopologyFiles({ inventory: values.inventory, serviceGraph: values['service-graph'] });
  return { paths, format, rules, approver, policies, telemetry, html: values.html, learning: values.learning === true, topology };
}

/** Reads Cedar policies and validates them with the defaults; every problem is a usage error naming the file. */
async function loadPolicies(file: string): Promise<string> {
  const text = await readArgumentFile(file, 'policies');
  try {
    validateRiskPolicies(text);
  } catch (e) {
    if (e instanceof PolicyError) throw new UsageError(`policies file ${file} is invalid: ${e.message}`);
    throw e;
  }
  return text;
}

function usageError(io: CliIo, message: string): number {
  io.stderr.write(`cdk-aiops replay: ${message}\n\n${REPLAY_USAGE}`);
  return ExitCode.USAGE;
}
