/** The catalogue over every ARN in the real fixtures (../shared/fixtures), read in place. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { catalogueArn, formatResourceArn, metricSubject, resourceFromArn } from '../../../../src/runtime/model/aws-resources';
import { resolveArn } from '../../../../src/runtime/telemetry/plan';
import { FIXTURES_DIR, listFixtures } from '../../../support/fixtures';

const ARN_PATTERN = /arn:aws[a-z-]*:[A-Za-z0-9-]+:[^"\\\s,]*/g;

const fixtureArns = [...new Set(['events', 'api', 'datasets'].flatMap((dir) => listFixtures(dir))
  .flatMap((file) => readFileSync(path.join(FIXTURES_DIR, file), 'utf8').match(ARN_PATTERN) ?? []))].sort();

describe('real fixture ARNs', () => {
  test('are present', () => {
    expect(fixtureArns.length).toBeGreaterThan(50);
  });

  test.each([
    ['arn:aws:ec2:us-east-2:123456789012:instance/i-007d374c8912e3e90', 'AWS::EC2::Instance', 'i-007d374c8912e3e90'],
    ['arn:aws:ec2:us-east-2:123456789012:security-group/sg-3f1fef43', 'AWS::EC2::SecurityGroup', 'sg-3f1fef43'],
    ['arn:aws:ecs:us-east-1:111122223333:cluster/default', 'AWS::ECS::Cluster', 'default'],
    ['arn:aws:ecs:us-east-1:111122223333:container-instance/b54a2a04-046f-4331-9d74-3f6d7f6ca315', 'AWS::ECS::ContainerInstance', 'b54a2a04-046f-4331-9d74-3f6d7f6ca315'],
    ['arn:aws:lambda:us-east-1:123456789012:function:cwsyn-events-bb-1-af3e3a05-dc5a-4f5f-96d1-989EXAMPLE:1', 'AWS::Lambda::Function', 'cwsyn-events-bb-1-af3e3a05-dc5a-4f5f-96d1-989EXAMPLE'],
    ['arn:aws:codebuild:us-west-2:123456789012:build/codebuild-demo-project:815e755f-bade-4a7e-80f0-efe51EXAMPLE', 'AWS::CodeBuild::Build', 'codebuild-demo-project:815e755f-bade-4a7e-80f0-efe51EXAMPLE'],
    ['arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:myApplication/myDeploymentGroup', 'AWS::CodeDeploy::DeploymentGroup', 'myApplication/myDeploymentGroup'],
    ['arn:aws:codedeploy:us-east-1:123456789012:application:myApplication', 'AWS::CodeDeploy::Application', 'myApplication'],
    ['arn:aws:config:us-east-2:123456789012:config-rule/config-rule-9rpvxc', 'AWS::Config::ConfigRule', 'config-rule-9rpvxc'],
    ['arn:aws:sqs:us-east-1:123456789101:SampleQueue', 'AWS::SQS::Queue', 'SampleQueue'],
    ['arn:aws:sns:us-east-1:111122223333:NotifyMe', 'AWS::SNS::Topic', 'NotifyMe'],
    ['arn:aws:states:us-east-1:012345678912:stateMachine:state-machine', 'AWS::StepFunctions::StateMachine', 'state-machine'],
    ['arn:aws:states:us-east-1:012345678912:execution:state-machine-name:execution-name', 'AWS::StepFunctions::Execution', 'state-machine-name:execution-name'],
    ['arn:aws:ssm:us-east-1:123456789012:automation-definition/runcommand1:1', 'AWS::SSM::Document', 'runcommand1:1'],
    ['arn:aws:ssm:us-east-1:123456789012:automation-execution/333ba70b-2333-48db-b17e-a5e69c6f4d1c', 'AWS::SSM::AutomationExecution', '333ba70b-2333-48db-b17e-a5e69c6f4d1c'],
    ['arn:aws:ssm:us-west-1:461348341421:managed-instance/i-01234567890abcdef', 'AWS::SSM::ManagedInstance', 'i-01234567890abcdef'],
    ['arn:aws:ssm:us-west-2:0123456789ab:maintenancewindow/mw-123456789012345678', 'AWS::SSM::MaintenanceWindow', 'mw-123456789012345678'],
    ['arn:aws:application-signals:us-east-1:123456789101:slo/SLOName', 'AWS::ApplicationSignals::ServiceLevelObjective', 'SLOName'],
    ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh', 'AWS::CloudWatch::Alarm', 'ServerCpuTooHigh'],
    // Not catalogued: typed by service, last segment as id.
    ['arn:aws:lambda:us-east-1:123456789012:layer:cwsyn-events-bb-1-af3e3a05-dc5a-4f5f-96d1-989EXAMPLE:1', 'AWS::lambda::Resource', '1'],
    ['arn:aws:iam::123456789012:user/userName', 'AWS::iam::Resource', 'userName'],
    ['arn:aws:health:us-east-1::event/AWS_HEALTH_TEST_ALERT', 'AWS::health::Resource', 'AWS_HEALTH_TEST_ALERT'],
  ])('%s is %s %s', (arn, type, id) => {
    expect(fixtureArns).toContain(arn);
    expect(resourceFromArn(arn)).toMatchObject({ type, id, arn });
  });

  test('normalisation and telemetry read every one the same way', () => {
    for (const arn of fixtureArns) {
      const known = catalogueArn(arn);
      const normalised = resourceFromArn(arn);
      const telemetry = resolveArn(arn);
      if (!known) {
        expect([arn, telemetry]).toEqual([arn, undefined]);
        continue;
      }
      expect([arn, normalised?.type, telemetry?.type]).toEqual([arn, known.type, known.type]);
      expect([arn, telemetry?.name]).toEqual([arn, metricSubject(known.type, known.id).name]);
    }
  });

  test('every catalogued one in canonical form is rebuilt from its type, id, region and account', () => {
    let rebuilt = 0;
    for (const arn of fixtureArns) {
      const ref = resourceFromArn(arn);
      const known = catalogueArn(arn);
      if (!ref || !known || known.spec.alias || !ref.region || !ref.account) continue;
      const built = formatResourceArn(ref.type, ref.id, ref.region, ref.account);
      if (built === undefined || built === arn) {
        rebuilt += built === arn ? 1 : 0;
        continue;
      }
      // The only ARNs not rebuilt are qualified ones (a Lambda version) that name the same resource.
      expect([arn, resourceFromArn(built)?.id]).toEqual([arn, ref.id]);
      expect(arn.startsWith(built)).toBe(true);
    }
    expect(rebuilt).toBeGreaterThan(20);
  });
});
