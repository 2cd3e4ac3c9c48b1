export * from './snapshot';
export * from './topology';
