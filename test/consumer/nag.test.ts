import { Validations, type App } from 'aws-cdk-lib';
import { consumerApps } from './apps';
import { cfnLintApps } from '../support/cfn-lint';
import { nagPacks, toFindings } from '../support/nag';

/*
 * What a consumer sees: every construct, at its defaults and with every option on, in an environment-agnostic stack
 * and in one with an explicit account and Region, under AwsSolutions and NIST 800-53 R5 run the cdk-nag 3 way (as
 * policy-validation plugins at synthesis). No acknowledgement here: the library acknowledges its own findings.
 */
const NAMES = Object.keys(consumerApps());

/** Synthesises `app` with both packs as plugins and returns every finding (errors and warnings) with its path. */
function nagFindings(app: App): string[] {
  const packs = nagPacks();
  Validations.of(app).addPlugins(...packs);
  let synthError: unknown;
  try {
    app.synth();
  } catch (e) {
    synthError = e;
  }
  const found = packs.flatMap((pack) => toFindings(pack.validateScope(app).violations))
    .map((f) => `${f.severity} ${f.id} at ${f.path}: ${f.description}`);
  if (found.length === 0 && synthError) found.push(`synthesis failed: ${String(synthError)}`);
  return found;
}

describe('a consumer\'s cdk-nag run', () => {
  test.each(NAMES)('%s: 0 errors and 0 warnings under AwsSolutions and NIST 800-53 R5', (name) => {
    expect(nagFindings(consumerApps()[name])).toEqual([]);
  });
});

test('cfn-lint finds no error in any consumer template', () => {
  const matches = cfnLintApps(consumerApps());
  expect(matches.filter((m) => m.level === 'Error').map((m) => `${m.rule} ${m.file} ${m.resource ?? ''}: ${m.message}`)).toEqual([]);
}, 300_000);
