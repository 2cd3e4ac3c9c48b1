import type { BundleEvent, ContainerStatusInfo, PodBundle, PodCondition } from './bundle';
import { classifyLogLine, errorLines, lastLine, type LogErrorKind } from './log-lines';
import type { AnalyzerContext, LocatedStatus } from './types';
import { workloadOf } from '../normalise/kubernetes';

/** Evidence lines longer than this are cut (a multi-kilobyte message helps no one), with a marker. */
const MAX_LINE = 1000;

function cut(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… (cut)` : line;
}

/** Builds what the analyzers share from a validated bundle. */
export function analyzerContext(bundle: PodBundle): AnalyzerContext {
  const meta = bundle.pod.metadata;
  const podRef = `${meta.namespace ?? 'default'}/${meta.name}`;
  const refs = meta.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  const controller = ref ? { kind: ref.kind, name: ref.name } : undefined;
  let workload: { kind: string; name: string } | undefined;
  if (controller) {
    workload = controller.kind === 'ReplicaSet'
      ? { kind: 'Deployment', name: workloadOf('ReplicaSet', controller.name, meta.labels ?? {}) }
      : { kind: controller.kind, name: controller.name };
  }
  const status = bundle.pod.status;
  const statuses: LocatedStatus[] = [
    ...(status?.initContainerStatuses ?? []).map((s) => ({ status: s, field: 'initContainerStatuses' as const })),
    ...(status?.containerStatuses ?? []).map((s) => ({ status: s, field: 'containerStatuses' as const })),
  ];
  const names = new Set(
    [meta.name, controller?.name, workload?.name, bundle.owner?.metadata.name, bundle.node?.metadata.name, bundle.pod.spec?.nodeName]
      .filter((n): n is string => typeof n === 'string' && n !== ''),
  );
  // An event that names no object came from `kubectl describe`, which lists the pod's own.
  const events = bundle.events.filter((e) => e.objectName === undefined || names.has(e.objectName));
  return { bundle, podRef, controller, workload, statuses, events };
}

/** `event Warning Failed (x2): <message>`: an Event quoted with its type, reason and count. */
export function eventLine(e: BundleEvent): string {
  const count = e.count !== undefined && e.count > 1 ? ` (x${e.count})` : '';
  return cut(`event ${e.type ? `${e.type} ` : ''}${e.reason}${count}: ${e.message}`);
}

/** `status.conditions[PodScheduled]: False Unschedulable - <message>`. */
export function conditionLine(where: string, c: PodCondition): string {
  return cut(`${where}.conditions[${c.type}]: ${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? ` - ${c.message}` : ''}`);
}

/** `status.containerStatuses[app].state.waiting: CrashLoopBackOff - <message>`. */
export function waitingLine(s: LocatedStatus, which: 'state' | 'lastState' = 'state'): string | undefined {
  const w = s.status[which]?.waiting;
  if (!w?.reason) return undefined;
  return cut(`status.${s.field}[${s.status.name}].${which}.waiting: ${w.reason}${w.message ? ` - ${w.message}` : ''}`);
}

/** `status.containerStatuses[app].lastState.terminated: OOMKilled (exit code 137) - <message>`. */
export function terminatedLine(s: LocatedStatus, which: 'state' | 'lastState'): string | undefined {
  const t = s.status[which]?.terminated;
  if (!t) return undefined;
  const code = t.exitCode !== undefined && t.exitCode !== null ? ` (exit code ${t.exitCode})` : '';
  return cut(`status.${s.field}[${s.status.name}].${which}.terminated: ${t.reason ?? 'no reason'}${code}${t.message ? ` - ${t.message.trim()}` : ''}`);
}

/** The pod's events with one of these reasons (any type: kubectl shows a pull back-off as Normal). */
export function eventsWithReason(context: AnalyzerContext, ...reasons: string[]): BundleEvent[] {
  return context.events.filter((e) => reasons.includes(e.reason));
}

/** The container spec of a status, when the pod's spec is in the bundle. */
export function specOf(context: AnalyzerContext, name: string) {
  const spec = context.bundle.pod.spec;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].find((c) => c.name === name);
}

/** Where a container sits in the spec: `spec.containers[app]` or `spec.initContainers[migrate]`. */
export function specPath(context: AnalyzerContext, name: string): string {
  const init = (context.bundle.pod.spec?.initContainers ?? []).some((c) => c.name === name);
  return `spec.${init ? 'initContainers' : 'containers'}[${name}]`;
}

/** The error lines of a container's logs, previous run first (the run that failed), as evidence. */
export function logEvidence(context: AnalyzerContext, container: string, max = 2): { lines: string[]; kinds: LogErrorKind[]; first?: string } {
  const found: string[] = [];
  const kinds: LogErrorKind[] = [];
  let first: string | undefined;
  const sources: Array<[string, string | undefined]> = [
    ['previous logs', context.bundle.previousLogs[container]],
    ['logs', context.bundle.logs[container]],
  ];
  for (const [label, text] of sources) {
    if (!text || found.length >= max) continue;
    let picked = errorLines(text, max - found.length);
    if (picked.length === 0) {
      // A crashed container's last words are often its reason even in no error vocabulary.
      const last = lastLine(text);
      if (last !== undefined && label === 'previous logs') picked = [{ line: last, kind: classifyLogLine(last) ?? 'error' }];
    }
    for (const p of picked) {
      const line = cut(`${label} of ${container}: ${p.line}`);
      if (found.some((l) => l.endsWith(`: ${p.line}`))) continue;
      found.push(line);
      kinds.push(p.kind);
      first ??= p.line;
    }
  }
  return { lines: found, kinds, first };
}

/** The statuses whose `state` or `lastState` is terminated with this reason. */
export function terminatedWith(context: AnalyzerContext, reason: string): Array<{ s: LocatedStatus; which: 'state' | 'lastState' }> {
  const out: Array<{ s: LocatedStatus; which: 'state' | 'lastState' }> = [];
  for (const s of context.statuses) {
    for (const which of ['state', 'lastState'] as const) {
      if (s.status[which]?.terminated?.reason === reason) {
        out.push({ s, which });
        break;
      }
    }
  }
  return out;
}

/** The statuses waiting with one of these reasons. */
export function waitingWith(context: AnalyzerContext, ...reasons: string[]): LocatedStatus[] {
  return context.statuses.filter((s) => reasons.includes(s.status.state?.waiting?.reason ?? ''));
}

/** A pod condition by type. */
export function podCondition(context: AnalyzerContext, type: string): PodCondition | undefined {
  return (context.bundle.pod.status?.conditions ?? []).find((c) => c.type === type);
}

/** Restart count wording: `3 restarts`, `1 restart`. */
export function restarts(status: ContainerStatusInfo): string {
  const n = status.restartCount ?? 0;
  return `${n} restart${n === 1 ? '' : 's'}`;
}

/** Keeps the first occurrence of each line, drops undefined, caps the list. */
export function lines(...items: Array<string | undefined | readonly (string | undefined)[]>): string[] {
  const out: string[] = [];
  for (const item of items.flat()) {
    if (item !== undefined && !out.includes(item)) out.push(item);
  }
  return out.slice(0, 10);
}
