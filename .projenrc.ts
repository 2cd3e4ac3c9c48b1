import { awscdk, javascript } from 'projen';

/**
 * cdk-aiops: the AIOps loop on AWS as composable L3 constructs.
 *
 * Two worlds live here (see README "How the library is shaped"):
 * - constructs under src/<feature>/*.ts, compiled by jsii for every language;
 * - the runtime under src/runtime/** and handlers src/**\/*.lambda.ts, bundled by
 *   esbuild at library build time into assets/ (never at the user's synth).
 */
const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-aiops',
  description: 'The whole AIOps loop on AWS as composable L3 constructs: event hub, triage, agents, knowledge base and KPIs.',
  author: 'cdk-aiops maintainers',
  authorAddress: 'maintainers@cdk-aiops.dev',
  repositoryUrl: 'https://github.com/cdk-aiops/cdk-aiops.git',
  keywords: ['cdk', 'aws-cdk', 'aiops', 'sre', 'eventbridge', 'bedrock', 'incident-management'],
  license: 'Apache-2.0',
  cdkVersion: '2.276.0',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',
  projenrcTs: true,

  // Local CI is `.ci/run`; no hosted workflows are generated.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  publishToPypi: {
    distName: 'cdk-aiops',
    module: 'cdk_aiops',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkaiops',
    mavenGroupId: 'io.github.cdkaiops',
    mavenArtifactId: 'cdk-aiops',
  },

  // tsconfig.dev.json type-checks src, test, examples and .projenrc.ts.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['examples/**/*.ts', 'scripts/**/*.ts', '.projenrc.ts'],
    compilerOptions: {},
  },

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'scripts', 'examples', 'build-tools'],
    tsconfigPath: './tsconfig.dev.json',
  },

  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    // The Node.js 24 Lambda runtime ships AWS SDK v3; everything else is bundled.
    bundlingOptions: {
      externals: ['@aws-sdk/*'],
      sourcemap: true,
    },
  },

  // Runtime/handler libraries are devDependencies: esbuild bundles them into assets/,
  // so jsii consumers (Python, Java) never need them.
  devDeps: [
    '@types/aws-lambda',
    'zod@^4',
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/lib-dynamodb',
    '@aws-sdk/client-eventbridge',
    '@aws-sdk/client-sqs',
    '@aws-lambda-powertools/logger',
    '@aws-lambda-powertools/metrics',
    '@aws-sdk/client-bedrock-runtime',
    '@aws-sdk/client-cloudwatch',
    '@aws-sdk/client-cloudwatch-logs',
    '@aws-sdk/client-xray',
    '@aws-sdk/client-devops-guru',
    '@aws-sdk/client-application-signals',
    '@aws-sdk/client-config-service',
    '@aws-sdk/client-sfn',
    '@aws-sdk/client-ssm',
    '@aws-sdk/client-lambda',
    '@aws-sdk/client-codebuild',
    '@aws-sdk/client-synthetics',
    '@aws-sdk/client-secrets-manager',
    '@aws-sdk/client-sns',
    '@aws-sdk/client-resource-groups-tagging-api',
    '@aws-sdk/client-s3',
    '@cedar-policy/cedar-wasm',
    'asl-validator',
    // The import graph of src/ (test/architecture): no cycle between folders, the runtime and construct boundaries.
    'dependency-cruiser',
    // An Amazon States Language interpreter: runs the synthesised workflow with its Lambda tasks stubbed.
    'aws-local-stepfunctions',
    'aws-sdk-client-mock',
    'aws-sdk-client-mock-jest',
    'dynalite',
    'fast-check',
    'cdk-nag@^3',
    'tsx',
    'playwright-core@1.57.0',
  ],

  jestOptions: {
    // A snapshot that the test run rewrites can never fail: `npm test` runs jest with --ci, `test:update` rewrites.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 60_000,
      // Two workers: CI is a 2-core machine, where jest's default (cores - 1) runs the suites one at a time. The tests make
      // no timing assumptions, so they hold with both cores busy; raise it locally with --maxWorkers.
      maxWorkers: 2,
      globalSetup: '<rootDir>/test/support/jest-tmpdir-setup.js',
      globalTeardown: '<rootDir>/test/support/jest-tmpdir-teardown.js',
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },

  gitignore: ['/cdk.out', '/examples/cdk.out', '/.bench', '/dist-bench', '/.venv-tools', '/.venv-python', '/examples/java/target', '/.jsii.tabl.json'],
  npmignoreEnabled: true,
});

// The runtime half (core, SDK adapters, handlers, CLI) is bundled by esbuild at build time, so its
// libraries are devDependencies; the construct half may only use peer dependencies.
for (const pattern of ['src/runtime/**', 'src/adapters/**', 'src/cli/**', 'src/**/*.lambda.ts']) {
  project.eslint?.allowDevDeps(pattern);
}

// Import boundaries (README "How the library is shaped"; test/architecture checks the same with dependency-cruiser):
// the runtime imports only itself and the contract, and never the CDK or an SDK; the contract imports nothing;
// constructs import the CDK, the contract, other constructs and the runtime's plain-data permission tables.
const CDK_OR_SDK = ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', '@aws-sdk/*', '@smithy/*', '@aws-lambda-powertools/*'];
project.eslint?.addOverride({
  files: ['src/runtime/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: CDK_OR_SDK, message: 'The runtime never imports the CDK or an SDK: use a port and an adapter in src/adapters.' }] }],
    'import/no-restricted-paths': ['error', {
      zones: [{ target: './src/runtime', from: './src', except: ['./runtime', './contract'], message: 'The runtime imports only the runtime and src/contract.' }],
    }],
  },
});
project.eslint?.addOverride({
  files: ['src/contract/**/*.ts'],
  rules: {
    'import/no-restricted-paths': ['error', {
      zones: [{ target: './src/contract', from: './src', except: ['./contract'], message: 'src/contract is plain data: it imports nothing.' }],
    }],
  },
});
project.eslint?.addOverride({
  files: ['src/{agents,hub,comms,runbooks,common,kpi,slo,topology}/**/*.ts'],
  excludedFiles: ['**/*.lambda.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: ['zod', '@aws-sdk/*', '@aws-lambda-powertools/*'], message: 'Constructs are compiled by jsii for every language: no runtime libraries.' }] }],
    'import/no-restricted-paths': ['error', {
      zones: ['agents', 'hub', 'comms', 'runbooks', 'common', 'kpi', 'slo', 'topology'].flatMap((folder) => [
        {
          target: `./src/${folder}`,
          from: './src/runtime',
          except: ['./telemetry/permissions.ts', './remediation/permissions.ts'],
          message: 'Constructs import from the runtime only its plain-data permission tables.',
        },
        { target: `./src/${folder}`, from: ['./src/adapters', './src/cli'], message: 'Constructs never import adapters or the CLI.' },
      ]),
    }],
  },
});

// typescript-eslint's project service looks for the nearest tsconfig.json, which covers src/ only; point the
// parser at tsconfig.dev.json so tests, scripts and examples are linted with type information too.
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addDeletionOverride('parserOptions.projectService');
eslintrc?.addOverride('parserOptions.project', './tsconfig.dev.json');

// The CLI is pre-bundled like the handlers, so `npx cdk-aiops` needs none of the runtime's devDependencies.
project.bundler.addBundle('src/cli/main.ts', {
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: true,
});
project.npmignore?.include('/bin/', '/assets/');

// The README's main job: synthesise the example app and replay the shipped scenario.
project.addTask('demo', {
  description: 'Synthesise examples/app.ts and replay examples/scenarios through the triage pipeline',
  steps: [
    { spawn: 'bundle' },
    { exec: 'tsx examples/demo.ts' },
  ],
});

// Benchmarks and stress runs are scripts that print figures, never timed assertions in unit tests.
project.addTask('bench:triage', {
  description: 'Side-by-side triage benchmark against Prometheus Alertmanager (installs it from Debian if missing)',
  steps: [{ exec: 'tsx scripts/bench-triage.ts', receiveArgs: true }],
});
project.addTask('bench:slo', {
  description: 'Simulate the SLO burn-rate alarms as CloudWatch evaluates them over outage, ramp, flapping and steady profiles',
  steps: [{ exec: 'tsx scripts/bench/slo/run.ts', receiveArgs: true }],
});
project.addTask('bench:diagnose', {
  description: 'Pod diagnosis over the shipped Kubernetes bundles: per-category accuracy and evidence hits, with and without logs and events',
  steps: [{ exec: 'tsx scripts/bench/diagnose/run.ts', receiveArgs: true }],
});
project.addTask('fuzz:normalisers', {
  description: 'Property-based stress run over every normaliser (default 100,000 cases)',
  steps: [{ exec: 'tsx scripts/fuzz-normalisers.ts', receiveArgs: true }],
});

// Tests live in test/ only: src/ holds files such as runbooks/spec.ts that are not tests.
project.package.file.addOverride('jest.testMatch', ['<rootDir>/test/**/*.test.ts']);

// Cedar's policy engine is WebAssembly that its Node.js glue reads from beside the bundle at load
// time; esbuild bundles the glue but not the .wasm, so copy it next to every bundle that evaluates policy.
const CEDAR_WASM = 'node_modules/@cedar-policy/cedar-wasm/nodejs/cedar_wasm_bg.wasm';
for (const bundle of ['agents/risk.lambda', 'cli/main']) {
  project.tasks.tryFind(`bundle:${bundle}`)!.exec(`cp ${CEDAR_WASM} assets/${bundle}/`);
}

// Cold start is paid on the first incident after a quiet night: every handler bundle is minified
// (tree shaking is on whenever esbuild bundles). projen's lambdaOptions take no `minify`, so the flag
// is added to each handler's esbuild step here. The source map stays beside the bundle (linked, not
// inlined), and Node reads it only when NODE_OPTIONS=--enable-source-maps is set on the function.
for (const task of project.tasks.all) {
  if (!task.name.startsWith('bundle:') || !task.name.endsWith('.lambda')) continue;
  task.steps.forEach((step, index) => {
    if (step.execArgs?.[0] === 'esbuild' && !step.execArgs.includes('--minify')) {
      task.updateStep(index, { ...step, execArgs: [...step.execArgs, '--minify'] });
    }
  });
}

// Bindings are generated, not published from here: the Python code must at least compile.
project.addTask('bindings', {
  description: 'Generate Python and Java bindings (code only) and byte-compile the Python',
  steps: [
    { spawn: 'compile' },
    { exec: 'jsii-pacmak --code-only --targets python --targets java' },
    { exec: 'python3 -m compileall -q dist/python' },
  ],
});

// The bindings used for real: the wheel installed from a virtual environment with aws-cdk-lib from PyPI, the jar built
// and used with Maven, each synthesising its twin of examples/full-loop.ts into cdk.out/bindings/<language>, which
// test/bindings compares with the TypeScript template. `npm test` runs them after one jsii compile.
project.addTask('bindings:python', {
  description: 'Build the wheel, install it into .venv-python with aws-cdk-lib from PyPI, synthesise examples/python/app.py',
  steps: [{ exec: 'bash scripts/bindings-python.sh', receiveArgs: true }],
});
project.addTask('bindings:java', {
  description: 'Build and install the jar with Maven, build examples/java against it and synthesise it',
  steps: [{ exec: 'bash scripts/bindings-java.sh', receiveArgs: true }],
});
// README and TSDoc examples must compile (rosetta translates them into every language for API.md and the bindings'
// docs); --strict fails on the first that does not. Needs a fresh .jsii: the README is read at jsii compile.
project.addTask('rosetta:check', {
  description: 'Check that every README and TSDoc TypeScript example compiles (jsii-rosetta extract --strict)',
  steps: [{ exec: 'jsii-rosetta extract --strict .' }],
});
const bindingsCheck = project.addTask('bindings:check', {
  description: 'jsii compile once, then the rosetta snippet check and the Python and Java example synths (test/bindings)',
  steps: [
    { spawn: 'compile' },
    { spawn: 'rosetta:check' },
    { exec: 'bash scripts/bindings-python.sh --no-compile' },
    { exec: 'bash scripts/bindings-java.sh --no-compile' },
  ],
});

// The test command type-checks test/ (ts-jest does not), bundles the Lambda assets
// (they are gitignored, so a fresh clone has none), then runs jest and eslint.
// Python tools the tests run (cfn-lint), pinned in scripts/python-tools.txt, installed into .venv-tools; a second run is
// a no-op. Part of `npm test`, so a fresh clone (and CI) installs them with the README's own commands.
const pythonTools = project.addTask('python-tools', {
  description: 'Install the pinned Python tools the tests use (cfn-lint) into .venv-tools',
  steps: [{ exec: 'bash scripts/install-python-tools.sh' }],
});
const testTask = project.tasks.tryFind('test')!;
testTask.prependSpawn(bindingsCheck);
testTask.prependSpawn(pythonTools);
testTask.prependSpawn(project.bundler.bundleTask);
testTask.prependExec('tsc --noEmit -p tsconfig.dev.json');

project.synth();
