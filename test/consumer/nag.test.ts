import { consumerApps } from './apps';
import { cfnLintApps } from '../support/cfn-lint';
import { synthWithNagPacks } from '../support/nag';

/*
 * What a consumer sees: every construct, at its defaults and with every option on, in an environment-agnostic stack
 * and in one with an explicit account and Region, under AwsSolutions and NIST 800-53 R5 run the cdk-nag 3 way (as
 * policy-validation plugins at synthesis). No acknowledgement here: the library acknowledges its own findings.
 */
const NAMES = Object.keys(consumerApps());

describe('a consumer\'s cdk-nag run', () => {
  test.each(NAMES)('%s: 0 errors and 0 warnings under AwsSolutions and NIST 800-53 R5', (name) => {
    expect(synthWithNagPacks(consumerApps()[name])).toEqual([]);
  });
});

test('cfn-lint finds no error in any consumer template', () => {
  const matches = cfnLintApps(consumerApps());
  expect(matches.filter((m) => m.level === 'Error').map((m) => `${m.rule} ${m.file} ${m.resource ?? ''}: ${m.message}`)).toEqual([]);
}, 300_000);
