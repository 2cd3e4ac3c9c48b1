export * from './regions';
export * from './arn';
export * from './types';
export * from './metrics';
export * from './resolve';
