import { Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp } from '../../examples/app';
import { resourceTypeCounts } from '../../examples/demo';

describe('examples/app.ts', () => {
  test('synthesises one stack holding the hub: bus, incident table, queues, triage function, with the example settings', () => {
    const { app, stack } = buildExampleApp();
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['AiopsExample']);

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'aiops-hub' });
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    expect(Object.keys(template.findResources('AWS::SQS::Queue')).length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).length).toBeGreaterThanOrEqual(1);
    // The example's choices reach the template.
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 7 });
  });

  test('the demo counts resource types of the synthesised template', () => {
    const { app, stack } = buildExampleApp();
    const template = app.synth().getStackByName(stack.stackName).template;
    const counts = resourceTypeCounts(template);
    expect(counts.reduce((n, [, c]) => n + c, 0)).toBe(Object.keys(template.Resources).length);
    expect(counts).toContainEqual(['AWS::Events::EventBus', 1]);
    // Most frequent first.
    expect(counts.map(([, c]) => c)).toEqual([...counts.map(([, c]) => c)].sort((a, b) => b - a));
  });
});
