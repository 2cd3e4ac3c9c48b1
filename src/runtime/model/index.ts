export * from './signal';
export * from './incident';
export * from './rejection';
export * from './triage-result';
