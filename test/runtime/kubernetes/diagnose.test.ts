import { BUNDLE_FILES, EXPECTED, loadBundle } from './bundles';
import { KubernetesRunbookId, POD_DIAGNOSIS_CATEGORIES } from '../../../src/contract/kubernetes';
import { diagnoseInput, isRejection, parsePodBundle, type PodDiagnosis } from '../../../src/runtime/kubernetes';
import { loadFixture } from '../../support/fixtures';

function diagnose(bundle: unknown): PodDiagnosis {
  const out = diagnoseInput(bundle);
  if (isRejection(out)) throw new Error(`rejected: ${out.reason}`);
  return out;
}

/** The text of every log of a bundle, by `previous logs of X` / `logs of X`, a plain string standing for the only container. */
function logText(bundle: any, label: string, container: string): string {
  const field = label === 'previous logs' ? bundle.previousLogs : bundle.logs;
  return typeof field === 'string' ? field : field?.[container] ?? '';
}

describe('pod diagnosis over the shipped bundles (real objects)', () => {
  test('every bundle has ground truth and every category has at least one bundle', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...BUNDLE_FILES]);
    const covered = new Set(Object.values(EXPECTED).map((e) => e.category));
    expect(POD_DIAGNOSIS_CATEGORIES.filter((c) => !covered.has(c))).toEqual([]);
  });

  test.each(BUNDLE_FILES)('%s: the category its source names, with the evidence quoting it', (file) => {
    const expected = EXPECTED[file];
    const diagnosis = diagnose(loadBundle(file));
    expect(diagnosis.category).toBe(expected.category);
    for (const quote of expected.evidence) {
      expect(diagnosis.evidence.some((line) => line.includes(quote))).toBe(true);
    }
    expect(diagnosis.summary.length).toBeGreaterThan(20);
  });

  test.each(BUNDLE_FILES)('%s: event and log evidence is quoted verbatim from the bundle', (file) => {
    const bundle = loadBundle(file);
    const messages: string[] = (bundle.events ?? []).map((e: any) => e.message);
    for (const line of diagnose(bundle).evidence) {
      const event = /^event (?:(?:Normal|Warning) )?\S+(?: \(x\d+\))?: (.*)$/s.exec(line);
      if (event) expect(messages).toContain(event[1]);
      const log = /^(previous logs|logs) of (\S*): (.*)$/.exec(line);
      if (log) expect(logText(bundle, log[1], log[2]).split('\n').map((l) => l.trim())).toContain(log[3]);
    }
  });

  test('the cause wins over its symptom: an OOM kill under a crash loop is OOMKilled, a failed Job over its pod\'s errors', () => {
    const oom = loadBundle('holmes-17-oom-kill.json');
    expect(oom.pod.status.containerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff');
    expect(diagnose(oom).category).toBe('OOMKilled');
    const job = loadBundle('assembled-job-backoff-limit.json');
    expect(diagnose(job).category).toBe('JobBackoffLimitExceeded');
    delete job.owner;
    job.events = job.events.filter((e: any) => e.reason !== 'BackoffLimitExceeded');
    expect(diagnose(job).category).not.toBe('JobBackoffLimitExceeded');
  });

  test('suggests a runbook only where one helps, and only for a Deployment\'s pods', () => {
    expect(diagnose(loadBundle('holmes-09-crashpod.json')).suggestedRunbook).toBe(KubernetesRunbookId.ROLLOUT_UNDO);
    expect(diagnose(loadBundle('holmes-10-image-pull-backoff.json')).suggestedRunbook).toBe(KubernetesRunbookId.ROLLOUT_UNDO);
    expect(diagnose(loadBundle('assembled-node-not-ready.json')).suggestedRunbook).toBe(KubernetesRunbookId.DELETE_POD);
    expect(diagnose(loadBundle('holmes-17-oom-kill.json')).suggestedRunbook).toBeUndefined();
    const standalone = loadBundle('holmes-09-crashpod.json');
    delete standalone.pod.metadata.ownerReferences;
    expect(diagnose(standalone)).toMatchObject({ category: 'CrashLoopBackOff', suggestedRunbook: undefined, workload: undefined });
    // A crash whose last words are not a configuration error is restarted, not rolled back.
    const transient = loadBundle('holmes-09-crashpod.json');
    transient.previousLogs = 'All host(s) tried for db query failed (tried: prod-db:3333) - no available connection and the queue has reached its max size 256\n';
    expect(diagnose(transient).suggestedRunbook).toBe(KubernetesRunbookId.ROLLOUT_RESTART);
  });

  test('names the workload: a ReplicaSet\'s Deployment by its pod-template-hash, a Job as itself', () => {
    expect(diagnose(loadBundle('holmes-10-image-pull-backoff.json')).workload).toBe('Deployment/customer-relations-webapp');
    expect(diagnose(loadBundle('assembled-job-backoff-limit.json')).workload).toBe('Job/java-api-checker');
  });

  test('events about other objects are left out; a real Normal event (GKE capture) is accepted and is no evidence', () => {
    const healthy = loadBundle('holmes-03-healthy-grafana.json');
    const other = { ...loadBundle('holmes-14-pending-gpu.json').events[0], involvedObject: { kind: 'Pod', name: 'user-profile-resources-659d4dd659-cq4kq' } };
    const gke = loadFixture('events/kubernetes/event-v1-pulled-normal-gke.json');
    healthy.events.push(other, gke);
    expect(parsePodBundle(healthy).ok).toBe(true);
    const diagnosis = diagnose(healthy);
    expect(diagnosis.category).toBe('Unknown');
    expect(diagnosis.summary).toMatch(/No failure found/);
    // The same event about this pod is a scheduling failure.
    healthy.events.push({ ...other, involvedObject: { kind: 'Pod', name: healthy.pod.metadata.name } });
    expect(diagnose(healthy).category).toBe('FailedScheduling');
  });

  test('CPU throttling from CFS counters: at or above a quarter of the periods throttled, not below', () => {
    const bundle = loadBundle('k8s-docs-cpu-demo-throttled.json');
    bundle.metrics = { 'cpu-demo-ctr': { cfsPeriods: 100, cfsThrottledPeriods: 25 } };
    expect(diagnose(bundle)).toMatchObject({ category: 'CPUThrottling', container: 'cpu-demo-ctr' });
    expect(diagnose(bundle).evidence[0]).toContain('container_cpu_cfs_throttled_periods_total +25 of container_cpu_cfs_periods_total +100 (25.0 %)');
    bundle.metrics = { 'cpu-demo-ctr': { cfsPeriods: 100, cfsThrottledPeriods: 24 } };
    expect(diagnose(bundle).category).toBe('Unknown');
    // Usage below 90 % of the limit is not throttling either.
    bundle.metrics = { 'cpu-demo-ctr': { cpuMillicores: 899 } };
    expect(diagnose(bundle).category).toBe('Unknown');
  });

  test('the same bundle always gives the same diagnosis (pure)', () => {
    for (const file of BUNDLE_FILES) expect(diagnose(loadBundle(file))).toEqual(diagnose(loadBundle(file)));
  });
});

describe('pod bundle validation (where it enters)', () => {
  const crashpod = () => loadBundle('holmes-09-crashpod.json');
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['not an object', () => [crashpod()], /expected an object .* got an array/],
    ['null', () => null, /got null/],
    ['no pod', () => ({ events: [] }), /^pod: missing/],
    ['a pod without a name', () => { const b = crashpod(); delete b.pod.metadata.name; return b; }, /^pod\.metadata\.name: /],
    ['an event without a reason', () => { const b = crashpod(); delete b.events[2].reason; return b; }, /^events\[2\]\.reason: /],
    ['events that are not a list', () => ({ ...crashpod(), events: {} }), /^events: /],
    ['a restart count that is not a number', () => { const b = crashpod(); b.pod.status.containerStatuses[0].restartCount = '1'; return b; }, /^pod\.status\.containerStatuses\[0\]\.restartCount: /],
    ['one log text for two containers', () => { const b = crashpod(); b.pod.spec.containers.push({ name: 'sidecar' }); return b; }, /^previousLogs is one text but the pod has 2 containers \(payment-processing-container, sidecar\)/],
    ['logs of a container the pod does not have', () => ({ ...crashpod(), logs: { web: 'x' } }), /^logs names container 'web', which the pod does not have/],
    ['half the CFS counters', () => ({ ...crashpod(), metrics: { 'payment-processing-container': { cfsPeriods: 10 } } }), /cfsPeriods and cfsThrottledPeriods come together/],
  ];

  test.each(cases)('%s is a typed rejection with its reason', (_name, make, reason) => {
    const out = diagnoseInput(make(), 'bundle.json');
    expect(isRejection(out)).toBe(true);
    if (!isRejection(out)) return;
    expect(out).toEqual({ rejected: true, source: 'bundle.json', reason: expect.stringMatching(reason) });
  });

  test('a plain string is one container\'s logs; a map names them', () => {
    const parsed = parsePodBundle(crashpod());
    expect(parsed.ok && parsed.bundle.previousLogs).toEqual({ 'payment-processing-container': 'Environment variable DEPLOY_ENV is undefined\n' });
  });
});
