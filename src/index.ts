export * from './hub';
export * from './agents';
