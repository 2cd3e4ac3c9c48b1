export * from './env';
export * from './comms';
export * from './triage';
