/**
 * Kubernetes names shared by the diagnosis (runtime), the CLI and, later, the EKS constructs: the categories a pod
 * diagnosis can return and the ids of the kubectl runbooks it may suggest.
 */

/** What a pod diagnosis can conclude, most specific first in the order the analyzers run. */
export const POD_DIAGNOSIS_CATEGORIES = [
  'NodeNotReady',
  'JobBackoffLimitExceeded',
  'JobFailed',
  'OOMKilled',
  'ImagePullBackOff',
  'CreateContainerConfigError',
  'FailedScheduling',
  'CrashLoopBackOff',
  'ProbeFailure',
  'CPUThrottling',
  'Evicted',
  'Pending',
  'Unknown',
] as const;

export type PodDiagnosisCategory = typeof POD_DIAGNOSIS_CATEGORIES[number];

/**
 * Ids of the kubectl runbooks a diagnosis may suggest. A suggestion is a name only: the reasoner and the risk agent
 * still take runbooks from the registry, and an id that is not registered is not run.
 */
export const KubernetesRunbookId = {
  /** `kubectl rollout restart deployment/NAME`: new pods from the same revision (a transient fault). */
  ROLLOUT_RESTART: 'k8s-rollout-restart',
  /** `kubectl rollout undo deployment/NAME`: back to the previous revision (the new one cannot start). */
  ROLLOUT_UNDO: 'k8s-rollout-undo',
  /** `kubectl delete pod NAME`: its controller recreates it, on another node when its node is lost. */
  DELETE_POD: 'k8s-delete-pod',
} as const;
