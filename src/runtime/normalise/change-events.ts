import type { Severity, SignalState } from '../model';
import { firstTime, reject, type Envelope, type Outcome } from './common';
import { firstAccount, firstRegion } from './resource';

/*
 * Shared rules for change and automation events (SSM, Step Functions, CodeBuild, CodeDeploy, CodePipeline,
 * ECS, Auto Scaling). They are context for incidents: "what changed just before". So they are `info` with
 * severity `info`, including successes, which are never `resolved` (a successful deployment is the most useful
 * context there is, and triage reads `resolved` only as the end of a problem). Only a failed outcome fires,
 * with a `medium` or `low` severity set per source, and nothing auto-resolves it: the next failure of the same
 * definition joins the same fingerprint, and the incident closes by triage's own rules.
 */

/** State and severity of a change event: `firing` with the status's severity when it is a failure, else `info`. */
export function changeOutcome(status: string, failures: Readonly<Record<string, Severity>>): { state: SignalState; severity: Severity } {
  const severity = failures[status.toUpperCase()];
  return severity ? { state: 'firing', severity } : { state: 'info', severity: 'info' };
}

/** Envelope account, region and time for change events, which always come in an EventBridge envelope. */
export function changeContext(env: Envelope, what: string, ...fallbackTimes: unknown[]):
{ ok: true; account?: string; region?: string; time: string } | { ok: false; outcome: Outcome } {
  const time = firstTime(env.time, ...fallbackTimes);
  if (!time) return { ok: false, outcome: reject('malformed', `${what}: no usable time (time is missing or not a date)`, env) };
  return { ok: true, account: firstAccount(env.account), region: firstRegion(env.region), time };
}

/** The last segment of an ARN-like string after `/` or `:`. */
export function lastSegment(value: string): string {
  const parts = value.split(/[/:]/).filter((p) => p !== '');
  return parts.length > 0 ? parts[parts.length - 1] : value;
}
