/**
 * The import boundaries of src/ (README "How the library is shaped"), checked by test/architecture and
 * `npx depcruise src --config .dependency-cruiser.cjs`.
 */
const CONSTRUCT_FOLDERS = '^src/(agents|hub|comms|runbooks|common|kpi)/';
const HANDLER = '\\.lambda\\.ts$';
/** Plain-data IAM tables the runtime owns and the constructs grant from. */
const PERMISSION_TABLES = '^src/runtime/[^/]+/permissions\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'No two folders of src/ import each other, directly or through others.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'contract-imports-nothing',
      comment: 'src/contract is plain data: it imports nothing outside itself.',
      severity: 'error',
      from: { path: '^src/contract/' },
      to: { pathNot: '^src/contract/' },
    },
    {
      name: 'runtime-is-pure',
      comment: 'The runtime never imports aws-cdk-lib, constructs or an AWS SDK: SDK calls are adapters (src/adapters).',
      severity: 'error',
      from: { path: '^src/runtime/' },
      to: { path: '^node_modules/(aws-cdk-lib|constructs|@aws-sdk|@smithy|@aws-lambda-powertools)/' },
    },
    {
      name: 'runtime-imports-runtime-and-contract',
      comment: 'The runtime imports only itself and the contract, never a construct folder, an adapter or the CLI.',
      severity: 'error',
      from: { path: '^src/runtime/' },
      to: { path: '^src/', pathNot: '^src/(runtime|contract)/' },
    },
    {
      name: 'constructs-import-cdk-and-contract',
      comment: 'Constructs (jsii-compiled for every language) import only aws-cdk-lib, constructs, node built-ins, the '
        + 'contract and other constructs: never the runtime, an adapter, zod or another devDependency.',
      severity: 'error',
      from: { path: CONSTRUCT_FOLDERS, pathNot: HANDLER },
      to: {
        dependencyTypesNot: ['core'],
        pathNot: `${CONSTRUCT_FOLDERS}|^src/contract/|${PERMISSION_TABLES}|^src/index\\.ts$|^node_modules/(aws-cdk-lib|constructs)/`,
      },
    },
    {
      name: 'permission-tables-are-plain-data',
      comment: 'A permission table that constructs import carries no code of the runtime: type-only imports and the contract.',
      severity: 'error',
      from: { path: PERMISSION_TABLES },
      to: { dependencyTypesNot: ['type-only'], pathNot: '^src/contract/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.dev.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(test|scripts|examples)/' },
  },
};
