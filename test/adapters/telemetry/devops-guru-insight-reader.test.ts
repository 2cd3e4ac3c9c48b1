import {
  AccessDeniedException,
  DevOpsGuruClient,
  ListAnomaliesForInsightCommand,
  type ListAnomaliesForInsightResponse,
  ListRecommendationsCommand,
  type ListRecommendationsResponse,
} from '@aws-sdk/client-devops-guru';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DevOpsGuruInsightReader } from '../../../src/adapters/telemetry/devops-guru-insight-reader';
import { collectTelemetry } from '../../../src/runtime/telemetry/collect';
import { loadFixture } from '../../support/fixtures';
import { devopsGuruInsightSignal, incident } from '../../support/telemetry-builders';

/*
 * No DevOps Guru API sample responses exist in ../shared/fixtures (SOURCES.md, "Searched for but not found":
 * ListAnomaliesForInsight, ListRecommendations). The responses below are MINIMAL, HAND-WRITTEN instances of the
 * SDK's documented shapes (ReactiveAnomalySummary, Recommendation), filled with the values of the real
 * EventBridge insight in events/devops-guru/new-insight-open-apigateway-5xx.json (its anomaly id, metric, times)
 * and of the real SNS recommendation in events/devops-guru/sns-notification-new-recommendation.json.
 * Only the mapping is tested against them; the skip path is tested with the SDK's own AccessDeniedException.
 */
const INSIGHT = loadFixture('events/devops-guru/new-insight-open-apigateway-5xx.json').detail;
const ANOMALY = INSIGHT.anomalies[0];
const SOURCE = ANOMALY.sourceDetails[0].dataIdentifiers;
const RECOMMENDATION = loadFixture('events/devops-guru/sns-notification-new-recommendation.json').recommendations[0];

const DOCUMENTED_ANOMALIES: ListAnomaliesForInsightResponse = {
  ReactiveAnomalies: [{
    Id: ANOMALY.id,
    Severity: 'HIGH',
    Status: 'ONGOING',
    AnomalyTimeRange: { StartTime: new Date(Number(ANOMALY.startTime)) },
    SourceDetails: {
      CloudWatchMetrics: [{
        Namespace: SOURCE.namespace,
        MetricName: SOURCE.name,
        Stat: SOURCE.stat,
        Period: Number(SOURCE.period),
        Dimensions: SOURCE.dimensions.map((d: { name: string; value: string }) => ({ Name: d.name, Value: d.value })),
      }],
    },
    AssociatedInsightId: INSIGHT.insightId,
    Type: 'CAUSAL',
    Description: INSIGHT.insightDescription,
  }],
};
const DOCUMENTED_RECOMMENDATIONS: ListRecommendationsResponse = {
  Recommendations: [{
    Name: RECOMMENDATION.name,
    Description: RECOMMENDATION.description,
    Reason: RECOMMENDATION.reason,
    Link: RECOMMENDATION.link,
    RelatedAnomalies: [{ AnomalyId: ANOMALY.id, SourceDetails: [{ CloudWatchMetrics: [{ Namespace: SOURCE.namespace, MetricName: SOURCE.name }] }] }],
  }],
};

/*
 * @aws-sdk/client-devops-guru resolves to 3.523 here, built on @smithy/types v2, whose classes aws-sdk-client-mock's
 * typings reject (the other clients are on v4). The mock behaves the same at run time, so the stub and the command
 * classes given to it are typed loosely; what the adapter sends and reads is still checked below.
 */
const guru: AwsStub<any, any, any> = mockClient(DevOpsGuruClient as never);
const LIST_ANOMALIES = ListAnomaliesForInsightCommand as never;
const LIST_RECOMMENDATIONS = ListRecommendationsCommand as never;
const accessDenied = () => new AccessDeniedException({ $metadata: { httpStatusCode: 403 }, message: 'not authorized', Message: 'not authorized' });
beforeEach(() => guru.reset());

describe('DevOpsGuruInsightReader', () => {
  const reader = () => new DevOpsGuruInsightReader(new DevOpsGuruClient({}));

  test('GIVEN anomalies of an insight THEN plain anomalies with their metrics, asked by insight id', async () => {
    guru.on(LIST_ANOMALIES).resolves(DOCUMENTED_ANOMALIES);
    const anomalies = await reader().anomalies(INSIGHT.insightId);
    expect(anomalies).toEqual([{
      id: ANOMALY.id,
      kind: 'reactive',
      severity: 'HIGH',
      status: 'ONGOING',
      name: undefined,
      description: 'ApiGateway 5XXError Anomalous In Stack TestStack',
      start: '2021-11-01T17:00:00.000Z',
      end: undefined,
      metrics: [{ namespace: 'AWS/ApiGateway', metricName: '5XXError', stat: 'Average', dimensions: { ApiName: 'Test API Service', Stage: 'prod' } }],
      resources: [],
    }]);
    expect(guru).toHaveReceivedCommandWith(LIST_ANOMALIES, { InsightId: INSIGHT.insightId });
  });

  test('GIVEN recommendations THEN plain recommendations with related anomalies and metrics; pages followed', async () => {
    guru.on(LIST_RECOMMENDATIONS).resolvesOnce({ ...DOCUMENTED_RECOMMENDATIONS, NextToken: 'n' }).resolvesOnce({ Recommendations: [] });
    const recs = await reader().recommendations(INSIGHT.insightId);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      name: 'Tune Availability Zones of your Lambda Function',
      link: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html',
      relatedAnomalyIds: [ANOMALY.id],
      relatedMetrics: ['AWS/ApiGateway/5XXError'],
    });
    expect(guru).toHaveReceivedCommandTimes(LIST_RECOMMENDATIONS, 2);
  });

  test('GIVEN the insight signal WHEN collected THEN anomaly and recommendation evidence; GIVEN AccessDenied THEN skipped', async () => {
    const insight = devopsGuruInsightSignal();
    const request = { incident: incident([insight]), signals: [insight] };
    const now = new Date('2021-11-01T17:30:00Z');
    guru.on(LIST_ANOMALIES).resolves(DOCUMENTED_ANOMALIES);
    guru.on(LIST_RECOMMENDATIONS).resolves(DOCUMENTED_RECOMMENDATIONS);
    let bundle = await collectTelemetry(request, { 'devops-guru': reader() }, { now });
    expect(bundle.results[3]).toMatchObject({ collector: 'devops-guru', status: 'ok' });
    expect(bundle.results[3].evidence.map((e) => e.ref)).toEqual(['devops-guru:anomaly:1', 'devops-guru:recommendation:1']);
    expect(bundle.results[3].evidence[0].summary).toContain('HIGH reactive anomaly (ongoing)');

    guru.reset();
    guru.on(LIST_ANOMALIES).rejects(accessDenied());
    guru.on(LIST_RECOMMENDATIONS).rejects(accessDenied());
    bundle = await collectTelemetry(request, { 'devops-guru': reader() }, { now });
    expect(bundle.results[3]).toMatchObject({ collector: 'devops-guru', status: 'skipped', reason: 'not permitted (AccessDeniedException)' });
  });
});
