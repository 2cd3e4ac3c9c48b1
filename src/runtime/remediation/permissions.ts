/**
 * IAM actions the remediation AWS adapters call, per runbook kind and per verify check. Plain data, no SDK import,
 * so the construct that grants the Remediation agent its role can import it (STYLE §1).
 *
 * Resource scoping notes for the grant:
 * - `ssm:StartAutomationExecution` on `arn:aws:ssm:<region>:<account>:automation-definition/<document>:$DEFAULT`
 *   (AWS-owned documents: `arn:aws:ssm:<region>::automation-definition/...`); `ssm:GetAutomationExecution` on
 *   `arn:aws:ssm:<region>:<account>:automation-execution/*`; `iam:PassRole` on the automation role only, with the
 *   `iam:PassedToService` condition `ssm.amazonaws.com`.
 * - `lambda:InvokeFunction` on the runbook function ARNs; `codebuild:*` on the project ARNs;
 *   `synthetics:GetCanaryRuns` on the canary ARNs.
 * - `cloudwatch:DescribeAlarms` and `application-signals:BatchGetServiceLevelObjectiveBudgetReport`: `*`.
 */
import type { RunbookKind, VerifyCheck } from '../runbooks';

export const REMEDIATION_RUNNER_IAM_ACTIONS: Readonly<Record<RunbookKind, readonly string[]>> = {
  'ssm-automation': ['ssm:StartAutomationExecution', 'ssm:GetAutomationExecution', 'iam:PassRole'],
  'lambda': ['lambda:InvokeFunction'],
  'codebuild': ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
  'kubectl': [],
};

export const RECOVERY_VERIFIER_IAM_ACTIONS: Readonly<Record<VerifyCheck, readonly string[]>> = {
  'alarms-ok': ['cloudwatch:DescribeAlarms'],
  'canary-pass': ['synthetics:GetCanaryRuns'],
  'slo-recovered': ['application-signals:BatchGetServiceLevelObjectiveBudgetReport'],
  'none': [],
};
