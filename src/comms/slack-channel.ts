import { CfnOutput, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ApprovalRequestFunction } from './approval-request-function';
import { CommsEnv, CommsTableKeys, MAX_APPROVERS, SLACK_USER_ID_PATTERN_SOURCE } from './constants';
import { NotifyFunction } from './notify-function';
import { acknowledgeSlackFindings } from './slack-acknowledgements';
import { SlackCallbackFunction } from './slack-callback-function';
import type { IIncidentChannel } from '../agents/incident-channel';
import { HandlerFunctions, type HandlerFunctionClass, type HandlerFunctionSpec } from '../common/handler-function';
import { createLogEncryptionKey } from '../common/log-encryption-key';
import type { IAiopsHub } from '../hub/aiops-hub';

/** Properties of a SlackChannel. */
export interface SlackChannelProps {
  /** The hub whose incident table keeps the approval requests, the replay keys and each incident's Slack thread. */
  readonly hub: IAiopsHub;

  /**
   * The Slack app's credentials: a Secrets Manager secret whose value is the JSON object
   * `{ "botToken": "xoxb-…", "signingSecret": "…" }`. The functions get its ARN and read it at run time (cached five
   * minutes); the value never appears in the template or the environment. The bot needs the `chat:write` scope and
   * must be a member of `channelId`.
   *
   * @see https://api.slack.com/authentication/verifying-requests-from-slack
   */
  readonly secret: secretsmanager.ISecret;

  /** The Slack channel id (`C…`, or `G…` for a private channel) where each incident gets its thread. */
  readonly channelId: string;

  /**
   * Slack user ids (`U…`, or `W…` on Enterprise Grid) who may approve or deny a runbook. Clicks from anyone else are
   * refused (403) and change nothing. At least one, at most 100.
   */
  readonly approvers: string[];

  /**
   * The Slack workspace (team) id, `T…`. When set, clicks from any other workspace are refused, even by a listed user
   * id (a shared channel can bring in other workspaces).
   *
   * @default - clicks are accepted from any workspace whose user id is on the allow-list
   */
  readonly teamId?: string;

  /**
   * How long a human has to answer an approval request. After it the request is refused and the workflow escalates;
   * a timeout never approves. Between 1 minute and 1 year (the longest a Step Functions task may wait).
   *
   * @default Duration.hours(1)
   */
  readonly approvalTimeout?: Duration;

  /**
   * An SNS topic that gets every incident's final summary (plain text; email subscriptions make it an email). You
   * own the topic: its subscriptions, and its encryption (the notify function is granted `sns:Publish` on it and the
   * use of its key, if it has one).
   *
   * @default - no email: summaries go to the Slack thread only
   */
  readonly emailTopic?: sns.ITopic;

  /**
   * Retention of the three functions' logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The key that encrypts the functions' log groups. A key you bring must let CloudWatch Logs use it.
   *
   * @default - the hub incident table's key when the hub exposes one, else a new customer-managed key with yearly
   * rotation (about $1 a month)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Reserved concurrency of the public callback function. Its URL takes unauthenticated requests (Slack cannot sign
   * AWS requests): a flood of unsigned requests cannot approve anything, but without a cap it could use up the
   * account's Lambda concurrency and throttle triage and the agents. Approval clicks are a few a minute; a flood is
   * throttled (HTTP 429) and the `callbackThrottles` alarm fires.
   *
   * @default 10
   */
  readonly callbackConcurrency?: number;
}

/** Alarms of the Slack channel. None has an action until you add one with `addAlarmAction`. */
export interface SlackChannelAlarms {
  /** The callback function was throttled at its reserved concurrency: a flood of requests, or far more approvals than expected. */
  readonly callbackThrottles: cloudwatch.IAlarm;
}

/** Limits of `approvalTimeout`: Step Functions' `TimeoutSeconds` allows up to a year. */
const MIN_APPROVAL_TIMEOUT_SECONDS = 60;
const MAX_APPROVAL_TIMEOUT_SECONDS = 365 * 24 * 3600;

/** Approval clicks are a few a minute: 10 concurrent callbacks is plenty, and caps what a flood can take. */
const DEFAULT_CALLBACK_CONCURRENCY = 10;

const SLACK_USER_ID = new RegExp(SLACK_USER_ID_PATTERN_SOURCE);
const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;
const SLACK_TEAM_ID = /^[TE][A-Z0-9]{2,30}$/;

/**
 * Slack as the incident channel: every incident gets a thread in `channelId` with an update per step and a final
 * summary (optionally emailed through `emailTopic`), and runbooks that need a human post Approve / Deny buttons there.
 *
 * Three functions, each with its own role:
 * - `approvalRequestFunction` (a `.waitForTaskToken` task) stores the task token in the hub table under an opaque
 *   approval id (`APPROVAL#<id>`) and posts the request; the token never leaves AWS.
 * - `callbackFunction` is Slack's interactivity endpoint, a Lambda function URL with `authType: NONE` (`callbackUrl`;
 *   set it as the Slack app's Request URL). Slack cannot sign AWS requests, so the function itself authenticates
 *   every request: Slack's HMAC-SHA256 signature over the raw body with the app's signing secret, a timestamp within
 *   5 minutes, and a replay check (`SLACKSIG#<signature>`, conditional write) before anything else is read. Then it
 *   checks the approver allow-list (and workspace), records the decision exactly once, and sends task success
 *   (approved) or failure (`Denied`, `ApprovalExpired`) to executions of the state machines given to
 *   `grantTaskResponse` only. The same checks guard the Merge into… and Split… buttons under each incident's first
 *   message, which change the incidents (`INC#`) and record feedback for learned correlation (`LEARN#`).
 * - `notifyFunction` posts the step updates and the final summary, and lists the incidents it started threads for
 *   (`THREADS#<channel>`, the merge menu's choices).
 *
 * Table access is limited to items whose partition key starts with the prefix each function uses
 * (`dynamodb:LeadingKeys`): never triage's fingerprints or correlation keys.
 */
export class SlackChannel extends Construct implements IIncidentChannel {
  /** Stores the task token and posts the approval request (invoke with `WAIT_FOR_TASK_TOKEN`). */
  public readonly approvalRequestFunction: lambda.IFunction;

  /** Posts an update in the incident's thread (invoke with `{ incident, step }`). */
  public readonly notifyFunction: lambda.IFunction;

  /** Slack's interactivity endpoint (behind `callbackUrl`). */
  public readonly callbackFunction: lambda.IFunction;

  /** The callback's function URL: paste it as the Request URL under Interactivity & Shortcuts in the Slack app. */
  public readonly callbackUrl: string;

  /** How long a human has to answer an approval request. */
  public readonly approvalTimeout: Duration;

  /** The key of the log groups. */
  public readonly encryptionKey: kms.IKey;

  /** The channel's alarms (no actions by default). */
  public readonly alarms: SlackChannelAlarms;

  constructor(scope: Construct, id: string, props: SlackChannelProps) {
    super(scope, id);
    validate(props);
    const stack = Stack.of(this);
    const table = props.hub.incidentTable;
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const key = props.encryptionKey ?? table.encryptionKey ?? createLogEncryptionKey(this, `cdk-aiops Slack channel ${this.node.path}: log groups`, RemovalPolicy.RETAIN);
    this.encryptionKey = key;
    this.approvalTimeout = props.approvalTimeout ?? Duration.hours(1);

    const common = { [CommsEnv.SLACK_SECRET_ARN]: props.secret.secretArn };
    const functions = new HandlerFunctions(this, {
      descriptionPrefix: 'cdk-aiops Slack channel', encryptionKey: key, logRetention: retention, removalPolicy: RemovalPolicy.RETAIN,
    });
    const makeFunction = <F extends lambda.Function>(Fn: HandlerFunctionClass<F>, spec: HandlerFunctionSpec): F => {
      const fn = functions.create(Fn, spec);
      // GetSecretValue on this secret only (and kms:Decrypt through Secrets Manager when it has its own key).
      props.secret.grantRead(fn);
      return fn;
    };
    // The hub's table: items of the prefixes each function uses only (the grants also set the table name).
    const hub = props.hub;

    // ---- approval request: APPROVAL#<id> items, and the incident (its Slack thread)
    const requestFn = makeFunction(ApprovalRequestFunction, {
      id: 'ApprovalRequest',
      description: 'stores the task token and posts the approval request',
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: {
        ...common,
        [CommsEnv.SLACK_CHANNEL_ID]: props.channelId,
        [CommsEnv.APPROVAL_TTL_SECONDS]: this.approvalTimeout.isUnresolved()
          ? Token.asString(this.approvalTimeout.toSeconds())
          : String(this.approvalTimeout.toSeconds()),
      },
    });
    hub.grantIncidentItems(requestFn, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], CommsTableKeys.APPROVAL_PREFIX);
    hub.grantIncidentItems(requestFn, ['dynamodb:GetItem', 'dynamodb:PutItem'], CommsTableKeys.INCIDENT_PREFIX);
    this.approvalRequestFunction = requestFn;

    // ---- Slack callback: read and decide APPROVAL#<id>, remember SLACKSIG#<signature>; task responses via grantTaskResponse
    // Slack waits 3 seconds for an answer: more memory is a faster cold start.
    const callbackFn = makeFunction(SlackCallbackFunction, {
      id: 'Callback',
      description: 'Slack interactivity endpoint (verifies Slack signatures, answers approval waits)',
      timeout: Duration.seconds(10),
      memorySize: 512,
      reservedConcurrentExecutions: props.callbackConcurrency ?? DEFAULT_CALLBACK_CONCURRENCY,
      environment: {
        ...common,
        [CommsEnv.APPROVER_ALLOW_LIST]: stack.toJsonString(props.approvers),
        ...(props.teamId ? { [CommsEnv.SLACK_TEAM_ID]: props.teamId } : {}),
      },
    });
    hub.grantIncidentItems(callbackFn, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], CommsTableKeys.APPROVAL_PREFIX);
    hub.grantIncidentItems(callbackFn, ['dynamodb:PutItem'], CommsTableKeys.REPLAY_PREFIX);
    // The Merge into… and Split… buttons: the incidents, their learned records, and the channel's recent threads.
    hub.grantIncidentItems(callbackFn, ['dynamodb:GetItem', 'dynamodb:PutItem'], CommsTableKeys.INCIDENT_PREFIX, CommsTableKeys.LEARNED_PREFIX);
    hub.grantIncidentItems(callbackFn, ['dynamodb:GetItem'], CommsTableKeys.THREADS_PREFIX);
    // Slack cannot sign SigV4: the endpoint is public and the handler authenticates each request (see the class doc).
    const url = callbackFn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE, invokeMode: lambda.InvokeMode.BUFFERED });
    this.callbackFunction = callbackFn;
    this.callbackUrl = url.url;
    new CfnOutput(this, 'CallbackUrl', {
      description: 'Slack app > Interactivity & Shortcuts > Request URL',
      value: url.url,
    });
    this.alarms = {
      callbackThrottles: new cloudwatch.Alarm(this, 'CallbackThrottlesAlarm', {
        alarmDescription: 'cdk-aiops Slack: the public callback was throttled at its reserved concurrency (a flood of requests?).',
        metric: callbackFn.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    };

    // ---- notify: the incident (its Slack thread), and the email topic
    const notifyFn = makeFunction(NotifyFunction, {
      id: 'Notify',
      description: 'posts incident updates and final summaries',
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: {
        ...common,
        [CommsEnv.SLACK_CHANNEL_ID]: props.channelId,
        ...(props.emailTopic ? { [CommsEnv.NOTIFY_TOPIC_ARN]: props.emailTopic.topicArn } : {}),
      },
    });
    hub.grantIncidentItems(notifyFn, ['dynamodb:GetItem', 'dynamodb:PutItem'], CommsTableKeys.INCIDENT_PREFIX);
    hub.grantIncidentItems(notifyFn, ['dynamodb:GetItem', 'dynamodb:PutItem'], CommsTableKeys.THREADS_PREFIX);
    props.emailTopic?.grantPublish(notifyFn);
    this.notifyFunction = notifyFn;
    acknowledgeSlackFindings(this, {
      callbackFunction: callbackFn, notifyRole: notifyFn.role, encryptedEmailTopic: props.emailTopic?.masterKey !== undefined,
    });
  }

  /** Add actions (an SNS topic...) to every alarm of the channel. */
  public addAlarmAction(...actions: cloudwatch.IAlarmAction[]): void {
    for (const alarm of Object.values(this.alarms)) alarm.addAlarmAction(...actions);
  }

  /**
   * Lets the callback answer executions of `stateMachine`: `states:SendTaskSuccess` and `states:SendTaskFailure` on
   * that state machine only.
   */
  public grantTaskResponse(stateMachine: sfn.IStateMachine): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee: this.callbackFunction,
      actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
      resourceArns: [stateMachine.stateMachineArn],
    });
  }
}

function validate(props: SlackChannelProps): void {
  if (!Token.isUnresolved(props.approvers)) {
    if (props.approvers.length === 0) {
      throw new Error('approvers: give at least one Slack user id (U… or W…); with none, nobody could approve a runbook');
    }
    if (props.approvers.length > MAX_APPROVERS) {
      throw new Error(`approvers: at most ${MAX_APPROVERS} Slack user ids (got ${props.approvers.length}); use fewer, or a Slack user group's members`);
    }
    props.approvers.forEach((id, i) => {
      if (!Token.isUnresolved(id) && !SLACK_USER_ID.test(id)) {
        throw new Error(`approvers[${i}] must be a Slack user id such as 'U0123ABCD' or 'W0123ABCD' (got '${id}'); a name or email is not an id`);
      }
    });
  }
  if (!Token.isUnresolved(props.channelId) && !SLACK_CHANNEL_ID.test(props.channelId)) {
    throw new Error(`channelId must be a Slack channel id such as 'C0123ABCD' (got '${props.channelId}'); a #name is not an id`);
  }
  if (props.teamId !== undefined && !Token.isUnresolved(props.teamId) && !SLACK_TEAM_ID.test(props.teamId)) {
    throw new Error(`teamId must be a Slack workspace id such as 'T0123ABCD' (got '${props.teamId}')`);
  }
  const concurrency = props.callbackConcurrency;
  if (concurrency !== undefined && !Token.isUnresolved(concurrency) && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new Error(`callbackConcurrency must be a whole number of at least 1 (got ${concurrency})`);
  }
  const timeout = props.approvalTimeout;
  if (timeout && !timeout.isUnresolved()) {
    const seconds = timeout.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < MIN_APPROVAL_TIMEOUT_SECONDS || seconds > MAX_APPROVAL_TIMEOUT_SECONDS) {
      throw new Error(`approvalTimeout must be whole seconds between 1 minute and 1 year (got ${timeout.toHumanString()})`);
    }
  }
}
