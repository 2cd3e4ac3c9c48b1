import { fixtureCopy, fixtureSignal, oneSignal, rejectionOf } from './helpers';

const DIR = 'events/devops-guru';

describe('DevOps Guru', () => {
  test('New Insight Open (EventBridge): firing with the insight severity, on the API of the anomaly', () => {
    const signal = fixtureSignal(`${DIR}/new-insight-open-apigateway-5xx.json`);
    expect(signal).toMatchObject({
      source: 'devops-guru',
      kind: 'insight',
      state: 'firing',
      severity: 'high',
      resource: { type: 'AWS::ApiGateway::RestApi', id: 'Test API Service', region: 'us-east-1', account: '123456789012' },
      service: 'Test API Service',
      fingerprint: 'devops-guru:123456789012:us-east-1:AIYH6JxdbgkcG0xJmypiL4MAAAAAAAAAL0SLEjkxiNProXWcsTJbLU07EZ7XXXX',
      time: '2021-11-01T17:06:10.000Z',
      title: 'DevOps Guru insight opened: ApiGateway 5XXError Anomalous In Stack TestStack',
      labels: expect.objectContaining({ insightType: 'REACTIVE', metric: 'AWS/ApiGateway/5XXError' }),
      raw: expect.objectContaining({ source: 'aws.devops-guru', detailType: 'DevOps Guru New Insight Open' }),
    });
  });

  test.each([
    ['sns-notification-new-insight.json', 'insight', 'firing', 'medium', 'DevOps Guru New Insight Open', '2023-03-30T04:02:00.000Z'],
    ['sns-notification-new-association.json', 'insight-anomaly', 'firing', 'medium', 'DevOps Guru New Anomaly Association', '2023-03-29T22:09:00.000Z'],
    ['sns-notification-severity-upgraded.json', 'insight', 'firing', 'high', 'DevOps Guru Insight Severity Upgraded', '2023-03-29T22:02:00.000Z'],
    ['sns-notification-new-recommendation.json', 'insight-recommendation', 'info', 'info', 'DevOps Guru New Recommendation Created', '2023-03-29T21:38:13.576Z'],
    ['sns-notification-closed-insight.json', 'insight', 'resolved', 'medium', 'DevOps Guru Insight Closed', '2023-03-28T09:00:00.000Z'],
  ])('SNS body %s → %s %s %s', (file, kind, state, severity, detailType, time) => {
    const signal = fixtureSignal(`${DIR}/${file}`);
    expect(signal).toMatchObject({ source: 'devops-guru', kind, state, severity, time, service: 'SampleApplication' });
    expect(signal.raw).toMatchObject({ source: 'sns', detailType });
    expect(signal.resource.account).toBe('123456789101');
  });

  test('resources come from the anomaly or recommendation, else the insight itself', () => {
    expect(fixtureSignal(`${DIR}/sns-notification-closed-insight.json`).resource).toEqual({
      type: 'AWS::SQS::Queue', id: 'SampleQueue', arn: 'arn:aws:sqs:us-east-1:123456789101:SampleQueue', region: 'us-east-1', account: '123456789101',
    });
    // The published ARN is malformed ("arn:aws:lambda:arn:..."): the typed resource is kept, the bogus region is not.
    expect(fixtureSignal(`${DIR}/sns-notification-new-recommendation.json`).resource).toMatchObject({
      type: 'AWS::Lambda::Function', id: 'SampleFunction', region: 'us-east-1',
    });
    expect(fixtureSignal(`${DIR}/sns-notification-severity-upgraded.json`).resource).toEqual({
      type: 'AWS::DevOpsGuru::Insight', id: 'a1b2c3d4-5678-90ab-cdef-EXAMPLEbbbbb', region: 'eu-west-1', account: '123456789101',
    });
  });

  test('the events of one insight share its fingerprint', () => {
    const opened = fixtureSignal(`${DIR}/sns-notification-new-insight.json`);
    const associated = fixtureSignal(`${DIR}/sns-notification-new-association.json`);
    expect(associated.fingerprint).toBe(opened.fingerprint);
    const closed = fixtureSignal(`${DIR}/sns-notification-closed-insight.json`);
    const recommended = fixtureSignal(`${DIR}/sns-notification-new-recommendation.json`);
    expect(recommended.fingerprint).toBe(closed.fingerprint);
    expect(opened.fingerprint).not.toBe(closed.fingerprint);
  });

  test('the same body in an EventBridge envelope and in an SNS notification gives the same fingerprint', () => {
    const body = fixtureCopy(`${DIR}/sns-notification-closed-insight.json`);
    const viaEventBridge = oneSignal({
      'version': '0',
      'id': 'e1',
      'detail-type': 'DevOps Guru Insight Closed',
      'source': 'aws.devops-guru',
      'account': '123456789101',
      'time': '2023-03-28T09:00:05Z',
      'region': 'us-east-1',
      'resources': [],
      'detail': body,
    });
    const viaSns = oneSignal({ Type: 'Notification', MessageId: 'm1', Timestamp: '2023-03-28T09:00:06.000Z', Message: JSON.stringify(body) });
    const bare = oneSignal(body);
    expect(viaEventBridge).toMatchObject({ state: 'resolved', fingerprint: bare.fingerprint, time: '2023-03-28T09:00:05.000Z' });
    expect(viaSns).toMatchObject({ state: 'resolved', fingerprint: bare.fingerprint, time: '2023-03-28T09:00:06.000Z', raw: { eventId: 'm1' } });
  });

  test('an unknown messageType is unsupported; a missing insightId is malformed', () => {
    const body = fixtureCopy(`${DIR}/sns-notification-new-insight.json`);
    expect(rejectionOf({ ...body, messageType: 'INSIGHT_DELETED' })).toMatchObject({
      code: 'unsupported', reason: expect.stringContaining('messageType "INSIGHT_DELETED" is not one of NEW_INSIGHT'),
    });
    const event = fixtureCopy(`${DIR}/new-insight-open-apigateway-5xx.json`);
    delete event.detail.insightId;
    expect(rejectionOf(event).reason).toBe('DevOps Guru New Insight Open: detail.insightId is required');
  });
});
