/**
 * Notify step, invoked (request/response) with `{ incident, step }`: `notifyStep` posts the step's update in the
 * incident's Slack thread; for the final step (`resolved`) the final summary, also emailed through the SNS topic
 * when one is configured.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { SNS } from '@aws-sdk/client-sns';
import { COMMS_SERVICE_NAME } from './constants';
import { SecretsManagerSecretReader, SlackWebApiNotifier, SnsEmailNotifier } from '../adapters/comms';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { DynamoDbRecentThreads } from '../adapters/dynamodb-recent-threads';
import { powertoolsLog } from '../adapters/powertools';
import { notifyStep, type NotifyOutput } from '../runtime/agents/notify-step';
import { CachingSecretReader } from '../runtime/comms/secrets';
import { readNotifyConfig } from '../runtime/config/comms';

function coldStart() {
  const config = readNotifyConfig(process.env);
  const secrets = new CachingSecretReader(new SecretsManagerSecretReader({ client: new SecretsManager({}) }));
  const table = { client: new DynamoDBClient({}), tableName: config.tableName };
  return {
    channelId: config.channelId,
    incidents: new DynamoDbIncidentStore(table),
    recent: new DynamoDbRecentThreads(table),
    slack: new SlackWebApiNotifier({ secretArn: config.secretArn, secrets }),
    ...(config.topicArn ? { email: new SnsEmailNotifier({ client: new SNS({}), topicArn: config.topicArn }) } : {}),
    log: powertoolsLog(new Logger({ serviceName: COMMS_SERVICE_NAME })),
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: unknown): Promise<NotifyOutput> {
  cold ??= coldStart();
  return notifyStep(event, { ...cold, now: new Date() });
}
