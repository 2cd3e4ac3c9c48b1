import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { COUNTERS, kpiGlossary, KpiMetrics, RESPONSE_TIMES } from './kpi-metrics';
import { acknowledgeAlarms } from '../common/acknowledge';
import { KpiMetric } from '../contract/metrics';
import type { IAiopsHub } from '../hub/aiops-hub';

/** Properties of a `KpiDashboard`. Every one is optional: with none, the dashboard shows the incident KPIs only. */
export interface KpiDashboardProps {
  /**
   * The hub the agents and triage run on. Its bus name scopes their counters (alerts in, decisions, reasoning
   * fallbacks, Bedrock throttles, agent failures, triage errors), which are left out without it.
   *
   * The incident KPIs themselves carry no bus dimension: two agent suites in one account and Region share them.
   * @default - no triage or agent counters, no Bedrock-throttle or triage-error alarm
   */
  readonly hub?: IAiopsHub;

  /**
   * The investigation workflows (`AgentSuite.stateMachine`): their failed and timed-out executions are shown and
   * alarmed on.
   * @default - no workflow widget; the workflow-failure alarm counts the agents' reported failures only (with a hub)
   */
  readonly workflows?: sfn.IStateMachine[];

  /**
   * Dead-letter queues whose depth is the loop's health: `AiopsHub.deadLetterQueue`, `AgentSuite.startFailureQueue`.
   * @default - no dead-letter widget or alarm
   */
  readonly deadLetterQueues?: sqs.IQueue[];

  /**
   * Name of the dashboard: letters, digits, `-` and `_`, at most 255.
   * @default - a name CloudFormation generates
   */
  readonly dashboardName?: string;

  /**
   * Period of the KPI graphs: each point is the percentile (or sum) over the incidents of one period. A whole number
   * of minutes. The alarms keep their own 5-minute period.
   * @default Duration.hours(1)
   */
  readonly period?: Duration;

  /**
   * Time range the dashboard opens on.
   * @default Duration.days(7)
   */
  readonly defaultInterval?: Duration;
}

/** The loop-health alarms of a `KpiDashboard`. Each exists only when what it watches was given. No actions by default. */
export interface KpiDashboardAlarms {
  /** A message in any of the dead-letter queues (at least one, maximum over 1 minute). Present with `deadLetterQueues`. */
  readonly deadLetterMessages?: cloudwatch.IAlarm;
  /**
   * An investigation failed or timed out, or the agents reported a failure (at least one in 5 minutes).
   * Present with `workflows` or a `hub`.
   */
  readonly workflowFailures?: cloudwatch.IAlarm;
  /** A model call was throttled and the deterministic reasoner answered (at least one in 5 minutes). Present with a `hub`. */
  readonly bedrockThrottles?: cloudwatch.IAlarm;
  /** Triage rejected an event it could not turn into a signal (at least one in 5 minutes). Present with a `hub`. */
  readonly triageErrors?: cloudwatch.IAlarm;
}

const ALARM_PERIOD = Duration.minutes(5);
const FULL = 24;

/**
 * A CloudWatch dashboard of the loop's own results, from the metrics the agents and triage emit (names from the
 * shared contract only): time to detect, acknowledge, mitigate and resolve (p50 and p90), automation rate and
 * outcomes, alerts in versus pages out, tokens per incident, and the loop's health (dead-letter depth, workflow
 * failures, Bedrock throttles, triage errors) with alarms on the last four. A text widget says what each KPI means.
 *
 * Cost: a dashboard is $3 a month beyond the account's first three; each alarm $0.10 a month per metric it reads
 * (the dead-letter and workflow alarms read one per queue or workflow, plus the agents' failures).
 * @see https://aws.amazon.com/cloudwatch/pricing/
 */
export class KpiDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  /** The loop-health alarms (no actions until `addAlarmAction`). */
  public readonly alarms: KpiDashboardAlarms;

  private readonly alarmList: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: KpiDashboardProps = {}) {
    super(scope, id);
    const period = props.period ?? Duration.hours(1);
    validate(props, period);
    const metrics = new KpiMetrics(period);
    const bus = props.hub?.eventBus.eventBusName;
    const workflows = props.workflows ?? [];
    const queues = props.deadLetterQueues ?? [];

    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName,
      defaultInterval: props.defaultInterval ?? Duration.days(7),
    });
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: kpiGlossary(bus !== undefined), width: FULL, height: 11 }));

    // ---- response times
    this.dashboard.addWidgets(...RESPONSE_TIMES.map(({ metric, title }) => new cloudwatch.GraphWidget({
      title,
      left: [metrics.kpi(metric, cloudwatch.Stats.p(50), 'p50'), metrics.kpi(metric, cloudwatch.Stats.p(90), 'p90')],
      leftYAxis: { min: 0, showUnits: false },
      width: FULL / 4,
    })));

    // ---- automation, and alerts in versus pages out
    const outcomes = metrics.outcomes();
    const filled = (metricId: string) => `FILL(${metricId}, 0)`;
    const all = Object.keys(outcomes).map(filled).join(' + ');
    const pages = metrics.kpi(KpiMetric.PAGES, cloudwatch.Stats.SUM, 'pages out (approval requests, escalations)');
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Automation outcomes (incidents with a proposed runbook)',
        left: Object.values(outcomes),
        stacked: true,
        width: FULL / 3,
      }),
      new cloudwatch.GraphWidget({
        title: 'Automation rate (%)',
        left: [
          new cloudwatch.MathExpression({ expression: `100 * ${filled('autoResolved')} / (${all})`, usingMetrics: outcomes, label: 'without a human', period }),
          new cloudwatch.MathExpression({ expression: `100 * (${filled('autoResolved')} + ${filled('approved')}) / (${all})`, usingMetrics: outcomes, label: 'by a runbook (with approvals)', period }),
        ],
        leftYAxis: { min: 0, max: 100, showUnits: false },
        width: FULL / 3,
      }),
      new cloudwatch.GraphWidget({
        title: 'Alerts in, pages out',
        left: [
          ...(bus !== undefined ? [
            metrics.triage(bus, COUNTERS.eventsReceived, 'events in'),
            metrics.triage(bus, COUNTERS.signals, 'signals'),
            metrics.triage(bus, COUNTERS.signalsSuppressed, 'suppressed without a page'),
            metrics.triage(bus, COUNTERS.incidentsOpened, 'incidents opened'),
          ] : []),
          pages,
        ],
        width: FULL / 3,
      }),
    );

    // ---- tokens per incident, decisions
    const tokens = [
      new cloudwatch.GraphWidget({
        title: 'Model tokens per incident',
        left: [
          metrics.kpi(KpiMetric.REASONING_TOKENS, cloudwatch.Stats.AVERAGE, 'average per incident'),
          metrics.kpi(KpiMetric.REASONING_TOKENS, cloudwatch.Stats.p(90), 'p90 per incident'),
        ],
        right: [metrics.kpi(KpiMetric.REASONING_TOKENS, cloudwatch.Stats.SUM, 'all incidents')],
        width: bus !== undefined ? FULL / 2 : FULL,
      }),
    ];
    if (bus !== undefined) {
      tokens.push(new cloudwatch.GraphWidget({
        title: 'Decisions and reasoning fallbacks',
        left: [metrics.agent(bus, COUNTERS.decisions, 'decisions'), metrics.agent(bus, COUNTERS.fallbacks, 'answered without the model')],
        width: FULL / 2,
      }));
    }
    this.dashboard.addWidgets(...tokens);

    // ---- the loop's health, with alarms
    const alarms: { -readonly [K in keyof KpiDashboardAlarms]: cloudwatch.Alarm } = {};
    const health: cloudwatch.IWidget[] = [];
    if (queues.length > 0) {
      const depths = Object.fromEntries(queues.map((q, i) => [`q${i}`, q.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM, label: Token.isUnresolved(q.queueName) ? `queue ${i + 1}` : q.queueName,
      })]));
      alarms.deadLetterMessages = this.alarm('DeadLetterMessagesAlarm', 'cdk-aiops: messages wait in a dead-letter queue of the loop; read them (their attributes say why).',
        sumOf(depths, 'dead-letter messages', Duration.minutes(1)));
      health.push(new cloudwatch.GraphWidget({ title: 'Dead-letter queue depth', left: Object.values(depths), width: FULL / 4 }));
    }
    const failures: Record<string, cloudwatch.IMetric> = {};
    workflows.forEach((sm, i) => {
      failures[`failed${i}`] = sm.metricFailed({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM, label: `workflow ${i + 1}: failed` });
      failures[`timedOut${i}`] = sm.metricTimedOut({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM, label: `workflow ${i + 1}: timed out` });
    });
    if (bus !== undefined) failures.reported = metrics.agent(bus, COUNTERS.agentFailures, 'failures reported by the agents', ALARM_PERIOD);
    if (Object.keys(failures).length > 0) {
      alarms.workflowFailures = this.alarm('WorkflowFailuresAlarm', 'cdk-aiops: an investigation failed or timed out; read its execution history and the Agent Failure event.',
        sumOf(failures, 'workflow failures', ALARM_PERIOD));
      health.push(new cloudwatch.GraphWidget({ title: 'Workflow failures', left: Object.values(failures), width: FULL / 4 }));
    }
    if (bus !== undefined) {
      const throttles = metrics.agent(bus, COUNTERS.throttles, 'throttled model calls', ALARM_PERIOD);
      alarms.bedrockThrottles = this.alarm('BedrockThrottlesAlarm', 'cdk-aiops: Bedrock throttled the reasoning agent; the deterministic reasoner answered instead. Raise the model quota or lower concurrency.', throttles);
      const rejected = props.hub!.metricEventsRejected({ period: ALARM_PERIOD, label: 'events rejected by triage' });
      alarms.triageErrors = this.alarm('TriageErrorsAlarm', 'cdk-aiops: triage rejected events (malformed, unsupported or too large); they are in the hub\'s dead-letter queue.', rejected);
      health.push(
        new cloudwatch.GraphWidget({ title: 'Bedrock throttles', left: [throttles], width: FULL / 4 }),
        new cloudwatch.GraphWidget({ title: 'Triage errors', left: [rejected], width: FULL / 4 }),
      );
    }
    if (health.length > 0) {
      this.dashboard.addWidgets(...health);
      this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Loop health alarms', alarms: this.alarmList, width: FULL }));
    }
    this.alarms = alarms;
    acknowledgeAlarms(this, 'The dashboard\'s alarms are exposed for the consumer (KpiDashboard.alarms, addAlarmAction) '
      + 'to route to their own paging; the library cannot know where.');
  }

  /** Add actions (an SNS topic, an incident-manager response plan...) to every alarm of the dashboard. */
  public addAlarmAction(...actions: cloudwatch.IAlarmAction[]): void {
    for (const alarm of this.alarmList) alarm.addAlarmAction(...actions);
  }

  private alarm(id: string, alarmDescription: string, metric: cloudwatch.IMetric): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription,
      metric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarmList.push(alarm);
    return alarm;
  }
}

/** One metric as is; several as their sum (missing points count as 0). */
function sumOf(metrics: Record<string, cloudwatch.IMetric>, label: string, period: Duration): cloudwatch.IMetric {
  const ids = Object.keys(metrics);
  if (ids.length === 1) return metrics[ids[0]];
  return new cloudwatch.MathExpression({ expression: ids.map((i) => `FILL(${i}, 0)`).join(' + '), usingMetrics: metrics, label, period });
}

function validate(props: KpiDashboardProps, period: Duration): void {
  const name = props.dashboardName;
  if (name !== undefined && !Token.isUnresolved(name) && !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    throw new Error(`dashboardName must be 1 to 255 letters, digits, '-' or '_' (got '${name}')`);
  }
  if (!period.isUnresolved()) {
    const seconds = period.toSeconds();
    if (seconds < 60 || seconds % 60 !== 0) throw new Error(`period must be a whole number of minutes, at least one (got ${period.toHumanString()})`);
  }
}
