import { Token } from 'aws-cdk-lib';

/**
 * A cheap syntactic check of one Cedar policy set: it has a `permit` or `forbid`, balanced brackets, and ends with `;`.
 * The Cedar schema validation runs in the risk function at its cold start (invalid policies fail every investigation
 * as an Agent Failure).
 */
export function checkPolicyShape(policy: string, index: number): void {
  if (Token.isUnresolved(policy)) return;
  const where = `risk.policies[${index}]`;
  const code = policy.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/[^\n]*/g, '');
  if (!/\b(permit|forbid)\s*\(/.test(code)) throw new Error(`${where} is not a Cedar policy: it has no permit (...) or forbid (...)`);
  if (!code.trim().endsWith(';')) throw new Error(`${where}: a Cedar policy ends with ';'`);
  const closing: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const ch of code) {
    if (ch === '(' || ch === '[' || ch === '{') stack.push(ch);
    else if (closing[ch] && stack.pop() !== closing[ch]) throw new Error(`${where}: unbalanced '${ch}'`);
  }
  if (stack.length > 0) throw new Error(`${where}: unclosed '${stack[stack.length - 1]}'`);
}
