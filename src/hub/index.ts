export * from './aiops-hub';
export * from './triage-settings';
