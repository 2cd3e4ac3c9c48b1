export * from './spec';
export * from './validate-parameters';
export * from './registry';
export * from './builtin';
