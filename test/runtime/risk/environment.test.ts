import { inferEnvironment } from '../../../src/runtime/risk';

describe('inferEnvironment', () => {
  test.each([
    [{ tags: { Environment: 'Production' } }, 'prod'],
    [{ tags: { env: 'stg' } }, 'staging'],
    [{ tags: { 'aiops:environment': 'dev', 'Environment': 'prod' } }, 'dev'],
    [{ tags: { stage: 'eu-prod-1' } }, 'prod'],
    [{ tags: { Environment: 'blue' }, names: ['checkout-dev'] }, 'dev'],
    [{ names: ['checkout-prod'] }, 'prod'],
    [{ names: ['orders_staging_db'] }, 'staging'],
    [{ names: ['my-sandbox-fn'] }, 'dev'],
    [{ names: ['checkout-dev', 'checkout-prod'] }, 'prod'],
    [{ names: ['product-catalogue'] }, 'unknown'],
    [{ names: ['devops-tools'] }, 'unknown'],
    [{}, 'unknown'],
  ])('%j → %s', (source, expected) => {
    expect(inferEnvironment(source)).toBe(expected);
  });
});
