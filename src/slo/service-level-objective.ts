import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as applicationsignals from 'aws-cdk-lib/aws-applicationsignals';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { BurnRateAlarmOptions, ServiceLevelObjectiveAlarms } from './alarm-types';
import { BurnRateAlarms, errorRatioExpression } from './burn-rate-alarms';
import type { ApplicationSignalsSliProps, Sli } from './sli';
import type { SliTerm } from './sli-parts';
import { SLO_TARGET_MAX_PERCENT, SLO_TARGET_MIN_PERCENT, errorBudgetFraction, type SloDefinition, type SloMetricTerm } from '../contract/burn-rate';
import { AgentEnv } from '../contract/env';
import { TELEMETRY_IAM_ACTIONS } from '../runtime/telemetry/permissions';

/** The rolling window an objective is measured over. */
export enum SloWindow {
  /** The last 28 days: four whole weeks, so every weekday counts the same. */
  ROLLING_28_DAYS = 'ROLLING_28_DAYS',
  /** The last 30 days: the window the SRE workbook's burn-rate factors are stated for. */
  ROLLING_30_DAYS = 'ROLLING_30_DAYS',
}

const WINDOW_DAYS: Readonly<Record<SloWindow, number>> = { [SloWindow.ROLLING_28_DAYS]: 28, [SloWindow.ROLLING_30_DAYS]: 30 };

/** Properties of a ServiceLevelObjective. */
export interface ServiceLevelObjectiveProps {
  /**
   * The service the objective belongs to, as incidents name it: it starts every alarm name (`<service>/slo:...`), so
   * the hub's triage puts the SLO signal on this service. Letters, digits, `_`, `.` and `-`, starting with a letter
   * or digit, at most 64.
   */
  readonly service: string;
  /** What counts as a good request (`Sli.applicationSignals(...)`, `Sli.albAvailability(...)`...). */
  readonly sli: Sli;
  /** The objective in percent of good requests, from 90 to 99.999 (99.9 leaves a 0.1 % error budget). */
  readonly target: number;
  /** @default SloWindow.ROLLING_30_DAYS */
  readonly window?: SloWindow;
  /**
   * Name of the objective (and of the Application Signals SLO). Letters, digits, `_`, `.` and `-`, starting with a
   * letter or digit, at most 128.
   * @default - `<service>-<construct id>`, lower-cased
   */
  readonly sloName?: string;
  /**
   * The multi-window, multi-burn-rate alarms. Cost: each window alarm is metric math billed per metric it reads
   * ($0.10 per metric per month, standard resolution; 2 or 3 metrics each), each composite $0.50 per month: about
   * $2.60-3.40 a month with both composites.
   * @default - page and ticket alarms with the default minimum-traffic guard
   */
  readonly alarms?: BurnRateAlarmOptions;
}

/**
 * A service level objective with the SRE workbook's multi-window, multi-burn-rate alarms.
 *
 * With `Sli.applicationSignals(...)` it is an Application Signals SLO (`AWS::ApplicationSignals::ServiceLevelObjective`,
 * request- or period-based); with any other SLI it is metric math over CloudWatch metrics. Either way it gets a page
 * composite alarm (14.4× over 1 h and 5 min, or 6× over 6 h and 30 min) and a ticket composite alarm (3× over 1 d and
 * 2 h, or 1× over 3 d and 6 h), each row a long and a short window alarm with a minimum-traffic guard. Their names
 * carry the service, so the hub turns a composite's state change into an `slo-budget` signal on that service.
 *
 * `grantBudgetRead(agents.telemetryFunction)` makes the budget remaining reach the Risk agent.
 */
export class ServiceLevelObjective extends Construct {
  /** Name of the objective. */
  public readonly sloName: string;
  /** The service it belongs to. */
  public readonly service: string;
  /** Target in percent. */
  public readonly target: number;
  /** Length of the rolling window in days (28 or 30). */
  public readonly windowDays: number;
  /** The burn-rate alarms. */
  public readonly alarms: ServiceLevelObjectiveAlarms;
  /**
   * ARN of the Application Signals SLO.
   * @default - none for metric-math SLIs
   */
  public readonly sloArn?: string;

  private readonly sli: Sli;
  private readonly cfn?: applicationsignals.CfnServiceLevelObjective;
  private readonly burnRate: BurnRateAlarms;

  public constructor(scope: Construct, id: string, props: ServiceLevelObjectiveProps) {
    super(scope, id);
    this.service = validateName('service', props.service, 64);
    this.sloName = validateName('sloName', props.sloName ?? `${props.service}-${id}`.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').slice(0, 128), 128);
    this.target = validateTarget(props.target);
    this.windowDays = WINDOW_DAYS[props.window ?? SloWindow.ROLLING_30_DAYS];
    this.sli = props.sli;

    const appSignals = props.sli._parts.applicationSignals;
    if (appSignals) {
      this.cfn = new applicationsignals.CfnServiceLevelObjective(this, 'Resource', applicationSignalsSlo(this.sloName, this.target, this.windowDays, appSignals));
      this.sloArn = this.cfn.attrArn;
    }
    this.burnRate = new BurnRateAlarms(this, 'Alarms', {
      service: this.service,
      sloName: this.sloName,
      targetPercent: this.target,
      windowDays: this.windowDays,
      sli: props.sli._parts,
      options: props.alarms ?? {},
    });
    this.alarms = this.burnRate.alarms;
  }

  /** The error ratio (bad over total requests, 0..1) over a window, without the minimum-traffic guard. */
  public metricErrorRatio(window: Duration): cloudwatch.IMetric {
    return errorRatioExpression(this.sli._parts, window, 0, `${this.sloName} error ratio over ${window.toHumanString()}`);
  }

  /**
   * The fraction of the error budget left over the SLO window (1 untouched, 0 spent, negative overspent), computed
   * from the SLI's metrics: `1 − bad / ((1 − target) × total)`. CloudWatch reads one datapoint per window, so graph
   * it with a period of a day or more.
   */
  public metricBudgetRemaining(): cloudwatch.IMetric {
    const ratio = errorRatioExpression(this.sli._parts, Duration.days(this.windowDays), 0);
    return new cloudwatch.MathExpression({
      expression: `1 - ratio / ${errorBudgetFraction(this.target)}`,
      usingMetrics: { ratio },
      period: Duration.days(this.windowDays),
      label: `${this.sloName} error budget remaining`,
    });
  }

  /** Adds actions to the page composite alarm (an SNS topic for the pager, for example). */
  public addPageAction(...actions: cloudwatch.IAlarmAction[]): void {
    this.burnRate.composites.find((c) => c.node.id === 'Page')?.addAlarmAction(...actions);
  }

  /** Adds actions to the ticket composite alarm. */
  public addTicketAction(...actions: cloudwatch.IAlarmAction[]): void {
    this.burnRate.composites.find((c) => c.node.id === 'Ticket')?.addAlarmAction(...actions);
  }

  /**
   * Lets a Telemetry agent read this objective's budget, so the budget remaining reaches the Risk agent: pass
   * `agentSuite.telemetryFunction`. It grants `cloudwatch:GetMetricData` (metric-math SLIs) or the Application
   * Signals budget report (Application Signals SLIs) and adds the objective to the function's
   * `AIOPS_SLO_DEFINITIONS` (every objective granted to the same function is listed there).
   */
  public grantBudgetRead(telemetryFunction: lambda.IFunction): iam.Grant {
    if (!(telemetryFunction instanceof lambda.Function)) {
      throw new Error(`grantBudgetRead needs a function this app creates (such as AgentSuite.telemetryFunction) to set ${AgentEnv.SLO_DEFINITIONS} on; ${telemetryFunction.node.path} is imported.`);
    }
    SloDefinitions.of(telemetryFunction).add(this.definition());
    const actions = [...(this.cfn ? TELEMETRY_IAM_ACTIONS.slo : TELEMETRY_IAM_ACTIONS.metrics)];
    // None of these reads supports resource-level permissions (see TELEMETRY_IAM_ACTIONS).
    return iam.Grant.addToPrincipal({ grantee: telemetryFunction, actions, resourceArns: ['*'] });
  }

  private definition(): SloDefinition {
    const base = { name: this.sloName, service: this.service, targetPercent: this.target, windowDays: this.windowDays };
    if (this.cfn) return { ...base, kind: 'application-signals' };
    const parts = this.sli._parts;
    return {
      ...base,
      kind: 'metric-math',
      bad: parts.bad.map((t) => metricTerm(t, this.sloName)),
      total: [metricTerm({ metric: parts.total, sign: 1 }, this.sloName)],
    };
  }
}

/** The SLO definitions granted to one function, written to its environment once at synth. */
class SloDefinitions extends Construct {
  public static of(fn: lambda.Function): SloDefinitions {
    const existing = fn.node.tryFindChild('AiopsSloDefinitions');
    return existing instanceof SloDefinitions ? existing : new SloDefinitions(fn);
  }

  private readonly definitions: SloDefinition[] = [];

  private constructor(fn: lambda.Function) {
    super(fn, 'AiopsSloDefinitions');
    fn.addEnvironment(AgentEnv.SLO_DEFINITIONS, Lazy.string({ produce: () => Stack.of(fn).toJsonString(this.definitions) }));
  }

  public add(definition: SloDefinition): void {
    if (this.definitions.some((d) => d.name === definition.name)) throw new Error(`SLO ${definition.name} is already granted to this function.`);
    this.definitions.push(definition);
  }
}

function metricTerm(term: SliTerm, sloName: string): SloMetricTerm {
  const metric = term.metric;
  if (!(metric instanceof cloudwatch.Metric)) {
    throw new Error(`SLO ${sloName}: the Risk agent can read the budget of plain metrics only; Sli.custom was given a math expression.`);
  }
  return {
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: { ...(metric.dimensions ?? {}) } as Record<string, string>,
    stat: metric.statistic,
    sign: term.sign,
  };
}

function applicationSignalsSlo(
  name: string, target: number, windowDays: number, sli: ApplicationSignalsSliProps,
): applicationsignals.CfnServiceLevelObjectiveProps {
  const keyAttributes = { Type: 'Service', Name: sli.service, Environment: sli.environment };
  const metricType = sli.latencyThreshold ? 'LATENCY' : 'AVAILABILITY';
  const thresholdMs = sli.latencyThreshold?.toMilliseconds();
  const common = {
    name,
    description: `${target} % ${metricType.toLowerCase()} of ${sli.service}${sli.operation ? ` ${sli.operation}` : ''} over ${windowDays} days (cdk-aiops)`,
    goal: { attainmentGoal: target, interval: { rollingInterval: { duration: windowDays, durationUnit: 'DAY' } } },
  };
  if (sli.periodBased) {
    return {
      ...common,
      sli: {
        sliMetric: { keyAttributes, operationName: sli.operation, metricType, periodSeconds: 60, ...(thresholdMs !== undefined ? { statistic: 'p99' } : {}) },
        metricThreshold: thresholdMs ?? target,
        comparisonOperator: thresholdMs !== undefined ? 'LessThan' : 'GreaterThanOrEqualTo',
      },
    };
  }
  return {
    ...common,
    requestBasedSli: {
      requestBasedSliMetric: { keyAttributes, operationName: sli.operation, metricType },
      ...(thresholdMs !== undefined ? { metricThreshold: thresholdMs, comparisonOperator: 'LessThan' } : {}),
    },
  };
}

function validateName(what: string, value: string, max: number): string {
  if (Token.isUnresolved(value)) throw new Error(`${what} must be known at synth: it is part of the alarm names the hub reads back.`);
  if (!new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,${max - 1}}$`).test(value)) {
    throw new Error(`${what} must be 1-${max} letters, digits, '_', '.' or '-', starting with a letter or digit (it is part of the alarm names), got ${JSON.stringify(value)}.`);
  }
  return value;
}

function validateTarget(target: number): number {
  if (Token.isUnresolved(target)) throw new Error('target must be a number known at synth: the alarm thresholds are computed from it.');
  if (!Number.isFinite(target) || target < SLO_TARGET_MIN_PERCENT || target > SLO_TARGET_MAX_PERCENT) {
    throw new Error(`target must be between ${SLO_TARGET_MIN_PERCENT} and ${SLO_TARGET_MAX_PERCENT} percent (99.9 for three nines), got ${target}.`);
  }
  return target;
}
