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

/** US dollars, with cents, or more digits for amounts under a cent. */
export function usd(amount: number): string {
  if (amount === 0) return '$0';
  if (Math.abs(amount) >= 0.01) return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  // Two significant digits, never in exponent form: $0.0026, $0.0000133.
  const decimals = Math.min(12, 1 - Math.floor(Math.log10(Math.abs(amount))));
  return `$${Number(amount.toFixed(decimals)).toFixed(decimals).replace(/0+$/, '')}`;
}

/** A list price as published, every digit kept: $0.025, $0.0000133334. */
export function unitPrice(amount: number): string {
  return `$${amount}`;
}

/** A count for prose: 8,640; 21.4; 0.5. */
export function count(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 1 });
}
