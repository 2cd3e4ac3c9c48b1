import type { BundleEvent, ContainerStatusInfo, PodBundle } from './bundle';
import type { PodDiagnosisCategory } from '../../contract/kubernetes';

export type { PodDiagnosisCategory } from '../../contract/kubernetes';

/** What the diagnosis concluded about one pod. */
export interface PodDiagnosis {
  /** `namespace/name` of the pod. */
  readonly pod: string;
  /** The pod's workload (`Deployment/web`, `Job/backup`...), when it has a controller. */
  readonly workload?: string;
  readonly category: PodDiagnosisCategory;
  /** The container the finding is about, when it is about one. */
  readonly container?: string;
  /**
   * The lines that justify the category, each quoting the pod's status, an Event or a log line verbatim
   * after a short prefix saying where it comes from (`event Warning Failed: ...`, `previous logs of app: ...`).
   */
  readonly evidence: readonly string[];
  /** One or two sentences for a person. */
  readonly summary: string;
  /** A kubectl runbook id (KubernetesRunbookId) that may help; the registry and the risk agent still decide. */
  readonly suggestedRunbook?: string;
}

/** A container status with where it sits in the pod (`containerStatuses` or `initContainerStatuses`). */
export interface LocatedStatus {
  readonly status: ContainerStatusInfo;
  readonly field: 'containerStatuses' | 'initContainerStatuses';
}

/** What every analyzer reads: the bundle and what is derived from it once. */
export interface AnalyzerContext {
  readonly bundle: PodBundle;
  readonly podRef: string;
  /** The pod's controller, e.g. `{kind: 'ReplicaSet', name: 'web-7c67c65579'}`. */
  readonly controller?: { readonly kind: string; readonly name: string };
  /** The workload the controller belongs to, e.g. `{kind: 'Deployment', name: 'web'}`. */
  readonly workload?: { readonly kind: string; readonly name: string };
  readonly statuses: readonly LocatedStatus[];
  /** Events about this pod, its owner or its node (events of other objects in the bundle are left out). */
  readonly events: readonly BundleEvent[];
}

/** An analyzer's conclusion, before the diagnosis adds the pod and workload. */
export interface Finding {
  readonly category: PodDiagnosisCategory;
  readonly container?: string;
  readonly evidence: readonly string[];
  readonly summary: string;
  readonly suggestedRunbook?: string;
}

/** One analyzer: a finding when the bundle shows its failure, else undefined. Pure. */
export type Analyzer = (context: AnalyzerContext) => Finding | undefined;
