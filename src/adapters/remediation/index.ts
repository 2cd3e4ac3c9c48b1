import type { ApplicationSignalsClient } from '@aws-sdk/client-application-signals';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { SyntheticsClient } from '@aws-sdk/client-synthetics';
import { AlarmRecoveryVerifier } from './alarm-recovery-verifier';
import { CanaryRecoveryVerifier } from './canary-recovery-verifier';
import { CodeBuildRunner } from './codebuild-runner';
import { LambdaRunner } from './lambda-runner';
import { SloRecoveryVerifier } from './slo-recovery-verifier';
import { SsmAutomationRunner, type SsmAutomationRunnerOptions } from './ssm-automation-runner';
import { CheckDispatchingVerifier, KindDispatchingRunner } from '../../runtime/remediation/ports';

export * from './ssm-automation-runner';
export * from './lambda-runner';
export * from './codebuild-runner';
export * from './alarm-recovery-verifier';
export * from './canary-recovery-verifier';
export * from './slo-recovery-verifier';
export { uuidFromKey } from './idempotency';
export { UnsupportedRunbookKindError } from '../../runtime/remediation/ports';

/**
 * One runner for every kind the AWS adapters run. `kubectl` runbooks reject with UnsupportedRunbookKindError
 * ("kubectl runbooks are run by the EKS integration"), which the remediation records as a failed step.
 */
export function awsRunbookRunner(
  clients: { ssm: SSMClient; lambda: LambdaClient; codebuild: CodeBuildClient },
  options: SsmAutomationRunnerOptions = {},
): KindDispatchingRunner {
  return new KindDispatchingRunner({
    'ssm-automation': new SsmAutomationRunner(clients.ssm, options),
    'lambda': new LambdaRunner(clients.lambda),
    'codebuild': new CodeBuildRunner(clients.codebuild),
  });
}

/** One verifier for every check: alarms, canaries, SLOs (`none` never calls AWS). */
export function awsRecoveryVerifier(clients: {
  cloudwatch: CloudWatchClient;
  synthetics: SyntheticsClient;
  applicationSignals: ApplicationSignalsClient;
}): CheckDispatchingVerifier {
  return new CheckDispatchingVerifier({
    'alarms-ok': new AlarmRecoveryVerifier(clients.cloudwatch),
    'canary-pass': new CanaryRecoveryVerifier(clients.synthetics),
    'slo-recovered': SloRecoveryVerifier.fromClient(clients.applicationSignals),
  });
}
