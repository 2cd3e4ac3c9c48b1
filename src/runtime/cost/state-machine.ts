import { referencedFunction } from './refs';
import type { CfnResource, ResourceLookup } from './types';

/** A Lambda function a workflow invokes, and how many times on the path counted. */
export interface WorkflowInvocation {
  readonly functionId: string;
  readonly invocations: number;
}

/** One run of a state machine along its longest path. */
export interface WorkflowRun {
  /** Standard or Express. */
  readonly type: 'STANDARD' | 'EXPRESS';
  /** States entered: each is one billed transition of a Standard workflow (retries not counted). */
  readonly transitions: number;
  /** States on the path, in order; a loop's states once, with `loopIterations` saying how often they repeat. */
  readonly path: readonly string[];
  readonly invocations: readonly WorkflowInvocation[];
  /** States that loop (a runbook polled until it finishes), counted `loopIterations` times. */
  readonly loopStates: readonly string[];
}

interface State {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly Choices?: ReadonlyArray<{ readonly Next?: string }>;
  readonly Catch?: ReadonlyArray<{ readonly Next?: string }>;
  readonly Branches?: readonly Definition[];
  readonly ItemProcessor?: Definition;
  readonly Iterator?: Definition;
  readonly Resource?: unknown;
  readonly Parameters?: Record<string, unknown>;
  readonly Arguments?: Record<string, unknown>;
}
interface Definition {
  readonly StartAt: string;
  readonly States: Record<string, State>;
}

const REF = /__REF_(\d+)__/;

/**
 * Reads a state machine of a template and walks its longest path: the run that enters the most states, with every loop
 * (a runbook polled until it finishes) going round `loopIterations` times, each Parallel branch entered and each Map run
 * for one item. Undefined when the definition is not in the template (an S3 location) or does not parse.
 */
export function longestWorkflowRun(machine: CfnResource, lookup: ResourceLookup, loopIterations: number): WorkflowRun | undefined {
  const parsed = readDefinition(machine.Properties ?? {});
  if (!parsed) return undefined;
  const functionOf = (state: State): string | undefined => {
    const target = state.Resource;
    const name = typeof target === 'string' && /:states:::lambda:invoke/.test(target) ? (state.Parameters?.FunctionName ?? state.Arguments?.FunctionName) : target;
    // A token in a DefinitionString, or a reference left as an object in a Definition.
    const ref = typeof name === 'string' ? REF.exec(name) : null;
    return referencedFunction(ref ? parsed.refs[Number(ref[1])] : name, lookup)?.id;
  };
  const walk = walkDefinition(parsed.definition, functionOf, Math.max(1, loopIterations));
  const type = machine.Properties?.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
  const invocations = [...walk.invocations].map(([functionId, n]) => ({ functionId, invocations: n }));
  return { type, transitions: walk.weight, path: walk.path, invocations, loopStates: walk.loopStates };
}

/** The definition with every CloudFormation token replaced by `__REF_<i>__`, and the tokens. */
function readDefinition(props: Record<string, any>): { definition: Definition; refs: unknown[] } | undefined {
  const refs: unknown[] = [];
  let text: string | undefined;
  const source = props.DefinitionString ?? (props.Definition === undefined ? undefined : JSON.stringify(props.Definition));
  if (typeof source === 'string') {
    text = source;
  } else if (Array.isArray(source?.['Fn::Join']) && Array.isArray(source['Fn::Join'][1])) {
    const [separator, parts] = source['Fn::Join'] as [string, unknown[]];
    text = parts.map((part) => (typeof part === 'string' ? part : `__REF_${refs.push(part) - 1}__`)).join(separator ?? '');
  }
  if (text === undefined) return undefined;
  try {
    const definition = JSON.parse(text);
    return definition && typeof definition.StartAt === 'string' && definition.States ? { definition, refs } : undefined;
  } catch {
    return undefined;
  }
}

interface Walk {
  readonly weight: number;
  readonly path: string[];
  readonly invocations: Map<string, number>;
  readonly loopStates: string[];
}

function walkDefinition(definition: Definition, functionOf: (s: State) => string | undefined, loops: number): Walk {
  const names = Object.keys(definition.States);
  const edges = (name: string): string[] => {
    const s = definition.States[name];
    const next = [s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next), ...(s.Catch ?? []).map((c) => c.Next)];
    return [...new Set(next.filter((n): n is string => typeof n === 'string' && n in definition.States))];
  };
  const components = stronglyConnected(names, edges);
  const componentOf = new Map<string, number>();
  components.forEach((c, i) => c.forEach((n) => componentOf.set(n, i)));

  // One state's own weight: itself, plus its branches (Parallel) or its item processor (Map, one item).
  const stateWalk = (name: string): Walk => {
    const s = definition.States[name];
    const inner = [...(s.Branches ?? []), ...(s.ItemProcessor ? [s.ItemProcessor] : s.Iterator ? [s.Iterator] : [])]
      .map((d) => walkDefinition(d, functionOf, loops));
    const invocations = new Map<string, number>();
    const fn = s.Type === 'Task' ? functionOf(s) : undefined;
    if (fn) invocations.set(fn, 1);
    for (const w of inner) merge(invocations, w.invocations, 1);
    return {
      weight: 1 + inner.reduce((n, w) => n + w.weight, 0),
      path: [name, ...inner.flatMap((w) => w.path)],
      invocations,
      loopStates: inner.flatMap((w) => w.loopStates),
    };
  };

  // Longest path over the condensation (a DAG), memoised per component.
  const memo = new Map<number, Walk>();
  const best = (component: number): Walk => {
    const known = memo.get(component);
    if (known) return known;
    const members = components[component];
    const cyclic = members.length > 1 || edges(members[0]).includes(members[0]);
    const times = cyclic ? loops : 1;
    const own = members.map(stateWalk);
    const invocations = new Map<string, number>();
    for (const w of own) merge(invocations, w.invocations, times);
    let tail: Walk | undefined;
    for (const m of members) {
      for (const to of edges(m)) {
        const c = componentOf.get(to)!;
        if (c === component) continue;
        const candidate = best(c);
        if (!tail || candidate.weight > tail.weight) tail = candidate;
      }
    }
    const walk: Walk = {
      weight: times * own.reduce((n, w) => n + w.weight, 0) + (tail?.weight ?? 0),
      path: [...own.flatMap((w) => w.path), ...(tail?.path ?? [])],
      invocations: tail ? merge(invocations, tail.invocations, 1) : invocations,
      loopStates: [...(cyclic ? members : []), ...own.flatMap((w) => w.loopStates), ...(tail?.loopStates ?? [])],
    };
    memo.set(component, walk);
    return walk;
  };
  if (!(definition.StartAt in definition.States)) return { weight: 0, path: [], invocations: new Map(), loopStates: [] };
  return best(componentOf.get(definition.StartAt)!);
}

function merge(into: Map<string, number>, from: ReadonlyMap<string, number>, times: number): Map<string, number> {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n * times);
  return into;
}

/** Tarjan's strongly connected components, iteratively (a definition may be long). */
function stronglyConnected(nodes: readonly string[], edges: (n: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: string[]; i: number }> = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: edges(node), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.next.length) {
        const to = frame.next[frame.i++];
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== frame.node);
        result.push(component.reverse());
      }
    }
  }
  return result;
}
