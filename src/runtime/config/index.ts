export * from './env';
export * from './comms';
export * from './triage';
export * from './topology';
