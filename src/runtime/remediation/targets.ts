import type { Signal } from '../model';

/** Most names of one kind a recovery check looks at (DescribeAlarms takes 100 names a call; a check makes one). */
export const VERIFY_TARGETS_MAX = 100;

/** What a recovery check looks at for an incident: its alarms, canaries and SLOs, each once, first seen first. */
export interface VerifyTargets {
  readonly alarmNames: string[];
  readonly canaryNames: string[];
  /** SLO ARNs (or names when the signal had no ARN). */
  readonly sloIds: string[];
}

function add(list: string[], value: string | undefined): void {
  if (value && !list.includes(value) && list.length < VERIFY_TARGETS_MAX) list.push(value);
}

/**
 * The alarms, canaries and SLOs named by an incident's signals, as the normalisers label them
 * (`labels.alarmName`, `labels.canaryName` or a `AWS::Synthetics::Canary` resource, `labels.sloArn` or the SLO resource).
 */
export function verifyTargets(signals: readonly Signal[]): VerifyTargets {
  const alarmNames: string[] = [];
  const canaryNames: string[] = [];
  const sloIds: string[] = [];
  for (const s of signals) {
    if (s.source === 'cloudwatch-alarm') add(alarmNames, s.labels?.alarmName ?? (s.resource.type === 'AWS::CloudWatch::Alarm' ? s.resource.id : undefined));
    if (s.source === 'synthetics') add(canaryNames, s.labels?.canaryName ?? (s.resource.type === 'AWS::Synthetics::Canary' ? s.resource.id : undefined));
    if (s.source === 'application-signals') add(sloIds, s.labels?.sloArn ?? s.resource.arn ?? s.resource.id);
  }
  return { alarmNames, canaryNames, sloIds };
}
