import { BuiltinRunbook, type Runbook } from './runbook';

/**
 * The runbooks a suite registers besides the built-ins: the given ones and their rollbacks (followed), each once,
 * validated together (duplicate ids, rollback cycles). Built-ins are left out (the runtime always has them).
 */
export function collectRunbooks(runbooks: readonly Runbook[]): Runbook[] {
  const builtinIds = new Set<string>(Object.values(BuiltinRunbook));
  const out: Runbook[] = [];
  const byId = new Map<string, Runbook>();
  const visit = (rb: Runbook, chain: string[]) => {
    if (chain.includes(rb.id)) throw new Error(`runbook '${chain[0]}': the rollback chain loops (${[...chain, rb.id].join(' → ')})`);
    if (rb.isBuiltin) return;
    if (builtinIds.has(rb.id)) throw new Error(`runbook '${rb.id}': the id is taken by a built-in runbook`);
    const seen = byId.get(rb.id);
    if (seen && seen !== rb) throw new Error(`runbook '${rb.id}' is declared twice (two runbooks with one id)`);
    if (!seen) {
      byId.set(rb.id, rb);
      out.push(rb);
    }
    const rollback = rb._rollback;
    if (rollback) visit(rollback, [...chain, rb.id]);
  };
  runbooks.forEach((rb) => visit(rb, []));
  return out;
}
