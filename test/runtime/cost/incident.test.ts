import { DEFAULT_BEDROCK_MAX_TOKENS } from '../../../src/adapters/bedrock/bedrock-reasoner';
import { AgentEnv, DEFAULT_REASONING_MODEL_ID } from '../../../src/contract';
import {
  DEFAULT_INCIDENT_ASSUMPTIONS, DEFAULT_OUTPUT_TOKENS, estimateCost, modelPrice, priceIncident, type CfnTemplate,
} from '../../../src/runtime/cost';

const reasoning = (variables: Record<string, unknown>): CfnTemplate => ({
  Resources: {
    Reason: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 512, Architectures: ['arm64'], Environment: { Variables: variables } } },
    Telemetry: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { [AgentEnv.TELEMETRY_TOKEN_BUDGET]: '1500' } } } },
  },
});

describe('Bedrock model prices', () => {
  test('the default model is priced; Claude 4.5 costs 10 % more through a geographic profile; Nova and unknown ids', () => {
    expect(modelPrice(DEFAULT_REASONING_MODEL_ID)).toMatchObject({ model: 'Claude Haiku 4.5', inputUsdPerMillionTokens: 1, outputUsdPerMillionTokens: 5 });
    expect(modelPrice('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toMatchObject({ inputUsdPerMillionTokens: 3.3, outputUsdPerMillionTokens: 16.5 });
    expect(modelPrice('us.anthropic.claude-3-5-haiku-20241022-v1:0')).toMatchObject({ inputUsdPerMillionTokens: 0.8, outputUsdPerMillionTokens: 4 });
    expect(modelPrice('amazon.nova-lite-v1:0')?.model).toBe('Amazon Nova Lite');
    expect(modelPrice('meta.llama3-70b-instruct-v1:0')).toBeUndefined();
  });

  test('the output tokens assumed are the Bedrock reasoner\'s maxTokens', () => {
    expect(DEFAULT_OUTPUT_TOKENS).toBe(DEFAULT_BEDROCK_MAX_TOKENS);
  });
});

describe('priceIncident', () => {
  const a = DEFAULT_INCIDENT_ASSUMPTIONS;

  test('tokens in: the telemetry budget of the template plus the prompt; out: maxTokens; with the budget ceilings', () => {
    const [tokens] = priceIncident('S', reasoning({ [AgentEnv.MODEL_ID]: DEFAULT_REASONING_MODEL_ID, [AgentEnv.INCIDENT_TOKEN_BUDGET]: '20000', [AgentEnv.MONTHLY_TOKEN_CAP]: '1000000' }), a);
    expect(tokens.item).toBe('Bedrock tokens');
    expect(tokens.usd).toBeCloseTo(((1500 + a.promptOverheadTokens) * 1 + a.outputTokens * 5) / 1e6, 12);
    expect(tokens.basis).toContain('at most $0.10 an incident (budget 20,000 tokens) and $5.00 a month (cap 1,000,000 tokens)');
  });

  test('--model prices another model; switched off costs nothing; an unknown model is not priced', () => {
    const template = reasoning({ [AgentEnv.MODEL_ID]: DEFAULT_REASONING_MODEL_ID });
    const [sonnet] = priceIncident('S', template, a, 'global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(sonnet.usd).toBeCloseTo(((1500 + a.promptOverheadTokens) * 3 + a.outputTokens * 15) / 1e6, 12);
    const [off] = priceIncident('S', reasoning({ [AgentEnv.MODEL_ID]: DEFAULT_REASONING_MODEL_ID, [AgentEnv.REASONING_ENABLED]: 'false' }), a);
    expect(off.usd).toBe(0);
    const [unknown] = priceIncident('S', reasoning({ [AgentEnv.MODEL_ID]: 'meta.llama3-70b-instruct-v1:0' }), a);
    expect(unknown.usd).toBeUndefined();
  });

  test('the triage function runs once per event of the incident, at its memory', () => {
    const template: CfnTemplate = {
      Resources: {
        Q: { Type: 'AWS::SQS::Queue' },
        Triage: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024, Architectures: ['arm64'], Timeout: 30 } },
        Map: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Triage' }, EventSourceArn: { 'Fn::GetAtt': ['Q', 'Arn'] } } },
      },
    };
    const lambda = priceIncident('S', template, { ...a, eventsPerIncident: 10, lambdaSeconds: 3 }).find((i) => i.item === 'Lambda')!;
    expect(lambda.usd).toBeCloseTo(10 * 0.2 / 1e6 + 10 * 3 * 1 * 0.0000133334, 12);
  });

  test('the estimate adds the idle month and the incidents of the month', () => {
    const report = estimateCost([{ stackName: 'S', template: { Resources: { K: { Type: 'AWS::KMS::Key' }, ...reasoning({ [AgentEnv.MODEL_ID]: DEFAULT_REASONING_MODEL_ID }).Resources } } }], { incidentsPerMonth: 100 });
    expect(report.idleUsdPerMonth).toBe(1);
    expect(report.monthly.usd).toBeCloseTo(1 + 100 * report.perIncident.usd, 6);
    expect(report.notPriced).toEqual([]);
  });
});
