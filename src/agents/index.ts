export * from './agent-suite';
export * from './agent-settings';
