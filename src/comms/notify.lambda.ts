/**
 * Notify step, invoked (request/response) with `{ incident, step }`: posts the step's update in the incident's Slack
 * thread (starting the thread and recording it on the incident when there is none yet). For the final step
 * (`resolved`) it posts the final summary instead, and also emails it through the SNS topic when one is configured.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { SNS } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { COMMS_SERVICE_NAME } from './constants';
import { readNotifyConfig } from './handler-config';
import { SecretsManagerSecretReader, SlackWebApiNotifier, SnsEmailNotifier } from '../adapters/comms';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-incident-store';
import { updateIncident } from '../runtime/agents/incident-update';
import { StepIncidentSchema } from '../runtime/agents/steps';
import { formatFinalSummary, formatIncidentUpdate, type IncidentStep } from '../runtime/comms/format';
import { CachingSecretReader } from '../runtime/comms/secrets';
import { threadFor, withCommsThread } from '../runtime/comms/thread';
import { computeIncidentKpis } from '../runtime/kpi/compute';
import { FindingSchema } from '../runtime/reasoning/finding';

const logger = new Logger({ serviceName: COMMS_SERVICE_NAME });

const Human = z.object({ id: z.string().min(1).max(64), name: z.string().max(256) });
const Text = z.string().max(4000);

/** The steps `formatIncidentUpdate` reports, validated field by field. */
export const IncidentStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('opened') }),
  z.object({ kind: z.literal('telemetry'), summary: Text }),
  z.object({ kind: z.literal('finding'), finding: FindingSchema.pick({ cause: true, confidence: true, runbook: true, reasoner: true }) }),
  z.object({
    kind: z.literal('decision'),
    decision: z.object({ outcome: z.enum(['AUTO', 'APPROVE', 'DENY']), reasons: z.array(Text) }),
    runbookId: z.string().optional(),
  }),
  z.object({ kind: z.literal('awaiting-approval'), runbookId: z.string(), expiresAt: z.iso.datetime({ offset: true }) }),
  z.object({ kind: z.literal('approved'), by: Human, runbookId: z.string().optional() }),
  z.object({ kind: z.literal('denied'), by: Human, runbookId: z.string().optional() }),
  z.object({ kind: z.literal('runbook-started'), runbookId: z.string(), executionId: z.string().optional() }),
  z.object({ kind: z.literal('verified'), detail: Text.optional() }),
  z.object({ kind: z.literal('rolled-back'), reason: Text }),
  z.object({ kind: z.literal('escalated'), reason: Text }),
  z.object({ kind: z.literal('resolved') }),
]);

export const NotifyInputSchema = z.object({ incident: StepIncidentSchema, step: IncidentStepSchema });

export interface NotifyOutput {
  readonly incidentId: string;
  readonly kind: IncidentStep['kind'];
  /** Slack `ts` of the message posted. */
  readonly ts?: string;
  /** SNS message id of the email, for the final summary. */
  readonly emailMessageId?: string;
}

function coldStart() {
  const config = readNotifyConfig(process.env);
  const dynamo = new DynamoDBClient({});
  const secrets = new CachingSecretReader(new SecretsManagerSecretReader({ client: new SecretsManager({}) }));
  return {
    config,
    incidents: new DynamoDbIncidentStore({ client: dynamo, tableName: config.tableName }),
    slack: new SlackWebApiNotifier({ secretArn: config.secretArn, secrets }),
    email: config.topicArn ? new SnsEmailNotifier({ client: new SNS({}), topicArn: config.topicArn }) : undefined,
  };
}
let cold: ReturnType<typeof coldStart> | undefined;

export async function handler(event: unknown): Promise<NotifyOutput> {
  cold ??= coldStart();
  const { config, incidents, slack, email } = cold;
  const input = NotifyInputSchema.parse(event);
  const step = input.step as IncidentStep;
  const now = new Date();
  // The stored incident has the latest timeline (and the thread, once started); the state's copy may be older.
  const incident = (await incidents.getIncident(input.incident.id)) ?? input.incident;
  const thread = threadFor(incident, config.channelId);
  const final = step.kind === 'resolved';
  const message = final ? formatFinalSummary(incident, { kpis: computeIncidentKpis(incident) }) : formatIncidentUpdate(incident, step);

  const posted = await slack.post(thread, message);
  if (!thread.threadTs && posted.ts) {
    await updateIncident(incidents, incident.id, (current) => withCommsThread(current, { channel: config.channelId, threadTs: posted.ts! }, now));
  }
  const emailed = final && email ? await email.post(thread, message) : undefined;
  logger.info('incident update sent', { incidentId: incident.id, kind: step.kind, emailed: emailed !== undefined });
  return {
    incidentId: incident.id,
    kind: step.kind,
    ...(posted.ts ? { ts: posted.ts } : {}),
    ...(emailed?.messageId ? { emailMessageId: emailed.messageId } : {}),
  };
}
