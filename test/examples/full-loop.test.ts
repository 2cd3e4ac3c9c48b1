import { Template } from 'aws-cdk-lib/assertions';
import { buildFullLoopApp } from '../../examples/full-loop';

describe('examples/full-loop.ts', () => {
  test('synthesises the hub, the agents wired to Slack approvals, and the extra runbook', () => {
    const { stack } = buildFullLoopApp();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('AWS::Lambda::Url', 1);
    // The approval task waits on a task token, so the definition names the channel's request function.
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('waitForTaskToken');
    // The extra runbook reaches the agents through their runbook registry.
    expect(JSON.stringify(template.findResources('AWS::Lambda::Function'))).toContain('restart-web-instance');
  });
});
