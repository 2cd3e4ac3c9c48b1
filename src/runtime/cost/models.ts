import { PRICES_CHECKED } from './prices';
import type { TokenPricing } from '../kpi';

/** Bedrock on-demand token prices of one model family, US dollars per million tokens. */
export interface ModelPrice extends TokenPricing {
  /** The family, as Bedrock's pricing page names it. */
  readonly model: string;
  readonly source: string;
  readonly checked: string;
}

/** A model id (or inference profile id) priced: the family's prices, and the premium of its profile when any. */
export interface ResolvedModelPrice extends ModelPrice {
  readonly modelId: string;
  /** Why the price differs from the family's base price (a geographic or in-Region profile), when it does. */
  readonly note?: string;
}

const SOURCE = 'https://aws.amazon.com/bedrock/pricing/';

function model(name: string, input: number, output: number): ModelPrice {
  return { model: name, inputUsdPerMillionTokens: input, outputUsdPerMillionTokens: output, source: SOURCE, checked: PRICES_CHECKED };
}

/**
 * Model families by the start of their Bedrock model id (after any inference profile prefix), most specific first.
 * Standard tier, on demand, us-east-1.
 */
export const MODEL_PRICES: ReadonlyArray<readonly [prefix: string, price: ModelPrice]> = [
  ['anthropic.claude-haiku-4-5', model('Claude Haiku 4.5', 1, 5)],
  ['anthropic.claude-sonnet-4-5', model('Claude Sonnet 4.5', 3, 15)],
  ['anthropic.claude-sonnet-4', model('Claude Sonnet 4', 3, 15)],
  ['anthropic.claude-opus-4-5', model('Claude Opus 4.5', 5, 25)],
  ['anthropic.claude-opus-4-1', model('Claude Opus 4.1', 15, 75)],
  ['anthropic.claude-opus-4', model('Claude Opus 4', 15, 75)],
  ['anthropic.claude-3-7-sonnet', model('Claude 3.7 Sonnet', 3, 15)],
  ['anthropic.claude-3-5-sonnet', model('Claude 3.5 Sonnet', 3, 15)],
  ['anthropic.claude-3-5-haiku', model('Claude 3.5 Haiku', 0.8, 4)],
  ['anthropic.claude-3-haiku', model('Claude 3 Haiku', 0.25, 1.25)],
  ['amazon.nova-micro', model('Amazon Nova Micro', 0.035, 0.14)],
  ['amazon.nova-lite', model('Amazon Nova Lite', 0.06, 0.24)],
  ['amazon.nova-pro', model('Amazon Nova Pro', 0.8, 3.2)],
  ['amazon.nova-premier', model('Amazon Nova Premier', 2.5, 12.5)],
];

/** Inference profile prefixes of model ids (`global.`, `us.`, `eu.`...). */
const PROFILE = /^(global|us|us-gov|eu|apac|jp|au|ca)\./;

/**
 * Claude 4.5 and later cost 10 % more through a geographic or in-Region profile than through the global one.
 * Older families cost the same everywhere.
 */
const GEO_PREMIUM_FAMILIES = ['anthropic.claude-haiku-4-5', 'anthropic.claude-sonnet-4-5', 'anthropic.claude-opus-4-5'];
const GEO_PREMIUM = 1.1;

/** The price of a Bedrock model id or inference profile id, or undefined when the family is not in the table. */
export function modelPrice(modelId: string): ResolvedModelPrice | undefined {
  const profile = PROFILE.exec(modelId)?.[1];
  const base = profile ? modelId.slice(profile.length + 1) : modelId;
  const found = MODEL_PRICES.find(([prefix]) => base.startsWith(prefix));
  if (!found) return undefined;
  const [prefix, price] = found;
  if (profile !== 'global' && GEO_PREMIUM_FAMILIES.includes(prefix)) {
    return {
      ...price,
      modelId,
      inputUsdPerMillionTokens: round(price.inputUsdPerMillionTokens * GEO_PREMIUM),
      outputUsdPerMillionTokens: round(price.outputUsdPerMillionTokens * GEO_PREMIUM),
      note: `${profile ? 'a geographic' : 'an in-Region'} endpoint costs 10 % more than the global profile`,
    };
  }
  return { ...price, modelId };
}

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
