export * from './ports';
export * from './remediate';
export * from './targets';
export * from './permissions';
export * from './store-sink';
