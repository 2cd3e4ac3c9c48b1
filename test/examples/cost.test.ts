import { readFileSync } from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { buildExampleApp } from '../../examples/app';
import { buildFullLoopApp } from '../../examples/full-loop';
import { AgentSuite, AiopsHub } from '../../src';
import { estimateCost, usd } from '../../src/runtime/cost';

const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The README's minimal app, as written there. */
function minimalApp(): App {
  const app = new App();
  const stack = new Stack(app, 'Aiops');
  const hub = new AiopsHub(stack, 'Hub', {
    allowedAccounts: ['111111111111'],
    triage: { topology: { checkout: ['payments', 'inventory'] } },
  });
  new AgentSuite(stack, 'Agents', { hub });
  return app;
}

/** The figures of the README's "What it costs" row that starts with `label`: idle, per incident, a month with incidents. */
function readmeRow(label: string): string[] {
  const section = README.slice(README.indexOf('## What it costs'));
  const row = section.split('\n').find((line) => line.startsWith(`| ${label}`));
  if (!row) throw new Error(`README "What it costs" has no row for ${label}`);
  return row.split('|').slice(2, 5).map((cell) => cell.trim());
}

describe('the README states the cost of each app from the tool\'s own output', () => {
  test.each([
    ['the minimal app above', minimalApp],
    ['[`examples/app.ts`]', () => buildExampleApp().app],
    ['[`examples/full-loop.ts`]', () => buildFullLoopApp().app],
  ])('%s', (label, build) => {
    const stacks = build().synth().stacks.map((s) => ({ stackName: s.stackName, template: s.template }));
    const report = estimateCost(stacks);
    expect(report.notPriced).toEqual([]);
    expect(report.monthly.incidentsPerMonth).toBe(30);
    expect(readmeRow(label)).toEqual([usd(report.idleUsdPerMonth), usd(report.perIncident.usd), usd(report.monthly.usd)]);
  });

  test('the default deployment\'s idle cost in the prose is the minimal app\'s', () => {
    const idle = usd(estimateCost(minimalApp().synth().stacks.map((s) => ({ stackName: s.stackName, template: s.template }))).idleUsdPerMonth);
    expect(README).toContain(`the default deployment's ${idle}`);
    expect(README).toContain(`${idle} a month for the minimal app`);
  });
});
