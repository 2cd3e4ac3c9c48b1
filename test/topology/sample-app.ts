import { App, Stack, type Environment } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { LambdaTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { AppTopology, type AppTopologyProps } from '../../src';

export const ENV: Environment = { account: '111111111111', region: 'eu-west-1' };

export function fn(scope: Construct, id: string, environment?: Record<string, string>): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    environment,
  });
}

/** The sample app of the tests: what a user's CDK app looks like, across four stacks and one for the topology. */
export interface SampleApp {
  readonly app: App;
  readonly topology: AppTopology;
  readonly stacks: Record<'orders' | 'api' | 'worker' | 'web' | 'topology', Stack>;
  readonly ordersFunction: lambda.Function;
  readonly ordersTable: dynamodb.Table;
  readonly inventoryTable: dynamodb.Table;
  readonly workerFunction: lambda.Function;
}

/**
 * - Orders (stack, no tag): an `orders` subtree (function, its table, its queue) and an `inventory-db` table the
 *   orders function also reads;
 * - Api (stack tagged `service: storefront`): a REST API and an HTTP API (`mobile-api`) onto the orders function,
 *   and a `fulfilment` state machine that invokes it;
 * - Worker (stack, no tag, so its service is the stack name): a function consuming the orders queue, and a queue
 *   subscribed to the storefront's topic;
 * - Web: an ALB (`edge`) forwarding to a Lambda target (`web-backend`).
 */
export function sampleApp(props: AppTopologyProps = {}): SampleApp {
  const app = new App();
  const ordersStack = new Stack(app, 'Orders', { env: ENV, tags: { environment: 'production' } });
  const orders = new Construct(ordersStack, 'OrdersService');
  const ordersTable = new dynamodb.Table(orders, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const queue = new sqs.Queue(orders, 'Queue', { enforceSSL: true });
  const inventoryTable = new dynamodb.Table(ordersStack, 'InventoryTable', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  const ordersFunction = fn(orders, 'Handler', {
    TABLE: ordersTable.tableName,
    QUEUE_URL: queue.queueUrl,
    INVENTORY: `table=${inventoryTable.tableArn}`,
  });

  const apiStack = new Stack(app, 'Api', { env: ENV, tags: { service: 'storefront' } });
  const rest = new apigw.RestApi(apiStack, 'Rest', { deploy: false });
  rest.root.addMethod('GET', new apigw.LambdaIntegration(ordersFunction));
  const http = new apigwv2.HttpApi(apiStack, 'Http', { createDefaultStage: false });
  http.addRoutes({ path: '/orders', integration: new HttpLambdaIntegration('Orders', ordersFunction) });
  const machine = new sfn.StateMachine(apiStack, 'Fulfilment', {
    definitionBody: sfn.DefinitionBody.fromChainable(new tasks.LambdaInvoke(apiStack, 'Invoke', { lambdaFunction: ordersFunction })),
  });

  const workerStack = new Stack(app, 'Worker', { env: ENV });
  const workerFunction = fn(workerStack, 'Consumer');
  workerFunction.addEventSource(new SqsEventSource(queue));
  // The storefront's topic, which the worker's audit queue subscribes to.
  const topic = new sns.Topic(apiStack, 'OrderPlaced', { enforceSSL: true });
  topic.addSubscription(new subscriptions.SqsSubscription(new sqs.Queue(workerStack, 'Audit', { enforceSSL: true })));

  const webStack = new Stack(app, 'Web', { env: ENV });
  const vpc = new ec2.Vpc(webStack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: false });
  const alb = new elbv2.ApplicationLoadBalancer(webStack, 'Alb', { vpc });
  const backend = fn(webStack, 'Backend');
  alb.addListener('Http', { port: 80, open: false }).addTargets('Lambda', { targets: [new LambdaTarget(backend)] });

  const topologyStack = new Stack(app, 'Topology', { env: ENV });
  const topology = new AppTopology(topologyStack, 'AppTopology', props);
  topology.addService('orders', orders);
  topology.addService('inventory-db', inventoryTable);
  topology.addService('mobile-api', http);
  topology.addService('fulfilment', machine);
  AppTopology.service(alb, 'edge');
  AppTopology.service(backend, 'web-backend');
  return {
    app,
    topology,
    stacks: { orders: ordersStack, api: apiStack, worker: workerStack, web: webStack, topology: topologyStack },
    ordersFunction,
    ordersTable,
    inventoryTable,
    workerFunction,
  };
}
