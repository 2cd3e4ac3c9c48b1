import * as z from 'zod';
import type { Severity, SignalKind, SignalState } from '../model';
import { buildOne, cleanText, fingerprintOf, firstTime, looseString, parseWith, reject, type Envelope, type Outcome } from './common';
import { firstAccount, firstRegion } from './resource';
import { namedResource } from '../model/aws-resources';

const DetailSchema = z.object({
  'canary-name': z.string().min(1),
  'canary-id': looseString,
  'account-id': looseString,
  'canary-run-id': looseString,
  'test-run-status': looseString,
  'state-reason': looseString,
  'current-state': looseString,
  'previous-state': looseString,
  'message': looseString,
  'artifact-location': looseString,
  'canary-run-timeline': z.object({ started: z.unknown().optional(), completed: z.unknown().optional() }).optional().catch(undefined),
  'updated-on': z.unknown().optional(),
});

/** Severity of a failing canary: it probes what users see, so a failed run is `high`. */
const RUN_FAILURE_SEVERITY: Severity = 'high';

/**
 * Normalises CloudWatch Synthetics events:
 * - `Synthetics Canary TestRun Failure` → `canary-run`, `firing`, `high`;
 * - `Synthetics Canary TestRun Successful` → `canary-run`, `resolved` (same fingerprint as the failure, severity `high`);
 * - `Synthetics Canary Status Change` → `canary-status`, `info`, unless the new state is `ERROR`
 *   (the canary itself is broken: `firing`, `medium`).
 *
 * Resource: `AWS::Synthetics::Canary` named by the canary, with its ARN when region and account are known.
 * Service: the canary-name convention `<service>-<check>` (the part before the first `-` or `_`), else the whole
 * name; canary events carry no tags. Fingerprints: `synthetics:<account>:<region>:<canary>:run` for runs,
 * `...:status` for status changes, so a status change never resolves a failing run.
 */
export function normaliseSynthetics(payload: unknown, env: Envelope): Outcome {
  const detailType = env.detailType ?? '';
  const parsed = parseWith(DetailSchema, payload, env, detailType || 'Synthetics event');
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const account = firstAccount(env.account, d['account-id']);
  const region = firstRegion(env.region);
  const time = firstTime(env.time, d['canary-run-timeline']?.completed, d['updated-on']);
  if (!time) return reject('malformed', `${detailType}: no usable time (time is missing or not a date)`, env);
  const name = d['canary-name'];
  let kind: SignalKind;
  let state: SignalState;
  let severity: Severity;
  let status: string;
  let title: string;
  if (detailType === 'Synthetics Canary TestRun Failure' || detailType === 'Synthetics Canary TestRun Successful') {
    const failed = detailType.endsWith('Failure');
    kind = 'canary-run';
    state = failed ? 'firing' : 'resolved';
    severity = RUN_FAILURE_SEVERITY;
    status = d['test-run-status'] ?? (failed ? 'FAILED' : 'PASSED');
    title = `Canary ${name} run ${failed ? 'failed' : 'passed'}`;
  } else {
    const current = d['current-state'] ?? 'UNKNOWN';
    kind = 'canary-status';
    state = current.toUpperCase() === 'ERROR' ? 'firing' : 'info';
    severity = state === 'firing' ? 'medium' : 'info';
    status = current;
    title = `Canary ${name} is ${current}${d['previous-state'] ? ` (was ${d['previous-state']})` : ''}`;
  }
  const reason = cleanText(d['state-reason']);
  return buildOne({
    source: 'synthetics',
    kind,
    severity,
    state,
    resource: namedResource('AWS::Synthetics::Canary', name, region, account),
    service: serviceFromCanaryName(name),
    fingerprint: fingerprintOf('synthetics', account, region, name, kind === 'canary-run' ? 'run' : 'status'),
    time,
    title,
    description: [reason && reason !== '"null"' && reason !== 'null' ? reason : undefined, cleanText(d.message)].filter(Boolean).join('\n\n') || undefined,
    status,
    labels: {
      canaryName: name,
      canaryRunId: d['canary-run-id'],
      testRunStatus: d['test-run-status'],
      currentState: d['current-state'],
      previousState: d['previous-state'],
      artifactLocation: d['artifact-location'],
    },
  }, env);
}

/** `checkout-home` → `checkout`; a name without a separator is its own service. */
export function serviceFromCanaryName(name: string): string {
  const match = /^([A-Za-z0-9]+)[-_]/.exec(name);
  return match ? match[1] : name;
}
