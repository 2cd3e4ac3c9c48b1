/**
 * Remediation agent: one step of the remediation loop per invocation (`remediationStep`: plan, then start, poll or
 * verify once), so that the state machine waits in Wait states, never in Lambda.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ApplicationSignalsClient } from '@aws-sdk/client-application-signals';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SyntheticsClient } from '@aws-sdk/client-synthetics';
import { AGENT_SERVICE_NAME } from './constants';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { powertoolsLog } from '../adapters/powertools';
import { awsRecoveryVerifier, awsRunbookRunner } from '../adapters/remediation';
import { readRemediationConfig } from '../runtime/agents/config';
import { remediationStep, type RemediationStepDeps, type RemediationStepOutput } from '../runtime/agents/remediation-step';
import { IncidentStoreTimelineSink } from '../runtime/remediation';

function coldStart(): RemediationStepDeps {
  const config = readRemediationConfig(process.env);
  const store = new DynamoDbIncidentStore({ client: new DynamoDBClient({}), tableName: config.tableName });
  return {
    incidents: store,
    registry: config.registry,
    runner: awsRunbookRunner(
      { ssm: new SSMClient({}), lambda: new LambdaClient({}), codebuild: new CodeBuildClient({}) },
      { automationAssumeRole: config.automationRoleArn },
    ),
    verifier: awsRecoveryVerifier({
      cloudwatch: new CloudWatchClient({}),
      synthetics: new SyntheticsClient({}),
      applicationSignals: new ApplicationSignalsClient({}),
    }),
    sink: new IncidentStoreTimelineSink(store),
    maxRunSeconds: config.maxRunSeconds,
    log: powertoolsLog(new Logger({ serviceName: AGENT_SERVICE_NAME })),
  };
}
let cold: RemediationStepDeps | undefined;

export async function handler(event: unknown): Promise<RemediationStepOutput> {
  cold ??= coldStart();
  return remediationStep(event, cold, new Date());
}
