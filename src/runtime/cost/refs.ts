import type { CfnResource, ResourceLookup } from './types';

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` value points at, or undefined for anything else. */
export function referencedId(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return v.Ref;
  const att = v['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  if (typeof att === 'string') return att.split('.')[0];
  return undefined;
}

/** The function a value references, when it is a Lambda function of the same template. */
export function referencedFunction(value: unknown, lookup: ResourceLookup): { id: string; fn: CfnResource } | undefined {
  const id = referencedId(value);
  const fn = id === undefined ? undefined : lookup(id);
  return id !== undefined && fn?.Type === 'AWS::Lambda::Function' ? { id, fn } : undefined;
}

/** Memory (GB), architecture and timeout of a Lambda function, with CloudFormation's defaults. */
export function lambdaShape(fn: CfnResource): { gb: number; arm64: boolean; timeoutSeconds: number } {
  const p = fn.Properties ?? {};
  const memory = typeof p.MemorySize === 'number' ? p.MemorySize : 128;
  const timeout = typeof p.Timeout === 'number' ? p.Timeout : 3;
  const arm64 = Array.isArray(p.Architectures) && p.Architectures.includes('arm64');
  return { gb: memory / 1024, arm64, timeoutSeconds: timeout };
}

/** US dollars: cents from a dollar up, two significant digits below ($0.26, $0.013, $0.00042), never in exponent form. */
export function usd(amount: number): string {
  if (amount === 0) return '$0';
  if (Math.abs(amount) >= 1) return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const decimals = Math.min(12, Math.max(2, 1 - Math.floor(Math.log10(Math.abs(amount)))));
  const text = amount.toFixed(decimals);
  // Keep cents ($0.10), drop zeros past them ($0.0050 → $0.005).
  return `$${text.replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

/** A list price as published, every digit kept: $0.025, $0.0000133334. */
export function unitPrice(amount: number): string {
  return amount >= 0.01 && Number.isInteger(amount * 100) ? `$${amount.toFixed(2)}` : `$${amount}`;
}

/** A count for prose: 8,640; 21.4; 0.5. */
export function count(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 1 });
}
