/**
 * The Slack interactivity endpoint, behind a Lambda function URL with `authType: NONE` (Slack cannot sign SigV4):
 * every request is authenticated by `handleSlackCallback`, which verifies Slack's HMAC signature over the raw body
 * and its timestamp (5 minutes) and refuses replays, before anything else is read. This handler only maps the
 * function URL event, builds the adapters and returns the response.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { COMMS_SERVICE_NAME } from './constants';
import { readSlackCallbackConfig } from './handler-config';
import {
  DynamoDbApprovalStore, DynamoDbReplayCache, SecretsManagerSecretReader, SlackResponseUrlResponder, StepFunctionsTaskCallback,
} from '../adapters/comms';
import { handleSlackCallback } from '../runtime/approval/callback';
import { CachingSecretReader, readSlackSecretField } from '../runtime/comms/secrets';

const logger = new Logger({ serviceName: COMMS_SERVICE_NAME });

function coldStart() {
  const config = readSlackCallbackConfig(process.env);
  const dynamo = new DynamoDBClient({});
  return {
    config,
    secrets: new CachingSecretReader(new SecretsManagerSecretReader({ client: new SecretsManager({}) })),
    approvals: new DynamoDbApprovalStore({ client: dynamo, tableName: config.tableName }),
    replayCache: new DynamoDbReplayCache({ client: dynamo, tableName: config.tableName }),
    callback: new StepFunctionsTaskCallback({ client: new SFNClient({}) }),
    responder: new SlackResponseUrlResponder(),
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> {
  cold ??= coldStart();
  const { config, secrets, approvals, replayCache, callback, responder } = cold;
  let signingSecret: string;
  try {
    signingSecret = await readSlackSecretField(secrets, config.secretArn, 'signingSecret');
  } catch (e) {
    // The message names the secret and the problem, never a value.
    logger.error('cannot read the Slack signing secret', { error: (e as Error).message });
    return { statusCode: 503, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'temporarily unavailable' };
  }
  const response = await handleSlackCallback(
    { headers: event.headers ?? {}, body: event.body, isBase64Encoded: event.isBase64Encoded },
    {
      signingSecret,
      replayCache,
      allowList: config.allowList,
      approvals,
      callback,
      now: new Date(),
      ...(config.teamId ? { teamId: config.teamId } : {}),
      responder,
    },
  );
  logger.info('slack callback', {
    outcome: response.outcome,
    statusCode: response.statusCode,
    approvalId: response.approvalId,
    incidentId: response.incidentId,
    userId: response.user?.id,
    error: response.error,
  });
  return { statusCode: response.statusCode, headers: { ...response.headers }, body: response.body };
}
