import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AgentSuite, AiopsHub, KpiDashboard, type KpiDashboardProps } from '../../src';
import { AUTOMATION_OUTCOMES } from '../../src/contract/decisions';
import {
  AgentMetric, AgentMetricDimension, KpiDimension, KpiMetric, METRIC_NAMESPACE, TriageMetric, TriageMetricDimension,
} from '../../src/contract/metrics';
import { recordOutcome } from '../../src/runtime/agents/outcome';
import { InMemoryIncidentStore } from '../../src/runtime/local/in-memory-incident-store';
import { alarm, EC2, incident } from '../runtime/reasoning/helpers';

/** A metric a widget or an alarm reads: namespace, name and dimension names. */
interface MetricRef {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: string[];
  readonly where: string;
}

const CONTRACT_NAMES = new Set<string>([...Object.values(TriageMetric), ...Object.values(AgentMetric), ...Object.values(KpiMetric)]);
const CONTRACT_DIMENSIONS = new Set<string>([
  ...Object.values(TriageMetricDimension), ...Object.values(AgentMetricDimension), ...Object.values(KpiDimension),
]);
/** AWS metrics the dashboard may read besides the contract's: the queues' and the workflows' own, from their metric methods. */
const AWS_NAMESPACES = new Set(['AWS/SQS', 'AWS/States']);

function stackWith(build: (stack: Stack) => KpiDashboardProps): { stack: Stack; kpi: KpiDashboard } {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const kpi = new KpiDashboard(stack, 'Kpis', build(stack));
  return { stack, kpi };
}

function fullStack(): { stack: Stack; kpi: KpiDashboard } {
  return stackWith((stack) => {
    const hub = new AiopsHub(stack, 'Hub');
    const agents = new AgentSuite(stack, 'Agents', { hub });
    return { hub, workflows: [agents.stateMachine], deadLetterQueues: [hub.deadLetterQueue, agents.startFailureQueue], dashboardName: 'aiops-kpis' };
  });
}

/** The dashboard body as JSON: its Fn::Join flattened, every token a placeholder string. */
function dashboardBody(stack: Stack): any {
  const dashboards = Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
  expect(Object.keys(dashboards)).toHaveLength(1);
  const body = Object.values(dashboards)[0].Properties.DashboardBody;
  const text = typeof body === 'string' ? body : (body['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
  return JSON.parse(text);
}

/** Every metric the dashboard's widgets read (math expressions read the metrics listed beside them). */
function widgetMetrics(stack: Stack): MetricRef[] {
  const refs: MetricRef[] = [];
  for (const widget of dashboardBody(stack).widgets) {
    for (const row of [...(widget.properties.metrics ?? []), ...(widget.properties.right ?? [])] as unknown[][]) {
      const plain = row.filter((cell) => typeof cell === 'string') as string[];
      if (plain.length === 0) continue; // a math expression: its inputs are rows of their own
      const [namespace, name, ...dims] = plain;
      refs.push({ namespace, name, dimensions: dims.filter((_, i) => i % 2 === 0), where: widget.properties.title ?? widget.type });
    }
  }
  return refs;
}

/** Every metric the alarms read. */
function alarmMetrics(stack: Stack): MetricRef[] {
  const refs: MetricRef[] = [];
  for (const [id, a] of Object.entries(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))) {
    const p = a.Properties;
    const stats = p.MetricName ? [{ Namespace: p.Namespace, MetricName: p.MetricName, Dimensions: p.Dimensions ?? [] }]
      : (p.Metrics as any[]).filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric);
    for (const m of stats) {
      refs.push({ namespace: m.Namespace, name: m.MetricName, dimensions: (m.Dimensions ?? []).map((d: any) => d.Name), where: id });
    }
  }
  return refs;
}

describe('KpiDashboard: only the contract\'s metrics', () => {
  test('every cdk-aiops metric a widget or an alarm reads is a contract name with contract dimensions; the others are the queues\' and workflows\' own', () => {
    const { stack } = fullStack();
    const refs = [...widgetMetrics(stack), ...alarmMetrics(stack)];
    expect(refs.length).toBeGreaterThan(30);
    for (const ref of refs) {
      if (ref.namespace === METRIC_NAMESPACE) {
        expect({ ...ref, known: CONTRACT_NAMES.has(ref.name) }).toEqual({ ...ref, known: true });
        for (const d of ref.dimensions) {
          expect({ ...ref, dimension: d, known: CONTRACT_DIMENSIONS.has(d) }).toEqual({ ...ref, dimension: d, known: true });
        }
      } else {
        expect({ ...ref, aws: AWS_NAMESPACES.has(ref.namespace) }).toEqual({ ...ref, aws: true });
      }
    }
  });

  test('every KPI the outcome step emits is on the dashboard, and the dashboard reads no KPI it does not emit', async () => {
    // GIVEN an incident with every KPI marker: signal, decision, runbook proposed, tokens, approval request, recovery
    const signal = alarm(EC2, 'CPUUtilization', { time: '2026-03-10T01:58:00.000Z' });
    const store = new InMemoryIncidentStore();
    const inc = { ...incident([signal], { openedAt: '2026-03-10T02:00:00.000Z', updatedAt: '2026-03-10T02:00:00.000Z' }), samples: [signal] };
    const restart = { id: 'aws-restart-ec2-instance', parameters: { InstanceId: EC2.id } };
    await store.createIncident({
      ...inc,
      timeline: [
        { at: '2026-03-10T02:01:00.000Z', type: 'finding', actor: 'agents', message: 'cpu', data: { runbook: restart } },
        { at: '2026-03-10T02:01:00.000Z', type: 'decision', actor: 'agents', message: 'APPROVE', data: {} },
        { at: '2026-03-10T02:01:00.000Z', type: 'tokens', actor: 'agents', message: 'tokens', data: { tokens: 1200, usage: { inputTokens: 1000, outputTokens: 200 } } },
        { at: '2026-03-10T02:01:00.000Z', type: 'approval-requested', actor: 'agents', message: 'asked', data: {} },
      ],
    } as any);
    const lines: string[] = [];

    // WHEN the approval was denied and the outcome step records it
    await recordOutcome({ action: 'denied', runId: 'run-1', incident: { id: inc.id }, runbookId: restart.id, error: { Error: 'Denied', Cause: 'no' } },
      { store, now: new Date('2026-03-10T02:10:00.000Z'), print: (l) => lines.push(l) });

    // THEN what it emits and what the dashboard reads are the same KPI names
    const emitted = new Set(lines.flatMap((l) => JSON.parse(l)._aws.CloudWatchMetrics
      .flatMap((d: any) => d.Metrics.map((m: any) => m.Name as string))));
    expect(emitted.has(KpiMetric.TIME_TO_ACKNOWLEDGE)).toBe(true);
    const kpiNames = new Set<string>(Object.values(KpiMetric));
    // The KPIs are the metrics without the bus dimension (ReasoningTokens is also an agent counter, on the bus).
    const read = new Set(widgetMetrics(fullStack().stack)
      .filter((r) => r.namespace === METRIC_NAMESPACE && !r.dimensions.includes(TriageMetricDimension.EVENT_BUS_NAME))
      .map((r) => r.name).filter((n) => kpiNames.has(n)));
    for (const name of emitted) expect({ name, onDashboard: read.has(name) }).toEqual({ name, onDashboard: true });
    // The Lambda has no token prices: EstimatedCostUsd is never emitted, so no widget reads it (the replay's simulation prices tokens).
    expect(emitted.has(KpiMetric.ESTIMATED_COST_USD)).toBe(false);
    expect([...read].sort()).toEqual(Object.values(KpiMetric).filter((n) => n !== KpiMetric.ESTIMATED_COST_USD).sort());
  });

  test('the response times are p50 and p90, the outcomes one line per contract value', () => {
    const body = JSON.stringify(dashboardBody(fullStack().stack));
    for (const name of [KpiMetric.TIME_TO_DETECT, KpiMetric.TIME_TO_ACKNOWLEDGE, KpiMetric.TIME_TO_MITIGATE, KpiMetric.TIME_TO_RESOLVE]) {
      expect(body).toContain(`"${METRIC_NAMESPACE}","${name}","service","cdk-aiops-agents",{"label":"p50","period":3600,"stat":"p50"}`);
      expect(body).toContain(`"${METRIC_NAMESPACE}","${name}","service","cdk-aiops-agents",{"label":"p90","period":3600,"stat":"p90"}`);
    }
    for (const outcome of AUTOMATION_OUTCOMES) expect(body).toContain(`"${KpiMetric.AUTOMATION_OUTCOME}","${KpiDimension.OUTCOME}","${outcome}","service","cdk-aiops-agents"`);
  });

  test('a text widget says what each KPI on the dashboard means', () => {
    const text = dashboardBody(fullStack().stack).widgets.find((w: any) => w.type === 'text').properties.markdown as string;
    for (const name of Object.values(KpiMetric).filter((n) => n !== KpiMetric.ESTIMATED_COST_USD)) expect(text).toMatch(new RegExp(`\\| ${name} \\| \\S`));
    for (const health of ['Dead-letter messages', 'Workflow failures', 'Bedrock throttles', 'Triage errors']) expect(text).toContain(`| ${health} |`);
  });
});

describe('KpiDashboard: loop-health alarms', () => {
  test('with a hub, workflows and queues: four alarms, no actions, each reading what it says', () => {
    const { stack, kpi } = fullStack();
    const t = Template.fromStack(stack);
    expect(Object.keys(kpi.alarms).sort()).toEqual(['bedrockThrottles', 'deadLetterMessages', 'triageErrors', 'workflowFailures']);
    const kpiAlarms = t.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmDescription: Match.stringLikeRegexp('^cdk-aiops: ') } });
    expect(Object.keys(kpiAlarms)).toHaveLength(4);
    for (const a of Object.values(kpiAlarms)) {
      expect(a.Properties).toEqual(expect.objectContaining({ Threshold: 1, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' }));
      expect(a.Properties.AlarmActions).toBeUndefined();
    }
    const reads = (alarmId: string) => alarmMetrics(stack).filter((r) => r.where.startsWith(`Kpis${alarmId}`)).map((r) => `${r.namespace}/${r.name}`).sort();
    expect(reads('BedrockThrottlesAlarm')).toEqual([`${METRIC_NAMESPACE}/${AgentMetric.REASONING_THROTTLES}`]);
    expect(reads('TriageErrorsAlarm')).toEqual([`${METRIC_NAMESPACE}/${TriageMetric.EVENTS_REJECTED}`]);
    expect(reads('DeadLetterMessagesAlarm')).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible', 'AWS/SQS/ApproximateNumberOfMessagesVisible']);
    expect(reads('WorkflowFailuresAlarm')).toEqual(['AWS/States/ExecutionsFailed', 'AWS/States/ExecutionsTimedOut', `${METRIC_NAMESPACE}/${AgentMetric.AGENT_FAILURES}`]);
    // Two queues summed; two workflow metrics and the agents' reported failures summed.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(q0, 0) + FILL(q1, 0)' })]) });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(failed0, 0) + FILL(timedOut0, 0) + FILL(reported, 0)' })]) });
  });

  test('addAlarmAction reaches every alarm', () => {
    const { stack, kpi } = fullStack();
    const topic = new sns.Topic(stack, 'Pager');
    kpi.addAlarmAction({ bind: () => ({ alarmActionArn: topic.topicArn }) });
    const kpiAlarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmDescription: Match.stringLikeRegexp('^cdk-aiops: ') } });
    const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) };
    for (const a of Object.values(kpiAlarms)) expect(a.Properties.AlarmActions).toEqual([topicRef]);
  });

  test('with nothing but the defaults: the KPIs only, no alarm, no health widget', () => {
    const { stack, kpi } = stackWith(() => ({}));
    expect(kpi.alarms).toEqual({});
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    const titles = dashboardBody(stack).widgets.map((w: any) => w.properties.title).filter(Boolean);
    expect(titles).toEqual(expect.arrayContaining(['Time to resolve (s)', 'Automation rate (%)', 'Alerts in, pages out']));
    expect(titles).not.toEqual(expect.arrayContaining(['Bedrock throttles']));
    expect(widgetMetrics(stack).every((r) => !r.dimensions.includes(TriageMetricDimension.EVENT_BUS_NAME))).toBe(true);
  });

  test('one queue, one workflow and no hub: the queue alarm reads the queue alone, the workflow alarm its two metrics', () => {
    const { stack, kpi } = stackWith((s) => ({
      deadLetterQueues: [new sqs.Queue(s, 'Dlq')],
      workflows: [new sfn.StateMachine(s, 'Sm', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(s, 'P')) })],
    }));
    expect(Object.keys(kpi.alarms).sort()).toEqual(['deadLetterMessages', 'workflowFailures']);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' }), Stat: 'Maximum', Period: 60 }) })],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(failed0, 0) + FILL(timedOut0, 0)' })]) });
  });
});

describe('KpiDashboard: props', () => {
  test('the name, the period and the opening range reach the dashboard', () => {
    const { stack } = stackWith(() => ({ dashboardName: 'ops_kpis-1', period: Duration.minutes(15), defaultInterval: Duration.days(2) }));
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'ops_kpis-1' });
    const body = dashboardBody(stack);
    expect(body.start).toBe('-P2D');
    expect(JSON.stringify(body)).toContain('"period":900,"stat":"p90"');
  });

  test.each([
    [{ dashboardName: 'has space' }, /dashboardName must be 1 to 255 letters, digits, '-' or '_' \(got 'has space'\)/],
    [{ dashboardName: 'x'.repeat(256) }, /dashboardName must be 1 to 255/],
    [{ period: Duration.seconds(90) }, /period must be a whole number of minutes, at least one \(got 1 minute 30 seconds\)/],
    [{ period: Duration.seconds(30) }, /period must be a whole number of minutes/],
  ])('%o is refused', (props, message) => {
    expect(() => stackWith(() => props as KpiDashboardProps)).toThrow(message);
  });

  test('the main resource is the dashboard, id Resource', () => {
    const { kpi } = stackWith(() => ({}));
    expect(kpi.node.defaultChild).toBe(kpi.dashboard);
    expect(kpi.dashboard.node.id).toBe('Resource');
    expect(kpi.dashboard).toBeInstanceOf(cloudwatch.Dashboard);
  });
});
