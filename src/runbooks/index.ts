export * from './runbook';
