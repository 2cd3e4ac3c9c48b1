export * from './agent-suite';
export * from './agent-suite-props';
export * from './agent-settings';
export * from './remediation-settings';
export * from './incident-channel';
