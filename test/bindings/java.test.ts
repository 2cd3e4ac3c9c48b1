import * as fs from 'fs';
import * as path from 'path';
import { ROOT, describeBinding, differingResources, resourceTypeCounts, typeScriptTemplate } from './compare';

/** The aws-cdk-lib the Java side is built with (scripts/bindings-java.versions) and the TypeScript side's. */
const javaCdk = /^AWS_CDK_LIB=(\S+)$/m.exec(fs.readFileSync(path.join(ROOT, 'scripts', 'bindings-java.versions'), 'utf8'))![1];
const typeScriptCdk = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies['aws-cdk-lib'];

// scripts/bindings-java.sh built and installed the cdk-aiops jar, then built examples/java with Maven against it and
// ran App.java, the Java twin of examples/full-loop.ts.
describeBinding('java', 'examples/java (the cdk-aiops jar, used from Java with Maven)', (java) => {
  const typescript = typeScriptTemplate();

  test('synthesises the same resource types, as many of each, as examples/full-loop.ts', () => {
    expect(resourceTypeCounts(java)).toEqual(resourceTypeCounts(typescript));
  });

  test('with the same logical ids: the construct tree is the same', () => {
    expect(Object.keys(java.Resources).sort()).toEqual(Object.keys(typescript.Resources).sort());
  });

  test('and the same resources, but for what the older aws-cdk-lib of Maven Central renders differently', () => {
    // aws-cdk-lib 2.276.0 adds aws:SourceArn/aws:SourceAccount conditions to the state machine role's trust policy;
    // 2.272.0 (the newest on the Maven Central reachable here) does not. Nothing else may differ.
    const expected = javaCdk === typeScriptCdk ? [] : ['AgentsRole10BC9BC3'];
    expect(differingResources(typescript, java)).toEqual(expected);
  });
});
