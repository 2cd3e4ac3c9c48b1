import { Duration, Token } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { SliParts } from './sli-parts';

/** An Application Signals service operation to hold to an objective. */
export interface ApplicationSignalsSliProps {
  /** The service name as Application Signals reports it (the `Service` dimension). */
  readonly service: string;
  /**
   * The Application Signals environment of the service (`eks:my-cluster/default`, `lambda:default`,
   * `ecs:my-cluster`...): the `Environment` key attribute and dimension.
   */
  readonly environment: string;
  /**
   * One operation of the service (`GET /checkout`).
   * @default - the whole service
   */
  readonly operation?: string;
  /**
   * A latency SLI: a request is good when it is at most this slow.
   * @default - an availability SLI: a request is good when it is not a fault (5xx)
   */
  readonly latencyThreshold?: Duration;
  /**
   * Evaluate per one-minute period (a period is good when its availability or p99 latency meets the threshold)
   * instead of per request. Only the Application Signals SLO itself is period-based: the burn-rate alarms always
   * count requests.
   * @default false - request-based
   */
  readonly periodBased?: boolean;
}

/** An Application Load Balancer whose 5xx responses spend the budget. */
export interface AlbAvailabilitySliProps {
  /** The load balancer: its `RequestCount`, `HTTPCode_Target_5XX_Count` and `HTTPCode_ELB_5XX_Count`. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
}

/** A REST API whose slow requests spend the budget. */
export interface ApiGatewayLatencySliProps {
  /** The REST API (`AWS/ApiGateway` `Latency` by `ApiName`). */
  readonly api: apigateway.IRestApi;
  /** A request is good when its latency is at most this. */
  readonly threshold: Duration;
  /**
   * One stage of the API (the `Stage` dimension).
   * @default - all stages together
   */
  readonly stage?: string;
}

/** A Lambda function whose errors spend the budget. */
export interface LambdaAvailabilitySliProps {
  /** The function: its `Errors` against its `Invocations`. */
  readonly handler: lambda.IFunction;
}

/**
 * What counts as a good request, as a ratio of CloudWatch metrics (bad over total), or an Application Signals SLO.
 * Choose one with a static method.
 */
export class Sli {
  /**
   * An Application Signals SLO (`AWS::ApplicationSignals::ServiceLevelObjective`) on a service or one of its
   * operations. Its budget report is what the Risk agent reads; the burn-rate alarms use the same service's
   * `ApplicationSignals` metrics (`Fault` or `Latency` against the `Latency` sample count).
   */
  public static applicationSignals(props: ApplicationSignalsSliProps): Sli {
    const dimensionsMap: Record<string, string> = { Environment: props.environment, Service: props.service };
    if (props.operation !== undefined) dimensionsMap.Operation = props.operation;
    const metric = (metricName: string, statistic: string) => new cloudwatch.Metric({ namespace: 'ApplicationSignals', metricName, dimensionsMap, statistic });
    const total = metric('Latency', 'SampleCount');
    const bad = props.latencyThreshold
      ? metric('Latency', `TC(${milliseconds(props.latencyThreshold)}:)`)
      : metric('Fault', 'Sum');
    return new Sli('application-signals', { bad: [{ metric: bad, sign: 1 }], total, applicationSignals: props });
  }

  /** Availability of an Application Load Balancer: target and load balancer 5xx responses over all requests. */
  public static albAvailability(props: AlbAvailabilitySliProps): Sli {
    const m = props.loadBalancer.metrics;
    return new Sli('alb-availability', {
      bad: [
        { metric: m.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum' }), sign: 1 },
        { metric: m.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { statistic: 'Sum' }), sign: 1 },
      ],
      total: m.requestCount({ statistic: 'Sum' }),
    });
  }

  /** Latency of a REST API: requests slower than the threshold (trimmed count `TC(threshold:)`) over all requests. */
  public static apiGatewayLatency(props: ApiGatewayLatencySliProps): Sli {
    const dimensionsMap: Record<string, string> = { ApiName: props.api.restApiName };
    if (props.stage !== undefined) dimensionsMap.Stage = props.stage;
    const latency = (statistic: string) => new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName: 'Latency', dimensionsMap, statistic });
    return new Sli('api-gateway-latency', {
      bad: [{ metric: latency(`TC(${milliseconds(props.threshold)}:)`), sign: 1 }],
      total: latency('SampleCount'),
    });
  }

  /** Availability of a Lambda function: `Errors` over `Invocations`. */
  public static lambdaAvailability(props: LambdaAvailabilitySliProps): Sli {
    return new Sli('lambda-availability', {
      bad: [{ metric: props.handler.metricErrors({ statistic: 'Sum' }), sign: 1 }],
      total: props.handler.metricInvocations({ statistic: 'Sum' }),
    });
  }

  /**
   * Any two counts: good requests and all requests, each summed over the window (`bad = total − good`). Give them
   * the `Sum` (or `SampleCount`) statistic. For the Risk agent to read the budget, both must be plain metrics
   * (`cloudwatch.Metric`), not math expressions.
   */
  public static custom(good: cloudwatch.IMetric, total: cloudwatch.IMetric): Sli {
    return new Sli('custom', { bad: [{ metric: total, sign: 1 }, { metric: good, sign: -1 }], total });
  }

  /** Which factory made this SLI: `application-signals`, `alb-availability`, `api-gateway-latency`, `lambda-availability` or `custom`. */
  public readonly kind: string;

  /** @internal */
  public readonly _parts: SliParts;

  private constructor(kind: string, parts: SliParts) {
    this.kind = kind;
    this._parts = parts;
  }
}

function milliseconds(d: Duration): number {
  if (Token.isUnresolved(d.toSeconds({ integral: false }))) throw new Error('The latency threshold must be known at synth (not a Token).');
  const ms = d.toMilliseconds();
  if (ms <= 0) throw new Error(`The latency threshold must be positive, got ${ms} ms.`);
  return ms;
}
