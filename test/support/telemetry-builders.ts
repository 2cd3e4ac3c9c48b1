/**
 * Plain-data builders for the Telemetry agent's tests. The alarm and insight signals carry the values of the real
 * events in ../shared/fixtures/events (the normaliser that turns those into Signals is tested on its own).
 */
import { loadFixture } from './fixtures';
import type { Incident } from '../../src/runtime/model/incident';
import type { Signal } from '../../src/runtime/model/signal';

export function signal(overrides: Partial<Signal> & Pick<Signal, 'id'>): Signal {
  return {
    source: 'cloudwatch-alarm',
    kind: 'metric-alarm',
    severity: 'high',
    state: 'firing',
    resource: { type: 'AWS::EC2::Instance', id: 'i-1' },
    fingerprint: `fp-${overrides.id}`,
    time: '2019-10-02T17:04:40.000Z',
    title: overrides.id,
    raw: { source: 'aws.cloudwatch', bytes: 0, excerpt: '' },
    ...overrides,
  };
}

/** The EC2 CPU alarm of events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json as a Signal. */
export function ec2CpuAlarmSignal(): Signal {
  const event = loadFixture('events/cloudwatch/alarm-state-change-single-metric-ec2-cpu-ok-to-alarm.json');
  const stat = event.detail.configuration.metrics[0].metricStat;
  return signal({
    id: event.id,
    time: new Date(event.time).toISOString(),
    title: event.detail.alarmName,
    // As src/runtime/normalise/cloudwatch-alarm.ts resolves it: the resource from the metric's dimensions,
    // the metric's namespace and name as labels (no dimensions, statistic or period labels).
    resource: {
      type: 'AWS::EC2::Instance',
      id: stat.metric.dimensions.InstanceId,
      arn: `arn:aws:ec2:${event.region}:${event.account}:instance/${stat.metric.dimensions.InstanceId}`,
      region: event.region,
      account: event.account,
    },
    service: 'web',
    labels: {
      alarmName: event.detail.alarmName,
      alarmArn: event.resources[0],
      alarmState: event.detail.state.value,
      namespace: stat.metric.namespace,
      metricName: stat.metric.name,
    },
    raw: { eventId: event.id, source: event.source, detailType: event['detail-type'], bytes: 1, excerpt: '{}' },
  });
}

/** The insight of events/devops-guru/new-insight-open-apigateway-5xx.json as a Signal. */
export function devopsGuruInsightSignal(): Signal {
  const event = loadFixture('events/devops-guru/new-insight-open-apigateway-5xx.json');
  return signal({
    id: event.id,
    source: 'devops-guru',
    kind: 'insight',
    time: new Date(event.time).toISOString(),
    title: event.detail.insightDescription,
    resource: { type: 'AWS::CloudFormation::Stack', id: 'TestStack' },
    labels: { insightId: event.detail.insightId, insightType: event.detail.insightType },
    raw: { eventId: event.id, source: event.source, detailType: event['detail-type'], bytes: 1, excerpt: '{}' },
  });
}

export function incident(signals: readonly Signal[], overrides: Partial<Incident> = {}): Incident {
  const times = signals.map((s) => s.time).sort();
  return {
    id: 'inc-1',
    key: 'service:web',
    title: 'web is unhealthy',
    priority: 'P2',
    status: 'open',
    severity: 'high',
    storm: false,
    signalIds: signals.map((s) => s.id),
    firing: signals.filter((s) => s.state === 'firing').map((s) => s.fingerprint),
    services: [...new Set(signals.map((s) => s.service).filter((s): s is string => !!s))],
    resources: signals.map((s) => s.resource.arn ?? `${s.resource.type}/${s.resource.id}`),
    sources: [...new Set(signals.map((s) => s.source))],
    suppressedCount: 0,
    openedAt: times[0] ?? '2019-10-02T17:04:40.000Z',
    updatedAt: times[times.length - 1] ?? '2019-10-02T17:04:40.000Z',
    timeline: [],
    version: 1,
    ...overrides,
  };
}
