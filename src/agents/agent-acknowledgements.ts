import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { acknowledge, acknowledgeAlarms, NagRule, wildcardResourceId, XRAY_REASON } from '../common/acknowledge';

/** What of the suite carries a finding by design. */
export interface AgentNagParts {
  readonly telemetryRole: IConstruct;
  /** The risk agent's role: it reads resource tags for the environment. */
  readonly riskRole: IConstruct;
  readonly remediationRole: IConstruct;
  /** The automation role, when the suite made it (a role the consumer brings is theirs). */
  readonly automationRole?: IConstruct;
  /** The state machine (its role, and the role EventBridge starts it with). */
  readonly stateMachine: IConstruct;
  readonly startFailureQueue: IConstruct;
  /** The telemetry agent's log groups (`telemetry.logGroups`). */
  readonly logGroups?: logs.ILogGroup[];
}

const ANY = `${NagRule.WILDCARD}[Resource::*]`;

/**
 * The suite's unavoidable cdk-nag findings, acknowledged on its own resources (what every function has is acknowledged
 * by HandlerFunctions). Called once, at the end of the constructor.
 */
export function acknowledgeAgentFindings(suite: IConstruct, parts: AgentNagParts): void {
  const stack = Stack.of(suite);
  acknowledge(parts.telemetryRole, {
    id: ANY,
    reason: 'The telemetry reads (cloudwatch:GetMetricData, xray:GetTraceSummaries/GetServiceGraph, devops-guru:List*, '
      + 'Application Signals budget reports, Config compliance, logs:GetQueryResults/StopQuery on a query id) and X-Ray '
      + 'tracing support no resource-level permissions. All are read-only.',
  });
  acknowledge(parts.riskRole, {
    id: ANY,
    reason: `tag:GetResources (read-only: the environment from the incident's resource tags) supports no resource-level permissions. ${XRAY_REASON}`,
  });
  const logGroupArns = parts.logGroups?.length
    ? parts.logGroups.map((g) => g.logGroupArn)
    : [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })];
  for (const arn of logGroupArns) {
    acknowledge(parts.telemetryRole, {
      id: wildcardResourceId(suite, arn),
      reason: parts.logGroups?.length
        ? 'logs:StartQuery on a configured log group: CloudWatch Logs ARNs of a log group end in ":*" (its streams).'
        : 'Without telemetry.logGroups the agent queries (read-only) the log groups it infers from the incident '
          + '(/aws/lambda/<function>), any of this account and Region; telemetry.logGroups narrows it to the given ones.',
    });
  }
  acknowledge(parts.remediationRole,
    {
      id: ANY,
      reason: 'cloudwatch:DescribeAlarms (the alarms-ok verification), Application Signals budget reports (slo-recovered) '
        + 'and X-Ray tracing support no resource-level permissions; all are read-only.',
    },
    {
      id: wildcardResourceId(suite, stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' })),
      reason: 'ssm:GetAutomationExecution reads an execution by the id it gets only once started; read-only, this '
        + 'account and Region.',
    },
    {
      id: wildcardResourceId(suite, stack.formatArn({ service: 'synthetics', resource: 'canary', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
      reason: 'synthetics:GetCanaryRuns (the canary-pass verification) reads the canary named by the incident, known '
        + 'only at run time; read-only, this account and Region.',
    });
  if (parts.automationRole) {
    acknowledge(parts.automationRole,
      {
        id: ANY,
        reason: 'The registered documents\' mutating actions are on "*" only under the aws:ResourceTag condition of the '
          + 'managed tag; their describes support no resource-level permissions.',
      },
      {
        id: NagRule.NIST_INLINE_POLICY,
        reason: 'The role belongs to SSM Automation runs of this suite only: an inline policy lives and dies with it.',
      });
  }
  const stateMachineRole = parts.stateMachine.node.findChild('Role');
  acknowledge(stateMachineRole,
    {
      id: ANY,
      reason: `CloudWatch Logs vended-log delivery (logs:CreateLogDelivery and friends) supports no resource-level permissions. ${XRAY_REASON}`,
    },
    {
      id: NagRule.NIST_INLINE_POLICY,
      reason: 'The state machine\'s own role, with the invoke grants of its tasks only: an inline policy lives and dies with it.',
    });
  const eventsRole = parts.stateMachine.node.tryFindChild('EventsRole');
  if (eventsRole) {
    acknowledge(eventsRole, {
      id: NagRule.NIST_INLINE_POLICY,
      reason: 'The role EventBridge starts the state machine with (states:StartExecution on it only): an inline policy lives and dies with it.',
    });
  }
  acknowledge(parts.startFailureQueue, {
    id: NagRule.SQS_DLQ,
    reason: 'This queue is itself a dead-letter queue (of the rule target): incident events that could not start an '
      + 'execution land here and the startFailures alarm watches it. A dead-letter queue of a dead-letter queue is pointless.',
  });
  acknowledgeAlarms(suite, 'The suite\'s alarms are exposed for the consumer (AgentSuite.alarms, '
    + 'addAlarmAction) to route to their own paging; the library cannot know where.');
}
