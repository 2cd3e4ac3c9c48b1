import { KubernetesRunbookId } from '../../../contract/kubernetes';
import { eventLine, lines, specOf, specPath, waitingLine, waitingWith } from '../context';
import type { Analyzer } from '../types';

const PULL_REASONS = ['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable', 'SignatureValidationFailed'];
const PULL_MESSAGE = /Failed to pull image|ErrImagePull|ImagePullBackOff|Back-off pulling image|InvalidImageName|ErrImageNeverPull/;

/** A container's image cannot be pulled: the tag or repository does not exist, the registry refuses, the name is invalid. */
export const imagePullBackOff: Analyzer = (context) => {
  const waiting = waitingWith(context, ...PULL_REASONS);
  const events = context.events.filter((e) => (e.reason === 'Failed' || e.reason === 'BackOff' || e.reason === 'ErrImagePull' || e.reason === 'ImagePullBackOff') && PULL_MESSAGE.test(e.message));
  if (waiting.length === 0 && events.length === 0) return undefined;
  const name = waiting[0]?.status.name;
  const image = name !== undefined ? (specOf(context, name)?.image ?? waiting[0].status.image ?? undefined) : undefined;
  // The kubelet's "Failed to pull image "X": <why>" says why; the "Error: ErrImagePull" lines only repeat the state.
  const failed = events.find((e) => /^Failed to pull image/.test(e.message));
  const why = failed?.message.replace(/^Failed to pull image "[^"]*": /, '');
  const pulled = image ?? /image "([^"]+)"/.exec(failed?.message ?? events[0]?.message ?? '')?.[1];
  return {
    category: 'ImagePullBackOff',
    container: name,
    evidence: lines(
      waiting.map((s) => waitingLine(s)),
      name !== undefined && image !== undefined ? `${specPath(context, name)}.image: ${image}` : undefined,
      failed ? eventLine(failed) : undefined,
      events.map(eventLine),
    ),
    summary: `Image ${pulled ?? '(unknown)'}${name !== undefined ? ` of container ${name}` : ''} cannot be pulled${why ? `: ${why}` : ''}. Fix the image reference or the registry credentials, or roll back to the revision whose image pulls.`,
    suggestedRunbook: context.workload?.kind === 'Deployment' ? KubernetesRunbookId.ROLLOUT_UNDO : undefined,
  };
};
