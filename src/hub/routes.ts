import { AIOPS_EVENT_SOURCE, INGEST_DETAIL_TYPES, KUBERNETES_EVENT_SOURCE } from './constants';

/**
 * One source family the hub routes to triage: one EventBridge rule each, so a family can be
 * inspected, disabled or replayed on its own.
 * @internal
 */
export interface IngestRoute {
  /** Construct id of the rule (construct ids are API: never rename). */
  readonly id: string;
  readonly source: string;
  readonly detailTypes: readonly string[];
}

/** Construct id of the rule of each source family. */
const RULE_IDS: { readonly [source: string]: string } = {
  'aws.cloudwatch': 'CloudWatchAlarmsRule',
  'aws.devops-guru': 'DevOpsGuruRule',
  'aws.synthetics': 'SyntheticsRule',
  'aws.config': 'ConfigRule',
  'aws.health': 'HealthRule',
  'aws.ssm': 'SystemsManagerRule',
  'aws.states': 'StepFunctionsRule',
  'aws.codebuild': 'CodeBuildRule',
  'aws.codedeploy': 'CodeDeployRule',
  'aws.codepipeline': 'CodePipelineRule',
  'aws.ecs': 'EcsRule',
  'aws.autoscaling': 'AutoScalingRule',
  [AIOPS_EVENT_SOURCE]: 'SloBudgetReportRule',
  [KUBERNETES_EVENT_SOURCE]: 'KubernetesEventRule',
};

/**
 * The families triage understands, from `INGEST_DETAIL_TYPES`. Never the hub's own incident events
 * (`cdk-aiops` / `Incident *`): routing them back to triage would loop.
 * @internal
 */
export const INGEST_ROUTES: readonly IngestRoute[] = Object.entries(INGEST_DETAIL_TYPES).map(([source, detailTypes]) => {
  const id = RULE_IDS[source];
  if (!id) throw new Error(`no rule id for ingest source ${source}`);
  return { id, source, detailTypes };
});
