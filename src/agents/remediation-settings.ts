import type { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';

/** The tag that marks the resources the agents may change. */
export interface ManagedTag {
  /** Tag key. */
  readonly key: string;
  /** Tag value. */
  readonly value: string;
}

/** How runbooks run and what they may touch. */
export interface RemediationSettings {
  /**
   * Only resources with this tag may be changed by the SSM Automation runbooks: every action the suite's automation
   * role has on a target carries the condition `aws:ResourceTag/<key>` = `<value>`.
   *
   * @default - key `aiops:managed`, value `true`
   */
  readonly managedTag?: ManagedTag;

  /**
   * The role SSM Automation runs the documents as (`AutomationAssumeRole`). It must trust `ssm.amazonaws.com`.
   * With your own role, what the runbooks may touch is yours to scope: the suite adds nothing to it.
   *
   * @default - a role with only the actions the registered SSM documents perform, on tagged resources (and
   * `resources`), plus the read-only describes they need
   */
  readonly automationRole?: iam.IRole;

  /**
   * Longest a runbook (or its rollback) may run before it counts as timed out and the remediation rolls back or
   * escalates.
   *
   * @default Duration.minutes(30)
   */
  readonly maxRunTime?: Duration;

  /**
   * ARNs the automation role may change whether or not they carry the managed tag (resources that cannot be tagged,
   * or that you do not want to tag). Ignored with your own `automationRole`.
   *
   * @default - tagged resources only
   */
  readonly resources?: string[];
}
