import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { IIncidentChannel } from '../../src';

/** A test double of IIncidentChannel: two inline functions, and the state machines it was granted. */
export class FakeChannel extends Construct implements IIncidentChannel {
  public readonly approvalRequestFunction: lambda.IFunction;
  public readonly notifyFunction: lambda.IFunction;
  public readonly approvalTimeout = Duration.hours(1);
  public readonly granted: sfn.IStateMachine[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = (name: string) => new lambda.Function(this, name, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    this.approvalRequestFunction = fn('Request');
    this.notifyFunction = fn('Notify');
  }

  public grantTaskResponse(stateMachine: sfn.IStateMachine): iam.Grant {
    this.granted.push(stateMachine);
    return iam.Grant.drop(stateMachine, 'test double');
  }
}
