import * as z from 'zod';

/** Severity of one observation, highest first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Rank of a severity: 0 for critical, 4 for info. Lower is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * Whether a signal reports a problem that is going on (`firing`), one that ended (`resolved`),
 * or context that explains incidents without being a problem itself (`info`: deployments, automations...).
 */
export const SIGNAL_STATES = ['firing', 'resolved', 'info'] as const;
export const SignalStateSchema = z.enum(SIGNAL_STATES);
export type SignalState = z.infer<typeof SignalStateSchema>;

/** Where a signal came from. One normaliser per source. */
export const SIGNAL_SOURCES = [
  'cloudwatch-alarm',
  'devops-guru',
  'synthetics',
  'config',
  'health',
  'application-signals',
  'kubernetes',
  'ssm',
  'stepfunctions',
  'codebuild',
  'codedeploy',
  'codepipeline',
  'ecs',
  'autoscaling',
] as const;
export const SignalSourceSchema = z.enum(SIGNAL_SOURCES);
export type SignalSource = z.infer<typeof SignalSourceSchema>;

/**
 * What a signal is, finer than its source. Triage rules match on it
 * (for example inhibition parents are `canary-run`, `slo-budget`, `insight`, `health-event`).
 */
export const SIGNAL_KINDS = [
  // CloudWatch alarms
  'metric-alarm',
  'metric-math-alarm',
  'anomaly-alarm',
  'composite-alarm',
  // DevOps Guru
  'insight',
  'insight-anomaly',
  'insight-recommendation',
  // Synthetics
  'canary-run',
  'canary-status',
  // AWS Config
  'compliance',
  'configuration-change',
  // AWS Health
  'health-event',
  // Application Signals
  'slo-budget',
  // Kubernetes
  'pod-event',
  // Change and automation context (state `info` unless they report a failure)
  'automation',
  'run-command',
  'maintenance-window',
  'patch-compliance',
  'workflow',
  'build',
  'deployment',
  'pipeline',
  'container-instance',
  'ecs-task',
  'scaling-activity',
] as const;
export const SignalKindSchema = z.enum(SIGNAL_KINDS);
export type SignalKind = z.infer<typeof SignalKindSchema>;

/** The resource a signal is about. `type` uses CloudFormation-style names (`AWS::EC2::Instance`, `Kubernetes::Pod`). */
export const ResourceRefSchema = z.object({
  arn: z.string().optional(),
  type: z.string().min(1),
  id: z.string().min(1),
  region: z.string().optional(),
  account: z.string().optional(),
});
export type ResourceRef = z.infer<typeof ResourceRefSchema>;

/** Largest excerpt of the raw event kept on a signal, in characters. */
export const RAW_EXCERPT_MAX_CHARS = 2048;

/** A bounded reference to the event a signal came from: enough to find it again, never the whole payload. */
export const RawRefSchema = z.object({
  /** EventBridge event id, SNS message id or Kubernetes uid, when the input has one. */
  eventId: z.string().optional(),
  /** EventBridge `source` (or `sns`, `lambda-alarm-action`, `kubernetes`, `api`). */
  source: z.string(),
  /** EventBridge `detail-type` or the equivalent. */
  detailType: z.string().optional(),
  /** Size of the raw input in bytes (UTF-8 JSON). */
  bytes: z.number().int().nonnegative(),
  /** JSON excerpt of the raw input, at most RAW_EXCERPT_MAX_CHARS characters. */
  excerpt: z.string().max(RAW_EXCERPT_MAX_CHARS),
});
export type RawRef = z.infer<typeof RawRefSchema>;

/** Most entries of each list in {@link OwnerHintsSchema}. */
export const OWNER_HINTS_MAX = 20;

/**
 * What a signal says about who owns it beyond its own resource, for the owner lookup in triage: every resource of a
 * DevOps Guru insight (not only the first), the alarm's own ARN beside its metric's resource, a composite alarm's
 * triggering alarms, AWS Health affected entities, CloudFormation stacks, Kubernetes owner and `app` labels,
 * Application Signals key attributes. Bounded: at most OWNER_HINTS_MAX entries per list.
 */
export const OwnerHintsSchema = z.object({
  /** ARNs whose tags may name the owner (the alarm ARN, triggering alarms, insight resources, Health entities). */
  arns: z.array(z.string().min(1).max(2048)).max(OWNER_HINTS_MAX).optional(),
  /** CloudFormation stack names the signal names (insight resource collections, stack events). */
  stacks: z.array(z.string().min(1).max(256)).max(OWNER_HINTS_MAX).optional(),
  /** Service names the source itself states (Application Signals `Name`, Kubernetes `app.kubernetes.io/name`). */
  services: z.array(z.string().min(1).max(256)).max(OWNER_HINTS_MAX).optional(),
});
export type OwnerHints = z.infer<typeof OwnerHintsSchema>;

/** One normalised observation. */
export const SignalSchema = z.object({
  /** Stable id: the same input always yields the same id, so duplicate deliveries can be recognised. */
  id: z.string().min(1),
  source: SignalSourceSchema,
  kind: SignalKindSchema,
  severity: SeveritySchema,
  state: SignalStateSchema,
  resource: ResourceRefSchema,
  /** Logical service, when it can be inferred (tags, dimensions, stack names, namespaces). */
  service: z.string().optional(),
  /**
   * Environment (`production`, `staging`...), when known (tags, Application Signals `Environment`, namespaces).
   * Signals of two environments never correlate.
   */
  environment: z.string().min(1).max(256).optional(),
  /** Owner hints for triage's owner lookup. */
  hints: OwnerHintsSchema.optional(),
  /** Identity of the condition (not of this occurrence): the same alarm on the same resource keeps its fingerprint across state changes. */
  fingerprint: z.string().min(1),
  /** ISO-8601 time the observation was made. */
  time: z.iso.datetime({ offset: true }),
  title: z.string().min(1).max(512),
  description: z.string().max(4096).optional(),
  /** Small key/value context (alarm name, metric, rule, reason...). */
  labels: z.record(z.string(), z.string()).optional(),
  raw: RawRefSchema,
});
export type Signal = z.infer<typeof SignalSchema>;
