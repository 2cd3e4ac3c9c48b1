export * from './ports';
export * from './remediate';
export * from './local';
export * from './targets';
export * from './permissions';
export * from './store-sink';
