import { buildExampleApp } from '../../examples/app';
import { buildFullLoopApp } from '../../examples/full-loop';
import { cfnLintApps } from '../support/cfn-lint';

test('cfn-lint finds no error in the example apps\' templates', () => {
  const matches = cfnLintApps({ example: buildExampleApp().app, fullLoop: buildFullLoopApp().app });
  const errors = matches.filter((m) => m.level === 'Error');
  expect(errors).toEqual([]);
  // Warnings are printed for a reader, not failed on: cfn-lint's warnings include style advice.
  // eslint-disable-next-line no-console
  if (matches.length > 0) console.log(matches.map((m) => `${m.level} ${m.rule} ${m.file} ${m.resource ?? ''}: ${m.message}`).join('\n'));
}, 300_000);
