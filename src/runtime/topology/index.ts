export * from './snapshot';
export * from './topology';
export * from './errors';
export * from './parse-inventory';
export * from './parse-service-graph';
export * from './parse-app-topology';
export * from './build-snapshot';
export * from './refresh';
