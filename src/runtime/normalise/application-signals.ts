import * as z from 'zod';
import { OWNER_HINTS_MAX, type Severity, type SignalState } from '../model';
import {
  buildAll, fingerprintOf, firstTime, looseNumber, looseString, parseWith, reject, type Envelope, type Outcome, type SignalDraft,
} from './common';
import { firstAccount, firstRegion } from './resource';
import { formatResourceArn, parseArn, resourceFromDimensions } from '../model/aws-resources';

const KeyAttributes = z.record(z.string(), z.unknown()).optional().catch(undefined);

const Dimensions = z.array(z.object({ Name: z.string(), Value: z.string() }).catch({ Name: '', Value: '' })).optional().catch(undefined);
const MetricDataQueries = z.array(z.object({
  MetricStat: z.object({
    Metric: z.object({ Namespace: looseString, Dimensions }).optional().catch(undefined),
  }).optional().catch(undefined),
}).catch({})).optional().catch(undefined);

const ReportSchema = z.object({
  Arn: z.string().min(1),
  Name: z.string().min(1),
  BudgetStatus: z.enum(['OK', 'WARNING', 'BREACHED', 'INSUFFICIENT_DATA']),
  EvaluationType: looseString,
  Attainment: looseNumber,
  TotalBudgetSeconds: looseNumber,
  BudgetSecondsRemaining: looseNumber,
  TotalBudgetRequests: looseNumber,
  BudgetRequestsRemaining: looseNumber,
  Sli: z.object({
    SliMetric: z.object({ KeyAttributes, OperationName: looseString, MetricDataQueries }).optional().catch(undefined),
  }).optional().catch(undefined),
  RequestBasedSli: z.object({
    RequestBasedSliMetric: z.object({ KeyAttributes, OperationName: looseString, MetricDataQueries }).optional().catch(undefined),
  }).optional().catch(undefined),
  Goal: z.object({ AttainmentGoal: looseNumber, WarningThreshold: looseNumber }).optional().catch(undefined),
});

const ResponseSchema = z.object({
  Timestamp: z.unknown().optional(),
  Reports: z.array(ReportSchema),
  Errors: z.array(z.unknown()).optional().catch(undefined),
});

/** Severity of an SLO whose error budget is exhausted; WARNING (budget below the warning threshold) is one lower. */
const BREACHED_SEVERITY: Severity = 'high';

/**
 * Normalises an Application Signals `BatchGetServiceLevelObjectiveBudgetReport` response, bare or wrapped in an
 * EventBridge `SLO Budget Report` event: one `slo-budget` signal per report.
 *
 * - BudgetStatus BREACHED → `firing` `high`; WARNING → `firing` `medium`; OK → `resolved` (severity `high`, the
 *   BREACHED severity, as OK ends both); INSUFFICIENT_DATA → `info`.
 * - resource: the SLO (`AWS::ApplicationSignals::ServiceLevelObjective`, id = name, with its ARN).
 * - service: the SLI's `KeyAttributes.Name` (the Application Signals service) when present.
 * - environment: the SLI's `KeyAttributes.Environment` (`lambda:default`, `eks:cluster/namespace`...), as Application
 *   Signals names it.
 * - hints: services = `KeyAttributes.Name`; arns = the resource `KeyAttributes` name (`Type: AWS::Resource`,
 *   `ResourceType` and `Identifier`), then the resources of the SLI's metric queries' dimensions, in the SLO's region
 *   and account.
 * - fingerprint: `application-signals:<account>:<region>:slo:<name>`.
 * - time: the response `Timestamp`, else the envelope time.
 */
export function normaliseSloBudgetReport(payload: unknown, env: Envelope): Outcome {
  const what = 'SLO budget report';
  const parsed = parseWith(ResponseSchema, payload, env, what);
  if (!parsed.ok) return parsed.outcome;
  const d = parsed.data;
  const time = firstTime(d.Timestamp, env.time);
  if (!time) return reject('malformed', `${what}: no usable time (Timestamp and the envelope time are missing or not dates)`, env);
  if (d.Reports.length === 0) {
    return reject('ignored', `${what}: Reports is empty${d.Errors && d.Errors.length > 0 ? ` (${d.Errors.length} error(s) returned instead)` : ''}, so there is nothing to observe`, env);
  }
  const drafts: SignalDraft[] = d.Reports.map((report) => {
    const arn = parseArn(report.Arn);
    const account = firstAccount(arn?.account, env.account);
    const region = firstRegion(arn?.region, env.region);
    const status = report.BudgetStatus;
    const state: SignalState = status === 'OK' ? 'resolved' : status === 'INSUFFICIENT_DATA' ? 'info' : 'firing';
    const severity: Severity = status === 'WARNING' ? 'medium' : status === 'INSUFFICIENT_DATA' ? 'info' : BREACHED_SEVERITY;
    const metric = report.Sli?.SliMetric ?? report.RequestBasedSli?.RequestBasedSliMetric;
    const keys = metric?.KeyAttributes ?? {};
    const serviceName = keys.Name;
    const attainment = report.Attainment;
    const goal = report.Goal?.AttainmentGoal;
    return {
      source: 'application-signals',
      kind: 'slo-budget',
      severity,
      state,
      resource: {
        type: 'AWS::ApplicationSignals::ServiceLevelObjective',
        id: report.Name,
        ...(arn ? { arn: arn.arn } : {}),
        ...(region ? { region } : {}),
        ...(account ? { account } : {}),
      },
      service: typeof serviceName === 'string' && serviceName.trim() !== '' ? serviceName.trim() : undefined,
      // `lambda:default`, `ec2:default`: the platform's unnamed environment says nothing about the stage, and would
      // keep the SLO apart from its service's other signals; a named one (`eks:prod/shop`) is kept.
      environment: typeof keys.Environment === 'string' && !/:default$/.test(keys.Environment) ? keys.Environment : undefined,
      hints: { arns: sliArns(keys, metric?.MetricDataQueries, region, account), services: [serviceName] },
      fingerprint: fingerprintOf('application-signals', account, region, 'slo', report.Name),
      time,
      title: `SLO ${report.Name} budget is ${status}${attainment !== undefined ? ` (attainment ${round(attainment)}%${goal !== undefined ? `, goal ${goal}%` : ''})` : ''}`,
      status,
      discriminator: report.Arn,
      labels: {
        sloArn: report.Arn,
        budgetStatus: status,
        evaluationType: report.EvaluationType,
        attainment: attainment !== undefined ? round(attainment) : undefined,
        attainmentGoal: goal,
        warningThreshold: report.Goal?.WarningThreshold,
        budgetSecondsRemaining: report.BudgetSecondsRemaining,
        budgetRequestsRemaining: report.BudgetRequestsRemaining,
        operation: metric?.OperationName,
      },
    };
  });
  return buildAll(drafts, env);
}

function sliArns(
  keys: Readonly<Record<string, unknown>>, queries: z.infer<typeof MetricDataQueries>, region?: string, account?: string,
): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  const { ResourceType: type, Identifier: id } = keys;
  if (typeof type === 'string' && typeof id === 'string') out.push(parseArn(id)?.arn ?? formatResourceArn(type, id, region, account));
  for (const q of (queries ?? []).slice(0, OWNER_HINTS_MAX)) {
    const metric = q.MetricStat?.Metric;
    if (!metric) continue;
    const dimensions: Record<string, string> = {};
    for (const d of metric.Dimensions ?? []) if (d.Name !== '' && d.Value !== '') dimensions[d.Name] = d.Value;
    out.push(resourceFromDimensions({ namespace: metric.Namespace, dimensions }, region, account)?.arn);
  }
  return out;
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
