/**
 * Local adapters of the runtime's ports: in-memory stores, a dry-run runbook runner with a simulated clock, and
 * telemetry answered from recorded signals. Used by `cdk-aiops replay`, the simulated loop and tests; never in Lambda.
 */
export * from './in-memory-incident-store';
export * from './in-memory-approval';
export * from './dry-run-remediation';
export * from './local-signals';
export * from './triage-signals';
export * from './in-memory-learning-store';
export * from './in-memory-recent-threads';
