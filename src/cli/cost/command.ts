import { parseArgs } from 'node:util';
import { estimateCost, modelPrice, PRICES_NOTE, type CostReport } from '../../runtime/cost';
import { type CliIo } from '../io';
import { ExitCode, oneOf, UsageError, usageErrorFromParseArgs } from '../usage';
import { readCloudAssembly, type AssemblyStack } from './assembly';
import { formatCostTable } from './format-table';

/** One line for the top-level help. */
export const COST_SUMMARY = 'Estimate what a synthesised app costs a month at idle, and per incident';

/** `cdk-aiops cost --help`. */
export const COST_USAGE = `Usage: cdk-aiops cost CDK_OUT_DIR [--format json|table] [--model MODEL_ID]
                      [--incidents-per-month N]

${COST_SUMMARY}, from a price table
(${PRICES_NOTE}).

Idle: every resource of every stack of the cloud assembly (manifest.json's stacks, stages and
nested stacks) priced for a month with no incident. Per incident: the reasoning model's tokens,
the workflow's state transitions on its longest path, Lambda time, events, requests and reads.
Every assumption is printed with the result; resource types the table does not know are listed
as not priced, never counted as $0.

Arguments:
  CDK_OUT_DIR                 the cloud assembly 'npx cdk synth' wrote (cdk.out)

Options:
  -f, --format <fmt>          json (default): every resource, item, price source and assumption
                              table: a summary for people
  -m, --model <id>            price the tokens at this Bedrock model or inference profile id
                              instead of the one the reasoning agent is configured with
  -n, --incidents-per-month <N>
                              incidents a month for the monthly total (default 30)
  -h, --help                  show this help

Exit status: 0 when the estimate ran (not-priced resources included), 2 on a usage error.
`;

const FORMATS = ['json', 'table'] as const;
type Format = typeof FORMATS[number];

interface CostArgs {
  readonly dir: string;
  readonly format: Format;
  readonly modelId?: string;
  readonly incidentsPerMonth?: number;
}

/** The estimate, with the template file each stack came from. */
export interface CostCommandResult extends CostReport {
  readonly assembly: { readonly directory: string; readonly templates: ReadonlyArray<{ readonly stack: string; readonly file: string }> };
}

/**
 * `cdk-aiops cost`: read the cloud assembly → price it → print.
 * Returns the exit status; writes the estimate to `io.stdout` and usage errors to `io.stderr`.
 */
export async function runCostCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed: CostArgs | 'help';
  let stacks: AssemblyStack[];
  try {
    parsed = parseCostArgs(args);
    if (parsed === 'help') {
      io.stdout.write(COST_USAGE);
      return ExitCode.OK;
    }
    stacks = await readCloudAssembly(parsed.dir);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`cdk-aiops cost: ${e.message}\n\n${COST_USAGE}`);
      return ExitCode.USAGE;
    }
    throw e;
  }
  const report = estimateCost(stacks, { modelId: parsed.modelId, incidentsPerMonth: parsed.incidentsPerMonth });
  const result: CostCommandResult = {
    assembly: { directory: parsed.dir, templates: stacks.map((s) => ({ stack: s.stackName, file: s.file })) },
    ...report,
  };
  io.stdout.write(parsed.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatCostTable(report, parsed.dir));
  return ExitCode.OK;
}

function parseCostArgs(args: readonly string[]): CostArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        'format': { type: 'string', short: 'f' },
        'model': { type: 'string', short: 'm' },
        'incidents-per-month': { type: 'string', short: 'n' },
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
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'no CDK_OUT_DIR: give the directory \'npx cdk synth\' wrote (cdk.out)' : `one CDK_OUT_DIR only, got ${positionals.length}`);
  }
  const format = oneOf('format', values.format, FORMATS, 'json');
  const modelId = values.model;
  if (modelId !== undefined && !modelPrice(modelId)) {
    throw new UsageError(`--model ${modelId} is not in the Bedrock price table (Claude Haiku, Sonnet and Opus, Amazon Nova)`);
  }
  const text = values['incidents-per-month'];
  const incidentsPerMonth = text === undefined ? undefined : Number(text);
  if (incidentsPerMonth !== undefined && !(text!.trim() !== '' && Number.isFinite(incidentsPerMonth) && incidentsPerMonth >= 0)) {
    throw new UsageError(`--incidents-per-month must be a number of incidents, 0 or more, got '${text}'`);
  }
  return { dir: positionals[0], format, modelId, incidentsPerMonth };
}
