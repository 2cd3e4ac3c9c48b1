/**
 * The Slack interactivity endpoint, behind a Lambda function URL with `authType: NONE` (Slack cannot sign SigV4):
 * every request is authenticated by `answerSlackCallback`, which verifies Slack's HMAC signature over the raw body
 * and its timestamp (5 minutes) and refuses replays, before anything else is read. This handler only maps the
 * function URL event, builds the adapters and returns the response.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { COMMS_SERVICE_NAME } from './constants';
import { DynamoDbApprovalStore, DynamoDbReplayCache, StepFunctionsTaskCallback } from '../adapters/approval';
import { SecretsManagerSecretReader, SlackResponseUrlResponder } from '../adapters/comms';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { DynamoDbLearningStore } from '../adapters/dynamodb-learning-store';
import { DynamoDbRecentThreads } from '../adapters/dynamodb-recent-threads';
import { powertoolsLog } from '../adapters/powertools';
import { answerSlackCallback } from '../runtime/approval/callback';
import { CachingSecretReader } from '../runtime/comms/secrets';
import { readSlackCallbackConfig } from '../runtime/config/comms';
import { SlackFeedbackActions, StoredLearnedCorrelation } from '../runtime/learning';

function coldStart() {
  const config = readSlackCallbackConfig(process.env);
  const dynamo = new DynamoDBClient({});
  const log = powertoolsLog(new Logger({ serviceName: COMMS_SERVICE_NAME }));
  const table = { client: dynamo, tableName: config.tableName };
  // The Merge into… and Split… buttons: incidents change, and the feedback is learned beside them.
  const learning = new StoredLearnedCorrelation(new DynamoDbLearningStore(table), { log });
  const feedback = new SlackFeedbackActions({
    incidents: new DynamoDbIncidentStore(table), recent: new DynamoDbRecentThreads(table), learning, log,
  });
  return {
    secretArn: config.secretArn,
    allowList: config.allowList,
    ...(config.teamId ? { teamId: config.teamId } : {}),
    secrets: new CachingSecretReader(new SecretsManagerSecretReader({ client: new SecretsManager({}) })),
    approvals: new DynamoDbApprovalStore({ client: dynamo, tableName: config.tableName }),
    replayCache: new DynamoDbReplayCache({ client: dynamo, tableName: config.tableName }),
    callback: new StepFunctionsTaskCallback({ client: new SFNClient({}) }),
    responder: new SlackResponseUrlResponder(),
    actions: [feedback],
    log,
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> {
  cold ??= coldStart();
  const request = { headers: event.headers ?? {}, body: event.body, isBase64Encoded: event.isBase64Encoded };
  const response = await answerSlackCallback(request, { ...cold, now: new Date() });
  return { statusCode: response.statusCode, headers: { ...response.headers }, body: response.body };
}
