/**
 * Builders for the event shapes the benchmark feeds to triage. Each mirrors a real payload in
 * ../shared/fixtures/events field for field (named beside each builder); only the values are ours.
 */

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface MetricRef {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: string;
  readonly period: number;
}

export interface AlarmTransition {
  readonly eventId: string;
  readonly account: string;
  readonly region: string;
  /** Epoch milliseconds of the transition. */
  readonly time: number;
  readonly alarmName: string;
  readonly description: string;
  readonly metric: MetricRef;
  readonly threshold: number;
  /** `GreaterThanThreshold` semantics: breaching values are above the threshold. */
  readonly from: AlarmStateValue;
  readonly to: AlarmStateValue;
  /** The datapoints the transition was evaluated on, newest last. */
  readonly datapoints: readonly number[];
  /** When the previous state was entered (epoch ms). */
  readonly previousTime: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2019-10-02T17:04:40Z`, the envelope `time` format. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `2019-10-02T17:04:40.989+0000`, the format of `detail.state.timestamp`. */
export function cwTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** `02/10/19 16:59:00`, the datapoint time inside CloudWatch reason strings. */
function reasonTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function stateBlock(
  value: AlarmStateValue,
  time: number,
  metric: MetricRef,
  threshold: number,
  datapoints: readonly number[],
  from: AlarmStateValue,
) {
  const n = datapoints.length;
  const breaching = value === 'ALARM';
  const start = time - (time % (metric.period * 1000)) - metric.period * 1000;
  const points = datapoints.map((v, i) => `${v} (${reasonTime(start - (n - 1 - i) * metric.period * 1000)})`).join(', ');
  const reason = value === 'INSUFFICIENT_DATA'
    ? 'Insufficient Data: 1 datapoint was unknown.'
    : `Threshold Crossed: ${n} out of the last ${n} datapoints [${points}] ${breaching ? 'was' : 'was not'} greater than the threshold (${threshold.toFixed(1)}) (minimum ${n} datapoint${n > 1 ? 's' : ''} for ${from} -> ${value} transition).`;
  const reasonData = JSON.stringify({
    version: '1.0',
    queryDate: cwTimestamp(time - 4),
    startDate: cwTimestamp(start),
    statistic: metric.stat,
    period: metric.period,
    recentDatapoints: datapoints,
    threshold,
  });
  return { reason, reasonData, timestamp: cwTimestamp(time), value };
}

/** `CloudWatch Alarm State Change` (fixture: events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json). */
export function alarmStateChange(t: AlarmTransition): Record<string, unknown> {
  return {
    'version': '0',
    'id': t.eventId,
    'detail-type': 'CloudWatch Alarm State Change',
    'source': 'aws.cloudwatch',
    'account': t.account,
    'time': isoSeconds(t.time),
    'region': t.region,
    'resources': [`arn:aws:cloudwatch:${t.region}:${t.account}:alarm:${t.alarmName}`],
    'detail': {
      alarmName: t.alarmName,
      configuration: {
        description: t.description,
        metrics: [
          {
            id: `m-${t.alarmName.length.toString(16)}${t.eventId.slice(0, 8)}`,
            metricStat: {
              metric: { dimensions: { ...t.metric.dimensions }, name: t.metric.name, namespace: t.metric.namespace },
              period: t.metric.period,
              stat: t.metric.stat,
            },
            returnData: true,
          },
        ],
      },
      previousState: stateBlock(
        t.from,
        t.previousTime,
        t.metric,
        t.threshold,
        t.datapoints.map(() => (t.from === 'ALARM' ? t.threshold * 1.25 : t.threshold / 2)),
        t.from === 'ALARM' ? 'OK' : 'ALARM',
      ),
      state: stateBlock(t.to, t.time, t.metric, t.threshold, t.datapoints, t.from),
    },
  };
}

export interface CanaryRun {
  readonly eventId: string;
  readonly account: string;
  readonly region: string;
  readonly time: number;
  readonly canaryName: string;
  readonly canaryId: string;
  readonly runId: string;
  readonly passed: boolean;
  readonly reason?: string;
}

/** `Synthetics Canary TestRun Failure` / `...Successful` (fixtures: events/synthetics/canary-testrun-*.json). */
export function canaryTestRun(c: CanaryRun): Record<string, unknown> {
  const started = Math.floor(c.time / 1000) - 6;
  return {
    'version': '0',
    'id': c.eventId,
    'detail-type': c.passed ? 'Synthetics Canary TestRun Successful' : 'Synthetics Canary TestRun Failure',
    'source': 'aws.synthetics',
    'account': c.account,
    'time': isoSeconds(c.time),
    'region': c.region,
    'resources': [],
    'detail': {
      'account-id': c.account,
      'canary-id': c.canaryId,
      'canary-name': c.canaryName,
      'canary-run-id': c.runId,
      'artifact-location': `cw-syn-results-${c.account}-${c.region}/canary/${c.region}/${c.canaryName}-${c.canaryId.slice(0, 12)}/${new Date(c.time).toISOString().slice(0, 10).replace(/-/g, '/')}`,
      'test-run-status': c.passed ? 'PASSED' : 'FAILED',
      'state-reason': c.passed ? 'null' : JSON.stringify(c.reason ?? 'Error: net::ERR_CONNECTION_REFUSED'),
      'canary-run-timeline': { started, completed: started + 6 },
      'message': 'Test run result is generated successfully',
    },
  };
}

export interface InsightOpen {
  readonly eventId: string;
  readonly account: string;
  readonly region: string;
  readonly time: number;
  readonly insightId: string;
  readonly severity: 'low' | 'medium' | 'high';
  readonly description: string;
  readonly metric: MetricRef;
}

/** `DevOps Guru New Insight Open` (fixture: events/devops-guru/new-insight-open-apigateway-5xx.json). */
export function devOpsGuruInsightOpen(i: InsightOpen): Record<string, unknown> {
  return {
    'version': '0',
    'id': i.eventId,
    'detail-type': 'DevOps Guru New Insight Open',
    'source': 'aws.devops-guru',
    'account': i.account,
    'time': isoSeconds(i.time),
    'region': i.region,
    'resources': [],
    'detail': {
      insightSeverity: i.severity,
      insightDescription: i.description,
      insightType: 'REACTIVE',
      anomalies: [
        {
          startTime: String(i.time - 120_000),
          id: `AL${i.insightId.slice(2)}`,
          sourceDetails: [
            {
              dataSource: 'CW_METRICS',
              dataIdentifiers: {
                period: String(i.metric.period),
                stat: i.metric.stat,
                unit: 'None',
                name: i.metric.name,
                namespace: i.metric.namespace,
                dimensions: Object.entries(i.metric.dimensions).map(([name, value]) => ({ name, value })),
              },
            },
          ],
        },
      ],
      accountId: i.account,
      messageType: 'NEW_INSIGHT',
      insightUrl: `https://${i.region}.console.aws.amazon.com/devops-guru/#/insight/reactive/${i.insightId}`,
      startTime: String(i.time),
      insightId: i.insightId,
      region: i.region,
    },
  };
}

export interface PodEvent {
  readonly uid: string;
  readonly time: number;
  readonly namespace: string;
  readonly pod: string;
  readonly podUid: string;
  readonly container: string;
  readonly node: string;
  readonly reason: string;
  readonly message: string;
  readonly warning: boolean;
  readonly count: number;
}

/** A core/v1 Kubernetes Event (fixture: events/kubernetes/event-v1-pulled-normal-gke.json). */
export function kubernetesEvent(e: PodEvent): Record<string, unknown> {
  const at = isoSeconds(e.time);
  return {
    apiVersion: 'v1',
    count: e.count,
    eventTime: null,
    firstTimestamp: at,
    involvedObject: {
      apiVersion: 'v1',
      fieldPath: `spec.containers{${e.container}}`,
      kind: 'Pod',
      name: e.pod,
      namespace: e.namespace,
      resourceVersion: String(40_000_000 + (e.time % 1_000_000)),
      uid: e.podUid,
    },
    kind: 'Event',
    lastTimestamp: at,
    message: e.message,
    metadata: {
      creationTimestamp: at,
      name: `${e.pod}.${e.uid.replace(/-/g, '').slice(0, 16)}`,
      namespace: e.namespace,
      resourceVersion: String(500_000 + (e.time % 100_000)),
      selfLink: `/api/v1/namespaces/${e.namespace}/events/${e.pod}.${e.uid.replace(/-/g, '').slice(0, 16)}`,
      uid: e.uid,
    },
    reason: e.reason,
    reportingComponent: '',
    reportingInstance: '',
    source: { component: 'kubelet', host: e.node },
    type: e.warning ? 'Warning' : 'Normal',
  };
}

/**
 * `DevOps Guru Insight Closed`: the open insight's detail with `messageType: CLOSED_INSIGHT` and the insight's and its
 * anomaly's `endTime` (fields as in the fixture events/devops-guru/sns-notification-closed-insight.json).
 */
export function devOpsGuruInsightClosed(i: InsightOpen & { readonly openedAt: number }): Record<string, unknown> {
  const open = devOpsGuruInsightOpen({ ...i, time: i.openedAt });
  const detail = open.detail as Record<string, unknown>;
  const anomalies = (detail.anomalies as Record<string, unknown>[])
    .map((a) => ({ ...a, endTime: String(i.time - 60_000), closeTime: String(i.time) }));
  return {
    ...open,
    'id': i.eventId,
    'detail-type': 'DevOps Guru Insight Closed',
    'time': isoSeconds(i.time),
    'detail': { ...detail, anomalies, messageType: 'CLOSED_INSIGHT', endTime: String(i.time) },
  };
}
