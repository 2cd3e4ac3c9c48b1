/**
 * Approval request step, invoked by the `.waitForTaskToken` task with `{ taskToken, incident, finding, decision }`:
 * stores the token under an opaque approval id and posts the request (with Approve / Deny buttons) in the incident's
 * Slack thread, starting the thread if the incident has none yet. Idempotent: a retried invocation posts nothing new.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { COMMS_SERVICE_NAME } from './constants';
import { readApprovalRequestConfig } from './handler-config';
import { DynamoDbApprovalStore, SecretsManagerSecretReader, SlackWebApiNotifier } from '../adapters/comms';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { updateIncident } from '../runtime/agents/incident-update';
import { RiskDecisionSchema, StepIncidentSchema } from '../runtime/agents/steps';
import { requestApproval } from '../runtime/approval/request';
import { CachingSecretReader } from '../runtime/comms/secrets';
import { threadFor, withCommsThread } from '../runtime/comms/thread';
import { FindingSchema } from '../runtime/reasoning/finding';

const logger = new Logger({ serviceName: COMMS_SERVICE_NAME });

export const ApprovalRequestInputSchema = z.object({
  /** `$$.Task.Token`. Stored, never logged, never posted. */
  taskToken: z.string().min(1).max(2048),
  incident: StepIncidentSchema,
  finding: FindingSchema.pick({ cause: true, confidence: true, runbook: true, reasoner: true, evidence: true }),
  decision: RiskDecisionSchema.pick({ outcome: true, reasons: true, policies: true }),
});

export interface ApprovalRequestOutput {
  readonly approvalId: string;
  readonly expiresAt: string;
  readonly posted: boolean;
}

function coldStart() {
  const config = readApprovalRequestConfig(process.env);
  const dynamo = new DynamoDBClient({});
  const secrets = new CachingSecretReader(new SecretsManagerSecretReader({ client: new SecretsManager({}) }));
  return {
    config,
    approvals: new DynamoDbApprovalStore({ client: dynamo, tableName: config.tableName }),
    incidents: new DynamoDbIncidentStore({ client: dynamo, tableName: config.tableName }),
    notifier: new SlackWebApiNotifier({ secretArn: config.secretArn, secrets }),
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

/** The output is the task's result only if the wait is answered; Step Functions ignores it otherwise. */
export async function handler(event: unknown): Promise<ApprovalRequestOutput> {
  cold ??= coldStart();
  const { config, approvals, incidents, notifier } = cold;
  const input = ApprovalRequestInputSchema.parse(event);
  const now = new Date();
  // The stored incident may already have a thread that the state's copy predates.
  const incident = (await incidents.getIncident(input.incident.id)) ?? input.incident;
  const thread = threadFor(incident, config.channelId);

  const result = await requestApproval(
    { incident, finding: input.finding, decision: input.decision, taskToken: input.taskToken, thread },
    { approvals, notifier, now, ttlSeconds: config.ttlSeconds },
  );
  if (result.posted && !thread.threadTs && result.message.ts) {
    const started = { channel: config.channelId, threadTs: result.message.ts };
    await updateIncident(incidents, incident.id, (current) => withCommsThread(current, started, now));
  }
  logger.info('approval requested', { incidentId: incident.id, approvalId: result.approvalId, posted: result.posted, expiresAt: result.expiresAt });
  return { approvalId: result.approvalId, expiresAt: result.expiresAt, posted: result.posted };
}
