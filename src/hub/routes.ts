import { AIOPS_EVENT_SOURCE, DetailType, KUBERNETES_EVENT_SOURCE } from './constants';

/**
 * One source family the hub routes to triage: one EventBridge rule each, so a family can be
 * inspected, disabled or replayed on its own.
 * @internal
 */
export interface IngestRoute {
  /** Construct id of the rule (construct ids are API: never rename). */
  readonly id: string;
  readonly source: string;
  /** @default - every detail-type of the source */
  readonly detailTypes?: string[];
}

/**
 * The families triage understands. Never the hub's own incident events (`cdk-aiops` / `Incident *`):
 * routing them back to triage would loop.
 * @internal
 */
export const INGEST_ROUTES: readonly IngestRoute[] = [
  // Configuration changes of alarms are not signals; only state changes are.
  { id: 'CloudWatchAlarmsRule', source: 'aws.cloudwatch', detailTypes: ['CloudWatch Alarm State Change'] },
  { id: 'DevOpsGuruRule', source: 'aws.devops-guru' },
  { id: 'SyntheticsRule', source: 'aws.synthetics' },
  { id: 'ConfigRule', source: 'aws.config' },
  { id: 'HealthRule', source: 'aws.health' },
  { id: 'SystemsManagerRule', source: 'aws.ssm' },
  { id: 'StepFunctionsRule', source: 'aws.states' },
  { id: 'CodeBuildRule', source: 'aws.codebuild' },
  { id: 'CodeDeployRule', source: 'aws.codedeploy' },
  { id: 'CodePipelineRule', source: 'aws.codepipeline' },
  { id: 'EcsRule', source: 'aws.ecs' },
  { id: 'AutoScalingRule', source: 'aws.autoscaling' },
  { id: 'SloBudgetReportRule', source: AIOPS_EVENT_SOURCE, detailTypes: [DetailType.SLO_BUDGET_REPORT] },
  { id: 'KubernetesEventRule', source: KUBERNETES_EVENT_SOURCE, detailTypes: [DetailType.KUBERNETES_EVENT] },
];
