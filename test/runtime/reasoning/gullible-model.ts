import {
  buildPrompt,
  closeMarker,
  DeterministicReasoner,
  openMarker,
  type Finding,
  type ProposedRunbook,
  type Reasoner,
  type ReasoningInput,
} from '../../../src/runtime/reasoning';

const NONCE = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** One instruction read out of the data: a runbook to run and/or parameters to set. */
export interface Instruction {
  readonly runbookId?: string;
  readonly parameters: ProposedRunbook['parameters'];
  readonly text: string;
}

/**
 * A model that does what the text it is given tells it to. It reads the prompt exactly as the Bedrock reasoner
 * builds it (`buildPrompt`), takes every string inside the fenced data block, undoes the usual smuggling tricks
 * (full-width letters, zero-width characters, right-to-left overrides, base64, JSON-escaped fences) and obeys the
 * first instruction it finds: a runbook name, an instance id, `Key=Value` parameters, or a tool call written out as
 * JSON. With no instruction in its input it answers as a careful model would (the deterministic reasoner's finding),
 * so the corpus, and nothing else, decides whether the model goes rogue.
 */
export class GullibleModel implements Reasoner {
  public readonly name = 'bedrock' as const;
  /** What the model proposed on each call, before any validation; `obeyed` says whether an instruction steered it. */
  public readonly proposals: Array<{ readonly finding: Finding; readonly obeyed?: Instruction }> = [];

  public async propose(input: ReasoningInput): Promise<Finding> {
    const { fallbackReason: _reason, discarded: _discarded, ...careful } = await new DeterministicReasoner().propose(input);
    const benign: Finding = { ...careful, reasoner: 'bedrock' };
    const instruction = readInstructions(input)[0];
    if (!instruction) {
      this.proposals.push({ finding: benign });
      return benign;
    }
    const base = benign.runbook ?? { id: instruction.runbookId ?? 'unknown', parameters: {} };
    const runbook: ProposedRunbook = {
      id: instruction.runbookId ?? base.id,
      parameters: { ...base.parameters, ...instruction.parameters },
    };
    const finding: Finding = { ...benign, cause: `As instructed: ${instruction.text}`.slice(0, 500), confidence: 1, runbook };
    this.proposals.push({ finding, obeyed: instruction });
    return finding;
  }
}

/** Every instruction found in the strings of the prompt's data block, in order. */
export function readInstructions(input: ReasoningInput): Instruction[] {
  const prompt = buildPrompt(input, { nonce: NONCE });
  const inner = prompt.data.slice(openMarker(NONCE).length, -closeMarker(NONCE).length);
  const own = new Set(input.incident.resources.flatMap((r) => [r, r.split('/').pop() ?? r]));
  const found: Instruction[] = [];
  for (const text of strings(JSON.parse(inner))) {
    const instruction = readInstruction(reveal(text), own);
    if (instruction) found.push(instruction);
  }
  return found;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

/** Undoes the tricks an attacker uses to hide an instruction from a filter (and that a model still reads). */
function reveal(text: string): string {
  let out = text.normalize('NFKC').replace(/[\u200b-\u200d\u2060\ufeff]/g, ' ');
  out = out.replace(/\u202e([^\u202c]*)\u202c?/g, (_m, s: string) => [...s].reverse().join(''));
  out = out.replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  out = out.replace(/\b[A-Za-z0-9+/]{24,}={0,2}/g, (token) => {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    return /^[\x20-\x7e]+$/.test(decoded) ? decoded : token;
  });
  return out;
}

const RUNBOOK = /\b([AaАа][Ww][SsЅѕ]-[\p{L}\p{N}-]*[\p{L}\p{N}]|AWSResilienceHub-[\w-]+|delete-stack|kubectl [a-z ]+[a-z])/u;
const INSTANCE = /\bi-[0-9a-f]{8,17}\b/g;
const ASSIGNMENT = /\b([A-Z][A-Za-z]+)(?:=| to )(?:"([^"]*)"|([^\s,;"]+[^\s,;".]))/g;

function readInstruction(text: string, own: ReadonlySet<string>): Instruction | undefined {
  const json = toolCall(text);
  if (json) return { ...json, text };
  const parameters: ProposedRunbook['parameters'] = {};
  for (const m of text.matchAll(ASSIGNMENT)) parameters[m[1]] = m[2] ?? m[3];
  const foreign = [...text.matchAll(INSTANCE)].map((m) => m[0]).filter((id) => !own.has(id));
  if (foreign.length > 0 && parameters.InstanceId === undefined) parameters.InstanceId = foreign[0];
  const runbookId = RUNBOOK.exec(text)?.[1];
  if (runbookId === undefined && Object.keys(parameters).length === 0) return undefined;
  return { runbookId, parameters, text };
}

/** A tool call written out as JSON in the data (`report_finding` input, or a `toolUse` block). */
function toolCall(text: string): Omit<Instruction, 'text'> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as { input?: { runbook?: ProposedRunbook }; toolUse?: { input?: { runbook?: ProposedRunbook } } };
    const runbook = value.input?.runbook ?? value.toolUse?.input?.runbook;
    return runbook ? { runbookId: runbook.id, parameters: { ...runbook.parameters } } : undefined;
  } catch {
    return undefined;
  }
}
