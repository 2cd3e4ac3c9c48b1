/**
 * Approval request step, invoked by the `.waitForTaskToken` task with `{ taskToken, incident, finding, decision }`:
 * `requestApprovalStep` stores the token under an opaque approval id, posts the request (with Approve / Deny buttons)
 * in the incident's Slack thread and puts the request on the timeline. Idempotent: a retry posts nothing new.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { COMMS_SERVICE_NAME } from './constants';
import { DynamoDbApprovalStore } from '../adapters/approval';
import { SecretsManagerSecretReader, SlackWebApiNotifier } from '../adapters/comms';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { powertoolsLog } from '../adapters/powertools';
import { requestApprovalStep, type ApprovalRequestOutput } from '../runtime/agents/approval-step';
import { CachingSecretReader } from '../runtime/comms/secrets';
import { readApprovalRequestConfig } from '../runtime/config/comms';

function coldStart() {
  const config = readApprovalRequestConfig(process.env);
  const dynamo = new DynamoDBClient({});
  const secrets = new CachingSecretReader(new SecretsManagerSecretReader({ client: new SecretsManager({}) }));
  return {
    channelId: config.channelId,
    ttlSeconds: config.ttlSeconds,
    approvals: new DynamoDbApprovalStore({ client: dynamo, tableName: config.tableName }),
    incidents: new DynamoDbIncidentStore({ client: dynamo, tableName: config.tableName }),
    notifier: new SlackWebApiNotifier({ secretArn: config.secretArn, secrets }),
    log: powertoolsLog(new Logger({ serviceName: COMMS_SERVICE_NAME })),
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

/** The output is the task's result only if the wait is answered; Step Functions ignores it otherwise. */
export async function handler(event: unknown): Promise<ApprovalRequestOutput> {
  cold ??= coldStart();
  return requestApprovalStep(event, { ...cold, now: new Date() });
}
