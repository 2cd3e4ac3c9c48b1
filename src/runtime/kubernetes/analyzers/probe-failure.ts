import { eventLine, lines } from '../context';
import type { Analyzer } from '../types';

const PROBE = /^(Liveness|Readiness|Startup) probe (failed|errored)/;

/** A liveness, readiness or startup probe keeps failing: the container is restarted or taken out of rotation. */
export const probeFailure: Analyzer = (context) => {
  const unhealthy = context.events.filter((e) => e.reason === 'Unhealthy' && PROBE.test(e.message));
  const killing = context.events.filter((e) => e.reason === 'Killing' && /failed (liveness|startup) probe/.test(e.message));
  if (unhealthy.length === 0 && killing.length === 0) return undefined;
  const probe = PROBE.exec(unhealthy[0]?.message ?? '')?.[1] ?? 'Liveness';
  const output = unhealthy[0]?.message.replace(PROBE, '').replace(/^:\s*/, '').trim();
  const container = /Container (\S+) failed/.exec(killing[0]?.message ?? '')?.[1]
    ?? context.statuses.find((s) => s.status.ready === false)?.status.name;
  const notReady = context.statuses.filter((s) => s.status.ready === false).map((s) => `status.${s.field}[${s.status.name}].ready: false`);
  return {
    category: 'ProbeFailure',
    container,
    evidence: lines(unhealthy.map(eventLine), killing.map(eventLine), notReady),
    summary: `The ${probe.toLowerCase()} probe of container ${container ?? '(unknown)'} fails${output ? `: ${output}` : ' (the probe printed nothing)'}; ${probe === 'Readiness' ? 'the pod gets no traffic' : 'the kubelet restarts the container'} until it passes.`,
  };
};
