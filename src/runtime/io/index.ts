export * from './parse-events';
export * from './read-events';
