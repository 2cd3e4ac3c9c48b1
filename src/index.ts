export * from './hub';
export * from './agents';
export * from './runbooks';
export * from './comms';
export * from './kpi';
