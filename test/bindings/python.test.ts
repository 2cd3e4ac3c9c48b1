import { describeBinding, differingResources, resourceTypeCounts, typeScriptTemplate } from './compare';

// scripts/bindings-python.sh built the wheel, installed it with aws-cdk-lib and constructs from PyPI into .venv-python,
// and synthesised examples/python/app.py, the Python twin of examples/full-loop.ts.
describeBinding('python', 'examples/python/app.py (the cdk-aiops wheel, used from Python)', (python) => {
  const typescript = typeScriptTemplate();

  test('synthesises the same resource types, as many of each, as examples/full-loop.ts', () => {
    expect(resourceTypeCounts(python)).toEqual(resourceTypeCounts(typescript));
  });

  test('with the same logical ids: the construct tree is the same', () => {
    expect(Object.keys(python.Resources).sort()).toEqual(Object.keys(typescript.Resources).sort());
  });

  test('and the same template: every resource, the asset hashes of the bundled handlers included', () => {
    expect(differingResources(typescript, python)).toEqual([]);
    expect(python).toEqual(typescript);
  });
});
