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
import { powertoolsLog } from '../adapters/powertools';
import { answerSlackCallback } from '../runtime/approval/callback';
import { CachingSecretReader } from '../runtime/comms/secrets';
import { readSlackCallbackConfig } from '../runtime/config/comms';

function coldStart() {
  const config = readSlackCallbackConfig(process.env);
  const dynamo = new DynamoDBClient({});
  return {
    secretArn: config.secretArn,
    allowList: config.allowList,
    ...(config.teamId ? { teamId: config.teamId } : {}),
    secrets: new CachingSecretReader(new SecretsManagerSecretReader({ client: new SecretsManager({}) })),
    approvals: new DynamoDbApprovalStore({ client: dynamo, tableName: config.tableName }),
    replayCache: new DynamoDbReplayCache({ client: dynamo, tableName: config.tableName }),
    callback: new StepFunctionsTaskCallback({ client: new SFNClient({}) }),
    responder: new SlackResponseUrlResponder(),
    log: powertoolsLog(new Logger({ serviceName: COMMS_SERVICE_NAME })),
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> {
  cold ??= coldStart();
  const request = { headers: event.headers ?? {}, body: event.body, isBase64Encoded: event.isBase64Encoded };
  const response = await answerSlackCallback(request, { ...cold, now: new Date() });
  return { statusCode: response.statusCode, headers: { ...response.headers }, body: response.body };
}
