import { randomBytes } from 'crypto';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  type ToolInputSchema,
  type ToolSpecification,
} from '@aws-sdk/client-bedrock-runtime';
import { AgentDefaults, DEFAULT_REASONING_MODEL_ID } from '../../contract/defaults';
import {
  buildPrompt,
  estimatePromptTokens,
  InvalidModelOutputError,
  ProposalSchema,
  REPORT_FINDING_TOOL_NAME,
  ReasonerUnavailableError,
  reportFindingTool,
  type Finding,
  type ProposeOptions,
  type Reasoner,
  type ReasoningInput,
  type ReasoningPrompt,
  type TokenUsage,
} from '../../runtime/reasoning';

/** The contract's DEFAULT_REASONING_MODEL_ID: the model the construct grants (Claude Haiku 4.5, global profile). */
export const DEFAULT_BEDROCK_MODEL_ID = DEFAULT_REASONING_MODEL_ID;
export const DEFAULT_BEDROCK_TEMPERATURE = AgentDefaults.TEMPERATURE;
/** Most tokens the model may write: a finding is small. */
export const DEFAULT_BEDROCK_MAX_TOKENS = 1024;

/** Bedrock errors that mean "not now" rather than "never": they trigger the deterministic fallback. */
const UNAVAILABLE_ERRORS = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'ServiceQuotaExceededException',
  'InternalServerException',
  'AbortError',
  'TimeoutError',
  'Timeout',
  'RequestTimeout',
  'RequestTimeoutException',
]);

export interface BedrockReasonerProps {
  /** @default a BedrockRuntimeClient for the Lambda's Region */
  readonly client?: BedrockRuntimeClient;
  /** Model or inference profile id. @default DEFAULT_BEDROCK_MODEL_ID */
  readonly modelId?: string;
  /** @default 0.1 */
  readonly temperature?: number;
  /** @default 1024 */
  readonly maxTokens?: number;
  /** Draws the per-call fence nonce. @default 16 random bytes as hex */
  readonly nonce?: () => string;
}

/** Maps an SDK error to ReasonerUnavailableError when it is transient; returns other errors unchanged. */
export function mapBedrockError(error: unknown): unknown {
  const name = (error as { name?: string })?.name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (UNAVAILABLE_ERRORS.has(name) || status === 429 || status === 503) {
    return new ReasonerUnavailableError(name || `HTTP ${status}`, `Bedrock is unavailable: ${name || status}`, { cause: error });
  }
  return error;
}

function usageOf(output: ConverseCommandOutput): TokenUsage | undefined {
  const usage = output.usage;
  if (!usage) return undefined;
  return { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 };
}

/**
 * The Reasoner on Amazon Bedrock: one Converse call with a single tool, `report_finding`, that the model is forced to
 * call (`toolChoice.tool`). Telemetry reaches the model only inside the fenced data block built by buildPrompt.
 * What it returns is shape-checked here and fully validated by reasonWithFallback.
 */
export class BedrockReasoner implements Reasoner {
  public readonly name = 'bedrock' as const;
  public readonly modelId: string;
  private readonly client: BedrockRuntimeClient;
  private readonly temperature: number;
  private readonly maxTokens: number;
  private readonly nonce: () => string;

  constructor(props: BedrockReasonerProps = {}) {
    this.client = props.client ?? new BedrockRuntimeClient({});
    this.modelId = props.modelId ?? DEFAULT_BEDROCK_MODEL_ID;
    this.temperature = props.temperature ?? DEFAULT_BEDROCK_TEMPERATURE;
    this.maxTokens = props.maxTokens ?? DEFAULT_BEDROCK_MAX_TOKENS;
    this.nonce = props.nonce ?? (() => randomBytes(16).toString('hex'));
    if (this.temperature < 0 || this.temperature > 1) throw new Error(`temperature must be between 0 and 1, got ${this.temperature}`);
    if (!Number.isInteger(this.maxTokens) || this.maxTokens < 1) throw new Error(`maxTokens must be a positive integer, got ${this.maxTokens}`);
  }

  /** The Converse request for a prompt (exposed for tests and for logging what was sent). */
  public converseInput(input: ReasoningInput, prompt: ReasoningPrompt): ConverseCommandInput {
    const tool = reportFindingTool(input.candidates);
    const toolSpec: ToolSpecification = {
      name: tool.name,
      description: tool.description,
      inputSchema: { json: tool.inputSchema.json as ToolInputSchema.JsonMember['json'] },
    };
    return {
      modelId: this.modelId,
      system: [{ text: prompt.system }],
      messages: [{ role: 'user', content: [{ text: prompt.instruction }, { text: prompt.data }] }],
      toolConfig: {
        tools: [{ toolSpec }],
        toolChoice: { tool: { name: REPORT_FINDING_TOOL_NAME } },
      },
      inferenceConfig: { temperature: this.temperature, maxTokens: this.maxTokens },
    };
  }

  public estimateTokens(input: ReasoningInput): number {
    const prompt = buildPrompt(input, { nonce: '0'.repeat(32) });
    return estimatePromptTokens(prompt, input.candidates) + this.maxTokens;
  }

  public async propose(input: ReasoningInput, options: ProposeOptions = {}): Promise<Finding> {
    const prompt = buildPrompt(input, { nonce: this.nonce() });
    let output: ConverseCommandOutput;
    try {
      output = await this.client.send(new ConverseCommand(this.converseInput(input, prompt)), { abortSignal: options.abortSignal });
    } catch (error) {
      throw mapBedrockError(error);
    }
    const usage = usageOf(output);
    const toolUse = (output.output?.message?.content ?? [])
      .map((block) => block.toolUse)
      .find((t) => t?.name === REPORT_FINDING_TOOL_NAME);
    if (!toolUse) throw new InvalidModelOutputError(`the model did not call ${REPORT_FINDING_TOOL_NAME} (stopReason ${output.stopReason ?? 'unknown'})`, usage);

    let toolInput: unknown = toolUse.input;
    if (typeof toolInput === 'string') {
      try {
        toolInput = JSON.parse(toolInput);
      } catch {
        throw new InvalidModelOutputError(`${REPORT_FINDING_TOOL_NAME} input is not valid JSON`, usage);
      }
    }
    const proposal = ProposalSchema.safeParse(toolInput);
    if (!proposal.success) {
      const detail = proposal.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new InvalidModelOutputError(`${REPORT_FINDING_TOOL_NAME} input does not fit the finding schema: ${detail}`, usage);
    }
    const { runbook, ...rest } = proposal.data;
    return {
      ...rest,
      ...(runbook ? { runbook } : {}),
      reasoner: 'bedrock',
      ...(usage ? { usage } : {}),
    };
  }
}
