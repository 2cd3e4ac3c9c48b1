import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AutomationOutcomeValue } from '../contract/decisions';
import {
  AGENT_SERVICE_NAME, AgentMetric, AgentMetricDimension, KpiDimension, KpiMetric, METRIC_NAMESPACE, TRIAGE_SERVICE_NAME, TriageMetric,
  TriageMetricDimension,
} from '../contract/metrics';

/**
 * The cdk-aiops metrics the dashboard reads, built from the contract's names and dimensions only, exactly as the
 * handlers emit them: the incident KPIs with `service` alone (the outcome step's EMF), the agents' and triage's
 * counters with `service` and the hub bus (Powertools, default dimension `EventBusName`).
 */
export class KpiMetrics {
  constructor(private readonly period: Duration) {}

  /** An incident KPI (outcome step, EMF, dimension `service` only). */
  public kpi(metricName: string, statistic: string, label: string, extra: Record<string, string> = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { [AgentMetricDimension.SERVICE]: AGENT_SERVICE_NAME, ...extra },
      statistic,
      period: this.period,
      label,
    });
  }

  /** One automation outcome (AutomationOutcome with its `Outcome` dimension), summed. */
  public outcome(value: string, label: string): cloudwatch.Metric {
    return this.kpi(KpiMetric.AUTOMATION_OUTCOME, cloudwatch.Stats.SUM, label, { [KpiDimension.OUTCOME]: value });
  }

  /** Every automation outcome, by name, in the contract's order. */
  public outcomes(): Record<string, cloudwatch.Metric> {
    return {
      autoResolved: this.outcome(AutomationOutcomeValue.AUTO_RESOLVED, 'auto-resolved'),
      approved: this.outcome(AutomationOutcomeValue.APPROVED, 'approved by a human'),
      denied: this.outcome(AutomationOutcomeValue.DENIED, 'denied or unanswered'),
      failed: this.outcome(AutomationOutcomeValue.FAILED, 'failed'),
      rolledBack: this.outcome(AutomationOutcomeValue.ROLLED_BACK, 'rolled back'),
    };
  }

  /** A counter of the agents on the hub's bus. */
  public agent(eventBusName: string, metricName: string, label: string, period?: Duration): cloudwatch.Metric {
    return this.counter(AGENT_SERVICE_NAME, eventBusName, metricName, label, period);
  }

  /** A counter of triage on the hub's bus. */
  public triage(eventBusName: string, metricName: string, label: string, period?: Duration): cloudwatch.Metric {
    return this.counter(TRIAGE_SERVICE_NAME, eventBusName, metricName, label, period);
  }

  private counter(service: string, eventBusName: string, metricName: string, label: string, period?: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { [TriageMetricDimension.SERVICE]: service, [TriageMetricDimension.EVENT_BUS_NAME]: eventBusName },
      statistic: cloudwatch.Stats.SUM,
      period: period ?? this.period,
      label,
    });
  }
}

/** The four response times, in the order the incident lives them. */
export const RESPONSE_TIMES = [
  { metric: KpiMetric.TIME_TO_DETECT, title: 'Time to detect (s)' },
  { metric: KpiMetric.TIME_TO_ACKNOWLEDGE, title: 'Time to acknowledge (s)' },
  { metric: KpiMetric.TIME_TO_MITIGATE, title: 'Time to mitigate (s)' },
  { metric: KpiMetric.TIME_TO_RESOLVE, title: 'Time to resolve (s)' },
] as const;

/** The agents' and triage's counters the dashboard shows. */
export const COUNTERS = {
  eventsReceived: TriageMetric.EVENTS_RECEIVED,
  signals: TriageMetric.SIGNALS,
  signalsSuppressed: TriageMetric.SIGNALS_SUPPRESSED,
  incidentsOpened: TriageMetric.INCIDENTS_OPENED,
  eventsRejected: TriageMetric.EVENTS_REJECTED,
  decisions: AgentMetric.DECISIONS,
  fallbacks: AgentMetric.REASONING_FALLBACKS,
  throttles: AgentMetric.REASONING_THROTTLES,
  agentFailures: AgentMetric.AGENT_FAILURES,
} as const;

/** What the text widget says each KPI means. Markdown. */
export function kpiGlossary(hasHub: boolean): string {
  const rows = [
    `| ${KpiMetric.TIME_TO_DETECT} | incident opened − its first firing signal: the delay triage adds (grouping, thresholds) |`,
    `| ${KpiMetric.TIME_TO_ACKNOWLEDGE} | first decision of an agent, acknowledgement or approval answer of a human − incident opened |`,
    `| ${KpiMetric.TIME_TO_MITIGATE} | recovery verified after a runbook, or a human's mitigation − incident opened |`,
    `| ${KpiMetric.TIME_TO_RESOLVE} | incident resolved − incident opened (MTTR) |`,
    `| ${KpiMetric.AUTOMATION_OUTCOME} | one per incident whose finding proposed a runbook, by outcome; automation rate = auto-resolved ÷ all outcomes |`,
    `| ${KpiMetric.PAGES} | humans asked to act on an incident: approval requests and escalations |`,
    `| ${KpiMetric.REASONING_TOKENS} | model tokens (input + output) spent on an incident; the average is tokens per incident |`,
  ];
  const health = [
    '| Dead-letter messages | events or incidents that could not be handled and wait for a human in a dead-letter queue |',
    '| Workflow failures | investigation executions that failed or timed out' + (hasHub ? `, and failures the agents reported (${AgentMetric.AGENT_FAILURES})` : '') + ' |',
    ...(hasHub ? [
      `| Bedrock throttles | investigations whose model call was throttled (${AgentMetric.REASONING_THROTTLES}); the deterministic reasoner answered |`,
      `| Triage errors | events triage could not turn into signals (${TriageMetric.EVENTS_REJECTED}); each one is in the hub's dead-letter queue |`,
    ] : []),
  ];
  return [
    '# cdk-aiops: the loop\'s results',
    'Percentiles are over the incidents whose KPIs were final in each period (emitted once per incident by the agents\' outcome step). '
      + 'A KPI whose moment never came (never mitigated...) is absent, never zero.',
    '',
    '| KPI | what it measures |',
    '|---|---|',
    ...rows,
    ...health,
  ].join('\n');
}
