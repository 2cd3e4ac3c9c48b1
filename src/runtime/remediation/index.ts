export * from './ports';
export * from './remediate';
export * from './local';
