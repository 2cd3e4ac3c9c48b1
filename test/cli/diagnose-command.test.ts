import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { captureIo } from './helpers';
import { runCli, runDiagnoseCommand } from '../../src/cli';
import { BUNDLE_DIR, BUNDLE_FILES, EXPECTED } from '../runtime/kubernetes/bundles';

async function diagnose(args: string[], stdin?: string) {
  const io = captureIo(stdin === undefined ? { tty: true } : { stdin });
  const status = await runDiagnoseCommand(args, io);
  return { status, out: io.out(), err: io.err() };
}

const crashpod = path.join(BUNDLE_DIR, 'holmes-09-crashpod.json');

describe('cdk-aiops diagnose', () => {
  test('one bundle file prints one diagnosis object', async () => {
    const { status, out, err } = await diagnose([crashpod]);
    expect(err).toBe('');
    expect(status).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({
      source: `${crashpod}#0`,
      pod: 'default/payment-processing-worker-747ccfb9db-78qds',
      category: 'CrashLoopBackOff',
      suggestedRunbook: 'k8s-rollout-undo',
    });
    expect(result.evidence).toContain('previous logs of payment-processing-container: Environment variable DEPLOY_ENV is undefined');
  });

  test('a directory prints an array, one diagnosis per bundle, in file order, as the runtime diagnoses them', async () => {
    const { status, out } = await diagnose([BUNDLE_DIR]);
    expect(status).toBe(0);
    const results = JSON.parse(out);
    expect(results.map((r: any) => path.basename(r.source.replace(/#0$/, '')))).toEqual(BUNDLE_FILES);
    expect(results.map((r: any) => r.category)).toEqual(BUNDLE_FILES.map((f) => EXPECTED[f].category));
  });

  test('a malformed bundle in a folder is a typed rejection with its reason; the others are still diagnosed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'diagnose-'));
    writeFileSync(path.join(dir, 'a-good.json'), readFileSync(crashpod));
    writeFileSync(path.join(dir, 'b-not-json.json'), '{"pod": {"metadata": ');
    writeFileSync(path.join(dir, 'c-no-name.json'), JSON.stringify({ pod: { metadata: {} } }));
    writeFileSync(path.join(dir, 'd-good.json'), readFileSync(path.join(BUNDLE_DIR, 'holmes-17-oom-kill.json')));
    const { status, out, err } = await diagnose([dir]);
    expect(status).toBe(0);
    expect(err).toContain('2 of 4 bundles rejected');
    const results = JSON.parse(out);
    expect(results.map((r: any) => r.category ?? 'rejected')).toEqual(['CrashLoopBackOff', 'rejected', 'rejected', 'OOMKilled']);
    expect(results[1]).toEqual({ rejected: true, source: path.join(dir, 'b-not-json.json#0'), reason: expect.stringMatching(/JSON|line 1/) });
    expect(results[2]).toEqual({ rejected: true, source: path.join(dir, 'c-no-name.json#0'), reason: expect.stringMatching(/^pod\.metadata\.name: /) });
  });

  test('standard input: one bundle piped is one object; a JSON array is an array', async () => {
    const text = readFileSync(crashpod, 'utf8');
    const one = await diagnose(['-'], text);
    expect(JSON.parse(one.out)).toMatchObject({ source: '-#0', category: 'CrashLoopBackOff' });
    const piped = await diagnose([], `[${text}, ${readFileSync(path.join(BUNDLE_DIR, 'holmes-14-pending-gpu.json'), 'utf8')}]`);
    expect(JSON.parse(piped.out).map((r: any) => r.category)).toEqual(['CrashLoopBackOff', 'FailedScheduling']);
  });

  test('--format table prints each pod with its summary and evidence, rejections last', async () => {
    const { status, out } = await diagnose([BUNDLE_DIR, '--format', 'table']);
    expect(status).toBe(0);
    expect(out).toMatch(/^18 pods diagnosed, 0 rejected\n/);
    expect(out).toContain('ImagePullBackOff  default/customer-relations-webapp-7c67c65579-ch5p9 (Deployment/customer-relations-webapp)  container crw-main-container');
    expect(out).toContain('    spec.containers[crw-main-container].image: yourcompany/crw:latest');
  });

  test('usage errors: a missing path, an unknown format, nothing to read', async () => {
    expect((await diagnose(['/nonexistent/bundle.json'])).status).toBe(2);
    const bad = await diagnose([crashpod, '--format', 'yaml']);
    expect(bad).toMatchObject({ status: 2, err: expect.stringContaining('--format must be one of json, table') });
    expect((await diagnose([])).err).toContain('no input');
  });

  test('is wired into the top-level CLI with its help', async () => {
    const io = captureIo({ tty: true });
    expect(await runCli(['diagnose', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: cdk-aiops diagnose BUNDLE.json | DIR | -');
  });
});
