import type { App } from 'aws-cdk-lib';
import { buildExampleApp } from '../../../examples/app';
import { buildFullLoopApp } from '../../../examples/full-loop';
import { estimateCost, isKnownResourceType } from '../../../src/runtime/cost';
import { consumerApps } from '../../consumer/apps';

/** Every app the repository synthesises: the examples and what a consumer writes (defaults, every option). */
function everyApp(): Record<string, App> {
  return { 'examples/app.ts': buildExampleApp().app, 'examples/full-loop.ts': buildFullLoopApp().app, ...consumerApps() };
}

describe('the price table', () => {
  const stacks = Object.entries(everyApp()).flatMap(([name, app]) =>
    app.synth().stacks.map((s) => ({ stackName: `${name}:${s.stackName}`, template: s.template })));

  test('covers every resource type the library creates: a new type needs a price or a reason it is free', () => {
    const types = new Set(stacks.flatMap((s) => Object.values<{ Type: string }>(s.template.Resources ?? {}).map((r) => r.Type)));
    expect(types.size).toBeGreaterThan(10);
    expect([...types].filter((t) => !isKnownResourceType(t)).sort()).toEqual([]);
  });

  test('prices every resource of every app, and every incident item', () => {
    const report = estimateCost(stacks);
    expect(report.notPriced).toEqual([]);
    expect(report.perIncident.items.filter((i) => i.usd === undefined)).toEqual([]);
    expect(report.idleUsdPerMonth).toBeGreaterThan(0);
  });
});
