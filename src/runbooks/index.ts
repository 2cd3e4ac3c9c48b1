export * from './runbook';
export * from './parameter';
export * from './verification';
