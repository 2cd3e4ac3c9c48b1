export * from './types';
export * from './ports';
export * from './plan';
export * from './summarise';
export * from './budget';
export * from './collect';
export * from './permissions';
