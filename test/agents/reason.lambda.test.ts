import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { AwsStub } from 'aws-sdk-client-mock';
import { mockClient } from 'aws-sdk-client-mock';
import { AgentEnv } from '../../src/agents/constants';
import type * as ReasonLambda from '../../src/agents/reason.lambda';
import { ReasoningOutcomeSchema } from '../../src/runtime/agents/steps';
import { alarm, bundle, EC2, incident } from '../runtime/reasoning/helpers';

/* eslint-disable @typescript-eslint/no-require-imports */
const NOW = new Date('2026-03-10T02:00:00.000Z');
const TABLE = 'hub-incidents';
const savedEnv = { ...process.env };

let bedrock: AwsStub<any, any, any>;
let dynamo: AwsStub<any, any, any>;
let Commands: { Converse: any; Get: any };

/** The tokens the ledger items hold, by partition key. */
let ledgerItems: Record<string, number>;

function loadHandler(): typeof ReasonLambda.handler {
  let mod: typeof ReasonLambda | undefined;
  jest.isolateModules(() => {
    const br = require('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');
    const lib = require('@aws-sdk/lib-dynamodb') as typeof import('@aws-sdk/lib-dynamodb');
    bedrock = mockClient(br.BedrockRuntimeClient);
    dynamo = mockClient(lib.DynamoDBDocumentClient);
    dynamo.on(lib.GetCommand).callsFake((input: { Key: { pk: string } }) => (
      ledgerItems[input.Key.pk] === undefined ? {} : { Item: { tokens: ledgerItems[input.Key.pk] } }
    ));
    Commands = { Converse: br.ConverseCommand, Get: lib.GetCommand };
    mod = require('../../src/agents/reason.lambda');
  });
  return mod!.handler;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** A Converse answer that calls report_finding, shaped as the Bedrock Runtime API returns it. */
function toolResponse(toolInput: unknown): ConverseCommandOutput {
  return {
    $metadata: {},
    output: { message: { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'report_finding', input: toolInput as never } }] } },
    stopReason: 'tool_use',
    usage: { inputTokens: 1200, outputTokens: 90, totalTokens: 1290 },
    metrics: { latencyMs: 800 },
  };
}

const cpu = alarm(EC2, 'CPUUtilization');
const event = () => ({
  incident: { ...incident([cpu]), samples: [cpu] },
  telemetry: bundle([{ ref: `metrics:CPUUtilization:${EC2.id}`, summary: 'CPU at 99% since 01:40' }]),
  knowledge: { snippets: [], reason: 'no knowledge base configured' },
});

beforeEach(() => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  ledgerItems = {};
  process.env = {
    ...savedEnv,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    [AgentEnv.TABLE_NAME]: TABLE,
    [AgentEnv.MODEL_ID]: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
    [AgentEnv.MODEL_TEMPERATURE]: '0.2',
    [AgentEnv.INCIDENT_TOKEN_BUDGET]: '50000',
    [AgentEnv.MONTHLY_TOKEN_CAP]: '100000',
  };
});

afterEach(() => {
  jest.useRealTimers();
  process.env = { ...savedEnv };
  bedrock?.restore();
  dynamo?.restore();
});

describe('reasoning handler', () => {
  test('GIVEN the model answers THEN its validated finding comes back with the tokens owed, and nothing is written', async () => {
    // GIVEN
    const handler = loadHandler();
    bedrock.on(Commands.Converse).resolves(toolResponse({
      cause: 'A runaway process pins the CPU at 99%',
      evidence: [`metrics:CPUUtilization:${EC2.id}`, 'metrics:made-up'],
      confidence: 0.72,
      runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } },
    }));
    // WHEN
    const out = await handler(event());
    // THEN
    expect(ReasoningOutcomeSchema.parse(out)).toEqual(out);
    expect(out.finding).toEqual(expect.objectContaining({
      reasoner: 'bedrock',
      cause: 'A runaway process pins the CPU at 99%',
      evidence: [`metrics:CPUUtilization:${EC2.id}`],
      runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } },
      usage: { inputTokens: 1200, outputTokens: 90 },
    }));
    expect(out.tokenUsage).toEqual({ month: '2026-03', tokens: 1290 });
    // The configured model, at the configured temperature.
    expect(bedrock.calls()[0].args[0].input).toEqual(expect.objectContaining({
      modelId: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
      inferenceConfig: expect.objectContaining({ temperature: 0.2 }),
    }));
    // The ledger was read (month and incident counters) and never written.
    expect(dynamo.calls().map((c) => c.args[0].constructor.name)).toEqual(['GetCommand', 'GetCommand']);
    expect(dynamo.calls().map((c) => c.args[0].input.Key.pk).sort()).toEqual(['INC#inc-1', 'TOKENS#2026-03']);
  });

  test('GIVEN Bedrock throttles THEN the deterministic reasoner answers and no tokens are owed', async () => {
    const handler = loadHandler();
    bedrock.on(Commands.Converse).rejects(Object.assign(new Error('Too many requests, please wait before trying again.'), {
      name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 429 },
    }));
    const out = await handler(event());
    expect(out.finding).toEqual(expect.objectContaining({
      reasoner: 'deterministic',
      fallbackReason: 'unavailable: ThrottlingException',
      runbook: { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } },
    }));
    expect(out.tokenUsage).toBeUndefined();
  });

  test('GIVEN the month is spent THEN the model is not asked', async () => {
    ledgerItems['TOKENS#2026-03'] = 99_000;
    const handler = loadHandler();
    const out = await handler(event());
    expect(bedrock.calls()).toHaveLength(0);
    expect(out.finding.reasoner).toBe('deterministic');
    expect(out.finding.fallbackReason).toMatch(/^budget: monthly token budget for 2026-03: 99000 used/);
  });

  test('GIVEN reasoning is switched off THEN neither Bedrock nor the ledger is called', async () => {
    process.env[AgentEnv.REASONING_ENABLED] = 'false';
    const handler = loadHandler();
    const out = await handler(event());
    expect(out.finding.fallbackReason).toBe('disabled: model reasoning is switched off');
    expect(bedrock.calls()).toHaveLength(0);
    expect(dynamo.calls()).toHaveLength(0);
  });

  test('GIVEN a bad configuration THEN the cold start fails naming it', async () => {
    process.env[AgentEnv.MODEL_TEMPERATURE] = '7';
    const handler = loadHandler();
    await expect(handler(event())).rejects.toThrow(/AIOPS_MODEL_TEMPERATURE must be between 0 and 1/);
  });
});
