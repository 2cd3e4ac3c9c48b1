import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AgentEnv } from '../../src/contract/env';
import { ServiceLevelObjective, Sli, SloWindow } from '../../src/slo';

function stack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function fn(scope: Stack, id = 'Fn'): lambda.Function {
  return new lambda.Function(scope, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
}

function alarmsByName(template: Template): Record<string, any> {
  const out: Record<string, any> = {};
  for (const r of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) out[r.Properties.AlarmName] = r.Properties;
  return out;
}

describe('ServiceLevelObjective with a metric-math SLI', () => {
  test('eight window alarms, one datapoint each whose period is the window, thresholds from the workbook table', () => {
    const s = stack();
    new ServiceLevelObjective(s, 'Availability', { service: 'checkout', sli: Sli.lambdaAvailability({ handler: fn(s) }), target: 99.9 });
    const alarms = alarmsByName(Template.fromStack(s));
    const expected: Record<string, [number, number]> = {
      'page-1h-long': [3600, 0.0144],
      'page-1h-short': [300, 0.0144],
      'page-6h-long': [21600, 0.006],
      'page-6h-short': [1800, 0.006],
      'ticket-1d-long': [86400, 0.003],
      'ticket-1d-short': [7200, 0.003],
      'ticket-3d-long': [259200, 0.001],
      'ticket-3d-short': [21600, 0.001],
    };
    expect(Object.keys(alarms).sort()).toEqual(Object.keys(expected).map((k) => `checkout/slo:checkout-availability:${k}`).sort());
    for (const [suffix, [period, threshold]] of Object.entries(expected)) {
      const a = alarms[`checkout/slo:checkout-availability:${suffix}`];
      expect(a).toMatchObject({ Threshold: threshold, EvaluationPeriods: 1, DatapointsToAlarm: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
      // CloudWatch's limit: Period × EvaluationPeriods ≤ 1 day under an hour, ≤ 7 days from an hour up.
      expect(period * a.EvaluationPeriods).toBeLessThanOrEqual(period < 3600 ? 86_400 : 604_800);
      const stats = a.Metrics.filter((m: any) => m.MetricStat);
      expect(stats.map((m: any) => m.MetricStat.Period)).toEqual(stats.map(() => period));
      const expr = a.Metrics.find((m: any) => m.ReturnData !== false && m.Expression);
      expect(expr.Expression).toMatch(/^IF\(total >= \d+, \(FILL\(bad0, 0\)\) \/ total, 0\)$/);
    }
    // The guard: one error in the minimum number of requests stays under the 14.4x threshold.
    const guard = Number(/>= (\d+)/.exec(alarms['checkout/slo:checkout-availability:page-1h-long'].Metrics.find((m: any) => m.Expression).Expression)![1]);
    expect(1 / guard).toBeLessThan(0.0144);
    expect(1 / (guard - 1)).toBeGreaterThanOrEqual(0.0144);
  });

  test('page and ticket composites: (long AND short) OR (long AND short), named for the service', () => {
    const s = stack();
    new ServiceLevelObjective(s, 'Slo', { service: 'checkout', sloName: 'web', sli: Sli.lambdaAvailability({ handler: fn(s) }), target: 99.9 });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 2);
    const page = Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm')).find((r) => r.Properties.AlarmName === 'checkout/slo:web:page')!;
    const rule = JSON.stringify(page.Properties.AlarmRule);
    expect(rule).toMatch(/\(\(ALARM\(.*SloAlarmsPage1hLong.*\) AND ALARM\(.*SloAlarmsPage1hShort.*\)\) OR \(ALARM\(.*SloAlarmsPage6hLong.*\) AND ALARM\(.*SloAlarmsPage6hShort.*\)\)\)/);
    expect(rule).not.toMatch(/ticket/);
    expect(page.Properties.AlarmDescription).toMatch(/^\[high\] SLO web of checkout/);
  });

  test('ALB availability sums target and ELB 5xx over RequestCount', () => {
    const s = stack();
    const vpc = new ec2.Vpc(s, 'Vpc', { natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc });
    new ServiceLevelObjective(s, 'Slo', { service: 'web', sli: Sli.albAvailability({ loadBalancer: alb }), target: 99.5, alarms: { ticket: false } });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    t.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'web/slo:web-slo:page-1h-long',
      Threshold: 0.072,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(total >= 14, (FILL(bad0, 0) +FILL(bad1, 0)) / total, 0)' }),
        Match.objectLike({ Id: 'total', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'RequestCount' }) }) }),
        Match.objectLike({ Id: 'bad0', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count' }), Stat: 'Sum' }) }),
        Match.objectLike({ Id: 'bad1', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_ELB_5XX_Count' }) }) }),
      ]),
    });
  });

  test('API Gateway latency counts requests above the threshold with TC(ms:)', () => {
    const s = stack();
    const api = apigateway.RestApi.fromRestApiAttributes(s, 'Api', { restApiId: 'abc123', rootResourceId: 'root' });
    new ServiceLevelObjective(s, 'Latency', { service: 'orders', sli: Sli.apiGatewayLatency({ api, threshold: Duration.millis(300), stage: 'prod' }), target: 99, window: SloWindow.ROLLING_28_DAYS });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'orders/slo:orders-latency:page-1h-long',
      Threshold: 0.1344,
      Metrics: Match.arrayWith([
        Match.objectLike({ Id: 'total', MetricStat: Match.objectLike({ Stat: 'SampleCount' }) }),
        Match.objectLike({ Id: 'bad0', MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/ApiGateway', MetricName: 'Latency' }), Stat: 'TC(300:)' }) }),
      ]),
    });
  });

  test('custom: bad = total − good, and the guard can be set', () => {
    const s = stack();
    const good = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Good', statistic: 'Sum' });
    const total = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'All', statistic: 'Sum' });
    new ServiceLevelObjective(s, 'Slo', { service: 'shop', sli: Sli.custom(good, total), target: 99.9, alarms: { minimumRequests: 500 } });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'shop/slo:shop-slo:ticket-3d-short',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(total >= 500, (FILL(bad0, 0) -FILL(bad1, 0)) / total, 0)' })]),
    });
  });
});

describe('ServiceLevelObjective with Application Signals', () => {
  test('a request-based SLO on an operation, alarms on the service\'s ApplicationSignals metrics', () => {
    const s = stack();
    const slo = new ServiceLevelObjective(s, 'Slo', {
      service: 'checkout',
      sloName: 'checkout-get',
      target: 99.9,
      sli: Sli.applicationSignals({ service: 'checkout-api', environment: 'eks:prod/default', operation: 'GET /checkout' }),
    });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::ApplicationSignals::ServiceLevelObjective', {
      Name: 'checkout-get',
      RequestBasedSli: {
        RequestBasedSliMetric: { KeyAttributes: { Type: 'Service', Name: 'checkout-api', Environment: 'eks:prod/default' }, OperationName: 'GET /checkout', MetricType: 'AVAILABILITY' },
      },
      Goal: { AttainmentGoal: 99.9, Interval: { RollingInterval: { Duration: 30, DurationUnit: 'DAY' } } },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({
        Id: 'bad0',
        MetricStat: Match.objectLike({
          Metric: { Namespace: 'ApplicationSignals', MetricName: 'Fault', Dimensions: Match.arrayWith([{ Name: 'Operation', Value: 'GET /checkout' }]) },
        }),
      })]),
    });
    expect(slo.sloArn).toBeDefined();
  });

  test('a period-based latency SLO compares p99 per minute', () => {
    const s = stack();
    new ServiceLevelObjective(s, 'Slo', {
      service: 'checkout',
      target: 99,
      sli: Sli.applicationSignals({ service: 'checkout', environment: 'lambda:default', latencyThreshold: Duration.millis(500), periodBased: true }),
    });
    Template.fromStack(s).hasResourceProperties('AWS::ApplicationSignals::ServiceLevelObjective', {
      Sli: { SliMetric: Match.objectLike({ MetricType: 'LATENCY', PeriodSeconds: 60, Statistic: 'p99' }), MetricThreshold: 500, ComparisonOperator: 'LessThan' },
    });
  });
});

describe('validation', () => {
  test.each([[89.9], [99.9999], [Number.NaN]])('target %d is refused', (target) => {
    const s = stack();
    expect(() => new ServiceLevelObjective(s, 'Slo', { service: 'a', sli: Sli.lambdaAvailability({ handler: fn(s) }), target })).toThrow(/target must be between 90 and 99.999 percent/);
  });

  test('names that cannot carry the service in an alarm name are refused', () => {
    const s = stack();
    expect(() => new ServiceLevelObjective(s, 'Slo', { service: 'my service', sli: Sli.lambdaAvailability({ handler: fn(s) }), target: 99 })).toThrow(/service must be 1-64 letters/);
    expect(() => new ServiceLevelObjective(s, 'Slo2', { service: 'a', sloName: 'x/y', sli: Sli.lambdaAvailability({ handler: fn(s, 'Fn2') }), target: 99 })).toThrow(/sloName must be/);
    expect(() => new ServiceLevelObjective(s, 'Slo3', { service: 'a', sloName: '.hidden', sli: Sli.lambdaAvailability({ handler: fn(s, 'Fn3') }), target: 99 })).toThrow(/starting with a letter or digit/);
  });

  test('a latency threshold must be positive', () => {
    const s = stack();
    const api = apigateway.RestApi.fromRestApiAttributes(s, 'Api', { restApiId: 'abc123', rootResourceId: 'root' });
    expect(() => Sli.apiGatewayLatency({ api, threshold: Duration.millis(0) })).toThrow(/must be positive/);
  });
});

describe('grantBudgetRead', () => {
  test('lists every objective granted to the function in one environment variable and grants the reads', () => {
    const s = stack();
    const telemetry = fn(s, 'Telemetry');
    const a = new ServiceLevelObjective(s, 'A', { service: 'checkout', sli: Sli.lambdaAvailability({ handler: fn(s) }), target: 99.9 });
    const b = new ServiceLevelObjective(s, 'B', { service: 'checkout', sli: Sli.applicationSignals({ service: 'checkout', environment: 'lambda:default' }), target: 99 });
    a.grantBudgetRead(telemetry);
    b.grantBudgetRead(telemetry);
    const t = Template.fromStack(s);
    const fnProps = Object.values(t.findResources('AWS::Lambda::Function')).find((r) => r.Properties.Environment?.Variables?.[AgentEnv.SLO_DEFINITIONS])!;
    const raw = fnProps.Properties.Environment.Variables[AgentEnv.SLO_DEFINITIONS];
    // Tokens (the SLI function's name) are joined in: read them as placeholders.
    const json = typeof raw === 'string' ? raw : (raw['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
    const defs = JSON.parse(json) as any[];
    expect(defs.map((d) => [d.name, d.kind])).toEqual([['checkout-a', 'metric-math'], ['checkout-b', 'application-signals']]);
    expect(defs[0]).toMatchObject({ service: 'checkout', targetPercent: 99.9, windowDays: 30, bad: [{ namespace: 'AWS/Lambda', metricName: 'Errors', stat: 'Sum', sign: 1 }], total: [{ metricName: 'Invocations' }] });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'cloudwatch:GetMetricData', Resource: '*' })]) },
    });
  });

  test('refuses an imported function and the same objective twice', () => {
    const s = stack();
    const slo = new ServiceLevelObjective(s, 'A', { service: 'checkout', sli: Sli.lambdaAvailability({ handler: fn(s) }), target: 99.9 });
    expect(() => slo.grantBudgetRead(lambda.Function.fromFunctionArn(s, 'Imported', 'arn:aws:lambda:eu-west-1:111111111111:function:x'))).toThrow(/is imported/);
    const telemetry = fn(s, 'Telemetry');
    slo.grantBudgetRead(telemetry);
    expect(() => slo.grantBudgetRead(telemetry)).toThrow(/already granted/);
  });

  test('a custom SLI over a math expression cannot be read back', () => {
    const s = stack();
    const total = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'All', statistic: 'Sum' });
    const good = new cloudwatch.MathExpression({ expression: 'total * 0.9', usingMetrics: { total } });
    const slo = new ServiceLevelObjective(s, 'A', { service: 'shop', sli: Sli.custom(good, total), target: 99.9 });
    expect(() => slo.grantBudgetRead(fn(s, 'Telemetry'))).toThrow(/plain metrics only/);
  });
});

test('metricErrorRatio and metricBudgetRemaining are math over the SLI', () => {
  const s = stack();
  const slo = new ServiceLevelObjective(s, 'A', { service: 'checkout', sli: Sli.lambdaAvailability({ handler: fn(s) }), target: 99.9 });
  const ratio = slo.metricErrorRatio(Duration.hours(1)) as cloudwatch.MathExpression;
  expect(ratio.expression).toBe('(FILL(bad0, 0)) / total');
  expect(ratio.period.toSeconds()).toBe(3600);
  const budget = slo.metricBudgetRemaining() as cloudwatch.MathExpression;
  expect(budget.expression).toBe('1 - ratio / 0.001');
  expect(budget.period.toDays()).toBe(30);
});
